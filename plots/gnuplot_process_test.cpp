#include "plots/gnuplot_process.hpp"

#include <gtest/gtest.h>

namespace pgmap::plots {
namespace {

TEST(GnuplotMessage, TheLocatedLineWithoutTheScriptPath) {
  EXPECT_EQ(gnuplot_message("\nplot $x\n     ^\n\"/tmp/a b.gp\" line 12: undefined variable: x\n\n"),
            "line 12: undefined variable: x");
  EXPECT_EQ(gnuplot_message("line 3: warning: empty y range\n"), "line 3: warning: empty y range");
}

TEST(GnuplotMessage, ElseTheFirstLineThatSaysSomething) {
  EXPECT_EQ(gnuplot_message("\n   ^\ncannot open display\nmore\n"), "cannot open display");
  EXPECT_EQ(gnuplot_message("\"x\" line: odd\n"), "\"x\" line: odd");
  EXPECT_EQ(gnuplot_message(""), "no message");
}

}  // namespace
}  // namespace pgmap::plots
