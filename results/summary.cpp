#include "results/summary.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "results/case_stats.hpp"
#include "results/machine.hpp"
#include "results/numbers.hpp"
#include "results/stats.hpp"

namespace pgmap::results {
namespace {

using cases_t = std::vector<case_samples>;


table case_table(const cases_t& cases) {
  table t{"Cases", {"case", "n", "median", "CI", "CV"}, {}, {}};
  ci_levels levels;
  for (const case_samples& c : cases) {
    col m = primary_metric(c.params()[kind]);
    t.rows.push_back({display_name(c.params()), std::to_string(c.values(m).size()),
                      median_cell(c, m), median_ci_cell(c, m, &levels), cv_cell(c, m)});
  }
  t.columns[3] = levels.header();
  t.notes.push_back("The median is of ns per pair (hotpath, bare), removal latency "
                    "(removal) or read bandwidth (limit); CV is the coefficient of "
                    "variation over the repetitions.");
  return t;
}

// X - none at the resolution of X's setting: the shift and its share of
// none, or its bound.
std::string overhead_cell(const aa_check& aa, const std::optional<shift>& d,
                          std::optional<double> none_median) {
  const bool share = d && none_median && *none_median != 0;
  return overhead_text(d, aa, share ? " (" + percent(d->estimate / *none_median) + ")" : "");
}

table overhead_table(const cases_t& cases) {
  table t{"Overhead over none", {"case", "none", "median", "overhead", "CI (ns)", "resolution"},
          {}, {}};
  ci_levels levels;
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "hotpath" || is_baseline(x)) continue;
    const case_samples* base = none_for(cases, x);
    if (!base) continue;
    auto d = difference(*base, c, ns_per_pair);
    if (!d) continue;
    aa_check aa = aa_check_at(cases, x);
    auto res = aa.resolution();
    t.rows.push_back({display_name(x), median_cell(*base, ns_per_pair), median_cell(c, ns_per_pair),
                      overhead_cell(aa, d, case_median(*base, ns_per_pair)), shift_ci_cell(d, &levels),
                      res ? num(*res) + " ns" : not_available(aa.why_no_resolution())});
  }
  t.columns[4] = levels.header("ns");
  t.notes.push_back("Same run, host, threads, pages, work and memmap; `none` of arm 1. Overhead = "
                    "X - none, paired by process (the median of the per-process differences), given only when "
                    "resolved: beyond the setting's resolution (A/A check) with its "
                    "interval on the same side of zero; else a bound: \"at most B ns (L)\", B the larger "
                    "of the interval's upper end and the resolution, L the one-sided level of that "
                    "upper end (a cost inside the noise is bounded, never signed).");
  return t;
}

table scaling_table(const cases_t& cases) {
  table t{"Scaling 1 -> N threads", {"case", "pairs/s (1)", "pairs/s (N)", "efficiency"}, {}, {}};
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "hotpath" || x[threads] == "1" || x[threads].empty()) continue;
    const case_samples* one = find_case(cases, [&](const tidy_row& r) {
      return r[kind] == "hotpath" && r[threads] == "1" &&
             same_setting(r, x, {subject, pages, work, memmap, arm, folio_order});
    });
    if (!one) continue;
    auto pn = case_median(c, pairs_per_s), p1 = case_median(*one, pairs_per_s);
    double n = *x.number(threads);
    t.rows.push_back({display_name(x), p1 ? count(*p1) : not_available("not measured"),
                      pn ? count(*pn) : not_available("not measured"),
                      pn && p1 && *p1 > 0 ? num(*pn / (n * *p1) * 100) + " %"
                                          : not_available("pairs/s not measured")});
  }
  t.notes.push_back("Efficiency = pairs_per_s(N) / (N x pairs_per_s(1)), medians.");
  return t;
}

table removal_table(const cases_t& cases) {
  table t{"Removal",
          {"case", "n", "latency", "CI (ns)", "pages scanned", "read", "sweep efficiency"},
          {}, {}};
  ci_levels levels;
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "removal") continue;
    std::string efficiency = not_available("not a sweep");
    if (removal_scans_memmap(x) && large_folios(x)) {
      efficiency = not_available("reads 2 lines per folio, the limit every line");
    } else if (removal_scans_memmap(x)) {
      const case_samples* lim = limit_for(cases, x);
      auto rs = case_median(c, read_gbps);
      auto rl = lim ? case_median(*lim, read_gbps) : std::nullopt;
      efficiency = rs && rl && *rl > 0 ? num(*rs / *rl * 100) + " %"
                                       : not_available("no limit case at this capacity");
    }
    t.rows.push_back({display_name(x), std::to_string(c.values(latency_ns).size()),
                      median_cell(c, latency_ns), median_ci_cell(c, latency_ns, &levels),
                      median_cell(c, pages_scanned), median_cell(c, read_gbps), efficiency});
  }
  t.columns[3] = levels.header("ns");
  t.notes.push_back("Sweep efficiency = sweep read_gbps / limit read_gbps of the same run, "
                    "capacity and memmap, limit threads = sweepers (medians).");
  return t;
}

