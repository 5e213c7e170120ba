// Statistics of cases as report cells: medians with units, intervals, and
// the reason when a figure cannot be given.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "results/cases.hpp"

namespace pgmap::results {

std::optional<double> case_median(const case_samples& c, col metric);
std::string with_unit(double v, col metric);   // "12.3 ns/pair", "5.6 GB/s"
std::string median_cell(const case_samples& c, col metric);
std::string median_ci_cell(const case_samples& c, col metric);
std::string cv_cell(const case_samples& c, col metric);
// Interval of median(b) - median(a) by bootstrap, or why there is none.
std::string difference_ci_cell(const std::vector<double>& a, const std::vector<double>& b);

// The first case (in `cases`) for which `match` is true, or nullptr.
template <class Pred>
const case_samples* find_case(const std::vector<case_samples>& cases, Pred match) {
  for (const case_samples& c : cases)
    if (match(c.params())) return &c;
  return nullptr;
}

// One paragraph stating the interval methods, for table notes.
std::string interval_methods_note();

}  // namespace pgmap::results
