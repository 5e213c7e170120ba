#include "results/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pgmap::results {
namespace {

TEST(Median, OddAndEven) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median({7}), 7);
}

TEST(MedianCi, SixValuesGiveMinAndMax) {
  // k = 1: coverage 1 - 2 / 2^6 = 0.96875; k = 2 would give 0.78125.
  auto ci = median_ci({6, 2, 4, 1, 5, 3});
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(ci->lo, 1);
  EXPECT_DOUBLE_EQ(ci->hi, 6);
  EXPECT_DOUBLE_EQ(ci->coverage, 0.96875);
}

TEST(MedianCi, TenValuesGiveSecondAndNinth) {
  // P(B <= 1) = 11/1024: coverage 1 - 22/1024; P(B <= 2) = 56/1024 is too much.
  auto ci = median_ci({10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(ci->lo, 2);
  EXPECT_DOUBLE_EQ(ci->hi, 9);
  EXPECT_DOUBLE_EQ(ci->coverage, 1 - 22.0 / 1024);
}

TEST(MedianCi, TwentyValuesGiveSixthAndFifteenth) {
  // P(B <= 5) = 21700 / 2^20 = 0.0207: coverage 0.9586.
  std::vector<double> v;
  for (int i = 1; i <= 20; ++i) v.push_back(i);
  auto ci = median_ci(v);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(ci->lo, 6);
  EXPECT_DOUBLE_EQ(ci->hi, 15);
  EXPECT_NEAR(ci->coverage, 1 - 2 * 21700.0 / 1048576, 1e-12);
}

TEST(MedianCi, TooFewRepetitions) {
  EXPECT_FALSE(median_ci({1, 2, 3, 4, 5}));
  EXPECT_EQ(median_ci_min_n(), 6u);
}

TEST(CoefficientOfVariation, SampleStandardDeviationOverMean) {
  // mean 5, squared deviations sum to 32, sample variance 32 / 7.
  auto cv = coefficient_of_variation({2, 4, 4, 4, 5, 5, 7, 9});
  ASSERT_TRUE(cv);
  EXPECT_NEAR(*cv, std::sqrt(32.0 / 7) / 5, 1e-12);
  EXPECT_FALSE(coefficient_of_variation({3}));
  EXPECT_FALSE(coefficient_of_variation({-1, 1}));
}

TEST(HodgesLehmann, FourAndFourGiveTheExtremeDifferences) {
  // C(8, 4) = 70 orderings: P(U <= 0) = 1/70 gives coverage 68/70 >= 0.95;
  // P(U <= 1) = 2/70 would give 66/70 < 0.95. So k = 1: [d(1), d(16)].
  auto d = hodges_lehmann({1, 2, 3, 4}, {5, 6, 7, 8});
  ASSERT_TRUE(d && d->ci);
  EXPECT_DOUBLE_EQ(d->estimate, 4);  // differences 1..7, 4 in the middle
  EXPECT_DOUBLE_EQ(d->ci->lo, 1);
  EXPECT_DOUBLE_EQ(d->ci->hi, 7);
  EXPECT_DOUBLE_EQ(d->ci->coverage, 68.0 / 70);
  EXPECT_EQ(shift_ci_min_n(), 4u);
  EXPECT_FALSE(hodges_lehmann({1, 2, 3}, {4, 5, 6})->ci);  // 2/20 > 0.05
}

TEST(HodgesLehmann, SixAndSixUseTheSixthDifference) {
  // C(12, 6) = 924; U counts 1, 1, 2, 3, 5, 7, 11: P(U <= 5) = 19/924 gives
  // coverage 1 - 38/924 = 0.9589; P(U <= 6) = 30/924 is too much. k = 6.
  std::vector<double> a = {0, 1, 2, 3, 4, 5}, b = {10, 11, 12, 13, 14, 15};
  auto d = hodges_lehmann(a, b);
  ASSERT_TRUE(d && d->ci);
  EXPECT_DOUBLE_EQ(d->estimate, 10);
  // Differences 10 + (j - i): 1 of 5, 2 of 6, 3 of 7, ...: the 6th is 7.
  EXPECT_DOUBLE_EQ(d->ci->lo, 7);
  EXPECT_DOUBLE_EQ(d->ci->hi, 13);
  EXPECT_NEAR(d->ci->coverage, 1 - 38.0 / 924, 1e-12);
  // The sign follows b - a.
  EXPECT_DOUBLE_EQ(hodges_lehmann(b, a)->ci->lo, -13);
}

TEST(HodgesLehmann, NormalApproximationForLargeSamples) {
  // 25 + 25 values: beyond exact counting; coverage stays near 0.95 and
  // the interval holds the true shift.
  std::vector<double> a, b;
  for (int i = 0; i < 25; ++i) {
    a.push_back(i);
    b.push_back(i + 10);
  }
  auto d = hodges_lehmann(a, b);
  ASSERT_TRUE(d && d->ci);
  EXPECT_DOUBLE_EQ(d->estimate, 10);
  EXPECT_LT(d->ci->lo, 10);
  EXPECT_GT(d->ci->hi, 10);
  EXPECT_GE(d->ci->coverage, 0.95);
  EXPECT_LT(d->ci->coverage, 0.96);
}

// The level printed is the one the order statistics have at n, checked
// against the binomial computed here from its definition: [x(k), x(n+1-k)]
// misses the median with probability 2 P(X < k), X ~ binomial(n, 1/2).
TEST(Levels, PrintedLevelIsTheExactBinomialAtSixEightTen) {
  auto exact = [](int n, int k) {
    double below = 0, choose = 1;  // C(n, i)
    for (int i = 0; i < k; ++i) {
      below += choose;
      choose = choose * (n - i) / (i + 1);
    }
    return 1 - 2 * below / std::pow(2.0, n);
  };
  struct expected { int n, k; const char* printed; };
  for (expected e : {expected{6, 1, "96.8 %"}, expected{8, 1, "99.2 %"}, expected{10, 2, "97.8 %"}}) {
    std::vector<double> v;
    for (int i = 0; i < e.n; ++i) v.push_back((i * 7) % e.n);  // 0..n-1, shuffled
    auto ci = median_ci(v);
    ASSERT_TRUE(ci) << e.n;
    EXPECT_EQ(ci->lo, e.k - 1) << e.n;
    EXPECT_DOUBLE_EQ(ci->coverage, exact(e.n, e.k)) << e.n;
    EXPECT_EQ(level_text(ci->coverage), e.printed) << e.n;
    auto paired = paired_shift(v);
    ASSERT_TRUE(paired && paired->ci);
    EXPECT_DOUBLE_EQ(paired->ci->coverage, exact(e.n, e.k)) << e.n;
  }
  EXPECT_EQ(level_text(0.95), "95.0 %");
  EXPECT_EQ(level_text(0.999), "99.9 %");
}

// A box of intervals holds all of its parts' misses: four parts at 96.875 %
// hold jointly at least 87.5 % (Bonferroni), never the smallest part's level.
TEST(Levels, JointCoverageIsOneMinusTheSumOfMisses) {
  EXPECT_DOUBLE_EQ(joint_coverage({0.96875, 0.96875, 0.96875, 0.96875}), 0.875);
  EXPECT_DOUBLE_EQ(joint_coverage({0.99}), 0.99);
  EXPECT_EQ(joint_coverage({0.5, 0.4}), 0.0);
}

// With no true shift, the interval of six pairs lies above zero only when
// all six are positive: 1 in 64; with a shift far beyond the noise, always.
TEST(DetectionChance, FromNoShiftToFarBeyondTheNoise) {
  const std::vector<double> d = {-1.5, -0.5, 0.2, 0.4, 0.9, 0.5};
  EXPECT_DOUBLE_EQ(*detection_chance(d, 0), 1.0 / 64);
  EXPECT_GT(*detection_chance(d, 1), *detection_chance(d, 0.5));
  EXPECT_NEAR(*detection_chance(d, 100), 1, 1e-9);
  EXPECT_FALSE(detection_chance({1, 2, 3}, 1));  // three pairs reach no interval
}

}  // namespace
}  // namespace pgmap::results
