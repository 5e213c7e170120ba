#include "plots/gnuplot_axes.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "plots/axis_tics.hpp"
#include "plots/gnuplot_text.hpp"

namespace pgmap::plots {
namespace {

// Up to this many distinct x values get a tic each (thread counts, sizes).
constexpr std::size_t max_value_tics = 12;
// Average width of a tic label character at the figure's font, in pixels,
// and the plot area's width: long category labels are slanted to fit.
constexpr double char_px = 6.5, plot_px = 780;

struct span {
  double lo = INFINITY, hi = -INFINITY;
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

std::string range(char axis, double lo, double hi) {
  return "set " + std::string(1, axis) + "range [" + number(lo) + ":" + number(hi) + "]\n";
}

std::string tics(char axis, const std::vector<tic>& ts, const std::string& options = "") {
  std::string s = "set " + std::string(1, axis) + "tics " + options + "(";
  for (std::size_t i = 0; i < ts.size(); ++i)
    s += (i ? ", " : "") + gnuplot_quoted(ts[i].label) + " " + number(ts[i].at) + (ts[i].minor ? " 1" : "");
  return s + ")\n";
}

// Room on a log axis beyond the data, as a factor (5 % of the span, at least 15 %).
double log_pad(double lo, double hi) { return std::max(1.15, std::pow(hi / lo, 0.05)); }

// Tic labels and the x label take this much under the plot; slanted labels more.
constexpr int below_px = 64;

axes categorical_x(const figure& f) {
  std::vector<tic> ts;
  std::size_t longest = 0;
  for (std::size_t i = 0; i < f.xtics_labels.size(); ++i) {
    ts.push_back({static_cast<double>(i), f.xtics_labels[i]});
    longest = std::max(longest, f.xtics_labels[i].size());
  }
  double n = static_cast<double>(ts.size());
  double label_px = static_cast<double>(longest) * char_px;
  if (label_px <= plot_px / n) return {range('x', -0.5, n - 0.5) + tics('x', ts), below_px};
  return {range('x', -0.5, n - 0.5) + tics('x', ts, "rotate by 30 right "),
          below_px + static_cast<int>(label_px / 2)};  // sin 30 = 1/2
}

std::string numeric_x(const figure& f, const std::vector<double>& xs) {
  span s;
  for (double x : xs) s.add(x);
  std::size_t distinct = std::set<double>(xs.begin(), xs.end()).size();
  if (f.logx) {
    double pad = log_pad(s.lo, s.hi);
    return "set logscale x 10\n" + range('x', s.lo / pad, s.hi * pad) +
           tics('x', distinct <= max_value_tics ? value_tics(xs) : log_tics(s.lo, s.hi));
  }
  if (distinct <= max_value_tics) {
    double pad = s.hi > s.lo ? (s.hi - s.lo) * 0.04 : 0.5;
    return range('x', s.lo - pad, s.hi + pad) + tics('x', value_tics(xs));
  }
  std::vector<tic> ts = linear_tics(s.lo, s.hi);
  return range('x', ts.front().at, ts.back().at) + tics('x', ts);
}

std::string y_axis(const figure& f, span s) {
  if (f.logy) {
    double pad = log_pad(s.lo, s.hi);
    return "set logscale y 10\n" + range('y', s.lo / pad, s.hi * pad) + tics('y', log_tics(s.lo, s.hi));
  }
  // Magnitudes read against zero: an all-positive (or all-negative) axis starts there.
  s.add(0);
  std::vector<tic> ts = linear_tics(s.lo, s.hi);
  std::string zero = ts.front().at < 0 && ts.back().at > 0 ? "set xzeroaxis lt 1 lc rgb '#888888'\n" : "";
  return range('y', ts.front().at, ts.back().at) + tics('y', ts) + zero;
}

}  // namespace

axes axis_commands(const figure& f, const drawable& d) {
  std::vector<double> xs;
  span ys;
  for (const series& s : d.lines)
    for (const point& p : s.points) {
      xs.push_back(p.x);
      ys.add(p.y);
      if (p.lo) ys.add(std::min(*p.lo, *p.hi));
      if (p.hi) ys.add(std::max(*p.lo, *p.hi));
    }
  axes a = f.xtics_labels.empty() ? axes{numeric_x(f, xs), below_px} : categorical_x(f);
  a.commands += y_axis(f, ys) +
                "set tics nomirror out\n"
                "set grid xtics ytics lt 1 lc rgb '#e4e4e4'\n";
  return a;
}

}  // namespace pgmap::plots
