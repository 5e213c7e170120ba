#include "results/numbers.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace pgmap::results {
namespace {

TEST(Numbers, OneFormatAndANarrowOne) {
  EXPECT_EQ(num(0.7279123), "0.7279");
  EXPECT_EQ(num(12345), "12345");
  EXPECT_EQ(num(5.75e6), "5.75e6");
  EXPECT_EQ(num(0.00012), "1.2e-4");
  EXPECT_EQ(signed_num(4), "+4");
  EXPECT_EQ(signed_num(-0.002389), "-0.002389");
  // Three digits keep a report's cell narrow: "-0.0843 [-0.135, -0.00239]".
  EXPECT_EQ(signed_num_digits(-0.08432, 3), "-0.0843");
  EXPECT_EQ(num_digits(-0.002389, 3), "-0.00239");
  EXPECT_EQ(signed_num_digits(0.7279, 3), "+0.728");
  EXPECT_EQ(num_digits(1.234e7, 3), "1.2e7");  // as num: one digit fewer with an exponent
  EXPECT_EQ(signed_num_digits(1124.7, 3), "+1125");  // not "+1.12e+03": a cost cell stays narrow
  EXPECT_EQ(num_digits(999.7, 3), "1000");             // rounds up to the next power: still whole
  EXPECT_EQ(num(9999.7), "10000");
  EXPECT_EQ(duration(1.5e6), "1.5 ms");
  EXPECT_EQ(duration(812.4), "812 ns");
  EXPECT_EQ(percent(0.123), "+12.3 %");
  EXPECT_EQ(num(std::numeric_limits<double>::infinity()), "n/a (overflow)");
}

}  // namespace
}  // namespace pgmap::results
