#include "plots/gnuplot_script.hpp"

#include <algorithm>

#include "plots/gnuplot_axes.hpp"
#include "plots/gnuplot_text.hpp"
#include "plots/text_wrap.hpp"

namespace pgmap::plots {
namespace {

// Okabe-Ito colours (distinct for colour-blind readers; yellow left out: too
// pale on white), then Paul Tol's muted set: 15 distinct colours, enough for
// every tracker of two labelled runs. Point types: filled then open; 15 and
// 8 are coprime, so the first 120 series differ in colour or point type.
constexpr const char* colors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                  "#56B4E9", "#000000", "#332288", "#882255", "#999933",
                                  "#44AA99", "#AA4499", "#117733", "#CC6677", "#888888"};
constexpr int point_types[] = {7, 5, 9, 11, 13, 6, 4, 8};
// The open twin of each filled point type (gnuplot: 7 -> 6, 5 -> 4, ...).
int open_type(int pt) { return pt % 2 == 1 ? pt - 1 : pt; }

const std::string font = "DejaVu Sans,10";

// Header lines (title, subtitle, notes) at fixed pixel rows above the plot.
struct header_line {
  std::string text, font, color;
  int height_px;
};

std::vector<header_line> header(const figure& f, const drawable& d) {
  std::vector<header_line> out;
  for (const std::string& l : wrap(f.title, 80)) out.push_back({l, ",14", "#000000", 22});
  for (const std::string& l : wrap(f.subtitle, 140)) out.push_back({l, ",8", "#555555", 14});
  std::string notes;
  for (const std::string& n : d.notes) notes += (notes.empty() ? "note: " : "; ") + n;
  for (const std::string& l : wrap(notes, 140)) out.push_back({l, ",8", "#A03000", 14});
  return out;
}

double screen_y(int px_from_top) { return 1.0 - static_cast<double>(px_from_top) / height_px; }

std::string header_commands(const std::vector<header_line>& lines) {
  std::string s;
  int top = 6;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const header_line& l = lines[i];
    top += l.height_px;
    s += "set label " + std::to_string(i + 1) + " " + gnuplot_quoted(l.text) + " at screen 0.5, screen " +
         number(screen_y(top - l.height_px / 3)) + " center font " + gnuplot_quoted(l.font) + " tc rgb " +
         gnuplot_quoted(l.color) + "\n";
  }
  return s + "set tmargin at screen " + number(screen_y(top + 16)) + "\n";
}

// The footnote's lines at the bottom edge, under the legend; returns the
// commands and the height they take.
std::pair<std::string, int> footnote_commands(const figure& f) {
  constexpr int line_px = 13;
  std::vector<std::string> lines = f.footnote.empty() ? std::vector<std::string>{} : wrap(f.footnote, 150);
  std::string s;
  const int total = static_cast<int>(lines.size()) * line_px + (lines.empty() ? 0 : 6);
  for (std::size_t i = 0; i < lines.size(); ++i)
    s += "set label " + std::to_string(100 + i) + " " + gnuplot_quoted(lines[i]) + " at screen 0.01, screen " +
         number(static_cast<double>(total - static_cast<int>(i) * line_px - 10) / height_px) +
         " left font ',7' tc rgb '#666666'\n";
  return {s, total};
}

bool has_intervals(const series& s) {
  return std::any_of(s.points.begin(), s.points.end(), [](const point& p) { return p.lo.has_value(); });
}

bool has_extrapolated(const series& s) {
  return std::any_of(s.points.begin(), s.points.end(), [](const point& p) { return p.extrapolated; });
}

// Columns x y, and lo hi when any point of the series has an interval.
// $sI holds the measured points, $eI the extrapolated ones with the last
// measured point before them (so the dashed part continues the line).
std::string datablock(std::size_t i, const series& s) {
  bool intervals = has_intervals(s);
  std::vector<point> measured, extrapolated;
  for (const point& p : s.points) (p.extrapolated ? extrapolated : measured).push_back(p);
  if (!extrapolated.empty() && !measured.empty()) extrapolated.insert(extrapolated.begin(), measured.back());
  std::string out;
  for (const auto& [name, points] : {std::pair{"$s", &measured}, std::pair{"$e", &extrapolated}}) {
    if (points->empty()) continue;
    out += name + std::to_string(i) + " << EOD\n";
    for (const point& p : *points) {
      out += number(p.x) + " " + number(p.y);
      if (intervals) out += " " + number(p.lo.value_or(p.y)) + " " + number(p.hi.value_or(p.y));
      out += "\n";
    }
    out += "EOD\n";
  }
  return out;
}

