// Distribution-free statistics over the repetitions of one case.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "results/mann_whitney.hpp"

namespace pgmap::results {

double median(std::vector<double> v);  // v must not be empty

struct interval {
  double lo = 0, hi = 0;
  double coverage = 0;  // the interval's actual confidence (>= the level asked)
};
// Whether an interval of a difference lies wholly on one side of zero.
inline bool excludes_zero(const interval& i) { return i.lo > 0 || i.hi < 0; }
// The largest |difference| an interval allows: its end farther from zero.
inline double farther_end(const interval& i) { return std::max(std::fabs(i.lo), std::fabs(i.hi)); }

// Confidence interval of the median from order statistics: [x(k), x(n+1-k)]
// with the largest k whose binomial(n, 1/2) coverage is at least `level`.
// Distribution-free. nullopt when n is too small to reach the level (n < 6
// for 95 %).
std::optional<interval> median_ci(std::vector<double> v, double level = 0.95);
// The smallest n for which median_ci gives an interval.
std::size_t median_ci_min_n(double level = 0.95);

// The level that several intervals hold at once, whatever their dependence
// (Bonferroni): 1 - the sum of their misses, at least 0. What a box of
// intervals (a bound propagated through several estimates) may claim.
double joint_coverage(std::initializer_list<double> coverages);
// The level of one end of a two-sided interval whose tails miss alike:
// 1 - (1 - coverage) / 2.
inline double one_sided_level(double coverage) { return 1 - (1 - coverage) / 2; }

// A level as printed: percent, rounded down to 0.1 so it never claims more
// than it has (0.96875 -> "96.8 %").
std::string level_text(double coverage);

// How often paired_shift's interval, at d's n and `level`, would lie above
// zero if the true shift were `delta`: the chance that enough of n
// differences are positive, each with probability Phi(delta / sigma), sigma
// the standard deviation of d (a normal model of the pairs' noise). nullopt
// below median_ci_min_n pairs.
std::optional<double> detection_chance(const std::vector<double>& d, double delta,
                                       double level = 0.95);

// Coefficient of variation: sample standard deviation / mean. nullopt when
// n < 2 or the mean is 0.
std::optional<double> coefficient_of_variation(const std::vector<double>& v);

// The Hodges-Lehmann shift of b over a: the median of the m x n differences
// b_j - a_i, with its distribution-free interval [d(k), d(mn+1-k)] where k
// comes from the null distribution of the Mann-Whitney U (exact while
// m + n <= u_exact_max_n, else its normal approximation). ci is nullopt
// when the samples are too small to reach the level (fewer than 4 each for
// 95 %); the estimate needs one value each.
struct shift {
  double estimate = 0;
  std::optional<interval> ci;
  std::size_t n_a = 0, n_b = 0;
  bool paired = false;  // from paired_shift: n_a = n_b = the pairs
  std::vector<double> differences;  // paired: the per-pair differences
};
std::optional<shift> hodges_lehmann(const std::vector<double>& a, const std::vector<double>& b,
                                    double level = 0.95);
// The smallest equal sample size for which hodges_lehmann gives an interval.
std::size_t shift_ci_min_n(double level = 0.95);

// The shift from paired differences d_i = b_i - a_i (each pair measured
// together, so what moved both cancels): the median of the d_i with its
// order-statistic interval (median_ci: distribution-free, no symmetry
// assumed; nullopt below median_ci_min_n pairs). nullopt when d is empty.
std::optional<shift> paired_shift(const std::vector<double>& d, double level = 0.95);

}  // namespace pgmap::results
