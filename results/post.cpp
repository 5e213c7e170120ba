#include "results/post.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "impl/struct_page.hpp"
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

// A post shows the trackers of the run's kernel: those of its RCU flavour
// and those that need none (every one when the record does not say); the
// other flavours are in summary.txt.
bool of_this_kernel(const run_data& run, const tidy_row& x) { return of_kernel(run.machine, x[rcu]); }

// Each tool's reason ("; " or " / " apart) cut to its first sentence, at
// most about 60 characters, ending at a word: summary.txt has them whole.
std::string first_words(const std::string& why) {
  std::string out, rest = why;
  while (!rest.empty()) {
    std::size_t end = std::min(rest.find("; "), rest.find(" / "));
    std::string part = rest.substr(0, end);
    rest = end == std::string::npos ? "" : rest.substr(end + (rest.compare(end, 2, "; ") == 0 ? 2 : 3));
    if (const std::size_t stop = part.find(". "); stop != std::string::npos) part.resize(stop);
    if (part.size() > 64) {
      const std::size_t space = part.rfind(' ', 60);
      part = part.substr(0, space == std::string::npos ? 60 : space) + " ...";
    }
    out += (out.empty() ? "" : "; ") + part;
  }
  return out;
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

// A column of a thread-column table: a folio order and a thread count.
struct column_key {
  unsigned order, threads, sockets;
  auto operator<=>(const column_key&) const = default;
};

column_key column_of(const tidy_row& x) { return {folio_order_of(x), threads_of(x), sockets_of(x)}; }

// A row of a thread-column table: its label and a cell per column.
struct thread_row {
  std::string label;
  std::map<column_key, std::string> cells;
  bool marked = false;  // uses a process disturbed in every attempt
  std::string shown() const { return marked ? label + " !" : label; }
};

// "2 threads"; of a larger folio order "2 threads, 2 MiB folios" (its
// cells per folio get+put).
std::string column_header(column_key k) {
  return threads_phrase(k.threads, k.sockets) + (k.order ? ", " + size_name(page_size << k.order) + " folios" : "");
}

// A post has room for two columns of intervals: of one folio order the
// fewest and the most threads; of several, each order's most (orders side
// by side), and a row's own most where it has none of those (a run of
// fewer threads beside another); summary.txt has every one.
std::vector<column_key> shown_columns(const std::set<column_key>& measured, const std::vector<thread_row>& rows) {
  std::vector<column_key> all(measured.begin(), measured.end());
  if (all.empty() || all.front().order == all.back().order) {
    if (all.size() > 2) all = {all.front(), all.back()};
    return all;
  }
  std::set<column_key> most;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (i + 1 == all.size() || all[i + 1].order != all[i].order) most.insert(all[i]);
  for (const thread_row& r : rows)
    if (!r.cells.empty() && std::none_of(r.cells.begin(), r.cells.end(), [&](const auto& c) { return most.count(c.first); }))
      most.insert(r.cells.rbegin()->first);
  return {most.begin(), most.end()};
}

// Rows by column, the columns split into tables that each fit the mail
// width (notes go on the last).
void thread_tables(document& doc, const std::string& title, const std::string& first,
                   const std::vector<thread_row>& rows) {
  std::set<column_key> measured;
  std::size_t first_width = first.size();
  for (const thread_row& r : rows) {
    first_width = std::max(first_width, r.shown().size());
    for (const auto& [k, cell] : r.cells) measured.insert(k);
  }
  const std::vector<column_key> ks = shown_columns(measured, rows);
  std::size_t added = 0;
  for (std::size_t from = 0; from < ks.size(); ++added) {
    std::size_t width = first_width, to = from;
    while (to < ks.size()) {
      std::size_t w = column_header(ks[to]).size();
      for (const thread_row& r : rows)
        if (auto it = r.cells.find(ks[to]); it != r.cells.end()) w = std::max(w, it->second.size());
      if (to > from && width + 2 + w > txt_width) break;
      width += 2 + w;
      ++to;
    }
    table t{title, {first}, {}, {}};
    for (std::size_t i = from; i < to; ++i) t.columns.push_back(column_header(ks[i]));
    for (const thread_row& r : rows) {
      std::vector<std::string> cells = {r.shown()};
      for (std::size_t i = from; i < to; ++i) {
        auto it = r.cells.find(ks[i]);
        cells.push_back(it == r.cells.end() ? "-" : it->second);
      }
      t.rows.push_back(std::move(cells));
    }
    doc.tables.push_back(std::move(t));
    from = to;
  }
  // Several orders show each one's most threads; the closing line says
  // where every thread count is.
  if (!added || measured.size() == ks.size() || ks.front().order != ks.back().order) return;
  const bool spread = std::any_of(measured.begin(), measured.end(), [](const column_key& k) { return k.sockets > 1; });
  doc.tables.back().notes.push_back(std::to_string(ks.size()) + " of " + std::to_string(measured.size()) +
                                    (spread ? " thread settings" : " thread counts") + " shown; all in summary.txt.");
}

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
      if (!plain_hotpath(x, pg, mm) || !of_this_kernel(run, x)) continue;
      const std::string label = many ? run.label + ": " + x[subject] : x[subject];
      auto it = std::find_if(rows.begin(), rows.end(), [&](const thread_row& r) { return r.label == label; });
      if (it == rows.end()) it = rows.insert(rows.end(), {label, {}});
      it->cells[column_of(x)] = median_with_ci(c, ns_per_pair, levels);
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
    std::map<std::pair<unsigned, unsigned>, std::pair<cost, cost>> at;  // by {threads, sockets}
    for (const case_samples& c : cases) {
      const tidy_row& x = c.params();
      if (x[kind] != "hotpath" || is_baseline(x) || x[memmap] != mm ||
          !(x[work].empty() || x[work] == "none"))
        continue;
      const bool sweep = removal_scans_memmap(x);
      if (!sweep && x[pages] != pg) continue;
      const case_samples* base = none_for(cases, x);
      const cost here{&c, base ? difference(*base, c, ns_per_pair) : std::nullopt, aa_check_at(cases, x)};
      if (!of_this_kernel(run, x)) continue;
      const std::string label = (many ? run.label + ": " : "") + x[subject] + (sweep ? " " + x[pages] : "");
      std::vector<thread_row>& into = sweep ? (x[rcu] == flavour ? own_flavour : rest) : others;
      auto it = std::find_if(into.begin(), into.end(), [&](const thread_row& r) { return r.label == label; });
      if (it == into.end()) it = into.insert(into.end(), {label, {}});
      it->cells[column_of(x)] = cost_text(here.d, here.aa, "", &levels);
      it->marked = it->marked || c.disturbed_used || (base && base->disturbed_used);
      if (x[pages] != pg || !here.d || large_folios(x)) continue;  // the sentence: 4 KiB pages
      auto& [claim, tracked] = at[{threads_of(x), sockets_of(x)}];
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
      sentence = "This kernel (" + flavour + ", " + threads_phrase(it->first.first, it->first.second) + ", " + pg +
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
// single removals (medians over the processes; max: the largest seen). At
// a larger folio order only the sweeps: the trackers' removals scan nothing.
void removal_table(document& doc, const std::vector<run_data>& runs, std::vector<std::string>& missing) {
  const bool many = runs.size() > 1;
  table t{"Removal, nothing in use",
          {many ? "run: tracker" : "tracker", "GiB", "p50", "max", "p50/GiB", "lines", "read", "limit"},
          {}, {}};
  bool no_percentiles = false, large = false;
  for (const run_data& run : runs) {
    const std::string mm = shown(run, memmap);
    cases_t cases = group_cases(run.rows);
    auto shown_here = [&](const tidy_row& x) {
      return x[kind] == "removal" && !is_baseline(x) && x[memmap] == mm && of_this_kernel(run, x) &&
             x.number(in_use_pct).value_or(0) == 0 && (!large_folios(x) || removal_scans_memmap(x));
    };
    // The sweeper count the verdict uses at each order; every count at an
    // order it does not judge.
    const std::vector<breakeven> all = breakevens(run);
    std::map<unsigned, double> largest;  // per folio order, of the rows shown
    for (const case_samples& c : cases)
      if (shown_here(c.params())) {
        double& l = largest[folio_order_of(c.params())];
        l = std::max(l, c.params().number(capacity_gib).value_or(0));
      }
    for (const auto& entry : largest) {
      // Named copies, not a structured binding: clang 14 (the fuzz build)
      // refuses a lambda that captures one.
      const unsigned order = entry.first;
      const double gib_shown = entry.second;
      const bool judged = std::any_of(all.begin(), all.end(), [&](const breakeven& b) { return b.folio_order == order; });
      const unsigned cheapest = judged ? cheapest_sweepers(all, order) : 0;
      for (const case_samples& c : cases) {
        const tidy_row& x = c.params();
        const bool sweep = removal_scans_memmap(x);
        if (!shown_here(x) || folio_order_of(x) != order || x.number(capacity_gib).value_or(0) != gib_shown ||
            (sweep && judged && x.number(sweepers).value_or(0) != cheapest))
          continue;
        auto pct = [&](col m) {
          std::vector<double> v = c.values(m);
          if (v.empty()) {
            no_percentiles = true;
            return std::string("n/a");
          }
          return duration(m == latency_max_ns ? *std::max_element(v.begin(), v.end()) : median(v));
        };
        std::string read = "-", limit = "-", per_gib = "-", lines = "-";
        if (sweep) {
          const std::vector<double> p50 = c.values(latency_p50_ns);
          per_gib = p50.empty() ? "n/a" : duration(median(p50) / gib_shown);
          auto rs = case_median(c, read_gbps);
          auto bytes = case_median(c, bytes_read);
          read = rs ? num(*rs) : "n/a";
          lines = bytes ? count(*bytes / sizeof(page)) : "n/a";  // a struct page is one line
          // A plain read of every line bounds a scan of every line; a larger
          // order reads 2 lines per folio, which it does not bound.
          if (!order) {
            const case_samples* lim = limit_for(cases, x);
            auto rl = lim ? case_median(*lim, read_gbps) : std::nullopt;
            limit = rl ? num(*rl) : "n/a";
          }
        }
        large = large || order;
        std::string name = x[subject] + (sweep ? " x" + x[sweepers] : "") +
                           (order ? " o" + std::to_string(order) : "") + (c.disturbed_used ? " !" : "");
        t.rows.push_back({many ? run.label + ": " + name : name, x[capacity_gib], pct(latency_p50_ns),
                          pct(latency_max_ns), per_gib, lines, read, limit});
      }
    }
  }
  if (t.rows.empty()) {
    missing.push_back("removal: no removal cases in the run");
    return;
  }
  t.notes.push_back(std::string("x N: N sweepers (least CPU); ") + (large ? "oN: 2^N-page folios; " : "") +
                    "p50 of processes, max of all; /GiB of device; read, limit: GB/s of scan, plain read.");
  if (no_percentiles)
    missing.push_back("removal p50/max: unavailable: not recorded by this run's bench_removal");
  // One size (the largest of each order, alike): in the title, not a column
  // (the row then fits 72 columns beside an 18-letter tracker at 16 TiB).
  const std::string& one = t.rows.front()[1];
  if (!one.empty() && one.find_first_not_of("0123456789") == std::string::npos &&
      std::all_of(t.rows.begin(), t.rows.end(), [&](const auto& r) { return r[1] == one; })) {
    t.title += ", " + size_name(std::stoull(one) * gib) + " device";
    t.columns.erase(t.columns.begin() + 1);
    for (auto& r : t.rows) r.erase(r.begin() + 1);
  }
  doc.tables.push_back(std::move(t));
}

// A row per run label and thread count; a column per tracker: N* at 1 TiB.
void verdict_table(document& doc, const std::vector<run_data>& runs) {
  std::vector<std::string> trackers;
  // {run, folio order, threads}: each order its own rows (N* counts its folios).
  // {run, folio order, threads, sockets}
  std::map<std::tuple<std::string, unsigned, unsigned, unsigned>, std::map<std::string, std::string>> cells;
  bool large = false;
  for (const run_data& run : runs) {
    const std::string pg = shown(run, pages), mm = shown(run, memmap);
    std::vector<breakeven> all = breakevens(run);
    for (const breakeven& b : all) {
      if (b.size != 1024 * gib || b.sweepers != cheapest_sweepers(all, b.folio_order) || b.pages != pg ||
          b.memmap != mm)
        continue;
      if (std::find(trackers.begin(), trackers.end(), b.tracker) == trackers.end()) trackers.push_back(b.tracker);
      cells[{run.label, b.folio_order, b.threads, b.sockets}][b.tracker] = outcome_cell(b, true);
      large = large || b.folio_order;
    }
  }
  if (cells.empty()) return;
  table t{"Verdict: N*, pairs per removal above which the sweep wins (1 TiB)", {"run", "thr"}, {}, {}};
  t.columns.insert(t.columns.end(), trackers.begin(), trackers.end());
  for (const auto& [key, by_tracker] : cells) {
    const auto& [label, order, thr, sk] = key;
    std::vector<std::string> row = {label + (order ? " o" + std::to_string(order) : ""), threads_cell(thr, sk)};
    for (const std::string& tr : trackers) row.push_back(by_tracker.count(tr) ? by_tracker.at(tr) : "-");
    t.rows.push_back(std::move(row));
  }
  if (large) t.notes.push_back("oN: folios of 2^N pages, N* in folio get+put pairs.");
  t.notes.push_back("never: the tracker costs no more than the sweep on the hot path; always: the sweep "
                    "is no slower on removal either; >= N: the tracker's cost over the sweep is not "
                    "resolved, only bounded, so N* is at least N. The sweeper count that costs least CPU time; "
                    "verdict.csv has every setting.");
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
  unsigned worst_t = 0, worst_s = 1;
  bool spread = false;  // some on more than one socket: a count is then a {threads, sockets} setting
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    // Of 4 KiB pages: its cells (larger folios' too) say "at most" where it misses.
    if (!plain_hotpath(x, pg, mm) || !is_baseline(x) || large_folios(x)) continue;
    const auto r = aa_check_at(cases, x).resolution();
    if (!r) continue;
    ++counts;
    spread = spread || sockets_of(x) > 1;
    const double by = *r / aa_target_ns(threads_of(x));
    if (by <= 1) continue;
    ++missed;
    if (by > worst) worst = by, worst_r = *r, worst_t = threads_of(x), worst_s = sockets_of(x);
  }
  if (!missed) return "";
  return "A/A misses its target at " + std::to_string(missed) + " of " +
         plural(std::to_string(counts), spread ? "thread setting" : "thread count") + ", worst " + num(worst_r) +
         " ns at " + threads_phrase(worst_t, worst_s) + " (" + num(worst) + "x " + num(aa_target_ns(worst_t)) +
         "): smaller costs are bounds";
}

}  // namespace

document post(const std::vector<run_data>& runs) {
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
      missing.push_back((runs.size() > 1 ? run.label + ": " : "") + "counters: " + first_words(c));
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
    const std::vector<std::string> said = verdict(runs).brief_sentences;
    for (std::size_t i = 0; i < said.size(); ++i)  // the currency once, after the last
      doc.closing.push_back(std::string(busy ? "Verdict (busy host, see above): " : "Verdict: ") + said[i] +
                            (i + 1 == said.size() ? std::string(" ") + currency_brief : ""));
  } else {
    verdict_table(doc, runs);
  }
  std::string unavailable;
  for (const std::string& m : missing) unavailable += (unavailable.empty() ? "" : "; ") + m;
  doc.closing.push_back("Unavailable: " + (unavailable.empty() ? std::string("nothing") : unavailable) + ".");
  doc.closing.push_back("Everything else: summary.txt (every tracker, thread count and reason in full), "
                        "verdict.md, verdict.csv, tidy.csv, plots/.");
  return doc;
}

}  // namespace pgmap::results
