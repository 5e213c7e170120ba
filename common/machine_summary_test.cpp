#include "common/machine_summary.hpp"

#include <gtest/gtest.h>

namespace pgmap {
namespace {

using nlohmann::json;

TEST(MachineSummary, Format) {
  json r = {{"cpu_model", "AMD EPYC 7B13"}, {"vm", true}, {"packages", 1}, {"pus", 2}, {"pmem_kind", "emulated"}};
  EXPECT_EQ(machine_summary(r), "AMD EPYC 7B13 (VM), 1 socket, 2 PUs, pmem: emulated");
  EXPECT_EQ(machine_summary(r, "perf"), "AMD EPYC 7B13 (VM), 1 socket, 2 PUs, pmem: emulated, counters: perf");
  r["pmem"] = {{"persist_kind", "flush+drain (CLWB, emulated: DRAM)"}};
  EXPECT_EQ(machine_summary(r), "AMD EPYC 7B13 (VM), 1 socket, 2 PUs, pmem: emulated "
                                "(persist: flush+drain (CLWB, emulated: DRAM))");
  r["pmem"] = "unavailable: no pmem mapped";
  r["vm"] = false;
  r["packages"] = 2;
  r["cpu_model"] = "unavailable: /proc/cpuinfo: Permission denied";
  r["pus"] = "unavailable: hwloc found no PUs";
  EXPECT_EQ(machine_summary(r), "CPU unavailable, 2 sockets, PUs unavailable, pmem: emulated");
  EXPECT_EQ(machine_summary(json::object()), "CPU unavailable, sockets unavailable, PUs unavailable, pmem: unavailable");
}

}  // namespace
}  // namespace pgmap
