#include "plots/drawable.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pgmap::plots {
namespace {

figure one_series(std::vector<point> pts, bool logx = false, bool logy = false) {
  figure f;
  f.logx = logx;
  f.logy = logy;
  f.lines = {{"s", std::move(pts)}};
  return f;
}

TEST(Drawable, LinearKeepsZeroAndNegative) {
  drawable d = drawable_part(one_series({{0, 0, {}, {}}, {1, -3, {}, {}}}));
  ASSERT_EQ(d.lines.size(), 1u);
  EXPECT_EQ(d.lines[0].points.size(), 2u);
  EXPECT_TRUE(d.notes.empty());
}

TEST(Drawable, LogAxesLeaveOutNonPositiveWithANote) {
  drawable d = drawable_part(one_series({{0, 5, {}, {}}, {1, 0, {}, {}}, {2, -1, {}, {}}, {4, 3, {}, {}}}, true, true));
  ASSERT_EQ(d.lines.size(), 1u);
  ASSERT_EQ(d.lines[0].points.size(), 1u);
  EXPECT_EQ(d.lines[0].points[0].x, 4);
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0], "s: 3 points not shown (x <= 0 on the log x axis)");
}

TEST(Drawable, NonFiniteLeftOut) {
  drawable d = drawable_part(one_series({{1, NAN, {}, {}}, {INFINITY, 1, {}, {}}, {2, 2, {}, {}}}));
  EXPECT_EQ(d.lines[0].points.size(), 1u);
  EXPECT_EQ(d.notes, std::vector<std::string>{"s: 2 points not shown (not a finite number)"});
}

TEST(Drawable, HalfOrNonPositiveIntervalDropped) {
  drawable d = drawable_part(one_series({{1, 2, 1.0, {}}, {2, 2, -1.0, 3.0}, {3, 2, 1.0, 3.0}}, false, true));
  const std::vector<point>& p = d.lines[0].points;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_FALSE(p[0].lo || p[0].hi);
  EXPECT_FALSE(p[1].lo || p[1].hi);
  EXPECT_EQ(p[2].lo, 1.0);
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_NE(d.notes[0].find("s: 2 intervals not shown"), std::string::npos);
}

TEST(Drawable, SeriesWithNothingLeftIsDropped) {
  figure f = one_series({{1, 0, {}, {}}}, false, true);
  f.lines.push_back({"empty", {}});
  drawable d = drawable_part(f);
  EXPECT_TRUE(d.lines.empty());
  EXPECT_EQ(d.notes, (std::vector<std::string>{"s: 1 point not shown (y <= 0 on the log y axis)", "empty: no data"}));
}

TEST(Drawable, BarsNeedACategory) {
  figure f = one_series({{0, 1, {}, {}}, {1, 2, {}, {}}, {0.5, 3, {}, {}}, {2, 4, {}, {}}});
  f.xtics_labels = {"a", "b"};
  f.bars = true;
  f.logx = true;  // ignored with categories
  drawable d = drawable_part(f);
  EXPECT_EQ(d.lines[0].points.size(), 2u);
  EXPECT_EQ(d.notes, std::vector<std::string>{"s: 2 points not shown (x is not a category index)"});
}

}  // namespace
}  // namespace pgmap::plots
