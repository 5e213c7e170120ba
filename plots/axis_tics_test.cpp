#include "plots/axis_tics.hpp"

#include <gtest/gtest.h>

namespace pgmap::plots {
namespace {

std::vector<std::string> labels(const std::vector<tic>& ts) {
  std::vector<std::string> out;
  for (const tic& t : ts)
    if (!t.minor) out.push_back(t.label);
  return out;
}

TEST(TicLabel, PlainThenPrefixedThenExponent) {
  EXPECT_EQ(tic_label(0), "0");
  EXPECT_EQ(tic_label(0.5), "0.5");
  EXPECT_EQ(tic_label(250000), "250000");
  EXPECT_EQ(tic_label(5e7), "50M");
  EXPECT_EQ(tic_label(1.5e9), "1.5G");
  EXPECT_EQ(tic_label(-2e6), "-2M");
  EXPECT_EQ(tic_label(1e-6), "1e-06");
}

TEST(LogTics, PowersOfTenOverManyDecades) {
  EXPECT_EQ(labels(log_tics(3, 2e5)), (std::vector<std::string>{"1", "10", "100", "1000", "10000", "100000", "1M"}));
  std::vector<tic> ts = log_tics(3, 2e5);
  EXPECT_EQ(ts.size(), 6u * 9 + 1);  // 2..9 minor in each decade
  EXPECT_TRUE(ts[1].minor);
  EXPECT_EQ(ts[1].label, "");
}

TEST(LogTics, ShortSpanLabelsTwoAndFive) {
  EXPECT_EQ(labels(log_tics(300, 1800)), (std::vector<std::string>{"100", "200", "500", "1000", "2000", "5000", "10000"}));
}

TEST(LinearTics, NiceStepsCoveringTheRange) {
  EXPECT_EQ(labels(linear_tics(0, 9.3)), (std::vector<std::string>{"0", "2", "4", "6", "8", "10"}));
  EXPECT_EQ(labels(linear_tics(-12, 37)), (std::vector<std::string>{"-20", "-10", "0", "10", "20", "30", "40"}));
  EXPECT_EQ(labels(linear_tics(0, 3.1e8)).back(), "400M");
}

TEST(LinearTics, OneValueGetsASpan) {
  std::vector<tic> ts = linear_tics(5, 5);
  EXPECT_LT(ts.front().at, 5);
  EXPECT_GT(ts.back().at, 5);
  EXPECT_GE(linear_tics(0, 0).size(), 2u);
}

TEST(ValueTics, DistinctSorted) {
  EXPECT_EQ(labels(value_tics({8, 1, 2, 8, 4})), (std::vector<std::string>{"1", "2", "4", "8"}));
}

}  // namespace
}  // namespace pgmap::plots
