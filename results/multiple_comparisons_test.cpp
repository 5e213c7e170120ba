#include "results/multiple_comparisons.hpp"

#include <gtest/gtest.h>

namespace pgmap::results {
namespace {

// By hand: sorted p 0.005, 0.01, 0.03, 0.04 (m = 4) give 4 x 0.005 = 0.02,
// 2 x 0.01 = 0.02, 4/3 x 0.03 = 0.04, 0.04; each q is the smallest from its
// rank up (R's p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") agrees).
TEST(BenjaminiHochberg, HandExample) {
  std::vector<double> q = benjamini_hochberg({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(q.size(), 4u);
  EXPECT_DOUBLE_EQ(q[0], 0.02);
  EXPECT_DOUBLE_EQ(q[1], 0.04);
  EXPECT_DOUBLE_EQ(q[2], 0.04);
  EXPECT_DOUBLE_EQ(q[3], 0.02);
}

// A later, smaller product carries down: 0.02 x 3/1 = 0.06 but rank 2's
// 0.021 x 3/2 = 0.0315 is smaller, so q(1) = 0.0315.
TEST(BenjaminiHochberg, MonotoneAndCapped) {
  std::vector<double> q = benjamini_hochberg({0.02, 0.021, 0.9});
  EXPECT_DOUBLE_EQ(q[0], 0.0315);
  EXPECT_DOUBLE_EQ(q[1], 0.0315);
  EXPECT_DOUBLE_EQ(q[2], 0.9);
  EXPECT_DOUBLE_EQ(benjamini_hochberg({0.6, 0.9})[0], 0.9);  // never above the next
  EXPECT_TRUE(benjamini_hochberg({}).empty());
}

}  // namespace
}  // namespace pgmap::results
