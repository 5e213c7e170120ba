// A/B comparison of two runs, case by case: change of each median, the
// distribution-free interval of the shift and a two-sided Mann-Whitney U test, for the
// timings and for the hardware counters. Each case's judging figure (ns per
// pair, removal latency, read bandwidth) is one test of a family adjusted by
// Benjamini-Hochberg; a change counts when its q is below `significance` and
// it exceeds the runs' resolution (the A/A difference of `none`, hot path).
// A hot-path tracker measured in the same processes as its baseline is
// judged by its per-process overhead (X minus the baseline in that process):
// what moved a whole process cancels within each run, and across runs the
// process stays the unit.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "results/document.hpp"
#include "results/mann_whitney.hpp"
#include "results/run_folder.hpp"
#include "results/stats.hpp"

namespace pgmap::results {

inline constexpr double significance = 0.05;

struct compare_row {
  const tidy_row* params = nullptr;  // the case (A's first repetition)
  col metric = ns_per_pair;
  // Non-empty: the row is of the metric minus this subject's (the baseline)
  // in the same process, per process; empty: of the metric itself.
  std::string minus;
  bool judged = false;               // the case's judging figure: in the corrected family
  double a = 0, b = 0;               // medians
  double a_whole = 0;                // A's median of the metric itself: what "change %" is of
  // Of the shift B - A: the Hodges-Lehmann interval, distribution-free, at
  // the level it has at these processes (nullopt below shift_ci_min_n).
  std::optional<interval> ci;
  std::optional<u_test_result> u;
  std::optional<double> q;           // adjusted p (judged rows)
  std::optional<double> resolution;  // |A/A difference|, when the setting has both arms
  bool changed = false;              // q < significance and beyond the resolution
  // What the comparison could see in this row (judged rows): the smallest
  // change its test flags 80 % of the time when it is the family's only
  // change (p < significance / family), in the metric's unit, at least the
  // resolution; nullopt when no change can be flagged at these processes.
  std::size_t n_a = 0, n_b = 0;      // processes
  double spread = 0;                 // pooled_spread of the processes' values
  std::optional<double> detectable;
  std::optional<double> detectable_doubled;  // the same with twice the processes each
};

struct comparison {
  std::string label_a, label_b;
  std::vector<compare_row> rows;
  std::size_t family = 0;  // judged rows with a U test: the corrected family
  std::vector<std::string> only_a, only_b;  // case names
};

// The runs must outlive the result. Throws pgmap::nothing_to_do when they
// have no case in common.
comparison compare_runs(const run_data& a, const run_data& b);
// For people: what changed first, then every metric of every case.
document compare(const run_data& a, const run_data& b);
// For machines: one table, one row per case and metric, one value per cell.
std::string compare_csv(const comparison& c);

}  // namespace pgmap::results
