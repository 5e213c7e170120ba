#include "results/line_fit.hpp"

#include <cmath>

namespace pgmap::results {
namespace {

// The continued fraction of the regularized incomplete beta function
// (modified Lentz), valid for x < (a + 1) / (a + b + 2).
double beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  d = 1 / (std::fabs(d) < tiny ? tiny : d);
  double h = d;
  for (int m = 1; m < 500; ++m) {
    for (int odd = 0; odd < 2; ++odd) {
      const double num = odd ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                             : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
      d = 1 + num * d;
      d = 1 / (std::fabs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (std::fabs(c) < tiny) c = tiny;
      h *= c * d;
      if (odd && std::fabs(c * d - 1) < 1e-15) return h;
    }
  }
  return h;
}

// I_x(a, b).
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) +
                                b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double student_t_cdf(double t, double df) {
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

}  // namespace

double student_t_quantile(double p, double df) {
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  double lo = 0, hi = 1;
  while (student_t_cdf(hi, df) < p) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = (lo + hi) / 2;
    (student_t_cdf(mid, df) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

std::optional<line_fit> fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 3 || y.size() != n) return std::nullopt;
  line_fit f;
  f.n = n;
  double y_mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    f.x_mean += x[i] / double(n);
    y_mean += y[i] / double(n);
  }
  double sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    f.sxx += (x[i] - f.x_mean) * (x[i] - f.x_mean);
    sxy += (x[i] - f.x_mean) * (y[i] - y_mean);
  }
  if (f.sxx <= 0) return std::nullopt;
  f.slope = sxy / f.sxx;
  f.intercept = y_mean - f.slope * f.x_mean;
  double sse = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = y[i] - (f.intercept + f.slope * x[i]);
    sse += r * r;
  }
  f.residual_sd = std::sqrt(sse / double(n - 2));
  return f;
}

prediction predict(const line_fit& f, double x0, double level) {
  const double value = f.intercept + f.slope * x0;
  const double half = student_t_quantile(1 - (1 - level) / 2, double(f.n - 2)) * f.residual_sd *
                      std::sqrt(1 + 1 / double(f.n) + (x0 - f.x_mean) * (x0 - f.x_mean) / f.sxx);
  return {value, {value - half, value + half, level}};
}

}  // namespace pgmap::results
