// Two-sided Mann-Whitney U test, as Google Benchmark's compare.py runs it
// (scipy's mannwhitneyu, alternative two-sided, at least 2 repetitions).
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

namespace pgmap::results {

inline constexpr std::size_t u_test_min_n = 2;

struct u_test_result {
  double u = 0;       // U of the first sample
  double p = 1;       // two-sided p-value
  bool exact = true;  // exact distribution, else normal approximation
};

// Exact when there are no ties and the smaller sample has at most 8 values
// (scipy's default); otherwise the normal approximation with tie correction
// and continuity correction. nullopt when a sample has fewer than u_test_min_n.
std::optional<u_test_result> mann_whitney(const std::vector<double>& a,
                                          const std::vector<double>& b);

// The null distribution of U for samples of m and n values without ties:
// entry k counts the orderings giving U = k (C(m+n, m) in all).
std::vector<double> u_counts(std::size_t m, std::size_t n);

}  // namespace pgmap::results
