#include "plots/text_wrap.hpp"

#include <gtest/gtest.h>

namespace pgmap::plots {
namespace {

using lines = std::vector<std::string>;

TEST(Wrap, ShortTextIsOneLine) {
  EXPECT_EQ(wrap("host a | 2 cores", 40), lines{"host a | 2 cores"});
  EXPECT_EQ(wrap("", 40), lines{});
}

TEST(Wrap, BreaksAtSeparatorsBeforeSpaces) {
  EXPECT_EQ(wrap("host a | AMD EPYC 7B13 | Linux 6.1", 20),
            (lines{"host a |", "AMD EPYC 7B13 |", "Linux 6.1"}));
  EXPECT_EQ(wrap("one thing; another thing", 16), (lines{"one thing;", "another thing"}));
}

TEST(Wrap, LongSegmentBreaksAtSpacesAndLongWordsStayWhole) {
  EXPECT_EQ(wrap("aa bb cc dd", 5), (lines{"aa bb", "cc dd"}));
  EXPECT_EQ(wrap("abcdefgh ij", 4), (lines{"abcdefgh", "ij"}));
}

}  // namespace
}  // namespace pgmap::plots
