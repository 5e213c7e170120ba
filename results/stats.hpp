// Distribution-free statistics over the repetitions of one case.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace pgmap::results {

double median(std::vector<double> v);  // v must not be empty

struct interval {
  double lo = 0, hi = 0;
  double coverage = 0;  // the interval's actual confidence (>= the level asked)
};

// Confidence interval of the median from order statistics: [x(k), x(n+1-k)]
// with the largest k whose binomial(n, 1/2) coverage is at least `level`.
// Distribution-free. nullopt when n is too small to reach the level (n < 6
// for 95 %).
std::optional<interval> median_ci(std::vector<double> v, double level = 0.95);
// The smallest n for which median_ci gives an interval.
std::size_t median_ci_min_n(double level = 0.95);

// Coefficient of variation: sample standard deviation / mean. nullopt when
// n < 2 or the mean is 0.
std::optional<double> coefficient_of_variation(const std::vector<double>& v);

// Percentile-bootstrap interval of median(b) - median(a): `resamples`
// resamples of each sample with replacement, from a fixed seed so reports are
// reproducible. nullopt when either sample has fewer than bootstrap_min_n.
inline constexpr std::size_t bootstrap_min_n = 3;
inline constexpr std::uint64_t bootstrap_seed = 20240229;
std::optional<interval> bootstrap_median_difference(const std::vector<double>& a,
                                                    const std::vector<double>& b,
                                                    double level = 0.95,
                                                    std::size_t resamples = 2000);

}  // namespace pgmap::results
