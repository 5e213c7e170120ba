// Statistics of cases as report cells: medians with units, intervals, and
// the reason when a figure cannot be given.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "results/cases.hpp"
#include "results/stats.hpp"

namespace pgmap::results {

// The levels of one column's intervals, collected as its cells are made:
// the header then names what they have, "96.8 % CI" when all share one,
// ">= 87.5 % CI" (the lowest) when they differ, "CI" when there is none.
struct ci_levels {
  std::optional<double> lo, hi;
  void add(const std::optional<interval>& ci);
  std::string header(const std::string& unit = "") const;  // unit: "ns" -> "96.8 % CI (ns)"
  std::string text() const;  // "96.8 %", ">= 87.5 %", or "" when none
};

std::optional<double> case_median(const case_samples& c, col metric);
std::string with_unit(double v, col metric);   // "12.3 ns/pair", "5.6 GB/s"
std::string median_cell(const case_samples& c, col metric);
std::string median_ci_cell(const case_samples& c, col metric, ci_levels* levels = nullptr);
std::string cv_cell(const case_samples& c, col metric);

// b - a in column c. Paired when the two cases ran in the same processes
// (recorded process ids): one difference per shared process, the median of
// its rounds' differences (or of the two process values when their rounds
// do not match), so a process-wide slowdown cancels (paired_shift).
// Unpaired otherwise (cases that never share a process, or data without
// process ids): the Hodges-Lehmann shift over the two cases' process values.
std::optional<shift> difference(const case_samples& a, const case_samples& b, col c);

// What a shift needs for an interval: "6 shared processes" (paired) or
// "4 processes each".
std::string processes_needed(const shift& d);

// A shift's interval as a cell, marked "unpaired" when it is (its level into
// `levels`).
std::string shift_ci_cell(const std::optional<shift>& d, ci_levels* levels = nullptr);

// The A/A check of one setting (threads, pages, work, memmap): the baseline
// tracker measured as two identical arms, arm 2 - arm 1. Its resolution is
// the larger |bound| of that difference's interval: the smallest
// hot-path difference this run tells apart from two identical
// configurations at this setting.
struct aa_check {
  const case_samples* arm1 = nullptr;
  const case_samples* arm2 = nullptr;
  std::optional<shift> diff;  // ns per pair, arm 2 - arm 1
  std::optional<double> resolution() const;
  // How often a check like this one (same n, same noise) would exclude zero
  // if the arms truly differed by the resolution (detection_chance); nullopt
  // without a paired interval.
  std::optional<double> detects_resolution() const;
  // Why there is no resolution ("" when there is one).
  std::string why_no_resolution() const;
  bool excludes_zero() const { return diff && diff->ci && results::excludes_zero(*diff->ci); }
};
// What the A/A resolution should reach, private pages, work none: what a
// quiet 2-PU VM gives with the quick profile (0.03-0.04 ns at 1 thread,
// 0.04 at 2), with room: 0.05 ns at 1 thread, 0.15 ns at more.
double aa_target_ns(unsigned threads);
// The A/A check at x's setting; arm1/arm2 null when the run has none.
aa_check aa_check_at(const std::vector<case_samples>& cases, const tidy_row& x);

// A difference is resolved only when its estimate lies beyond the resolution
// and its interval excludes zero on the same side; two runs can then
// only disagree in sign if the estimate moves by more than twice the
// resolution and both intervals miss.
enum class resolved { no, above, below };
resolved resolve(const shift& d, std::optional<double> resolution);
// An overhead that is not resolved still answers: it is at most the larger
// of its interval's upper end and the resolution (what this run cannot tell
// from zero), with the one-sided level of that upper end, 1 - (1 - the
// interval's coverage) / 2 (its two tails miss alike).
struct cost_bound {
  double at_most = 0;
  double level = 0;
};
// nullopt without an interval or a resolution.
std::optional<cost_bound> bound_of(const shift& d, std::optional<double> resolution);
// "at most 0.0263 ns (98.0 %)" (`unit` after the number)
std::string bound_text(const cost_bound& b, const std::string& unit = " ns");
// X - base as printed: resolved, "+1.2 ns" (with `suffix` after it);
// otherwise the bound, or "not resolved: n/a (why)". Never a signed figure
// inside the noise.
std::string overhead_text(const std::optional<shift>& d, const aa_check& aa,
                          const std::string& suffix = "", const std::string& unit = " ns");
// Processes per arm for a resolution of `target` ns, from `now` ns at n per
// arm, scaling the interval width as 1 / sqrt(n).
std::size_t processes_for(double target, double now, std::size_t n);

// The first case (in `cases`) for which `match` is true, or nullptr.
template <class Pred>
const case_samples* find_case(const std::vector<case_samples>& cases, Pred match) {
  for (const case_samples& c : cases)
    if (match(c.params())) return &c;
  return nullptr;
}

// The baseline case (its first arm) a hot-path case is measured against.
const case_samples* none_for(const std::vector<case_samples>& cases, const tidy_row& x);

// The same-run `limit` case a sweep removal is compared with: as many
// threads as sweepers, the same capacity and memmap.
const case_samples* limit_for(const std::vector<case_samples>& cases, const tidy_row& removal);

// One paragraph stating the interval methods, for table notes.
std::string interval_methods_note();

}  // namespace pgmap::results
