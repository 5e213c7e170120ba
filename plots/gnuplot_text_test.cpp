#include "plots/gnuplot_text.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace pgmap::plots {
namespace {

TEST(Quoted, DoublesQuotesAndKeepsEverythingElse) {
  EXPECT_EQ(gnuplot_quoted("it's"), "'it''s'");
  EXPECT_EQ(gnuplot_quoted(R"(a "b" \n $x @y {z} ^_)"), R"('a "b" \n $x @y {z} ^_')");
}

TEST(Quoted, ControlCharactersCannotEndTheCommand) {
  EXPECT_EQ(gnuplot_quoted("a\nplot 'x'\r\tb"), "'a plot ''x''  b'");
}

TEST(Number, RoundTrips) {
  for (double v : {0.0, -1.5, 1.0 / 3, 6.02e23, 1e-300})
    EXPECT_EQ(std::strtod(number(v).c_str(), nullptr), v) << number(v);
}

}  // namespace
}  // namespace pgmap::plots
