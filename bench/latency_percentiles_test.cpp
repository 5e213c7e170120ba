#include "bench/latency_percentiles.hpp"

#include <gtest/gtest.h>

namespace pgmap::bench {
namespace {

// Nearest rank: p50 of 1..10 is the 5th value, p99 the 10th; never interpolated.
TEST(LatencyPercentiles, NearestRankOfMeasuredValues) {
  std::vector<double> ns = {10, 3, 7, 1, 9, 2, 8, 4, 6, 5};
  latency_percentiles p = percentiles(ns);
  EXPECT_EQ(p.p50, 5);
  EXPECT_EQ(p.p99, 10);
  EXPECT_EQ(p.max, 10);
}

TEST(LatencyPercentiles, OneHundredValues) {
  std::vector<double> ns;
  for (int i = 100; i >= 1; --i) ns.push_back(i);
  latency_percentiles p = percentiles(ns);
  EXPECT_EQ(p.p50, 50);
  EXPECT_EQ(p.p99, 99);
  EXPECT_EQ(p.max, 100);
}

TEST(LatencyPercentiles, OneValue) {
  std::vector<double> ns = {42};
  latency_percentiles p = percentiles(ns);
  EXPECT_EQ(p.p50, 42);
  EXPECT_EQ(p.p99, 42);
}

}  // namespace
}  // namespace pgmap::bench
