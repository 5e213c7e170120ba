// Two-sided Mann-Whitney U test (as scipy's mannwhitneyu, alternative
// two-sided, which Google Benchmark's compare.py runs; exact further).
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

namespace pgmap::results {

inline constexpr std::size_t u_test_min_n = 2;
// The U distribution is counted exactly up to this many values in both
// samples together (C(40, 20) orderings fit a double), for the test and for
// the Hodges-Lehmann interval; beyond, its normal approximation.
inline constexpr std::size_t u_exact_max_n = 40;

struct u_test_result {
  double u = 0;       // U of the first sample
  double p = 1;       // two-sided p-value
  bool exact = true;  // exact distribution, else normal approximation
};

// Exact when there are no ties and the samples have at most u_exact_max_n
// values together (scipy's default stops at 8 in the smaller sample, where 9
// against 9 can then give no p below 4e-4); otherwise the normal
// approximation with tie and continuity correction. nullopt when a sample
// has fewer than u_test_min_n.
std::optional<u_test_result> mann_whitney(const std::vector<double>& a,
                                          const std::vector<double>& b);

// The null distribution of U for samples of m and n values without ties:
// entry k counts the orderings giving U = k (C(m+n, m) in all).
std::vector<double> u_counts(std::size_t m, std::size_t n);

}  // namespace pgmap::results
