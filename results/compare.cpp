#include "results/compare.hpp"

#include <cmath>
#include <map>

#include "common/error.hpp"
#include "results/case_stats.hpp"
#include "results/detectable.hpp"
#include "results/multiple_comparisons.hpp"
#include "results/numbers.hpp"
#include "results/summary.hpp"
#include "results/tidy_csv.hpp"

namespace pgmap::results {
namespace {

std::map<std::string, const case_samples*> by_parameters(const std::vector<case_samples>& cases) {
  std::map<std::string, const case_samples*> out;
  for (const case_samples& c : cases) out.emplace(c.params().case_key(), &c);
  return out;
}

// |median(arm 2) - median(arm 1)| of `none` at x's setting in one run.
std::optional<double> aa_difference(const std::vector<case_samples>& cases, const tidy_row& x) {
  const aa_check aa = aa_check_at(cases, x);
  if (!aa.arm1 || !aa.arm2) return std::nullopt;
  auto m1 = case_median(*aa.arm1, ns_per_pair), m2 = case_median(*aa.arm2, ns_per_pair);
  if (!m1 || !m2) return std::nullopt;
  return std::fabs(*m2 - *m1);
}

// The larger of the two runs' A/A differences (hot-path ns per pair only).
std::optional<double> resolution(const std::vector<case_samples>& ca, const std::vector<case_samples>& cb,
                                 const tidy_row& xa, const tidy_row& xb) {
  if (xa[kind] != "hotpath") return std::nullopt;
  auto ra = aa_difference(ca, xa), rb = aa_difference(cb, xb);
  if (!ra || !rb) return std::nullopt;
  return std::max(*ra, *rb);
}

// X's ns per pair minus its baseline's in the same process, one per process
// that ran both, and the baseline; empty when X is no hot-path tracker with
// a baseline in shared processes.
struct overhead_values {
  std::vector<double> values;
  const case_samples* base = nullptr;
};
overhead_values overheads(const std::vector<case_samples>& cases, const case_samples& x) {
  if (x.params()[kind] != "hotpath" || is_baseline(x.params())) return {};
  const case_samples* base = none_for(cases, x.params());
  if (!base) return {};
  const std::optional<shift> d = difference(*base, x, ns_per_pair);
  if (!d || !d->paired) return {};
  return {d->differences, base};
}

std::string unit_of(col m) {
  switch (m) {
    case ns_per_pair: return "ns/pair";
    case pairs_per_s: case pages_per_s: return "1/s";
    case read_gbps: return "GB/s";
    case bytes_read: case ctr_mem_read_bytes: case ctr_mem_write_bytes:
    case ctr_pmm_read_bytes: case ctr_pmm_write_bytes: return "bytes";
    case pages_scanned: case pages_waited: return "pages";
    case iterations: return "count";
    default: return column_names[m].ends_with("_ns") ? "ns" : "events";
  }
}

std::string p_cell(const compare_row& r) {
  if (!r.u) return not_available("needs " + std::to_string(u_test_min_n) + " repetitions each");
  return num(r.u->p) + (r.u->exact ? " (exact)" : " (normal)");
}

std::string q_cell(const compare_row& r) {
  if (!r.judged) return "-";
  return r.q ? num(*r.q) : not_available("no U test");
}

std::string ci_cell(const compare_row& r) {
  if (!r.ci) return not_available("needs " + std::to_string(shift_ci_min_n()) + " processes each");
  return "[" + signed_num(r.ci->lo) + ", " + signed_num(r.ci->hi) + "; " + level_text(r.ci->coverage) + "]";
}

std::string change_pct(const compare_row& r) {
  return r.a_whole != 0 ? percent((r.b - r.a) / r.a_whole) : not_available("A is 0");
}

// "ns_per_pair", or "ns_per_pair - none" for an overhead row.
std::string metric_name(const compare_row& r) {
  return std::string(column_names[r.metric]) + (r.minus.empty() ? "" : " - " + r.minus);
}

// A change that does not count is a bound on its size, never a signed
// figure: |B - A| is at most the farther end of its interval, or the
// resolution (hot path) when that is larger.
std::optional<double> change_bound(const compare_row& r) {
  if (!r.ci) return std::nullopt;
  return std::max(farther_end(*r.ci), r.resolution.value_or(0));
}

std::string change_cell(const compare_row& r) {
  if (r.changed) return signed_num(r.b - r.a);
  const auto b = change_bound(r);
  return b ? "|change| at most " + num(*b) : not_available("no interval");
}

std::string change_pct_cell(const compare_row& r) {
  if (r.changed) return change_pct(r);
  const auto b = change_bound(r);
  if (!b) return not_available("no interval");
  if (r.a_whole == 0) return not_available("A is 0");
  return "|change| at most " + num(*b / std::fabs(r.a_whole) * 100) + " %";
}

// A judged row's detectable change; "-" for a metric that decides nothing.
std::string detectable_cell(const compare_row& r) {
  if (!r.judged || !r.q) return "-";
  const std::string doubled = " at " + std::to_string(2 * r.n_a) + "+" + std::to_string(2 * r.n_b) + " processes";
  const std::string then = r.detectable_doubled ? "; " + num(*r.detectable_doubled) + doubled
                                                : "; none alone" + doubled;
  if (!r.detectable) return "none alone at " + std::to_string(r.n_a) + "+" + std::to_string(r.n_b) + then;
  return with_unit(*r.detectable, r.metric) + then;
}

// The summary line: what a change needs to be flagged alone in this family,
// whether these processes can give it, and what twice as many would see.
std::string could_see(const comparison& c) {
  if (c.family == 0) return "What it could see: no case has a U test (too few processes).";
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> sizes;
  std::vector<double> pct, pct_doubled;
  for (const compare_row& r : c.rows) {
    if (!r.judged || !r.q) continue;
    ++sizes[{r.n_a, r.n_b}];
    if (r.a_whole == 0) continue;
    if (r.detectable) pct.push_back(*r.detectable / std::fabs(r.a_whole));
    if (r.detectable_doubled) pct_doubled.push_back(*r.detectable_doubled / std::fabs(r.a_whole));
  }
  auto most = sizes.begin();
  for (auto it = sizes.begin(); it != sizes.end(); ++it)
    if (it->second > most->second) most = it;
  const auto [n_a, n_b] = most->first;
  const double bar = significance / double(c.family);
  std::string s = "What it could see: a change alone in this family of " + std::to_string(c.family) +
                  " is flagged when its p < " + num(significance) + " / " + std::to_string(c.family) + " = " +
                  num(bar) + ". With " + std::to_string(n_a) + " and " + std::to_string(n_b) +
                  " processes per case" + (sizes.size() > 1 ? " (most cases)" : "") + " the U test gives p >= " +
                  num(smallest_p(n_a, n_b));
  if (pct.empty())
    s += ": no change can be flagged alone, however large (several together can be, by " +
         std::string(correction_name) + ").";
  else
    s += "; a change alone is flagged 80 % of the time from a median of " + num(median(pct) * 100) +
         " % of A (per case: 'detectable alone', at least the resolution).";
  if (!pct_doubled.empty())
    s += " With " + std::to_string(2 * n_a) + " and " + std::to_string(2 * n_b) +
         " processes per case (--repetitions), from a median of " + num(median(pct_doubled) * 100) + " %.";
  return s;
}

std::string list(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

table changed_table(const comparison& c, std::size_t family) {
  table t{"Changed beyond the resolution (" + std::string(correction_name) + ", q < " +
              num(significance) + ")",
          {"case", "figure", "A", "B", "change", "shift interval", "q"}, {}, {}};
  std::size_t unresolved = 0;
  for (const compare_row& r : c.rows) {
    if (r.judged && r.q && *r.q < significance && !r.changed) ++unresolved;
    if (!r.changed) continue;
    t.rows.push_back({display_name(*r.params), metric_name(r), with_unit(r.a, r.metric), with_unit(r.b, r.metric),
                      signed_num(r.b - r.a) + " (" + change_pct(r) + ")", ci_cell(r), num(*r.q)});
  }
  t.notes.push_back(
      "One test per case (ns per pair, removal latency or read bandwidth), " + std::to_string(family) +
      " in the family; q is the " + correction_name + "-adjusted Mann-Whitney U p-value. A change "
      "counts when q < " + num(significance) + " and, on the hot path, it exceeds the resolution: the "
      "larger A/A difference of none (arm 2 vs arm 1) of the two runs at that setting. A tracker "
      "measured in the same processes as none in both runs is tested on ns_per_pair - none, one "
      "value per process, so what slowed a whole process cancels; change % is of A's ns_per_pair." +
      (unresolved ? " " + std::to_string(unresolved) + " more case(s) have q < " + num(significance) +
                        " but change less than the resolution."
                  : ""));
  if (t.rows.empty()) t.notes.push_back("Nothing changed beyond the resolution.");
  t.notes.push_back(could_see(c));
  return t;
}

}  // namespace

comparison compare_runs(const run_data& a, const run_data& b) {
  comparison out{a.label, b.label, {}, 0, {}, {}};
  const std::vector<case_samples> ca = group_cases(a.rows), cb = group_cases(b.rows);
  auto ib = by_parameters(cb);
  std::vector<double> family_p;
  std::vector<std::size_t> family_row;
  for (const auto& [key, in_a] : by_parameters(ca)) {
    const case_samples* const sa = in_a;  // a lambda below uses it: no structured binding (clang 14)
    auto it = ib.find(key);
    if (it == ib.end()) {
      out.only_a.push_back(display_name(sa->params()));
      continue;
    }
    const case_samples& sb = *it->second;
    const col judge = primary_metric(sa->params()[kind]);
    // Paired within each run when both runs measured X beside its baseline.
    const overhead_values oa = overheads(ca, *sa), ob = overheads(cb, sb);
    const bool by_overhead = !oa.values.empty() && !ob.values.empty();
    auto add = [&](col metric, const std::vector<double>& va, const std::vector<double>& vb, std::string minus,
                   double a_whole, bool judged) {
      compare_row r;
      r.params = &sa->params();
      r.metric = metric;
      r.minus = std::move(minus);
      r.judged = judged;
      r.a = median(va);
      r.b = median(vb);
      r.a_whole = a_whole;
      if (auto hl = hodges_lehmann(va, vb)) r.ci = hl->ci;
      r.u = mann_whitney(va, vb);
      if (r.judged) r.resolution = resolution(ca, cb, sa->params(), sb.params());
      r.n_a = va.size();
      r.n_b = vb.size();
      r.spread = pooled_spread(va, vb);
      if (r.judged && r.u) {
        family_p.push_back(r.u->p);
        family_row.push_back(out.rows.size());
      }
      out.rows.push_back(std::move(r));
    };
    for (std::size_t m = first_measure + 1; m <= last_measure; ++m) {
      const col metric = static_cast<col>(m);
      const std::vector<double> va = sa->values(metric), vb = sb.values(metric);
      if (va.empty() || vb.empty()) continue;
      const double a_whole = median(va);
      add(metric, va, vb, "", a_whole, metric == judge && !by_overhead);
      if (metric == judge && by_overhead) add(metric, oa.values, ob.values, oa.base->params()[subject], a_whole, true);
    }
    ib.erase(it);
  }
  for (const auto& [key, sb] : ib) out.only_b.push_back(display_name(sb->params()));
  if (out.rows.empty())
    throw pgmap::nothing_to_do("nothing to compare: " + a.path + " and " + b.path + " have no case in common (" +
                               std::to_string(out.only_a.size()) + " cases only in A, " +
                               std::to_string(out.only_b.size()) + " only in B)");
  const std::vector<double> q = benjamini_hochberg(family_p);
  out.family = q.size();
  // Shifts in standard deviations, per sample sizes: most rows share them.
  std::map<std::pair<std::size_t, std::size_t>, std::optional<double>> k;
  auto shift_sd = [&](std::size_t n_a, std::size_t n_b) {
    auto it = k.find({n_a, n_b});
    if (it == k.end())
      it = k.emplace(std::pair{n_a, n_b}, detectable_shift_sd(n_a, n_b, significance / double(out.family))).first;
    return it->second;
  };
  for (std::size_t i = 0; i < q.size(); ++i) {
    compare_row& r = out.rows[family_row[i]];
    r.q = q[i];
    r.changed = q[i] < significance && (!r.resolution || std::fabs(r.b - r.a) > *r.resolution);
    if (auto s = shift_sd(r.n_a, r.n_b)) r.detectable = std::max(*s * r.spread, r.resolution.value_or(0));
    if (auto s = shift_sd(2 * r.n_a, 2 * r.n_b))
      r.detectable_doubled = std::max(*s * r.spread, r.resolution.value_or(0));
  }
  return out;
}

document compare(const run_data& a, const run_data& b) {
  const comparison c = compare_runs(a, b);
  document doc{"pgmap-bench comparison: A = " + a.label + ", B = " + b.label, run_heading({a, b}), {},
               {interval_methods_note()}};
  doc.tables.push_back(changed_table(c, c.family));
  table t{"Every case and metric, A to B",
          {"case", "metric", "A", "B", "change", "change %", "shift interval", "p (U test)", "q",
           "detectable alone"},
          {}, {}};
  for (const compare_row& r : c.rows)
    t.rows.push_back({display_name(*r.params), metric_name(r), with_unit(r.a, r.metric),
                      with_unit(r.b, r.metric), change_cell(r), change_pct_cell(r), ci_cell(r), p_cell(r),
                      q_cell(r), detectable_cell(r)});
  t.notes.push_back("A change is signed only where it counts (the first table); elsewhere its size "
                    "is bounded: at most the farther end of its interval, or the resolution when larger. "
                    "Cases match on every parameter column except host and commit. p: two-sided "
                    "Mann-Whitney U test over the processes (exact when there are no ties and the two have at most " +
                    std::to_string(u_exact_max_n) + " values together, else normal approximation with tie and "
                    "continuity correction); "
                    "the raw p of a metric other than the case's own figure is not corrected and "
                    "decides nothing.");
  if (!c.only_a.empty()) t.notes.push_back("Only in A: " + list(c.only_a) + ".");
  if (!c.only_b.empty()) t.notes.push_back("Only in B: " + list(c.only_b) + ".");
  doc.tables.push_back(std::move(t));
  return doc;
}

std::string compare_csv(const comparison& c) {
  auto opt = [](const std::optional<double>& v) { return v ? exact_number(*v) : std::string(); };
  std::string out = "label_a,label_b,case";
  for (col p : parameter_columns) out += "," + std::string(column_names[p]);
  out += ",metric,minus,unit,median_a,median_b,change,change_pct,shift_ci_lo,shift_ci_hi,shift_ci_level,p_u_test,p_exact,"
         "q_benjamini_hochberg,resolution,changed,detectable,detectable_doubled\n";
  for (const compare_row& r : c.rows) {
    std::vector<std::string> cells = {c.label_a, c.label_b, display_name(*r.params)};
    for (col p : parameter_columns) cells.push_back((*r.params)[p]);
    cells.insert(cells.end(),
                 {std::string(column_names[r.metric]), r.minus, unit_of(r.metric), exact_number(r.a), exact_number(r.b),
                  exact_number(r.b - r.a), r.a_whole != 0 ? exact_number((r.b - r.a) / r.a_whole * 100) : "",
                  r.ci ? exact_number(r.ci->lo) : "", r.ci ? exact_number(r.ci->hi) : "",
                  r.ci ? exact_number(r.ci->coverage) : "",
                  r.u ? exact_number(r.u->p) : "", r.u ? (r.u->exact ? "true" : "false") : "", opt(r.q),
                  opt(r.resolution), r.judged && r.q ? (r.changed ? "true" : "false") : "",
                  opt(r.detectable), opt(r.detectable_doubled)});
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\n";
  }
  return out;
}

}  // namespace pgmap::results
