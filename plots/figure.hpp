// Comparison figures rendered by gnuplot to OUT_BASE.svg and OUT_BASE.png.
//
// A figure is data only: the caller says what to show (series of points,
// labels with units, log axes, categorical x labels, lines or clustered
// bars); this library decides how it looks (colors, point types, legend
// below the plot, tics that read well on log axes, subtitle under the title).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace pgmap::plots {

// Members without a value of their own say "= {}" so that brace
// initialisation may stop early without -Wmissing-field-initializers.

struct point {
  double x, y;
  std::optional<double> lo = {}, hi = {};  // interval (y error bar) when both are set
  bool extrapolated = false;  // not measured: drawn with an open marker and a dashed line
};

struct series {
  std::string name = {};  // legend entry; any characters (quoted safely)
  std::vector<point> points = {};
  bool dashed = false;  // a reference line (ideal scaling, a limit): dashed, no points
};

struct figure {
  // subtitle: what the figure shows (conditions), smaller, wrapped.
  std::string title = {}, subtitle = {}, xlabel = {}, ylabel = {};
  bool logx = false, logy = false;  // non-positive values are left out, with a note;
                                    // logx is ignored with xtics_labels
  std::vector<series> lines = {};
  std::vector<std::string> xtics_labels = {};  // optional: categorical x labels for x = 0,1,2...
  // Clustered bars instead of lines: needs xtics_labels; series j's point at
  // x = i is its bar in category i (e.g. overhead over none (%) per tracker
  // at fixed threads, one series per thread count).
  bool bars = false;
  // About the run rather than the figure (e.g. the counters' status): small,
  // at the bottom edge.
  std::string footnote = {};
};

// Writes OUT_BASE.svg and OUT_BASE.png (900x560) with gnuplot, each through a
// temp file and a rename; creates the parent dir if missing. Returns notes on
// what the figure could not show (also printed on it), and gnuplot warnings.
// Throws pgmap::error (one line, with gnuplot's message) when gnuplot is
// missing or fails.
std::vector<std::string> render(const figure& f, const std::string& out_base);

// "" if gnuplot can run and has the svg terminal, else "unavailable: <why>".
std::string gnuplot_unavailable();

}  // namespace pgmap::plots
