#include "results/figures.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "common/error.hpp"
#include "impl/struct_page.hpp"
#include "results/case_stats.hpp"
#include "results/machine.hpp"
#include "results/numbers.hpp"
#include "results/stats.hpp"
#include "results/verdict.hpp"

namespace pgmap::results {
namespace fs = std::filesystem;
namespace {

using plots::figure;
using plots::point;
using plots::series;

// The case setting figures show: private pages and dram memmap when the run
// has them (else the first seen), work none, pass 1.
struct setting {
  std::string pages, memmap;
  bool matches(const tidy_row& r) const { return r[col::pages] == pages && r[col::memmap] == memmap; }
};

setting hotpath_setting(const run_data& run) {
  return {preferred(run.rows, pages, "private", {"hotpath"}),
          preferred(run.rows, memmap, "dram", {"hotpath"})};
}

bool plain(const tidy_row& r) {
  return (r[work].empty() || r[work] == "none") && (r[arm].empty() || r[arm] == "1");
}

// What the figure shows: pages, work, memmap and pmem of each run (the
// machine record's pmem kind and persist). Several runs: each by its label.
std::string conditions(const std::vector<run_data>& runs, const std::string& shown) {
  std::string s;
  for (const run_data& run : runs) {
    std::string pmem_kind = record_pmem_kind(run.machine);
    if (run.machine.is_object())
      if (auto p = run.machine.find("pmem"); p != run.machine.end() && p->is_object())
        if (auto k = p->find("persist_kind"); k != p->end() && k->is_string())
          pmem_kind += " (persist " + k->get<std::string>() + ")";
    const setting st = hotpath_setting(run);
    std::string what = shown == "removal" ? "memmap " + preferred(run.rows, memmap, "dram", {"hotpath"})
                                          : st.pages + " pages, " + shown + ", memmap " + st.memmap;
    s += (s.empty() ? "" : " | ") + (runs.size() > 1 ? run.label + ": " : "") + what + ", pmem " + pmem_kind;
  }
  return s;
}

// The counters' status: a footnote, as it describes the run, not the figure.
std::string counters_note(const std::vector<run_data>& runs) {
  std::string s;
  for (const run_data& run : runs)
    s += (s.empty() ? "" : "; ") + (runs.size() > 1 ? run.label + ": " : "") + "counters " + run.counters();
  return s;
}

// Series names carry the run's label when several runs share a figure: two
// runs of one host are two series.
std::string series_name(const std::vector<run_data>& runs, const run_data& run, const std::string& n) {
  return runs.size() > 1 ? run.label + ": " + n : n;
}

series& series_for(std::vector<series>& lines, const std::string& name) {
  for (series& s : lines)
    if (s.name == name) return s;
  lines.push_back({name, {}, false});
  return lines.back();
}

point median_point(double x, const case_samples& c, col metric, ci_levels* levels = nullptr) {
  std::vector<double> v = c.values(metric);
  point p{x, median(v), std::nullopt, std::nullopt};
  auto ci = median_ci(v);
  if (levels) levels->add(ci);
  if (ci) {
    p.lo = ci->lo;
    p.hi = ci->hi;
  }
  return p;
}

void sort_points(std::vector<series>& lines) {
  for (series& s : lines)
    std::sort(s.points.begin(), s.points.end(), [](const point& a, const point& b) { return a.x < b.x; });
}

figure base(const std::vector<run_data>& runs, std::string title, std::string x, std::string y,
            const std::string& shown = "work none") {
  figure f;
  f.title = std::move(title);
  f.subtitle = conditions(runs, shown);
  f.footnote = counters_note(runs);
  f.xlabel = std::move(x);
  f.ylabel = std::move(y);
  return f;
}

// The thread axis as the run chose it: one evenly spaced tic per thread
// count measured (1, 2, 4, ... 56, 112 on a large host would crowd a linear
// axis at its start), each labelled with its count.
void threads_axis(figure& f) {
  std::set<double> ts;
  for (const series& l : f.lines)
    for (const point& p : l.points) ts.insert(p.x);
  const std::vector<double> at(ts.begin(), ts.end());
  for (series& l : f.lines)
    for (point& p : l.points) p.x = static_cast<double>(std::lower_bound(at.begin(), at.end(), p.x) - at.begin());
  f.xtics_labels.clear();
  for (double t : at) f.xtics_labels.push_back(num(t));
}

void hotpath_figures(const std::vector<run_data>& runs, figure_set& out) {
  figure ns = base(runs, "Hot path: ns per get+put pair", "threads", "ns per pair (median)");
  ci_levels levels;  // the error bars' levels, named on the axis
  figure pps = base(runs, "Hot path: throughput", "threads", "pairs per second (all threads)");
  for (const run_data& run : runs) {
    setting s = hotpath_setting(run);
    std::vector<case_samples> cases = group_cases(run.rows);
    std::optional<double> none_one;  // none at 1 thread: the ideal line's base
    for (const case_samples& c : cases) {
      const tidy_row& r = c.params();
      if (r[kind] != "hotpath" || !plain(r) || !s.matches(r)) continue;
      double t = r.number(threads).value_or(1);
      std::string name = series_name(runs, run, r[subject]);
      if (!c.values(ns_per_pair).empty()) series_for(ns.lines, name).points.push_back(median_point(t, c, ns_per_pair, &levels));
      if (c.values(pairs_per_s).empty()) continue;
      series_for(pps.lines, name).points.push_back(median_point(t, c, pairs_per_s));
      if (is_baseline(r) && t == 1) none_one = case_median(c, pairs_per_s);
    }
    if (none_one) {
      series& ideal = series_for(pps.lines, series_name(runs, run, "ideal linear (none x threads)"));
      ideal.dashed = true;
      std::set<double> ts;
      for (const series& l : pps.lines)
        for (const point& p : l.points) ts.insert(p.x);
      for (double t : ts) ideal.points.push_back({t, *none_one * t, std::nullopt, std::nullopt});
    }
  }
  if (levels.lo) ns.ylabel = "ns per pair (median, " + levels.header() + ")";
  sort_points(ns.lines);
  sort_points(pps.lines);
  threads_axis(ns);
  threads_axis(pps);
  if (ns.lines.empty()) out.skipped.push_back("ns_per_pair: no hot-path cases");
  else out.figures.emplace_back("ns_per_pair", std::move(ns));
  if (pps.lines.empty()) out.skipped.push_back("pairs_per_s: pairs/s not measured");
  else out.figures.emplace_back("pairs_per_s", std::move(pps));
}

// One figure per work kind, in ns over none: a percentage of a small base
// lets one dear tracker flatten the others onto zero. Each point is the
// paired difference (as the tables give it), its interval the error bar.
void overhead_figures(const std::vector<run_data>& runs, figure_set& out) {
  std::map<std::string, figure> by_work;
  std::map<std::string, ci_levels> levels;
  for (const run_data& run : runs) {
    setting s = hotpath_setting(run);
    std::vector<case_samples> cases = group_cases(run.rows);
    for (const case_samples& c : cases) {
      const tidy_row& x = c.params();
      if (x[kind] != "hotpath" || is_baseline(x) || !s.matches(x)) continue;
      const case_samples* none = none_for(cases, x);
      const std::optional<shift> d = none ? difference(*none, c, ns_per_pair) : std::nullopt;
      if (!d) continue;
      std::string w = x[work].empty() ? "none" : x[work];
      auto [it, fresh] = by_work.try_emplace(w);
      if (fresh)
        it->second = base(runs, "Hot-path overhead over none, work " + w, "threads",
                          "ns per pair over none (median difference)", "work " + w);
      levels[w].add(d->ci);
      series_for(it->second.lines, series_name(runs, run, x[subject]))
          .points.push_back({x.number(threads).value_or(1), d->estimate,
                             d->ci ? std::optional(d->ci->lo) : std::nullopt,
                             d->ci ? std::optional(d->ci->hi) : std::nullopt});
    }
  }
  if (by_work.empty()) out.skipped.push_back("overhead: no tracker with a matching none case");
  for (auto& [w, f] : by_work) {
    if (levels[w].lo) f.ylabel = "ns per pair over none (median difference, " + levels[w].header() + ")";
    sort_points(f.lines);
    threads_axis(f);
    std::string name = "overhead_" + w;
    std::replace(name.begin(), name.end(), ':', '_');
    out.figures.emplace_back(name, std::move(f));
  }
}

// Latencies in ns shown in the unit that suits the largest (us, ms or s),
// so that tics read "2 ms", not "2M".
void scale_to_time_unit(figure& f) {
  double largest = 0;
  for (const series& l : f.lines)
    for (const point& p : l.points) largest = std::max(largest, p.hi.value_or(p.y));
  struct unit { double ns; const char* name; };
  unit u = largest >= 1e9 ? unit{1e9, "s"} : largest >= 1e6 ? unit{1e6, "ms"} : unit{1e3, "us"};
  for (series& l : f.lines)
    for (point& p : l.points) {
      p.y /= u.ns;
      if (p.lo) *p.lo /= u.ns;
      if (p.hi) *p.hi /= u.ns;
    }
  f.ylabel += " (" + std::string(u.name) + ")";
}

// Whether v is the fewest or the most of `s`: what a legend at 100+ PUs keeps.
template <class T>
bool at_an_end(const std::set<T>& s, T v) {
  return !s.empty() && (v == *s.begin() || v == *s.rbegin());
}

void removal_figure(const std::vector<run_data>& runs, figure_set& out) {
  figure f = base(runs, "Removal latency (nothing in use)", "device capacity (GiB)", "latency", "removal");
  f.logx = f.logy = true;
  for (const run_data& run : runs) {
    std::vector<case_samples> cases = group_cases(run.rows);
    std::string mm = preferred(run.rows, memmap, "dram", {"hotpath"});
    const bool large = std::any_of(run.rows.begin(), run.rows.end(), [](const tidy_row& r) { return large_folios(r); });
    // A legend that fits on a 2 x 56 PU host: the kernel's trackers (as the
    // break-even's), the sweeps at the fewest and the most sweepers (every
    // count: summary.txt).
    std::set<double> scanners, readers;  // sweepers of the sweeps, threads of the limit
    for (const tidy_row& r : run.rows) {
      if (r[kind] == "removal" && removal_scans_memmap(r)) scanners.insert(r.number(sweepers).value_or(1));
      if (r[kind] == "limit") readers.insert(r.number(threads).value_or(1));
    }
    for (const case_samples& c : cases) {
      const tidy_row& r = c.params();
      auto cap = r.number(capacity_gib);
      if (!cap || r[memmap] != mm) continue;
      if (r[kind] == "removal" && removal_scans_memmap(r) && !at_an_end(scanners, r.number(sweepers).value_or(1)))
        continue;
      if (r[kind] == "removal" && !of_kernel(run.machine, r[rcu])) continue;
      if (r[kind] == "removal" && r.number(in_use_pct).value_or(0) == 0 && !c.values(latency_ns).empty()) {
        std::string n = r[subject];
        if (removal_scans_memmap(r))
          n += " (" + plural(r[sweepers], "sweeper") + ")";
        series_for(f.lines, series_name(runs, run, n)).points.push_back(median_point(*cap, c, latency_ns));
      } else if (r[kind] == "limit" && !large &&  // a plain read of every line bounds no folio scan
                 at_an_end(readers, r.number(threads).value_or(1))) {
        auto bw = case_median(c, read_gbps);  // GB/s = bytes per ns
        if (!bw || *bw <= 0) continue;
        series& lim = series_for(f.lines, series_name(runs, run, "limit: memmap bytes / read bandwidth (" + plural(r[threads], "thread") + ")"));
        lim.dashed = true;
        lim.points.push_back({*cap, *cap * gib * memmap_bytes_per_device_byte / *bw, std::nullopt, std::nullopt});
      }
    }
  }
  sort_points(f.lines);
  scale_to_time_unit(f);
  if (f.lines.empty()) out.skipped.push_back("removal: no removal cases");
  else out.figures.emplace_back("removal_latency", std::move(f));
}

void breakeven_figure(const std::vector<run_data>& runs, figure_set& out) {
  figure f = base(runs, "Break-even: transitions per removal for the sweep to win",
                  "device size (GiB)", "transition pairs per removal (N*)");
  f.logx = f.logy = true;
  std::vector<std::string> fits;  // how the unmeasured sizes were had
  for (const run_data& run : runs) {
    // One line per tracker of the run's kernel (as report.txt; every flavour
    // in verdict.md) at the fewest and the most threads: the figures'
    // setting, the sweeper count that costs least CPU time. Every tracker at
    // every count of a 2 x 56 PU host would be a legend of 80 lines.
    const setting st = hotpath_setting(run);
    const std::vector<breakeven> all = breakevens(run);
    // The runs hold one folio order here (build_figures).
    const unsigned cheapest = all.empty() ? 0 : cheapest_sweepers(all, all.front().folio_order);
    std::set<unsigned> counts;
    for (const breakeven& b : all) counts.insert(b.threads);
    for (const breakeven& b : all) {
      if (!b.n_star || *b.n_star <= 0 || b.pages != st.pages || b.memmap != st.memmap ||
          b.sweepers != cheapest || !of_kernel(run.machine, b.rcu) ||
          !at_an_end(counts, b.threads))
        continue;
      std::string n = b.tracker + ", " + plural(std::to_string(b.threads), "thread");
      series& s = series_for(f.lines, series_name(runs, run, n));
      s.points.push_back({static_cast<double>(b.size) / gib, *b.n_star, std::nullopt, std::nullopt, !b.fitted.empty()});
      if (!b.fitted.empty() && std::find(fits.begin(), fits.end(), b.fitted) == fits.end())
        fits.push_back(b.fitted);
    }
    f.subtitle += " | " + (runs.size() > 1 ? run.label + ": " : "") + plural(std::to_string(cheapest), "sweeper") + " (least CPU time)";
  }
  std::string joined;
  for (const std::string& x : fits) joined += (joined.empty() ? "" : ", ") + x;
  if (!fits.empty()) f.footnote += "; open markers, dashed: sizes not measured, " + joined;
  sort_points(f.lines);
  if (f.lines.empty()) out.skipped.push_back("breakeven: no tracker costs more than the sweep on the hot path, or removal not measured");
  else out.figures.emplace_back("breakeven", std::move(f));
}

void counter_figure(const std::vector<run_data>& runs, figure_set& out) {
  figure f = base(runs, "Hardware counters per transition pair", "tracker", "events (or bytes) per pair");
  std::vector<std::string> trackers;
  std::map<std::string, std::map<std::string, double>> values;  // counter -> tracker -> median
  for (const run_data& run : runs) {
    setting s = hotpath_setting(run);
    for (const case_samples& c : group_cases(run.rows)) {
      const tidy_row& r = c.params();
      if (r[kind] != "hotpath" || !plain(r) || !s.matches(r)) continue;
      std::string t = series_name(runs, run, r[subject] + " x" + r[threads]);
      for (std::size_t k = ctr_cycles; k <= ctr_pmm_write_bytes; ++k) {
        auto m = case_median(c, static_cast<col>(k));
        if (!m) continue;
        if (std::find(trackers.begin(), trackers.end(), t) == trackers.end()) trackers.push_back(t);
        values[std::string(column_names[k])][t] = *m;
      }
    }
  }
  if (values.empty()) {
    std::string why;
    for (const run_data& run : runs) why += (why.empty() ? "" : "; ") + run.label + ": " + run.counters();
    out.skipped.push_back("counters: no counter measured (" + why + ")");
    return;
  }
  f.xtics_labels = trackers;
  f.bars = true;
  for (const auto& [counter, by_tracker] : values) {
    series& s = series_for(f.lines, counter);
    for (std::size_t i = 0; i < trackers.size(); ++i)
      if (auto it = by_tracker.find(trackers[i]); it != by_tracker.end())
        s.points.push_back({static_cast<double>(i), it->second, std::nullopt, std::nullopt});
  }
  out.figures.emplace_back("counters", std::move(f));
}

// The runs with the cases of one folio order, and the rows of kinds that
// have no order (the read limit): each order gets its own figures, so that
// no line joins a page's transitions to a folio's.
// A run with no case of that order is left out of its figures.
std::vector<run_data> at_folio_order(std::vector<run_data> runs, unsigned order) {
  for (run_data& run : runs)
    std::erase_if(run.rows, [&](const tidy_row& r) {
      return !r[folio_order].empty() && folio_order_of(r) != order;
    });
  std::erase_if(runs, [](const run_data& run) {
    return std::none_of(run.rows.begin(), run.rows.end(), [](const tidy_row& r) { return !r[folio_order].empty(); });
  });
  return runs;
}

// The runs with the hot path's cases of one sockets count (every other
// kind's rows kept): threads on one package and across two are lines of
// their own figures, never one line.
std::vector<run_data> at_sockets(std::vector<run_data> runs, unsigned s) {
  for (run_data& run : runs)
    std::erase_if(run.rows, [&](const tidy_row& r) { return r[kind] == "hotpath" && sockets_of(r) != s; });
  return runs;
}

}  // namespace

figure_set build_figures(const std::vector<run_data>& runs) {
  std::set<unsigned> orders;
  for (const run_data& run : runs)
    for (const tidy_row& r : run.rows)
      if (!r[folio_order].empty()) orders.insert(folio_order_of(r));
  if (orders.empty()) orders.insert(0);
  figure_set out;
  std::set<unsigned> spans;  // the hot path's sockets counts
  for (const run_data& run : runs)
    for (const tidy_row& r : run.rows)
      if (r[kind] == "hotpath") spans.insert(sockets_of(r));
  if (spans.empty()) spans.insert(1);
  for (unsigned order : orders)
    for (unsigned s : spans) {
      const std::vector<run_data> at = at_sockets(at_folio_order(runs, order), s);
      figure_set one;
      hotpath_figures(at, one);
      overhead_figures(at, one);
      if (s == *spans.begin()) removal_figure(at, one);  // no hot path in it: once
      breakeven_figure(at, one);
      counter_figure(at, one);
      // Order 0 on one package keeps the names it always had; a larger order
      // or more sockets says its own.
      const std::string tag = (order ? "_order" + std::to_string(order) : "") +
                              (s > 1 ? "_sockets" + std::to_string(s) : "");
      for (auto& [name, f] : one.figures) {
        f.title += folio_order_suffix(order) + (s > 1 ? " (threads on " + std::to_string(s) + " sockets)" : "");
        out.figures.emplace_back(name + tag, std::move(f));
      }
      for (const std::string& skip : one.skipped) {  // "<figure>: <why>"
        const std::size_t colon = std::min(skip.find(':'), skip.size());
        out.skipped.push_back(skip.substr(0, colon) + tag + skip.substr(colon));
      }
    }
  return out;
}

std::string draw_figures(const std::vector<run_data>& runs, const std::string& dir, overwrite mode) {
  figure_set set = build_figures(runs);
  std::string not_drawn;
  for (const std::string& s : set.skipped) not_drawn += "; not drawn: " + s;
  std::string why = plots::gnuplot_unavailable();
  if (!why.empty()) return "no plots: " + why + not_drawn;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw pgmap::error(dir + ": cannot create: " + ec.message());
  std::string notes;
  for (const auto& [name, fig] : set.figures) {
    fs::path out = fs::path(dir) / name;
    if (mode == overwrite::refuse && (fs::exists(out.string() + ".svg") || fs::exists(out.string() + ".png")))
      throw pgmap::error(out.string() + ".svg: exists; use --force to overwrite it");
    for (const std::string& n : plots::render(fig, out.string())) notes += "; " + name + ": " + n;
  }
  return std::to_string(set.figures.size()) + " figures in " + dir + notes + not_drawn;
}

}  // namespace pgmap::results
