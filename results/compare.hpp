// A/B comparison of two runs, case by case: change of each median, a 95 %
// interval of the difference and a two-sided Mann-Whitney U test, for the
// timings and for the hardware counters.
#pragma once
#include "results/document.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results {

inline constexpr double significance = 0.05;

document compare(const run_data& a, const run_data& b);

}  // namespace pgmap::results