std::string line_clause(std::size_t i, const series& s) {
  std::string look = " lc rgb " + gnuplot_quoted(colors[i % std::size(colors)]) + " lw 2";
  std::string pts = " pt " + std::to_string(point_types[i % std::size(point_types)]) + " ps 1";
  std::string data = "$s" + std::to_string(i);
  std::string title = " title " + gnuplot_quoted(s.name);
  if (s.dashed) return data + " using 1:2 with lines" + look + " dt (8,5)" + title;
  const std::string dashed_open = "$e" + std::to_string(i) + " using 1:2 with linespoints" + look +
                                  " dt (6,4) pt " +
                                  std::to_string(open_type(point_types[i % std::size(point_types)])) + " ps 1.2";
  const bool any_measured =
      std::any_of(s.points.begin(), s.points.end(), [](const point& p) { return !p.extrapolated; });
  if (!any_measured) return dashed_open + title;
  std::string extra = has_extrapolated(s) ? ", " + dashed_open + " notitle" : "";
  if (has_intervals(s)) return data + " using 1:2:3:4 with yerrorlines" + look + pts + title + extra;
  return data + " using 1:2 with linespoints" + look + pts + title + extra;
}

// Series j of N as bars beside each other within each category (80 % wide).
std::string bar_clause(std::size_t j, std::size_t n, const series& s) {
  double width = 0.8 / static_cast<double>(n);
  double shift = (static_cast<double>(j) - (static_cast<double>(n) - 1) / 2) * width;
  std::string x = "($1 + " + number(shift) + ")";
  std::string data = "$s" + std::to_string(j);
  std::string color = " lc rgb " + gnuplot_quoted(colors[j % std::size(colors)]);
  std::string fill = s.dashed ? " fs empty border dt (8,5) lw 2" : " fs solid 0.85 border lc rgb '#333333'";
  std::string out = data + " using " + x + ":2:(" + number(width) + ") with boxes" + fill + color +
                    " title " + gnuplot_quoted(s.name);
  // Intervals as capped vectors: gnuplot's yerrorbars leave a gap where the
  // (unwanted) point would be.
  if (has_intervals(s))
    out += ", " + data + " using " + x + ":3:(0):($4 - $3) with vectors heads size screen 0.008,90" +
           " lc rgb '#222222' lw 1 notitle";
  return out;
}

// The legend in rows under the plot, placed by hand: gnuplot's own "key
// below" overlaps the x label with cairo fonts.
std::string legend_commands(const drawable& d, int below_px, int footnote_px) {
  constexpr int row_px = 17, entry_extra_px = 60, usable_px = 860;
  constexpr double char_px = 7;
  std::size_t longest = 0;
  for (const series& s : d.lines) longest = std::max(longest, s.name.size());
  int entry_px = static_cast<int>(static_cast<double>(longest) * char_px) + entry_extra_px;
  int n = static_cast<int>(d.lines.size());
  int cols = std::clamp(usable_px / entry_px, 1, n);
  int rows = (n + cols - 1) / cols;
  int key_px = rows * row_px + 10;
  return "set key at screen 0.5, screen " + number(static_cast<double>(key_px + footnote_px) / height_px) +
         " center top horizontal maxcols " + std::to_string(cols) + " Left reverse samplen 3\n" +
         "set bmargin at screen " + number(static_cast<double>(key_px + below_px + footnote_px) / height_px) + "\n";
}

std::string plot_command(const figure& f, const drawable& d) {
  if (d.lines.empty())
    return "set xrange [0:1]\nset yrange [0:1]\nunset xtics\nunset ytics\n"
           "set label 'nothing to draw' at graph 0.5, graph 0.5 center\nplot NaN notitle\n";
  axes a = axis_commands(f, d);
  const auto [foot, foot_px] = footnote_commands(f);
  std::string s = a.commands + foot + legend_commands(d, a.below_px, foot_px) + "plot ";
  for (std::size_t i = 0; i < d.lines.size(); ++i)
    s += (i ? ", \\\n     " : "") +
         (f.bars ? bar_clause(i, d.lines.size(), d.lines[i]) : line_clause(i, d.lines[i]));
  return s + "\n";
}

// OPTIONS: the svg terminal takes a font size as pixels, the cairo one about
// 1.15 times larger; the layout (header rows, legend) is made for the latter.
std::string terminal(const std::string& name, const std::string& options = "") {
  return "set terminal " + name + " size " + std::to_string(width_px) + "," + std::to_string(height_px) +
         " noenhanced font " + gnuplot_quoted(font) + options + " background rgb 'white'\n";
}

}  // namespace

std::string gnuplot_script(const figure& f, const drawable& d, const std::string& svg_path,
                           const std::string& png_path) {
  std::string s = "set encoding utf8\n";
  for (std::size_t i = 0; i < d.lines.size(); ++i) s += datablock(i, d.lines[i]);
  s += terminal("svg", " fontscale 1.15") + "set output " + gnuplot_quoted(svg_path) + "\n";
  s += header_commands(header(f, d));
  s += "set xlabel " + gnuplot_quoted(f.xlabel) + "\nset ylabel " + gnuplot_quoted(f.ylabel) + "\n";
  s += "set border 3 lc rgb '#444444'\n";
  s += plot_command(f, d);
  s += "set output\n";
  s += "if (strstrt(GPVAL_TERMINALS, ' pngcairo ') > 0) {\n  " + terminal("pngcairo") + "} else {\n  " +
       terminal("png") + "}\n";
  s += "set output " + gnuplot_quoted(png_path) + "\nreplot\nset output\n";
  return s;
}

}  // namespace pgmap::plots
