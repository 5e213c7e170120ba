// Tic marks that read well, chosen here rather than by gnuplot (whose labels
// say 1x10^6): on a log axis 1, 10, 100 ... (with 2 and 5 over a short span),
// on a linear axis steps of 1, 2 or 5 times a power of ten, and on an axis
// with few distinct x values (thread counts, device sizes) the values.
#pragma once
#include <string>
#include <vector>

namespace pgmap::plots {

struct tic {
  double at;
  std::string label;  // empty on a minor tic
  bool minor = false;
};

// Plain for 0.001 <= |v| < 1e6 ("0.5", "64", "250000"); M, G, T, P above
// ("50M", "1.5G"); else "1e-06".
std::string tic_label(double v);

// Decades covering [lo, hi] (both > 0) with minor tics at 2..9 times each
// power; within two decades 2 and 5 times the power are labelled too.
std::vector<tic> log_tics(double lo, double hi);

// About five to ten evenly spaced tics from at or below LO to at or above HI.
std::vector<tic> linear_tics(double lo, double hi);

// One tic at each distinct value, ascending.
std::vector<tic> value_tics(std::vector<double> values);

}  // namespace pgmap::plots
