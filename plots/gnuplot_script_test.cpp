#include "plots/gnuplot_script.hpp"

#include <gtest/gtest.h>

#include <set>

namespace pgmap::plots {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

figure sample() {
  figure f{"T", "host a | 2 cores", "threads", "ns per pair"};
  f.lines = {{"it's \"x\"", {{1, 10, 9.0, 11.0}, {2, 12, {}, {}}}},
             {"ideal", {{1, 10, {}, {}}, {2, 20, {}, {}}}, true}};
  return f;
}

std::string script_of(const figure& f) { return gnuplot_script(f, drawable_part(f), "o.svg", "o.png"); }

TEST(GnuplotScript, SeriesDataAndStyles) {
  std::string s = script_of(sample());
  EXPECT_TRUE(has(s, "$s0 << EOD\n1 10 9 11\n2 12 12 12\nEOD\n")) << s;
  EXPECT_TRUE(has(s, "$s1 << EOD\n1 10\n2 20\nEOD\n"));
  EXPECT_TRUE(has(s, "$s0 using 1:2:3:4 with yerrorlines"));
  EXPECT_TRUE(has(s, "title 'it''s \"x\"'"));
  EXPECT_TRUE(has(s, "$s1 using 1:2 with lines") && has(s, "dt (8,5) title 'ideal'"));
  EXPECT_TRUE(has(s, "noenhanced"));  // names are not markup
}

TEST(GnuplotScript, HeaderOutputsAndAxes) {
  std::string s = script_of(sample());
  EXPECT_TRUE(has(s, "set label 1 'T' at screen 0.5"));
  EXPECT_TRUE(has(s, "set label 2 'host a | 2 cores'"));
  EXPECT_TRUE(has(s, "set output 'o.svg'"));
  EXPECT_TRUE(has(s, "set output 'o.png'\nreplot"));
  EXPECT_TRUE(has(s, "set xtics ('1' 1, '2' 2)"));
  EXPECT_TRUE(has(s, "set yrange [0:"));  // positive values read from zero
  EXPECT_FALSE(has(s, "logscale"));
}

TEST(GnuplotScript, NotesShownUnderTheSubtitle) {
  figure f = sample();
  f.logy = true;
  f.lines[1].points[0].y = 0;
  std::string s = script_of(f);
  EXPECT_TRUE(has(s, "set logscale y 10"));
  EXPECT_TRUE(has(s, "set label 3 'note: ideal: 1 point not shown (y <= 0 on the log y axis)'")) << s;
}

TEST(GnuplotScript, BarsAreShiftedWithinTheirCategory) {
  figure f{"T", "", "tracker", "%"};
  f.bars = true;
  f.xtics_labels = {"a", "b"};
  f.lines = {{"1 thread", {{0, 5, {}, {}}, {1, 7, 6.0, 8.0}}}, {"2 threads", {{0, 6, {}, {}}}}};
  std::string s = script_of(f);
  EXPECT_TRUE(has(s, "$s0 using ($1 + -0.20000000000000001):2:(0.40000000000000002) with boxes")) << s;
  EXPECT_TRUE(has(s, "$s0 using ($1 + -0.20000000000000001):3:(0):($4 - $3) with vectors"));
  EXPECT_TRUE(has(s, "$s1 using ($1 + 0.20000000000000001):2:(0.40000000000000002) with boxes"));
  EXPECT_TRUE(has(s, "set xtics ('a' 0, 'b' 1)"));
  EXPECT_TRUE(has(s, "set xrange [-0.5:1.5]"));
}

TEST(GnuplotScript, NothingDrawableGivesAFrameThatSaysSo) {
  figure f{"T", "", "x", "y", true, true};
  f.lines = {{"zeros", {{0, 0, {}, {}}}}};
  std::string s = script_of(f);
  EXPECT_TRUE(has(s, "nothing to draw"));
  EXPECT_FALSE(has(s, "logscale"));
}

// Extrapolated points are not drawn as measured ones: their own block, joined
// to the last measured point, dashed, with the open twin of the point type.
TEST(GnuplotScript, ExtrapolatedPointsDashedWithOpenMarkers) {
  figure f{"T", "", "GiB", "N*"};
  f.lines = {{"atomic", {{1, 10, {}, {}}, {64, 20, {}, {}, true}, {1024, 30, {}, {}, true}}}};
  std::string s = script_of(f);
  EXPECT_TRUE(has(s, "$s0 << EOD\n1 10\nEOD\n")) << s;
  EXPECT_TRUE(has(s, "$e0 << EOD\n1 10\n64 20\n1024 30\nEOD\n")) << s;
  EXPECT_TRUE(has(s, "$s0 using 1:2 with linespoints lc rgb '#0072B2' lw 2 pt 7 ps 1 title 'atomic'")) << s;
  EXPECT_TRUE(has(s, "$e0 using 1:2 with linespoints lc rgb '#0072B2' lw 2 dt (6,4) pt 6 ps 1.2 notitle")) << s;
}

TEST(GnuplotScript, FootnoteAtTheBottom) {
  figure f = sample();
  f.footnote = "counters unavailable: no PMU";
  std::string s = script_of(f);
  EXPECT_TRUE(has(s, "set label 100 'counters unavailable: no PMU' at screen 0.01, screen ")) << s;
  EXPECT_FALSE(has(script_of(sample()), "set label 100"));
}

// Fourteen series (seven trackers of two labelled runs): fourteen colours.
TEST(GnuplotScript, FourteenSeriesFourteenColours) {
  figure f{"T", "", "x", "y"};
  for (int i = 0; i < 14; ++i) f.lines.push_back({"s" + std::to_string(i), {{1, 1.0 + i, {}, {}}}});
  std::string s = script_of(f);
  std::set<std::string> colours;
  const std::string key = "with linespoints lc rgb '";
  for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + 1))
    colours.insert(s.substr(at + key.size(), 7));
  EXPECT_EQ(colours.size(), 14u) << s;
}

}  // namespace
}  // namespace pgmap::plots
