// Percentiles of one case's removal latencies (nearest rank: a value that
// was measured, never an interpolation between two).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace pgmap::bench {

struct latency_percentiles {
  double p50 = 0, p99 = 0, max = 0;
};

// The p-th percentile of sorted values: the ceil(p/100 x n)-th smallest.
inline double nearest_rank(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// `ns` must not be empty; sorted in place.
inline latency_percentiles percentiles(std::vector<double>& ns) {
  std::sort(ns.begin(), ns.end());
  return {nearest_rank(ns, 50), nearest_rank(ns, 99), ns.back()};
}

}  // namespace pgmap::bench
