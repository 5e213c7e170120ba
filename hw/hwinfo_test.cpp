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
  EXPECT_THAT(out, HasSubstr("\npmem.granularity: cache line\n"));
  EXPECT_THAT(out, HasSubstr("\npmem.persist_kind: flush+drain ("));
  EXPECT_THAT(out, HasSubstr("pmem: emulated (persist: flush+drain ("));
  EXPECT_THAT(out, HasSubstr("\npmem_kind: emulated\n"));
}

TEST(Hwinfo, SaysWhenEmulatedPmemPersistsWithMsync) {
  const std::string out = output_of({"--pmem", "emulated:4M:persist=msync"});
  EXPECT_THAT(out, HasSubstr("\npmem.persist_kind: msync\n"));
  EXPECT_THAT(out, HasSubstr("pmem: emulated (persist: msync)"));
}

TEST(Hwinfo, BadSpecFailsWithOneLine) {
  for (const char* spec : {"tape:/dev/st0", "emulated:4M:persist=fsync"}) {
    const reading r = run_hwinfo({"--pmem", spec});
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(r.why, HasSubstr("exited with status 2: pgmap-hwinfo: "));
    EXPECT_THAT(r.why, HasSubstr(spec));
  }
}

TEST(Hwinfo, UnknownOptionFails) {
  EXPECT_THAT(run_hwinfo({"--frobnicate"}).why, HasSubstr("exited with status 2: pgmap-hwinfo: "));
}

}  // namespace
}  // namespace pgmap::hw
