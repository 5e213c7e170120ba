#include "results/detectable.hpp"

#include <gtest/gtest.h>

#include <random>

#include "results/mann_whitney.hpp"

namespace pgmap::results {
namespace {

TEST(Detectable, SmallestPOfTheUTest) {
  EXPECT_NEAR(smallest_p(6, 6), 2.0 / 924, 1e-12);  // exact: 2 / C(12, 6)
  EXPECT_NEAR(smallest_p(3, 3), 0.1, 1e-12);
  EXPECT_NEAR(smallest_p(9, 9), 2.0 / 48620, 1e-15);  // exact up to 40 values
  EXPECT_NEAR(smallest_p(21, 21), 3.13e-8, 0.01e-8);   // beyond: the normal approximation
}

// Nothing is detectable where the test cannot reach the level: six against
// six processes and a family of 153 cases (p < 0.05 / 153 for a change alone).
TEST(Detectable, NoneBelowTheSmallestP) {
  EXPECT_FALSE(detectable_shift_sd(6, 6, 0.05 / 153));
  EXPECT_TRUE(detectable_shift_sd(6, 6, 0.05));
}

// The figure is what an independent simulation finds: at that shift the test
// detects about 80 % of the time, at 4/5 of it clearly less.
TEST(Detectable, MatchesASimulationAtSixProcesses) {
  const auto k = detectable_shift_sd(6, 6, 0.05);
  ASSERT_TRUE(k);
  std::mt19937_64 rng(99);
  std::normal_distribution<double> z;
  auto power = [&](double shift) {
    int hits = 0;
    const int sims = 4000;
    for (int s = 0; s < sims; ++s) {
      std::vector<double> a(6), b(6);
      for (double& v : a) v = z(rng);
      for (double& v : b) v = z(rng) + shift;
      hits += mann_whitney(a, b)->p <= 0.05;
    }
    return double(hits) / sims;
  };
  EXPECT_NEAR(power(*k), 0.8, 0.03) << "k = " << *k;
  EXPECT_LT(power(0.8 * *k), 0.7) << "k = " << *k;
}

TEST(Detectable, PooledSpreadIgnoresTheShiftAndASpike) {
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {101, 102, 103, 104, 1000};
  EXPECT_NEAR(pooled_spread(a, b), 1.4826 * 1, 1e-12);  // deviations 2 1 0 1 2 | 2 1 0 1 897
}

}  // namespace
}  // namespace pgmap::results
