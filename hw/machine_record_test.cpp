#include "hw/machine_record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pgmap::hw {
namespace {

using nlohmann::json;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

bool is_unavailable(const json& v) { return v.is_string() && v.get<std::string>().starts_with("unavailable: "); }

class MachineRecord : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    record_ = new json(machine_record(topology::discover(), json(), ""));
  }
  static void TearDownTestSuite() { delete record_; }
  static const json& record() { return *record_; }
  static json* record_;
};
json* MachineRecord::record_ = nullptr;

TEST_F(MachineRecord, HasEveryKeyAndNoEmptyValue) {
  for (const std::string& key : machine_record_keys()) {
    ASSERT_TRUE(record().contains(key)) << key;
    const json& v = record()[key];
    EXPECT_FALSE(v.is_null()) << key;
    if (v.is_string()) {
      EXPECT_FALSE(v.get<std::string>().empty()) << key;
    }
  }
  EXPECT_EQ(record().size(), machine_record_keys().size());
}

TEST_F(MachineRecord, ReadsThisMachine) {
  EXPECT_THAT(record()["time"].get<std::string>(), MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"));
  EXPECT_GE(record()["pus"].get<int>(), 1);
  EXPECT_GE(record()["packages"].get<int>(), 1);
  EXPECT_TRUE(record()["vm"].is_boolean());
  EXPECT_FALSE(is_unavailable(record()["kernel"]));
  // The RCU flavour that applies, or why it cannot be said (hw/kernel_config.hpp).
  const json& rcu = record()["kernel_rcu"];
  EXPECT_TRUE(is_unavailable(rcu) || (rcu.is_object() && rcu["model_flavour"].is_string())) << rcu;
  EXPECT_THAT(record()["hwloc_version"].get<std::string>(), MatchesRegex("2\\.[0-9.]+ \\(API 0x[0-9a-f]{8}\\)"));
  // CMake passes these in: they must be known in any build of the project.
  for (const char* key : {"compiler", "compiler_flags", "build_type", "benchmark_version", "libpmem2_version"})
    EXPECT_FALSE(is_unavailable(record()[key])) << key << ": " << record()[key];
  EXPECT_THAT(record()["benchmark_version"].get<std::string>(), MatchesRegex("[0-9]+\\.[0-9]+.*"));
  const std::string commit = record()["git_commit"];
  if (!is_unavailable(commit)) {
    EXPECT_THAT(commit, MatchesRegex("[0-9a-f]{40}(-dirty)?"));
  }
  EXPECT_EQ(record()["pmem_spec"], "none");
  EXPECT_EQ(record()["pmem_kind"], "none");
  EXPECT_EQ(record()["pmem"], "unavailable: no pmem mapped");
}

TEST_F(MachineRecord, UnreadableFieldsSayWhy) {
  // Any string field is a value or an "unavailable: <why>" with a reason.
  for (const auto& [key, v] : record().items())
    if (v.is_string() && v.get<std::string>().starts_with("unavailable")) {
      EXPECT_GT(v.get<std::string>().size(), std::string("unavailable: ").size()) << key;
    }
}

TEST(MachineRecordTopology, CountsComeFromTheTopology) {
  const json r = machine_record(topology::from_synthetic("pack:2 numa:2 core:14 pu:2"),
                                json{{"kind", "emulated"}}, "emulated:64M");
  EXPECT_EQ(r["packages"], 2);
  EXPECT_EQ(r["cores"], 56);
  EXPECT_EQ(r["pus"], 112);
  EXPECT_EQ(r["numa_nodes"], 4);
  ASSERT_EQ(r["numa_memory"].size(), 4u);
  EXPECT_EQ(r["numa_memory"][3]["node"], 3);
  EXPECT_EQ(r["pmem_kind"], "emulated");
  EXPECT_EQ(r["pmem_spec"], "emulated:64M");
  EXPECT_EQ(r["pmem"], (json{{"kind", "emulated"}}));
}

TEST(MachineRecordTopology, BadSpecIsUnavailableKind) {
  const json r = machine_record(topology::from_synthetic("pack:1 core:1 pu:1"), json(), "tape:/dev/st0");
  EXPECT_THAT(r["pmem_kind"].get<std::string>(), StartsWith("unavailable: "));
  EXPECT_EQ(r["pmem_spec"], "tape:/dev/st0");
}

}  // namespace
}  // namespace pgmap::hw
