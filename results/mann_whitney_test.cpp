#include "results/mann_whitney.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pgmap::results {
namespace {

TEST(UTest, SeparatedThreeAndThreeIsExactOneTenth) {
  // U = 0; P(U <= 0) = 1 / C(6, 3) = 1/20; two-sided 0.1.
  auto r = mann_whitney({1, 2, 3}, {4, 5, 6});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->exact);
  EXPECT_DOUBLE_EQ(r->u, 0);
  EXPECT_NEAR(r->p, 0.1, 1e-12);
}

TEST(UTest, SeparatedFourAndFour) {
  auto r = mann_whitney({5, 6, 7, 8}, {1, 2, 3, 4});
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->u, 16);
  EXPECT_NEAR(r->p, 2.0 / 70, 1e-12);
}

TEST(UTest, InterleavedThreeAndThree) {
  // U = 3; counts of U = 0..3 for m = n = 3 are 1, 1, 2, 3: P = 7/20.
  auto r = mann_whitney({1, 3, 5}, {2, 4, 6});
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->u, 3);
  EXPECT_NEAR(r->p, 0.7, 1e-12);
}

TEST(UTest, TiesUseNormalApproximation) {
  // Ranks of a: 1, 3, 3, 5.5 -> U = 2.5; tie term 24 + 6; var = 16/12 (9 - 30/56).
  auto r = mann_whitney({1, 2, 2, 3}, {2, 3, 4, 5});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->exact);
  EXPECT_DOUBLE_EQ(r->u, 2.5);
  EXPECT_NEAR(r->p, 0.13665824773814753, 1e-12);
}

// Nine against nine, apart: exact, 2 / C(18, 9); the normal approximation
// would say 4.1e-4, too much for a change alone among 150 cases.
TEST(UTest, NineAndNineAreExact) {
  std::vector<double> a, b;
  for (int i = 1; i <= 9; ++i) {
    a.push_back(i);
    b.push_back(i + 9);
  }
  auto r = mann_whitney(a, b);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->exact);
  EXPECT_NEAR(r->p, 2.0 / 48620, 1e-15);
}

TEST(UTest, LargeSamplesUseNormalApproximation) {
  std::vector<double> a, b;
  for (int i = 1; i <= 21; ++i) {  // 42 values: beyond u_exact_max_n
    a.push_back(i);
    b.push_back(i + 21);
  }
  auto r = mann_whitney(a, b);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->exact);
  // z = (441 - 220.5 - 0.5) / sqrt(21 x 21 x 43 / 12)
  EXPECT_NEAR(r->p, std::erfc((441 - 220.5 - 0.5) / std::sqrt(21.0 * 21 * 43 / 12) / std::sqrt(2.0)), 1e-12);
}

TEST(UTest, AllTiedIsNoEvidence) {
  auto r = mann_whitney({1, 1, 1}, {1, 1, 1});
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->p, 1);
}

TEST(UTest, NeedsTwoRepetitionsEach) {
  EXPECT_FALSE(mann_whitney({1}, {2, 3}));
  EXPECT_TRUE(mann_whitney({1, 2}, {3, 4}));
}

}  // namespace
}  // namespace pgmap::results