table harness_table(const cases_t& cases) {
  table t{"Harness check (none vs bare)", {"case", "bare", "none", "none - bare", "CI (ns)"},
          {}, {}};
  ci_levels levels;
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "hotpath" || none_for(cases, x) != &c) continue;
    // bare runs where the placement puts it: against none on one socket
    // where that was measured, not none across two.
    if (sockets_of(x) > 1 && find_case(cases, [&](const tidy_row& r) {
          return r[kind] == "hotpath" && r[subject] == x[subject] && r[arm] == x[arm] && sockets_of(r) == 1 &&
                 same_setting(r, x, {threads, pages, work, memmap, folio_order});
        }))
      continue;
    const case_samples* bare_case = find_case(cases, [&](const tidy_row& r) {
      return r[kind] == "bare" && same_setting(r, x, {threads});
    });
    if (!bare_case) continue;
    auto d = difference(*bare_case, c, ns_per_pair);
    // Signed only when the interval tells it from zero; else its size is bounded.
    t.rows.push_back({display_name(x), median_cell(*bare_case, ns_per_pair),
                      median_cell(c, ns_per_pair),
                      !d      ? not_available("not measured")
                      : !d->ci ? "not resolved: " + not_available("needs " + processes_needed(*d))
                      : excludes_zero(*d->ci) ? signed_num(d->estimate) + " ns"
                                              : "|none - bare| at most " + num(farther_end(*d->ci)) + " ns",
                      shift_ci_cell(d, &levels)});
  }
  t.columns[4] = levels.header("ns");
  t.notes.push_back("`bare` is two atomic operations on a private cache line: `none` "
                    "should cost about the same, else the harness itself adds cost. `bare` "
                    "runs in processes of its own, so none - bare is unpaired.");
  return t;
}

std::string detects_cell(const aa_check& aa) {
  // A model: no more digits, and never more than it has.
  if (auto p = aa.detects_resolution()) return std::to_string(static_cast<int>(std::floor(*p * 100))) + " %";
  return not_available(aa.diff && !aa.diff->paired ? "unpaired" : "no interval");
}

table aa_table(const cases_t& cases) {
  table t{"A/A check (none arm 2 - arm 1)",
          {"setting", "n", "arm 1", "arm 2", "arm 2 - arm 1", "CI (ns)", "excludes 0",
           "resolution", "detects it"},
          {}, {}};
  ci_levels levels;
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "hotpath" || !is_baseline(x) || x[arm] != "2") continue;
    aa_check aa = aa_check_at(cases, x);
    if (!aa.arm1) continue;
    auto res = aa.resolution();
    t.rows.push_back(
        {"threads:" + x[threads] + (sockets_of(x) > 1 ? "/sockets:" + x[sockets] : "") + "/pages:" + x[pages] +
             "/work:" + x[work] + "/memmap:" + x[memmap],
         aa.diff && aa.diff->paired ? std::to_string(aa.diff->differences.size()) + " pairs"
                                    : std::to_string(aa.arm1->values(ns_per_pair).size()) + "+" +
                                          std::to_string(c.values(ns_per_pair).size()),
         median_cell(*aa.arm1, ns_per_pair), median_cell(c, ns_per_pair),
         !aa.diff               ? not_available("not measured")
         : !aa.resolution()     ? "not resolved: " + not_available(aa.why_no_resolution())
         : aa.excludes_zero()   ? signed_num(aa.diff->estimate) + " ns"
                                : "at most " + num(*aa.resolution()) + " ns apart",
         shift_ci_cell(aa.diff, &levels),
         aa.diff && aa.diff->ci ? (aa.excludes_zero() ? "yes" : "no") : not_available("no interval"),
         res ? num(*res) + " ns" : not_available(aa.why_no_resolution()),
         detects_cell(aa)});
  }
  t.columns[5] = levels.header("ns");
  t.notes.push_back("`none` (the baseline tracker) measured twice per setting as independent "
                    "arms in each process. The difference is paired by process (per process, "
                    "the median of its rounds' arm 2 - arm 1) with its interval at the level in the header: "
                    "it should exclude 0 in at most 1 - that level of the settings (where it does not, the "
                    "difference reads \"at most R ns apart\", R the resolution). \"Detects it\": "
                    "how often a check at this n would exclude 0 if the arms truly differed by "
                    "the resolution (a normal model of the per-process differences, with their "
                    "standard deviation; rounded down): a low figure means this check rarely "
                    "sees a real difference of that size (an overhead of that size reads "
                    "resolved only when its median is beyond the resolution too, about half "
                    "as often). Resolution = the larger |bound| of that interval: the "
                    "smallest hot-path difference this run tells apart at the setting. Every "
                    "overhead within it reads as a bound, \"at most B ns\".");
  return t;
}

