#include "results/mann_whitney.hpp"

#include <gtest/gtest.h>

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

TEST(UTest, LargeSamplesUseNormalApproximation) {
  std::vector<double> a, b;
  for (int i = 1; i <= 10; ++i) {
    a.push_back(i);
    b.push_back(i + 10);
  }
  auto r = mann_whitney(a, b);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->exact);
  EXPECT_NEAR(r->p, 0.0001826717911095504, 1e-12);
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
