// The report people post: one run in at most 70 lines of at most 72 columns
// (a fleet of labelled runs: a row per label, longer): the machine, the
// conditions, the sweep's and each tracker's hot-path cost over none
// (intervals where resolved, bounds where not), ns per pair per tracker and
// thread count (each folio order beside the other), removal latency, the
// verdict of each order and what could not be measured. It shows the
// trackers of the run's kernel (its RCU flavour, or none needed); the long
// summary has the rest.
#pragma once
#include <string>
#include <vector>

#include "results/document.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results {

inline constexpr std::size_t post_max_lines = 70;

// One run: the verdict as sentences. Several runs: rows carry the run's
// label, and the verdict is a table (a row per label, folio order and
// thread count).
document post(const std::vector<run_data>& runs);

}  // namespace pgmap::results
