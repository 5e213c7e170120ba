// Runs the built pgmap-hwinfo binary, as a user would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "hw/machine_record.hpp"
#include "hw/probe.hpp"

namespace pgmap::hw {
namespace {

using ::testing::HasSubstr;

// PGMAP_BINARY_DIR when ctest passes it; else beside this test binary,
// where hw/record.cmake puts both.
std::string hwinfo() {
  if (const char* dir = std::getenv("PGMAP_BINARY_DIR")) return std::string(dir) + "/hw/pgmap-hwinfo";
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "pgmap-hwinfo";
}

// Runs pgmap-hwinfo with these arguments.
reading run_hwinfo(std::vector<std::string> args) {
  args.insert(args.begin(), hwinfo());
  return run_command(args, std::chrono::seconds(30));
}

// The output of a run that must succeed.
std::string output_of(const std::vector<std::string>& args) {
  const reading r = run_hwinfo(args);
  EXPECT_TRUE(r.ok()) << r.why;
  return r.text;
}

TEST(Hwinfo, PrintsTheRecordAsJson) {
  const nlohmann::json j = nlohmann::json::parse(output_of({"--json"}), nullptr, false);
  ASSERT_TRUE(j.is_object());
  for (const std::string& key : machine_record_keys()) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["pmem_kind"], "none");
}

TEST(Hwinfo, PrintsKeyValueLines) {
  const std::string out = output_of({});
  EXPECT_THAT(out, HasSubstr(" PUs, pmem: none\n"));
  EXPECT_THAT(out, HasSubstr("\nkernel: "));
  EXPECT_THAT(out, HasSubstr("\npmem: unavailable: no pmem mapped\n"));
}

TEST(Hwinfo, MapsEmulatedPmem) {
  const std::string out = output_of({"--pmem", "emulated:4M"});
  EXPECT_THAT(out, HasSubstr("\npmem summary: emulated "));
  EXPECT_THAT(out, HasSubstr("\npmem.granularity: "));
  EXPECT_THAT(out, HasSubstr("\npmem_kind: emulated\n"));
}

TEST(Hwinfo, BadSpecFailsWithOneLine) {
  const reading r = run_hwinfo({"--pmem", "tape:/dev/st0"});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.why, HasSubstr("exited with status 1: pgmap-hwinfo: "));
  EXPECT_THAT(r.why, HasSubstr("tape:/dev/st0"));
}

TEST(Hwinfo, UnknownOptionFails) {
  EXPECT_THAT(run_hwinfo({"--frobnicate"}).why, HasSubstr("exited with status 1: pgmap-hwinfo: "));
}

}  // namespace
}  // namespace pgmap::hw
