#include "plots/drawable.hpp"

#include <cmath>

namespace pgmap::plots {
namespace {

// Why a point cannot be drawn, or nullptr.
const char* unplottable(const figure& f, const point& p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return "not a finite number";
  if (f.logx && f.xtics_labels.empty() && p.x <= 0) return "x <= 0 on the log x axis";
  if (f.logy && p.y <= 0) return "y <= 0 on the log y axis";
  if (f.bars && (p.x != std::floor(p.x) || p.x < 0 || p.x >= static_cast<double>(f.xtics_labels.size())))
    return "x is not a category index";
  return nullptr;
}

// The interval drawn for P: both ends finite (and positive on a log y axis).
point with_drawable_interval(const figure& f, point p, int& dropped) {
  if (!p.lo && !p.hi) return p;
  bool ok = p.lo && p.hi && std::isfinite(*p.lo) && std::isfinite(*p.hi) && !(f.logy && *p.lo <= 0);
  if (!ok) {
    p.lo.reset();
    p.hi.reset();
    ++dropped;
  }
  return p;
}

std::string count(int n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

drawable drawable_part(const figure& f) {
  drawable d;
  for (const series& s : f.lines) {
    series kept{s.name, {}, s.dashed};
    int intervals_dropped = 0;
    std::string first_why;
    int left_out = 0;
    for (const point& p : s.points) {
      if (const char* why = unplottable(f, p)) {
        if (left_out++ == 0) first_why = why;
        continue;
      }
      kept.points.push_back(with_drawable_interval(f, p, intervals_dropped));
    }
    if (left_out > 0)
      d.notes.push_back(s.name + ": " + count(left_out, "point") + " not shown (" + first_why + ")");
    if (intervals_dropped > 0)
      d.notes.push_back(s.name + ": " + count(intervals_dropped, "interval") +
                        " not shown (an end missing, not finite, or <= 0 on the log y axis)");
    if (kept.points.empty()) {
      if (s.points.empty()) d.notes.push_back(s.name + ": no data");
      continue;
    }
    d.lines.push_back(std::move(kept));
  }
  return d;
}

}  // namespace pgmap::plots
