#include "hw/placement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "common/error.hpp"

namespace pgmap::hw {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::vector<unsigned> os_indexes(const topology& t, std::string_view policy, unsigned threads) {
  std::vector<unsigned> out;
  for (const pu& p : plan_placement(t, policy, threads).pus) out.push_back(p.os_index);
  return out;
}

std::string error_of(const topology& t, std::string_view policy, unsigned threads) {
  try {
    plan_placement(t, policy, threads);
  } catch (const error& e) {
    return e.what();
  }
  return "no error";
}

// The test XML: "pack:2 numa:1 core:2 pu:2" exported by
// hwloc_topology_export_xml, then renumbered by hand so SMT siblings are PUs
// N and N+4 (as many Intel machines number them): package 0 holds cores
// {0,4} {1,5}, package 1 holds {2,6} {3,7}.
topology test_xml() {
  const char* dir = std::getenv("PGMAP_SOURCE_DIR");
  return topology::from_xml(std::string(dir ? dir : ".") + "/hw/testdata/two_packages_smt.xml");
}

TEST(Placement, TwoPackagesWithSmt) {
  const topology t = topology::from_synthetic("pack:2 core:28 pu:2");
  EXPECT_EQ(pu_count(t), 112u);
  // Compact: package 0's cores one PU each (even PUs), then their siblings.
  EXPECT_THAT(os_indexes(t, "compact", 4), ElementsAre(0, 2, 4, 6));
  std::vector<unsigned> expected;
  for (unsigned i = 0; i < 56; i += 2) expected.push_back(i);
  for (unsigned i = 1; i < 56; i += 2) expected.push_back(i);
  expected.push_back(56);
  EXPECT_THAT(os_indexes(t, "compact", 57), ElementsAreArray(expected));
  EXPECT_THAT(os_indexes(t, "scatter", 5), ElementsAre(0, 56, 2, 58, 4));
  EXPECT_THAT(os_indexes(t, "cross", 4), ElementsAre(0, 56, 2, 58));
  EXPECT_THAT(os_indexes(t, "smt", 5), ElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(os_indexes(t, "list:3,60,7", 3), ElementsAre(3, 60, 7));
  EXPECT_THAT(os_indexes(t, "9,1", 1), ElementsAre(9));
}

TEST(Placement, FourNumaNodes) {
  const topology t = topology::from_synthetic("pack:2 numa:2 core:14 pu:2");
  const placement_plan p = plan_placement(t, "scatter", 4);
  EXPECT_EQ(p.pus_string(), "0,56,2,58");
  EXPECT_EQ(p.nodes_string(), "0,2");
  EXPECT_EQ(numa_node_of_pu(t, 27), 0);
  EXPECT_EQ(numa_node_of_pu(t, 28), 1);
  EXPECT_EQ(numa_node_of_pu(t, 111), 3);
  EXPECT_EQ(numa_node_of_pu(t, 112), -1);
  // Compact crosses from node 0 to node 1 inside package 0 after 14 cores.
  EXPECT_EQ(plan_placement(t, "compact", 15).nodes_string(), "0,1");
  EXPECT_EQ(plan_placement(t, "compact", 15).pus.back().os_index, 28u);
}

// Threads off the pmem's node are said, with the placement that keeps them on it.
TEST(Placement, ThreadsAwayFromThePmemAreAWarning) {
  const topology t = topology::from_synthetic("pack:2 numa:1 core:2 pu:1");
  const placement_plan p = plan_placement(t, "compact", 2);
  EXPECT_EQ(p.nodes_string(), "0");
  EXPECT_EQ(remote_pmem_warning(t, p, 0), "");
  EXPECT_EQ(remote_pmem_warning(t, p, -1), "");  // the pmem's node unknown: nothing to say
  EXPECT_EQ(remote_pmem_warning(t, p, 1),
            "threads on NUMA nodes 0, the pmem on node 1: every access to it is remote; "
            "--placement list:2,3 keeps the threads on its node");
  EXPECT_EQ(remote_pmem_warning(t, plan_placement(t, "list:2,3", 2), 1), "");
}

// By default threads start on the pmem's node: its package first, and in it
// that node's cores first.
TEST(Placement, ThreadsStartOnThePmemsNode) {
  const topology t = topology::from_synthetic("pack:2 numa:2 core:14 pu:2");  // nodes 0-1 on package 0, 2-3 on 1
  EXPECT_EQ(plan_placement(t, "compact", 2, 3).pus_string(), "84,86");
  EXPECT_EQ(plan_placement(t, "compact", 2, 3).nodes_string(), "3");
  EXPECT_EQ(plan_placement(t, "compact", 16, 2).nodes_string(), "2,3");  // node 2's 14 cores, then node 3's
  EXPECT_EQ(plan_placement(t, "cross", 2, 2).pus_string(), "56,0");
  EXPECT_EQ(plan_placement(t, "scatter", 3, 1).pus_string(), "28,56,30");  // package 1 in its own order
  EXPECT_EQ(plan_placement(t, "compact", 2, -1).pus_string(), "0,2");  // the pmem's node unknown
  EXPECT_EQ(plan_placement(t, "list:5,7", 2, 3).pus_string(), "5,7");  // a list is as given
  EXPECT_EQ(remote_pmem_warning(t, plan_placement(t, "compact", 14, 1), 1), "");
  // How many packages the first N threads take: the hot path's sockets.
  EXPECT_EQ(plan_placement(t, "compact", 57, 3).packages(56), 1u);
  EXPECT_EQ(plan_placement(t, "compact", 57, 3).packages(57), 2u);
  EXPECT_EQ(plan_placement(t, "cross", 4).packages(1), 1u);
  EXPECT_EQ(plan_placement(t, "cross", 4).packages(2), 2u);
}

TEST(Placement, SingleCore) {
  const topology t = topology::from_synthetic("pack:1 core:1 pu:1");
  EXPECT_THAT(os_indexes(t, "compact", 1), ElementsAre(0));
  EXPECT_THAT(os_indexes(t, "scatter", 1), ElementsAre(0));
  EXPECT_THAT(os_indexes(t, "compact", 0), ElementsAre());
}

TEST(Placement, FromXmlWithInterleavedNumbering) {
  const topology t = test_xml();
  EXPECT_FALSE(t.is_this_system());
  EXPECT_EQ(pu_count(t), 8u);
  EXPECT_THAT(os_indexes(t, "compact", 8), ElementsAre(0, 1, 4, 5, 2, 3, 6, 7));
  EXPECT_THAT(os_indexes(t, "scatter", 8), ElementsAre(0, 2, 1, 3, 4, 6, 5, 7));
  EXPECT_THAT(os_indexes(t, "cross", 2), ElementsAre(0, 2));
  EXPECT_THAT(os_indexes(t, "smt", 4), ElementsAre(0, 4, 1, 5));
  const placement_plan p = plan_placement(t, "smt", 3);
  EXPECT_EQ(p.pus[2].core, 1u);
  EXPECT_EQ(p.pus[2].package, 0u);
  EXPECT_EQ(numa_node_of_pu(t, 6), 1);
}

TEST(Placement, Errors) {
  const topology two = topology::from_synthetic("pack:2 core:2 pu:2");
  const topology one = topology::from_synthetic("pack:1 core:4 pu:1");
  EXPECT_THAT(error_of(two, "compact", 9), HasSubstr("placement 'compact': 9 threads but only 8 PUs"));
  EXPECT_THAT(error_of(one, "cross", 2), HasSubstr("placement 'cross': needs at least 2 packages, the topology has 1"));
  EXPECT_THAT(error_of(one, "smt", 1), HasSubstr("placement 'smt': needs cores with 2 or more PUs"));
  EXPECT_THAT(error_of(two, "list:0,8", 2), HasSubstr("placement 'list:0,8': PU 8 does not exist (PUs: 0-7)"));
  EXPECT_THAT(error_of(two, "list:0,x", 2), HasSubstr("'x' is not a PU number"));
  EXPECT_THAT(error_of(two, "list:", 1), HasSubstr("'' is not a PU number"));
  EXPECT_THAT(error_of(two, "1,1", 2), HasSubstr("PU 1 is listed twice"));
  EXPECT_THAT(error_of(two, "list:0,1", 3), HasSubstr("3 threads but only 2 PUs"));
  EXPECT_THAT(error_of(two, "spread", 1), HasSubstr("placement 'spread': unknown policy"));
  EXPECT_THAT(error_of(two, "", 1), HasSubstr("unknown policy"));
  // Unequal packages (e.g. CPUs offline): alternation stops once the smaller
  // package is used up.
  const topology uneven = topology::from_synthetic("pack:2 core:3 pu:1");
  hwloc_bitmap_t keep = hwloc_bitmap_alloc();
  hwloc_bitmap_set_range(keep, 0, 3);  // package 0: PUs 0-2, package 1: PU 3
  ASSERT_EQ(hwloc_topology_restrict(uneven.raw(), keep, 0), 0);
  hwloc_bitmap_free(keep);
  EXPECT_THAT(os_indexes(uneven, "cross", 3), ElementsAre(0, 3, 1));
  EXPECT_THAT(error_of(uneven, "cross", 4),
              HasSubstr("placement 'cross': 4 threads cannot alternate packages: package 0 would take threads 2 and 3"));
  EXPECT_THAT(os_indexes(uneven, "scatter", 4), ElementsAre(0, 3, 1, 2));
}

TEST(Placement, PlanDescribesItself) {
  const topology t = topology::from_synthetic("pack:2 core:2 pu:1");
  const placement_plan p = plan_placement(t, "0,3", 2);
  EXPECT_EQ(p.policy, "list:0,3");
  EXPECT_EQ(p.pus_string(), "0,3");
  EXPECT_EQ(p.nodes_string(), "0");  // synthetic without numa: one node
  const nlohmann::json j = p.to_json();
  EXPECT_EQ(j["policy"], "list:0,3");
  EXPECT_EQ(j["pus"][1]["os_index"], 3);
  EXPECT_EQ(j["pus"][1]["package"], 1);
  EXPECT_EQ(j["pus"][1]["core"], 3);  // logical index across the machine
  EXPECT_EQ(j["pus"][1]["numa_node"], 0);
  EXPECT_THAT(placement_policies(), ::testing::Contains("cross"));
}

TEST(Placement, PinsOnThisMachine) {
  const topology t = topology::discover();
  ASSERT_TRUE(t.is_this_system());
  const unsigned threads = std::min(2u, pu_count(t));
  const placement_plan p = plan_placement(t, "compact", threads);
  // Pin in fresh threads so the test runner's own affinity stays as it was.
  for (const pu& target : p.pus) {
    int seen = -2;
    std::thread th([&] {
      pin_this_thread(t, target);
      seen = current_cpu();
    });
    th.join();
    EXPECT_EQ(seen, static_cast<int>(target.os_index));
  }
}

TEST(Placement, PinningNeedsThisMachine) {
  const topology t = topology::from_synthetic("pack:1 core:2 pu:1");
  EXPECT_THROW(pin_this_thread(t, plan_placement(t, "compact", 1).pus[0]), error);
}

}  // namespace
}  // namespace pgmap::hw
