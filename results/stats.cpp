#include "results/stats.hpp"

#include "results/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace pgmap::results {
namespace {

// The mean and sample standard deviation of v (at least 2 values).
std::pair<double, double> mean_and_sd(const std::vector<double>& v) {
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / static_cast<double>(v.size() - 1))};
}

// P(X <= k) for X ~ binomial(n, 1/2).
double binomial_half_cdf(std::size_t n, std::size_t k) {
  double term = std::pow(0.5, static_cast<double>(n));  // C(n, 0) / 2^n
  double sum = 0;
  for (std::size_t i = 0; i <= k && i <= n; ++i) {
    sum += term;
    term = term * static_cast<double>(n - i) / static_cast<double>(i + 1);
  }
  return sum;
}

// The largest k (1-based) with coverage 1 - 2 P(X <= k-1) >= level; 0 if none.
std::size_t order_statistic_rank(std::size_t n, double level) {
  std::size_t best = 0;
  for (std::size_t k = 1; 2 * k <= n + 1; ++k) {
    if (1 - 2 * binomial_half_cdf(n, k - 1) >= level) best = k;
    else break;
  }
  return best;
}

// P(U <= k) x total for each k: exact counts while doubles hold them,
// else the normal approximation with continuity correction.
std::vector<double> u_cdf(std::size_t m, std::size_t n) {
  const double mn = static_cast<double>(m) * static_cast<double>(n);
  std::vector<double> cdf(m * n + 1);
  if (m + n <= u_exact_max_n) {
    std::vector<double> c = u_counts(std::min(m, n), std::max(m, n));
    double total = 0;
    for (double x : c) total += x;
    double sum = 0;
    for (std::size_t k = 0; k < c.size(); ++k) cdf[k] = (sum += c[k]) / total;
    return cdf;
  }
  const double sd = std::sqrt(mn * static_cast<double>(m + n + 1) / 12);
  for (std::size_t k = 0; k < cdf.size(); ++k)
    cdf[k] = 0.5 * std::erfc(-(static_cast<double>(k) + 0.5 - mn / 2) / sd / std::sqrt(2.0));
  return cdf;
}

// The largest k (1-based) with coverage 1 - 2 P(U <= k-1) >= level for
// samples of m and n values, and that coverage; k = 0 if none.
std::pair<std::size_t, double> shift_rank(std::size_t m, std::size_t n, double level) {
  std::pair<std::size_t, double> best{0, 0};
  std::vector<double> cdf = u_cdf(m, n);
  for (std::size_t k = 1; 2 * k <= cdf.size(); ++k) {
    double coverage = 1 - 2 * cdf[k - 1];
    if (coverage < level) break;
    best = {k, coverage};
  }
  return best;
}

}  // namespace

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::optional<interval> median_ci(std::vector<double> v, double level) {
  std::size_t n = v.size();
  std::size_t k = order_statistic_rank(n, level);
  if (k == 0) return std::nullopt;
  std::sort(v.begin(), v.end());
  return interval{v[k - 1], v[n - k], 1 - 2 * binomial_half_cdf(n, k - 1)};
}

std::size_t median_ci_min_n(double level) {
  std::size_t n = 1;
  while (order_statistic_rank(n, level) == 0) ++n;
  return n;
}

std::optional<shift> hodges_lehmann(const std::vector<double>& a, const std::vector<double>& b,
                                    double level) {
  if (a.empty() || b.empty()) return std::nullopt;
  std::vector<double> d;
  d.reserve(a.size() * b.size());
  for (double x : a)
    for (double y : b) d.push_back(y - x);
  std::sort(d.begin(), d.end());
  shift out{median(d), std::nullopt, a.size(), b.size(), false, {}};
  auto [k, coverage] = shift_rank(a.size(), b.size(), level);
  if (k > 0) out.ci = interval{d[k - 1], d[d.size() - k], coverage};
  return out;
}

std::size_t shift_ci_min_n(double level) {
  std::size_t n = 1;
  while (shift_rank(n, n, level).first == 0) ++n;
  return n;
}

std::optional<shift> paired_shift(const std::vector<double>& d, double level) {
  if (d.empty()) return std::nullopt;
  return shift{median(d), median_ci(d, level), d.size(), d.size(), true, d};
}

std::optional<double> detection_chance(const std::vector<double>& d, double delta, double level) {
  const std::size_t n = d.size(), k = order_statistic_rank(n, level);
  if (k == 0) return std::nullopt;
  const double sigma = mean_and_sd(d).second;
  const double p = sigma > 0 ? 0.5 * std::erfc(-delta / sigma / std::sqrt(2.0)) : (delta > 0 ? 1 : 0.5);
  // The interval's low end x(k) is above 0 when at least n + 1 - k are.
  double chance = 0, choose = 1;  // C(n, j)
  for (std::size_t j = 0; j <= n; ++j) {
    if (j >= n + 1 - k)
      chance += choose * std::pow(p, static_cast<double>(j)) * std::pow(1 - p, static_cast<double>(n - j));
    choose = choose * static_cast<double>(n - j) / static_cast<double>(j + 1);
  }
  return chance;
}

double joint_coverage(std::initializer_list<double> coverages) {
  double miss = 0;
  for (double c : coverages) miss += 1 - c;
  return std::max(0.0, 1 - miss);
}

std::string level_text(double coverage) {
  // The tiny margin keeps a level like 0.95 (0.9499999... in binary) at 95.0.
  const double tenths = std::floor(coverage * 1000 + 1e-9);
  const auto whole = static_cast<long>(tenths / 10);
  const auto tenth = static_cast<long>(tenths) % 10;
  return std::to_string(whole) + "." + std::to_string(tenth) + " %";
}

std::optional<double> coefficient_of_variation(const std::vector<double>& v) {
  if (v.size() < 2) return std::nullopt;
  const auto [mean, sd] = mean_and_sd(v);
  if (mean == 0) return std::nullopt;
  return sd / std::fabs(mean);
}

}  // namespace pgmap::results
