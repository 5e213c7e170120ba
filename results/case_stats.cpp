#include "results/case_stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "results/numbers.hpp"

namespace pgmap::results {

void ci_levels::add(const std::optional<interval>& ci) {
  if (!ci) return;
  lo = std::min(lo.value_or(ci->coverage), ci->coverage);
  hi = std::max(hi.value_or(ci->coverage), ci->coverage);
}

std::string ci_levels::text() const {
  if (!lo) return "";
  return (*lo == *hi ? "" : ">= ") + level_text(*lo);
}

std::string ci_levels::header(const std::string& unit) const {
  const std::string level = text();
  return (level.empty() ? "" : level + " ") + "CI" + (unit.empty() ? "" : " (" + unit + ")");
}

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

std::string median_ci_cell(const case_samples& c, col metric, ci_levels* levels) {
  std::vector<double> v = c.values(metric);
  if (v.empty()) return not_available("not measured");
  auto ci = median_ci(v);
  if (levels) levels->add(ci);
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

namespace {

// One shared process's b - a: the median of its rounds' differences when
// both ran in the same rounds (what drifted between one round and the next
// cancels too), else the difference of the process values.
double process_difference(const process_rounds& a, const process_rounds& b) {
  std::map<std::string, double> in_a;
  for (std::size_t i = 0; i < a.rounds.size(); ++i)
    if (!a.round_ids[i].empty()) in_a[a.round_ids[i]] = a.rounds[i];
  std::vector<double> d;
  for (std::size_t i = 0; i < b.rounds.size(); ++i)
    if (auto it = in_a.find(b.round_ids[i]); it != in_a.end()) d.push_back(b.rounds[i] - it->second);
  // One to one: every round of each paired, none twice.
  if (in_a.size() == a.rounds.size() && d.size() == a.rounds.size() && d.size() == b.rounds.size())
    return median(std::move(d));
  return median(b.rounds) - median(a.rounds);
}

}  // namespace

std::optional<shift> difference(const case_samples& a, const case_samples& b, col c) {
  std::map<std::string, process_rounds> in_a;
  for (process_rounds& p : a.by_process(c))
    if (p.identified) in_a[p.id] = std::move(p);
  std::vector<double> d;
  for (const process_rounds& p : b.by_process(c))
    if (auto it = in_a.find(p.id); p.identified && it != in_a.end())
      d.push_back(process_difference(it->second, p));
  if (!d.empty()) return paired_shift(d);
  return hodges_lehmann(a.values(c), b.values(c));
}

// How many processes a shift needs for an interval.
std::string processes_needed(const shift& d) {
  return d.paired ? std::to_string(median_ci_min_n()) + " shared processes"
                  : std::to_string(shift_ci_min_n()) + " processes each";
}

std::string shift_ci_cell(const std::optional<shift>& d, ci_levels* levels) {
  if (!d) return not_available("not measured");
  if (levels) levels->add(d->ci);
  if (!d->ci) return not_available("needs " + processes_needed(*d));
  return "[" + signed_num(d->ci->lo) + ", " + signed_num(d->ci->hi) + "]" + (d->paired ? "" : " unpaired");
}

std::optional<double> aa_check::resolution() const {
  if (!diff || !diff->ci) return std::nullopt;
  return farther_end(*diff->ci);
}

std::optional<double> aa_check::detects_resolution() const {
  auto r = resolution();
  if (!r || !diff->paired) return std::nullopt;
  return detection_chance(diff->differences, *r);
}

std::string aa_check::why_no_resolution() const {
  if (!arm1 || !arm2) return "no A/A check at this setting";
  if (!diff) return "A/A arms not measured";
  if (!diff->ci) return "A/A arms need " + processes_needed(*diff);
  return "";
}

aa_check aa_check_at(const std::vector<case_samples>& cases, const tidy_row& x) {
  auto arm_case = [&](const char* a) {
    return find_case(cases, [&](const tidy_row& r) {
      return r[kind] == "hotpath" && is_baseline(r) && r[arm] == a &&
             same_hotpath_setting(r, x);
    });
  };
  aa_check out{arm_case("1"), arm_case("2"), std::nullopt};
  if (out.arm1 && out.arm2)
    out.diff = difference(*out.arm1, *out.arm2, ns_per_pair);
  return out;
}

resolved resolve(const shift& d, std::optional<double> resolution) {
  if (!resolution || !d.ci) return resolved::no;
  if (d.estimate > *resolution && d.ci->lo > 0) return resolved::above;
  if (d.estimate < -*resolution && d.ci->hi < 0) return resolved::below;
  return resolved::no;
}

std::optional<cost_bound> bound_of(const shift& d, std::optional<double> resolution) {
  if (!d.ci || !resolution) return std::nullopt;
  return cost_bound{std::max(d.ci->hi, *resolution), one_sided_level(d.ci->coverage)};
}

std::string bound_text(const cost_bound& b, const std::string& unit) {
  return "at most " + num(b.at_most) + unit + " (" + level_text(b.level) + ")";
}

std::string overhead_text(const std::optional<shift>& d, const aa_check& aa, const std::string& suffix,
                          const std::string& unit) {
  if (!d) return not_available("not measured");
  const auto res = aa.resolution();
  if (resolve(*d, res) != resolved::no) return signed_num(d->estimate) + unit + suffix;
  if (auto b = bound_of(*d, res)) return bound_text(*b, unit);
  return "not resolved: " + not_available(res ? "needs " + processes_needed(*d) : aa.why_no_resolution());
}

const case_samples* none_for(const std::vector<case_samples>& cases, const tidy_row& x) {
  return find_case(cases, [&](const tidy_row& r) {
    return r[kind] == "hotpath" && is_baseline(r) && (r[arm].empty() || r[arm] == "1") &&
           same_hotpath_setting(r, x);
  });
}

double aa_target_ns(unsigned threads) { return threads <= 1 ? 0.05 : 0.15; }

std::size_t processes_for(double target, double now, std::size_t n) {
  double need = static_cast<double>(n) * (now / target) * (now / target);
  return static_cast<std::size_t>(std::ceil(need));
}

std::string interval_methods_note() {
  return "Intervals, each at the level its column header or cell names (the level "
         "the method has at its n, rounded down): the interval of a median is "
         "distribution-free, from order statistics (x(k), x(n+1-k) with the largest k "
         "whose binomial(n, 1/2) coverage is at least 95 %: 96.8 % at 6 processes "
         "(the extremes), 99.2 % at 8, 96.0 % at 9 (the second-lowest and "
         "second-highest); it needs at least " + std::to_string(median_ci_min_n()) +
         " processes). Every statistic takes one value per process (the unit of "
         "replication): the median of its rounds' rows when it ran several. The difference between two cases that ran in the same "
         "processes (X - none, X - its sweep peer, A/A arm 2 - arm 1) is paired: "
         "one difference per process (the median of its rounds' differences, "
         "round by round), their median with the order-statistic interval of a "
         "median (sign test; what moved a whole process, or one of its rounds, "
         "cancels). "
         "Cases that share no process (bare, or data without process ids) are "
         "unpaired: the Hodges-Lehmann shift (the median of all pairwise "
         "differences) with its distribution-free interval from the "
         "Mann-Whitney U distribution (exact up to " + std::to_string(u_exact_max_n) +
         " values in all, normal approximation beyond; at least " +
         std::to_string(shift_ci_min_n()) + " processes each). The A/B compare "
         "of two runs gives the difference of medians, with the interval of the "
         "Hodges-Lehmann shift between the two runs' processes at the level it has.";
}

const case_samples* limit_for(const std::vector<case_samples>& cases, const tidy_row& x) {
  return find_case(cases, [&](const tidy_row& r) {
    return r[kind] == "limit" && r[threads] == x[sweepers] &&
           same_setting(r, x, {capacity_gib, memmap});
  });
}

}  // namespace pgmap::results
