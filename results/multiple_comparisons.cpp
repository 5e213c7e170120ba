#include "results/multiple_comparisons.hpp"

#include <algorithm>
#include <numeric>

namespace pgmap::results {

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> q(m);
  double running = 1;  // from the largest p down: q never rises as p falls
  for (std::size_t i = m; i-- > 0;) {
    running = std::min(running, static_cast<double>(m) / static_cast<double>(i + 1) * p[order[i]]);
    q[order[i]] = running;
  }
  return q;
}

}  // namespace pgmap::results