std::string run_title(const run_data& run) {
  std::string h = run.rows.empty() ? "unknown-host" : run.rows.front()[host];
  return h + " (" + run.path + ")";
}

}  // namespace

std::vector<std::string> run_heading(const std::vector<run_data>& runs) {
  std::vector<std::string> out;
  for (const run_data& run : runs) {
    out.push_back(run_title(run) + ": " + machine_line(run.machine, run.counters()));
    out.push_back("suite commit: " + record_commit(run.machine));
  }
  return out;
}

// Median relative distance of the values from their median.
double spread(const std::vector<double>& v) {
  const double m = median(v);
  std::vector<double> d;
  for (double x : v) d.push_back(m != 0 ? std::fabs(x - m) / std::fabs(m) : 0);
  return median(d);
}

// Hot-path cases whose processes ran rounds: how far rounds lie from their
// process's value, against how far process values lie from the case's.
table rounds_table(const cases_t& cases) {
  table t{"Rounds within processes", {"case", "processes x rounds", "within", "between"}, {}, {}};
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "hotpath" || x[round].empty()) continue;
    const std::vector<std::vector<double>> r = c.rounds(ns_per_pair);
    if (r.empty()) continue;
    std::vector<double> within;
    std::size_t most = 0;
    for (const std::vector<double>& p : r) {
      within.push_back(spread(p));
      most = std::max(most, p.size());
    }
    t.rows.push_back({display_name(x), std::to_string(r.size()) + " x " + std::to_string(most),
                      num(median(within) * 100) + " %", num(spread(c.values(ns_per_pair)) * 100) + " %"});
  }
  t.notes.push_back("within: median over the processes of the rounds' median distance from "
                    "their process's value (the median of its rounds); between: the process "
                    "values' median distance from the case's median; both relative, ns per pair. With "
                    "few rounds (3: within is the nearer of the two rounds that are not the "
                    "median) within reads low against between, a bound from below.");
  return t;
}

document summary(const std::vector<run_data>& runs) {
  document doc{"pgmap-bench summary", run_heading(runs), {}, {interval_methods_note()}};
  for (const run_data& run : runs) {
    cases_t cases = group_cases(run.rows);
    std::string on = " - " + run_title(run);
    for (table t : {case_table(cases), overhead_table(cases), scaling_table(cases),
                    removal_table(cases), harness_table(cases), aa_table(cases)}) {
      t.title += on;
      doc.tables.push_back(std::move(t));
    }
    if (table r = rounds_table(cases); !r.rows.empty()) {  // runs before rounds have none
      r.title += on;
      doc.tables.push_back(std::move(r));
    }
  }
  return doc;
}

// Hot path without work: one line per tracker, pages and threads.
table end_hotpath_table(const cases_t& cases) {
  table t{"Hot path, work none", {"tracker", "pages", "thr", "ns/pair", "over none"}, {}, {}};
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "hotpath" || !(x[work].empty() || x[work] == "none") || x[arm] == "2")
      continue;
    auto mx = case_median(c, ns_per_pair);
    std::string over = "(baseline)";
    if (!is_baseline(x)) {
      const case_samples* base = none_for(cases, x);
      over = base ? overhead_cell(aa_check_at(cases, x), difference(*base, c, ns_per_pair),
                                  case_median(*base, ns_per_pair))
                  : not_available("no none");
    }
    t.rows.push_back({x[subject] + folio_order_suffix(x), x[pages], threads_cell(threads_of(x), sockets_of(x)),
                      mx ? num(*mx) : not_available("none"),
                      over});
  }
  return t;
}

// Removal with nothing in use: latency, and the sweep's read rate against
// the same-run limit.
table end_removal_table(const cases_t& cases) {
  table t{"Removal, nothing in use", {"tracker", "GiB", "sw", "latency", "sweep/limit"}, {}, {}};
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "removal" || x.number(in_use_pct).value_or(0) != 0) continue;
    std::string eff;
    if (removal_scans_memmap(x) && large_folios(x)) {
      eff = not_available("folios");
    } else if (removal_scans_memmap(x)) {
      const case_samples* lim = limit_for(cases, x);
      auto rs = case_median(c, read_gbps);
      auto rl = lim ? case_median(*lim, read_gbps) : std::nullopt;
      eff = rs && rl && *rl > 0 ? num(*rs / *rl) : not_available("no limit");
    }
    auto lat = case_median(c, latency_ns);
    t.rows.push_back({x[subject] + folio_order_suffix(x), x[capacity_gib], x[sweepers],
                      lat ? duration(*lat) : not_available("none"),
                      eff});
  }
  return t;
}

document short_summary(const std::vector<run_data>& runs) {
  document doc{"pgmap-bench: end of run", run_heading(runs), {}, {}};
  for (const run_data& run : runs) {
    cases_t cases = group_cases(run.rows);
    for (table t : {end_hotpath_table(cases), end_removal_table(cases)}) {
      t.title += " - " + run_title(run);
      doc.tables.push_back(std::move(t));
    }
  }
  return doc;
}

}  // namespace pgmap::results
