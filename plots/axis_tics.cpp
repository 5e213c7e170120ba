#include "plots/axis_tics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pgmap::plots {

std::string tic_label(double v) {
  struct prefix {
    double scale;
    const char* suffix;
  };
  static constexpr prefix prefixes[] = {{1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}};
  char buf[32];
  double a = std::fabs(v);
  if (v == 0 || (a >= 1e-3 && a < 1e6)) {
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }
  for (const prefix& p : prefixes)
    if (a >= p.scale && a < p.scale * 1000) {
      std::snprintf(buf, sizeof buf, "%.4g%s", v / p.scale, p.suffix);
      return buf;
    }
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::vector<tic> log_tics(double lo, double hi) {
  int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  bool short_span = last - first <= 2;
  std::vector<tic> out;
  for (int e = first; e <= last; ++e)
    for (int m = 1; m <= 9; ++m) {
      double v = m * std::pow(10.0, e);
      bool major = m == 1 || (short_span && (m == 2 || m == 5));
      out.push_back({v, major ? tic_label(v) : "", !major});
      if (e == last) break;  // the decade's end closes the axis
    }
  return out;
}

std::vector<tic> linear_tics(double lo, double hi) {
  if (hi <= lo) {  // one value: a span around it
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  double raw = (hi - lo) / 6;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  long first = static_cast<long>(std::floor(lo / step + 1e-9));
  long last = static_cast<long>(std::ceil(hi / step - 1e-9));
  std::vector<tic> out;
  for (long i = first; i <= last; ++i) {
    double v = static_cast<double>(i) * step;
    if (std::fabs(v) < step * 1e-9) v = 0;  // no "-0" or 1e-17 at zero
    out.push_back({v, tic_label(v)});
  }
  return out;
}

std::vector<tic> value_tics(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<tic> out;
  for (double v : values) out.push_back({v, tic_label(v)});
  return out;
}

}  // namespace pgmap::plots
