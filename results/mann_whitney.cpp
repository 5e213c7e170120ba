#include "results/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace pgmap::results {
namespace {

struct ranked {
  double rank_sum_a = 0;
  double tie_term = 0;  // sum over tie groups of t^3 - t
};

ranked rank(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<std::pair<double, bool>> all;  // value, from a
  for (double x : a) all.emplace_back(x, true);
  for (double x : b) all.emplace_back(x, false);
  std::sort(all.begin(), all.end(),
            [](const auto& l, const auto& r) { return l.first < r.first; });
  ranked out;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    double t = static_cast<double>(j - i);
    double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k)
      if (all[k].second) out.rank_sum_a += mid_rank;
    out.tie_term += t * t * t - t;
    i = j;
  }
  return out;
}

}  // namespace

// The coefficients of the Gaussian binomial [m+n choose m]_q.
std::vector<double> u_counts(std::size_t m, std::size_t n) {
  std::vector<double> c(m * n + 1, 0.0);
  c[0] = 1;
  for (std::size_t i = 1; i <= m; ++i) {
    for (std::size_t k = c.size(); k-- > n + i;) c[k] -= c[k - n - i];  // * (1 - q^(n+i))
    for (std::size_t k = i; k < c.size(); ++k) c[k] += c[k - i];        // / (1 - q^i)
  }
  return c;
}

std::optional<u_test_result> mann_whitney(const std::vector<double>& a,
                                          const std::vector<double>& b) {
  if (a.size() < u_test_min_n || b.size() < u_test_min_n) return std::nullopt;
  double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
  ranked r = rank(a, b);
  u_test_result out;
  out.u = r.rank_sum_a - n1 * (n1 + 1) / 2;
  double u_small = std::min(out.u, n1 * n2 - out.u);
  out.exact = r.tie_term == 0 && a.size() + b.size() <= u_exact_max_n;
  if (out.exact) {
    std::vector<double> c = u_counts(std::min(a.size(), b.size()), std::max(a.size(), b.size()));
    double total = 0, tail = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
      total += c[k];
      if (static_cast<double>(k) <= u_small) tail += c[k];
    }
    out.p = std::min(1.0, 2 * tail / total);
    return out;
  }
  double n = n1 + n2;
  double var = n1 * n2 / 12 * ((n + 1) - r.tie_term / (n * (n - 1)));
  if (var <= 0) return out;  // every value tied: no evidence of a difference
  double z = (n1 * n2 - u_small - n1 * n2 / 2 - 0.5) / std::sqrt(var);
  out.p = std::clamp(std::erfc(z / std::sqrt(2.0)), 0.0, 1.0);
  return out;
}

}  // namespace pgmap::results
