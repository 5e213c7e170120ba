#include "results/detectable.hpp"

#include <cmath>
#include <random>

#include "results/mann_whitney.hpp"
#include "results/stats.hpp"

namespace pgmap::results {

double smallest_p(std::size_t n_a, std::size_t n_b) {
  std::vector<double> a(n_a), b(n_b);
  for (std::size_t i = 0; i < n_a; ++i) a[i] = double(i);
  for (std::size_t j = 0; j < n_b; ++j) b[j] = double(n_a + j);
  const auto u = mann_whitney(a, b);
  return u ? u->p : 1;
}

std::optional<double> detectable_shift_sd(std::size_t n_a, std::size_t n_b, double alpha, double power) {
  if (n_a < u_test_min_n || n_b < u_test_min_n || smallest_p(n_a, n_b) > alpha) return std::nullopt;
  // The same draws at every shift: the power found is monotone in it.
  constexpr int sims = 2000;
  std::mt19937_64 rng(20261206);
  std::normal_distribution<double> z;
  std::vector<std::vector<double>> za(sims, std::vector<double>(n_a)), zb(sims, std::vector<double>(n_b));
  for (int s = 0; s < sims; ++s) {
    for (double& v : za[s]) v = z(rng);
    for (double& v : zb[s]) v = z(rng);
  }
  auto power_at = [&](double shift) {
    int hits = 0;
    std::vector<double> b(n_b);
    for (int s = 0; s < sims; ++s) {
      for (std::size_t j = 0; j < n_b; ++j) b[j] = zb[s][j] + shift;
      const auto u = mann_whitney(za[s], b);
      hits += u && u->p <= alpha;
    }
    return double(hits) / sims;
  };
  double lo = 0, hi = 1;
  while (power_at(hi) < power) hi *= 2;
  while (hi - lo > 0.01 * hi) {
    const double mid = (lo + hi) / 2;
    (power_at(mid) < power ? lo : hi) = mid;
  }
  return hi;
}

double pooled_spread(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> dev;
  for (const std::vector<double>* s : {&a, &b}) {
    if (s->empty()) continue;
    const double m = median(*s);
    for (double v : *s) dev.push_back(std::fabs(v - m));
  }
  return dev.empty() ? 0 : 1.4826 * median(dev);
}

}  // namespace pgmap::results
