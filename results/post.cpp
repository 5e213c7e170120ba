#include "results/post.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "results/case_stats.hpp"
#include "results/host_behaviour.hpp"
#include "results/machine.hpp"
#include "results/numbers.hpp"
#include "results/stats.hpp"
#include "results/verdict.hpp"

namespace pgmap::results {
namespace {

using cases_t = std::vector<case_samples>;

// The distinct non-empty values of a column, joined by "/".
std::string distinct(const tidy_rows& rows, col c, const std::string& kind_only = "") {
  std::set<std::string> seen;
  for (const tidy_row& r : rows)
    if (!r[c].empty() && (kind_only.empty() || r[kind] == kind_only)) seen.insert(r[c]);
  std::string out;
  for (const std::string& s : seen) out += (out.empty() ? "" : "/") + s;
  return out.empty() ? "-" : out;
}

// The pages (c = pages) or memmap (c = memmap) a post shows for a run:
// private pages and a DRAM memmap when it has them.
std::string shown(const run_data& run, col c) {
  return preferred(run.rows, c, c == pages ? "private" : "dram", {"hotpath", "removal"});
}

bool plain_hotpath(const tidy_row& r, const std::string& pg, const std::string& mm) {
  return r[kind] == "hotpath" && (r[work].empty() || r[work] == "none") && r[arm] != "2" &&
         r[pages] == pg && r[memmap] == mm;
}

// Processes per case: the fewest and most repetitions any case has.
std::string processes(const cases_t& cases) {
  std::size_t lo = SIZE_MAX, hi = 0;
  for (const case_samples& c : cases) {
    lo = std::min(lo, c.processes());
    hi = std::max(hi, c.processes());
  }
  if (hi == 0) return "no cases";
  return (lo == hi ? std::to_string(hi) : std::to_string(lo) + "-" + std::to_string(hi)) +
         (hi == 1 ? " process" : " processes") + " per case";
}

std::string short_commit(const run_data& run) {
  std::string c = record_commit(run.machine);
  return c.starts_with("unavailable") ? "commit unavailable" : "commit " + c.substr(0, 12);
}

std::string kernel_of(const run_data& run) {
  if (run.machine.is_object())
    if (auto k = run.machine.find("kernel"); k != run.machine.end() && k->is_string())
      return ", kernel " + k->get<std::string>();
  return "";
}

// Median, and its interval when the case has enough processes for one.
std::string median_with_ci(const case_samples& c, col m, ci_levels& levels) {
  std::vector<double> v = c.values(m);
  if (v.empty()) return not_available("not measured");
  std::string s = num(median(v));
  auto ci = median_ci(v);
  levels.add(ci);
  if (ci) s += " [" + num(ci->lo) + ", " + num(ci->hi) + "]";
  return s;
}

// A row of a thread-column table: its label and a cell per thread count.
struct thread_row {
  std::string label;
  std::map<unsigned, std::string> by_threads;
  bool marked = false;  // uses a process disturbed in every attempt
  std::string shown() const { return marked ? label + " !" : label; }
};

// Rows by thread count, the columns split into tables that each fit the
// mail width (notes go on the last).
void thread_tables(document& doc, const std::string& title, const std::string& first,
                          const std::vector<thread_row>& rows) {
  std::set<unsigned> thread_counts;
  std::size_t first_width = first.size();
  for (const thread_row& r : rows) {
    first_width = std::max(first_width, r.shown().size());
    for (const auto& [t, cell] : r.by_threads) thread_counts.insert(t);
  }
  std::vector<unsigned> ts(thread_counts.begin(), thread_counts.end());
  // A post has room for two thread-count columns of intervals: the fewest
  // and the most; summary.txt has every one.
  const std::size_t measured = ts.size();
  if (measured > 2) ts = {ts.front(), ts.back()};
  std::size_t added = 0;
  for (std::size_t from = 0; from < ts.size(); ++added) {
    std::size_t width = first_width, to = from;
    while (to < ts.size()) {
      std::size_t w = plural(std::to_string(ts[to]), "thread").size();
      for (const thread_row& r : rows)
        if (auto it = r.by_threads.find(ts[to]); it != r.by_threads.end()) w = std::max(w, it->second.size());
      if (to > from && width + 2 + w > txt_width) break;
      width += 2 + w;
      ++to;
    }
    table t{title, {first}, {}, {}};
    for (std::size_t i = from; i < to; ++i) t.columns.push_back(plural(std::to_string(ts[i]), "thread"));
    for (const thread_row& r : rows) {
      std::vector<std::string> cells = {r.shown()};
      for (std::size_t i = from; i < to; ++i) {
        auto it = r.by_threads.find(ts[i]);
        cells.push_back(it == r.by_threads.end() ? "-" : it->second);
      }
      t.rows.push_back(std::move(cells));
    }
    doc.tables.push_back(std::move(t));
    from = to;
  }
  if (added && measured > ts.size())
    doc.tables.back().notes.push_back(std::to_string(ts.size()) + " of " + std::to_string(measured) +
                                      " thread counts shown; all in summary.txt.");
}

unsigned threads_of(const tidy_row& x) { return static_cast<unsigned>(x.number(threads).value_or(1)); }

// Tracker rows, thread columns: absolute ns per pair.
void hotpath_tables(document& doc, const std::vector<run_data>& runs) {
  const bool many = runs.size() > 1;
  std::vector<thread_row> rows;
  ci_levels levels;
  // One setting in the title when every run has it; else each run's in a note
  // (a fleet's hosts may keep their memmaps in different places).
  std::string setting, per_run;
  bool same = true;
  for (const run_data& run : runs) {
    const std::string pg = shown(run, pages), mm = shown(run, memmap);
    const std::string here = pg + " pages, work none, memmap " + mm;
    if (setting.empty()) setting = here;
    same = same && here == setting;
    per_run += (per_run.empty() ? "" : "; ") + run.label + ": " + here;
    for (const case_samples& c : group_cases(run.rows)) {
      const tidy_row& x = c.params();
      if (!plain_hotpath(x, pg, mm)) continue;
      const std::string label = many ? run.label + ": " + x[subject] : x[subject];
      auto it = std::find_if(rows.begin(), rows.end(), [&](const thread_row& r) { return r.label == label; });
      if (it == rows.end()) it = rows.insert(rows.end(), {label, {}});
      it->by_threads[threads_of(x)] = median_with_ci(c, ns_per_pair, levels);
      it->marked = it->marked || c.disturbed_used;
    }
  }
  if (rows.empty()) return;
  const std::string level = levels.text();
  thread_tables(doc, "Hot path, ns per pair" + (level.empty() ? "" : " [" + level + "]") + ": " +
                         (same ? setting : "settings per run (below)"),
                many ? "run: tracker" : "tracker", rows);
  if (!same) doc.tables.back().notes.push_back("Settings per run: " + per_run + ".");
}

// X - none: resolved, "+0.728 [0.661, 0.861]" (3 digits: a cell of each
// thread count fits 72 columns beside the label; `unit` after the estimate;
// the interval clear of zero on its side; its level into `levels`); else
// the bound, "at most 0.026 (98.0 %)", or why there is none.
std::string cost_text(const std::optional<shift>& d, const aa_check& aa, const std::string& unit,
                      ci_levels* levels) {
  if (!d || resolve(*d, aa.resolution()) == resolved::no) return overhead_text(d, aa, "", unit);
  if (levels) levels->add(d->ci);
  return signed_num_digits(d->estimate, 3) + unit + " [" + num_digits(d->ci->lo, 3) + ", " +
         num_digits(d->ci->hi, 3) + "]";
}

// A cost for the sentence: the case's difference over none at its setting.
struct cost {
  const case_samples* c = nullptr;
  std::optional<shift> d;
  aa_check aa;
};

// The claim's own number first: what the sweep adds to the hot path over
// the bare refcount (its liveness check at 0->1), per flavour and page kind;
// then every other tracker's overhead over none the same way; and one
// sentence on what that means for the 2022 question on this kernel.
void cost_tables(document& doc, const std::vector<run_data>& runs) {
  const bool many = runs.size() > 1;
  std::vector<thread_row> sweeps, others;
  ci_levels levels;
  std::string sentence;
  for (const run_data& run : runs) {
    const std::string pg = shown(run, pages), mm = shown(run, memmap);
    const std::string flavour = kernel_flavour(run.machine);
    const cases_t cases = group_cases(run.rows);
    std::vector<thread_row> own_flavour, rest;
    // The sentence, per thread count: this kernel's sweep on the shown pages
    // against the cheapest tracker that counts every transition and runs on
    // this kernel (its flavour, or none needed): tracking at its best.
    std::map<unsigned, std::pair<cost, cost>> at;
    for (const case_samples& c : cases) {
      const tidy_row& x = c.params();
      if (x[kind] != "hotpath" || is_baseline(x) || x[memmap] != mm ||
          !(x[work].empty() || x[work] == "none"))
        continue;
      const bool sweep = removal_scans_memmap(x);
      if (!sweep && x[pages] != pg) continue;
      const case_samples* base = none_for(cases, x);
      const cost here{&c, base ? difference(*base, c, ns_per_pair) : std::nullopt, aa_check_at(cases, x)};
      const std::string label = (many ? run.label + ": " : "") + x[subject] + (sweep ? " " + x[pages] : "");
      std::vector<thread_row>& into = sweep ? (x[rcu] == flavour ? own_flavour : rest) : others;
      auto it = std::find_if(into.begin(), into.end(), [&](const thread_row& r) { return r.label == label; });
      if (it == into.end()) it = into.insert(into.end(), {label, {}});
      it->by_threads[threads_of(x)] = cost_text(here.d, here.aa, "", &levels);
      it->marked = it->marked || c.disturbed_used || (base && base->disturbed_used);
      if (x[pages] != pg || !here.d) continue;
      auto& [claim, tracked] = at[threads_of(x)];
      if (sweep && x[rcu] == flavour) claim = here;
      if (!sweep && counts_transitions(x) && (x[rcu] == flavour || x[rcu] == "none") &&
          (!tracked.c || here.d->estimate < tracked.d->estimate))
        tracked = here;
    }
    sweeps.insert(sweeps.end(), own_flavour.begin(), own_flavour.end());
    sweeps.insert(sweeps.end(), rest.begin(), rest.end());
    if (many) continue;
    if (flavour.empty())
      sentence = "This kernel's RCU flavour is " + kernel_flavour_line(run.machine) +
                 ": read the sweep row of the flavour it uses.";
    for (auto it = at.rbegin(); it != at.rend(); ++it) {
      const auto& [claim, tracked] = it->second;
      if (!claim.c || !tracked.c) continue;
      sentence = "This kernel (" + flavour + ", " + plural(std::to_string(it->first), "thread") + ", " + pg +
                 " pages): the sweep's liveness check costs " + cost_text(claim.d, claim.aa, " ns", nullptr) +
                 " per pair over the bare refcount, tracking every transition (" +
                 tracked.c->params()[subject] + ") " + cost_text(tracked.d, tracked.aa, " ns", nullptr) + ".";
      break;
    }
  }
  if (sweeps.empty() && others.empty()) return;
  const std::string level = levels.text();
  sweeps.insert(sweeps.end(), others.begin(), others.end());
  thread_tables(doc, "Hot-path cost over none, ns per pair: the sweep, then each tracker",
                many ? "run: tracker" : "tracker", sweeps);
  doc.tables.back().notes.push_back(
      "Paired median [" + (level.empty() ? std::string("interval") : level) +
      "]; at most B (L): not resolved, B = max(interval top, A/A resolution) at one-sided L. "
      "Trackers: " + shown(runs.front(), pages) + " pages.");
  if (!sentence.empty()) doc.tables.back().notes.push_back(sentence);
}

// Removal with nothing in use at the largest capacity: percentiles of the
// single removals (medians over the processes; max: the largest seen).
void removal_table(document& doc, const std::vector<run_data>& runs, std::vector<std::string>& missing) {
  const bool many = runs.size() > 1;
  table t{"Removal, nothing in use",
          {many ? "run: tracker" : "tracker", "GiB", "p50", "p99", "max", "p50/GiB", "read", "limit"},
          {}, {}};
  bool no_percentiles = false;
  for (const run_data& run : runs) {
    const std::string mm = shown(run, memmap);
    cases_t cases = group_cases(run.rows);
    // The sweeper count the verdict uses; every count when there is no verdict.
    const std::vector<breakeven> all = breakevens(run);
    const bool one_count = !all.empty();
    const double sweepers_shown = one_count ? cheapest_sweepers(all) : 0;
    double largest = 0;
    for (const case_samples& c : cases)
      if (c.params()[kind] == "removal" && c.params()[memmap] == mm)
        largest = std::max(largest, c.params().number(capacity_gib).value_or(0));
    for (const case_samples& c : cases) {
      const tidy_row& x = c.params();
      // The baseline's removal waits for nothing: not a removal to compare.
      if (x[kind] != "removal" || is_baseline(x) || x[memmap] != mm || x.number(in_use_pct).value_or(0) != 0 ||
          x.number(capacity_gib).value_or(0) != largest ||
          (removal_scans_memmap(x) && one_count && x.number(sweepers).value_or(0) != sweepers_shown))
        continue;
      auto pct = [&](col m) {
        std::vector<double> v = c.values(m);
        if (v.empty()) {
          no_percentiles = true;
          return std::string("n/a");
        }
        return duration(m == latency_max_ns ? *std::max_element(v.begin(), v.end()) : median(v));
      };
      std::string read = "-", limit = "-", per_gib = "-";
      if (removal_scans_memmap(x)) {
        const std::vector<double> p50 = c.values(latency_p50_ns);
        per_gib = p50.empty() ? "n/a" : duration(median(p50) / largest);
        const case_samples* lim = limit_for(cases, x);
        auto rs = case_median(c, read_gbps);
        auto rl = lim ? case_median(*lim, read_gbps) : std::nullopt;
        read = rs ? num(*rs) : "n/a";
        limit = rl ? num(*rl) : "n/a";
      }
      std::string name = x[subject] + (removal_scans_memmap(x) ? " x" + x[sweepers] : "") +
                         (c.disturbed_used ? " !" : "");
      t.rows.push_back({many ? run.label + ": " + name : name, x[capacity_gib], pct(latency_p50_ns),
                        pct(latency_p99_ns), pct(latency_max_ns), per_gib, read, limit});
    }
  }
  if (t.rows.empty()) {
    missing.push_back("removal: no removal cases in the run");
    return;
  }
  t.notes.push_back("x N: N sweepers (least CPU); p50, p99: process medians; max: slowest; "
                    "p50/GiB: per GiB of device; read, limit: GB/s of scan, plain read.");
  if (no_percentiles)
    missing.push_back("removal p50/p99/max: unavailable: not recorded by this run's bench_removal");
  doc.tables.push_back(std::move(t));
}

// A row per run label and thread count; a column per tracker: N* at 1 TiB.
void verdict_table(document& doc, const std::vector<run_data>& runs) {
  std::vector<std::string> trackers;
  std::map<std::pair<std::string, unsigned>, std::map<std::string, std::string>> cells;
  for (const run_data& run : runs) {
    const std::string pg = shown(run, pages), mm = shown(run, memmap);
    std::vector<breakeven> all = breakevens(run);
    const unsigned cheapest = cheapest_sweepers(all);
    for (const breakeven& b : all) {
      if (b.size != 1024 * gib || b.sweepers != cheapest || b.pages != pg || b.memmap != mm) continue;
      if (std::find(trackers.begin(), trackers.end(), b.tracker) == trackers.end()) trackers.push_back(b.tracker);
      cells[{run.label, b.threads}][b.tracker] = outcome_cell(b, true);
    }
  }
  if (cells.empty()) return;
  table t{"Verdict: N*, pairs per removal above which the sweep wins (1 TiB)", {"run", "thr"}, {}, {}};
  t.columns.insert(t.columns.end(), trackers.begin(), trackers.end());
  for (const auto& [key, by_tracker] : cells) {
    std::vector<std::string> row = {key.first, std::to_string(key.second)};
    for (const std::string& tr : trackers) row.push_back(by_tracker.count(tr) ? by_tracker.at(tr) : "-");
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back("never: the tracker costs no more than the sweep on the hot path; always: the sweep "
                    "is no slower on removal either; >= N: the tracker's cost over the sweep is not "
                    "resolved, only bounded, so N* is at least N. The sweeper count that costs least CPU time; "
                    "verdict.md has every setting.");
  t.notes.push_back(currency_line);
  doc.tables.push_back(std::move(t));
}

// Where the A/A resolution (the run's shown pages and memmap, work none)
// misses its target: at how many thread counts, the worst by how much, and
// what this run then cannot resolve. Empty when it meets it everywhere.
std::string aa_misses(const run_data& run, const cases_t& cases) {
  const std::string pg = shown(run, pages), mm = shown(run, memmap);
  std::size_t counts = 0, missed = 0;
  double worst = 0, worst_r = 0;
  unsigned worst_t = 0;
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (!plain_hotpath(x, pg, mm) || !is_baseline(x)) continue;
    const auto r = aa_check_at(cases, x).resolution();
    if (!r) continue;
    ++counts;
    const double by = *r / aa_target_ns(threads_of(x));
    if (by <= 1) continue;
    ++missed;
    if (by > worst) worst = by, worst_r = *r, worst_t = threads_of(x);
  }
  if (!missed) return "";
  return "A/A misses its target at " + std::to_string(missed) + " of " +
         plural(std::to_string(counts), "thread count") + ", worst " + num(worst_r) + " ns at " +
         plural(std::to_string(worst_t), "thread") + " (" + num(worst) + "x " + num(aa_target_ns(worst_t)) +
         "): smaller costs are bounds";
}

}  // namespace

document post(const std::vector<run_data>& every) {
  // Its tables are of 4 KiB pages for now; the verdict speaks of every order.
  std::vector<run_data> runs = every;
  const std::string left_out = keep_small_pages(runs);
  document doc;
  doc.title = runs.size() == 1 ? "pgmap-bench report: " + runs.front().label
                               : "pgmap-bench report: " + plural(std::to_string(runs.size()), "run");
  std::vector<std::string> missing;
  for (const run_data& run : runs) {
    cases_t cases = group_cases(run.rows);
    doc.heading.push_back(run.label + ": " + machine_line(run.machine, "") + kernel_of(run) + ", " +
                          short_commit(run));
    doc.heading.push_back("conditions: memmap " + distinct(run.rows, memmap) + ", placement " +
                          distinct(run.rows, placement) + ", " + processes(cases) +
                          (run.counters().starts_with("unavailable") ? "" : ", counters " + run.counters()));
    doc.heading.push_back(host_line(host_behaviour_of(run.rows)));
    if (std::string m = aa_misses(run, cases); !m.empty()) doc.heading.push_back(m);
    if (std::string c = run.counters(); c.starts_with("unavailable"))
      missing.push_back((runs.size() > 1 ? run.label + ": " : "") + "counters: " + c);
    for (const std::string& d : run.disturbance_unavailable) {  // "name: why"
      const std::size_t colon = d.find(": ");
      missing.push_back((runs.size() > 1 ? run.label + ": " : "") + d.substr(0, colon) + ": unavailable: " +
                        d.substr(colon + 2));
    }
    std::size_t fewest = SIZE_MAX;
    for (const case_samples& c : cases)
      if (c.params()[kind] == "hotpath") fewest = std::min(fewest, c.processes());
    if (fewest != SIZE_MAX && fewest < median_ci_min_n())
      missing.push_back((runs.size() > 1 ? run.label + ": " : "") + "intervals: unavailable: " +
                        std::to_string(fewest) + (fewest == 1 ? " process" : " processes") + " per case, an interval needs " +
                        std::to_string(median_ci_min_n()));
  }
  cost_tables(doc, runs);
  hotpath_tables(doc, runs);
  removal_table(doc, runs, missing);
  if (runs.size() == 1) {
    // A verdict from processes disturbed in every attempt says so first.
    const bool busy = host_behaviour_of(runs.front().rows).given_up > 0;
    for (const std::string& s : verdict(every).brief_sentences)
      doc.closing.push_back(std::string(busy ? "Verdict (busy host, see above): " : "Verdict: ") + s + " " +
                            currency_brief);
  } else {
    verdict_table(doc, runs);
  }
  if (!left_out.empty()) missing.push_back("tables of large folios: in summary.txt and verdict.md");
  std::string unavailable;
  for (const std::string& m : missing) unavailable += (unavailable.empty() ? "" : "; ") + m;
  doc.closing.push_back("Unavailable: " + (unavailable.empty() ? std::string("nothing") : unavailable) + ".");
  doc.closing.push_back("Everything else: summary.txt, verdict.md, tidy.csv, plots/.");
  return doc;
}

}  // namespace pgmap::results
