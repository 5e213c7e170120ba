// A straight line through measurements at several sizes, and what it
// predicts beyond them: how the verdict goes past the largest size a host
// could measure. Least squares; the prediction interval assumes independent
// normal errors of one spread (stated wherever it is printed).
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "results/stats.hpp"

namespace pgmap::results {

struct line_fit {
  double intercept = 0, slope = 0;
  double residual_sd = 0;  // s: sqrt(sum of squared residuals / (n - 2))
  std::size_t n = 0;
  double x_mean = 0, sxx = 0;  // sum of (x - x_mean)^2
};

// nullopt with fewer than 3 points, or when every x is the same.
std::optional<line_fit> fit_line(const std::vector<double>& x, const std::vector<double>& y);

// The line at x0 with the interval of one new measurement there:
// t(n - 2) x s x sqrt(1 + 1/n + (x0 - x_mean)^2 / sxx) either side, at
// `level` (its coverage, under the normal model).
struct prediction {
  double value = 0;
  interval ci;
};
prediction predict(const line_fit& f, double x0, double level = 0.95);

// The p-quantile of Student's t with df degrees of freedom (df >= 1).
double student_t_quantile(double p, double df);

}  // namespace pgmap::results
