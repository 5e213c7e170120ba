#include "results/numbers.hpp"

#include <cmath>
#include <cstdio>

namespace pgmap::results {
namespace {

// fmt takes its precision as an argument ("%.*g").
std::string printf_g(const char* fmt, int precision, double v) {
  char buf[512];  // what the compiler allows "%.*f" of any double; never needed
  std::snprintf(buf, sizeof buf, fmt, precision, v);
  return buf;
}

}  // namespace

// Huge quotients (a tiny overhead) can overflow: shown as such, not as a number.
constexpr const char* overflow = "n/a (overflow)";

// The one number format of every output: 4 significant digits, whole
// numbers up to 99999, and "1.23e6" (no '+', no padding) beyond or below.
std::string num(double v) { return num_digits(v, 4); }

std::string num_digits(double v, int digits) {
  if (!std::isfinite(v)) return overflow;
  double a = std::fabs(v);
  if (a >= 1e5 || (a > 0 && a < 1e-3)) {
    int exp = static_cast<int>(std::floor(std::log10(a)));
    return printf_g("%.*g", digits - 1, v / std::pow(10.0, exp)) + "e" + std::to_string(exp);
  }
  // Whole numbers below 1e5 in full: %g would give 3 digits as "1.12e+03".
  if (a >= 1e4 - 0.5 || a >= std::pow(10.0, digits) - 0.5) return printf_g("%.*f", 0, v);
  return printf_g("%.*g", digits, v);
}

std::string signed_num(double v) { return signed_num_digits(v, 4); }

std::string signed_num_digits(double v, int digits) { return (v > 0 ? "+" : "") + num_digits(v, digits); }

std::string percent(double v) {
  return std::isfinite(v) ? printf_g("%+.*f %%", 1, v * 100) : overflow;
}

std::string duration(double ns) {
  if (!std::isfinite(ns)) return overflow;
  struct unit { double ns; const char* name; };
  static constexpr unit units[] = {{365.25 * 86400e9, "years"}, {86400e9, "days"},
                                   {3600e9, "h"},  {60e9, "min"}, {1e9, "s"},
                                   {1e6, "ms"},    {1e3, "us"}};
  for (const unit& u : units)
    if (std::fabs(ns) >= u.ns) return printf_g("%.*g", 3, ns / u.ns) + " " + u.name;
  return printf_g("%.*g", 3, ns) + " ns";
}

std::string count(double v) { return num(v); }

std::string not_available(const std::string& why) { return "n/a (" + why + ")"; }

std::string plural(const std::string& n, const std::string& word) {
  return n + " " + word + (n == "1" ? "" : "s");
}

}  // namespace pgmap::results
