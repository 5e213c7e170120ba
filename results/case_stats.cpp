#include "results/case_stats.hpp"

#include "results/numbers.hpp"
#include "results/stats.hpp"

namespace pgmap::results {

std::optional<double> case_median(const case_samples& c, col metric) {
  std::vector<double> v = c.values(metric);
  if (v.empty()) return std::nullopt;
  return median(std::move(v));
}

std::string with_unit(double v, col metric) {
  switch (metric) {
    case ns_per_pair: return num(v) + " ns/pair";
    case pairs_per_s: return count(v) + " pairs/s";
    case latency_ns: case grace_ns: case release_delay_ns: case real_time_ns:
    case latency_p50_ns: case latency_p99_ns: case latency_max_ns: return duration(v);
    case read_gbps: return num(v) + " GB/s";
    default: return num(v);
  }
}

std::string median_cell(const case_samples& c, col metric) {
  auto m = case_median(c, metric);
  return m ? with_unit(*m, metric) : not_available("not measured");
}

std::string median_ci_cell(const case_samples& c, col metric) {
  std::vector<double> v = c.values(metric);
  if (v.empty()) return not_available("not measured");
  auto ci = median_ci(v);
  if (!ci)
    return not_available("n=" + std::to_string(v.size()) + ", needs " +
                         std::to_string(median_ci_min_n()) + " repetitions");
  return "[" + num(ci->lo) + ", " + num(ci->hi) + "]";
}

std::string cv_cell(const case_samples& c, col metric) {
  auto cv = coefficient_of_variation(c.values(metric));
  if (!cv) return not_available("needs 2 repetitions");
  return num(*cv * 100) + " %";
}

std::string difference_ci_cell(const std::vector<double>& a, const std::vector<double>& b) {
  auto ci = bootstrap_median_difference(a, b);
  if (!ci) return not_available("needs " + std::to_string(bootstrap_min_n) + " repetitions each");
  return "[" + signed_num(ci->lo) + ", " + signed_num(ci->hi) + "]";
}

std::string interval_methods_note() {
  return "Intervals: the 95 % interval of a median is distribution-free, from "
         "order statistics (x(k), x(n+1-k) with k from binomial(n, 1/2); it needs "
         "at least " + std::to_string(median_ci_min_n()) +
         " repetitions). The 95 % interval of a difference of medians is a "
         "percentile bootstrap (2000 resamples of each sample, fixed seed " +
         std::to_string(bootstrap_seed) + ", at least " + std::to_string(bootstrap_min_n) +
         " repetitions each).";
}

}  // namespace pgmap::results
