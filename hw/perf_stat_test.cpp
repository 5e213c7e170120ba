#include "hw/perf_stat.hpp"

#include <gtest/gtest.h>

namespace pgmap::hw {
namespace {

// As perf 6.1 writes it on this VM (no PMU), with the control FIFO notes.
constexpr std::string_view no_pmu =
    "# started on Wed Nov 25 10:03:22 2026\n"
    "\n"
    "<not counted>,msec,task-clock,0,100.00,,\n"
    "<not supported>,,instructions,0,100.00,,Events disabled\n"
    "Events enabled\n";

TEST(ParsePerfStat, NotSupportedAndNotCountedAreNoValue) {
  const auto counts = parse_perf_stat(no_pmu);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].event, "task-clock");
  EXPECT_EQ(counts[0].value, std::nullopt);
  EXPECT_EQ(counts[0].cell, "<not counted>");
  EXPECT_EQ(counts[1].event, "instructions");
  EXPECT_EQ(counts[1].cell, "<not supported>");
  EXPECT_TRUE(perf_values(counts).empty());
}

TEST(ParsePerfStat, CountedEventsUnderCounterNames) {
  const auto counts = parse_perf_stat(
      "1234567,,cycles:u,1000000,100.00,,\r\n"
      "2345678,,instructions:u,1000000,100.00,1.90,insn per cycle\n"
      "5000,,cache-references,1000000,100.00,,\n"
      "1200,,cache-misses,1000000,100.00,24.00,of all cache refs\n"
      "12.50,msec,task-clock,12500000,100.00,0.999,CPUs utilized\n"
      "<not supported>,,L1-dcache-load-misses,0,100.00,,\n");
  ASSERT_EQ(counts.size(), 6u);
  const auto v = perf_values(counts);
  EXPECT_EQ(v.at("cycles"), 1234567);
  EXPECT_EQ(v.at("instructions"), 2345678);
  EXPECT_EQ(v.at("l3_misses"), 1200);
  EXPECT_EQ(v.at("l3_hits"), 3800);
  EXPECT_EQ(v.at("task_clock"), 12.5);
  EXPECT_FALSE(v.contains("cache_references"));
  EXPECT_FALSE(v.contains("L1_dcache_load_misses"));
}

TEST(ParsePerfStat, HitsNeedBothCacheEvents) {
  const auto v = perf_values(parse_perf_stat("<not supported>,,cache-references,0,100.00,,\n"
                                             "77,,cache-misses,10,100.00,,\n"));
  EXPECT_EQ(v.at("l3_misses"), 77);
  EXPECT_FALSE(v.contains("l3_hits"));
}

}  // namespace
}  // namespace pgmap::hw
