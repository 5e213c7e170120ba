#include "results/line_fit.hpp"

#include <gtest/gtest.h>

#include <random>

namespace pgmap::results {
namespace {

TEST(LineFit, StudentQuantilesMatchTheTables) {
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.7062, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 4.3027, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 10), 2.2281, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 25), 2.0595, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 5), 2.0150, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.025, 10), -2.2281, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 1e6), 1.95996, 1e-4);
}

TEST(LineFit, ExactLineAndTooFewPoints) {
  const auto f = fit_line({1, 2, 4}, {3, 5, 9});
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->slope, 2, 1e-12);
  EXPECT_NEAR(f->intercept, 1, 1e-12);
  EXPECT_NEAR(f->residual_sd, 0, 1e-12);
  const prediction p = predict(*f, 10);
  EXPECT_NEAR(p.value, 21, 1e-9);
  EXPECT_NEAR(p.ci.hi - p.ci.lo, 0, 1e-9);
  EXPECT_FALSE(fit_line({1, 2}, {1, 2}));
  EXPECT_FALSE(fit_line({3, 3, 3}, {1, 2, 3}));
}

// The interval of a new measurement holds it as often as it says, under the
// model it states: three sizes, two measurements each, predicted at four
// times the largest and in the middle of the range.
TEST(LineFit, PredictionIntervalHasItsCoverage) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 5);
  const std::vector<double> sizes = {16, 64, 256};
  for (double x0 : {1024.0, 112.0}) {
    int held = 0;
    const int trials = 10000;
    for (int t = 0; t < trials; ++t) {
      std::vector<double> x, y;
      for (double s : sizes)
        for (int k = 0; k < 2; ++k) {
          x.push_back(s);
          y.push_back(100 + 0.4 * s + noise(rng));
        }
      const prediction p = predict(*fit_line(x, y), x0);
      const double fresh = 100 + 0.4 * x0 + noise(rng);
      held += p.ci.lo <= fresh && fresh <= p.ci.hi;
    }
    EXPECT_NEAR(double(held) / trials, 0.95, 0.01) << "at " << x0;
  }
}

}  // namespace
}  // namespace pgmap::results
