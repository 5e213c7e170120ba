#include "results/verdict.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "impl/struct_page.hpp"
#include "results/case_stats.hpp"
#include "results/line_fit.hpp"
#include "results/machine.hpp"
#include "results/numbers.hpp"
#include "results/summary.hpp"

namespace pgmap::results {
namespace {

using cases_t = std::vector<case_samples>;


bool nothing_in_use(const tidy_row& r) { return r[in_use_pct].empty() || r.number(in_use_pct) == 0.0; }
bool plain_work(const tidy_row& r) { return r[work].empty() || r[work] == "none"; }


// Thread and sweeper counts; 0 when absent or not a sane count.
unsigned as_unsigned(const tidy_row& r, col c) {
  double v = r.number(c).value_or(0);
  return v >= 0 && v < 1e6 ? static_cast<unsigned>(v) : 0;
}

// A median and its interval (nullopt below median_ci_min_n processes).
struct estimate {
  double value = 0;
  std::optional<interval> ci;
};

std::optional<estimate> estimate_of(const case_samples& c, col metric) {
  std::vector<double> v = c.values(metric);
  if (v.empty()) return std::nullopt;
  return estimate{median(v), median_ci(v)};
}

// The sweep's removal cost at each size it was measured at (nothing in
// use), per process, in the verdict's currency: CPU time charges the grace
// period once (one thread waits it, as X's removal does) and the scan once
// per sweeper (k threads scan for its wall time); wall time is the
// removal's latency, grace + scan.
struct size_costs {
  double gib = 0;
  std::vector<double> cpu, wall;
};

double memmap_bytes(double device_bytes) { return device_bytes * memmap_bytes_per_device_byte; }

// At one folio order: a large folio's sweep reads its head and first tail,
// so the scan's time is the lines it read (bytes_read) over its bandwidth.
std::vector<size_costs> sweep_sizes(const cases_t& cases, const std::string& sweep_name,
                                    const std::string& mm, unsigned sw, unsigned order) {
  std::vector<size_costs> out;
  const unsigned k = sw == 0 ? 1 : sw;
  for (const case_samples& c : cases) {
    const tidy_row& r = c.params();
    if (r[kind] != "removal" || r[subject] != sweep_name || r[memmap] != mm ||
        as_unsigned(r, sweepers) != sw || as_unsigned(r, folio_order) != order || !nothing_in_use(r))
      continue;
    size_costs s{r.number(capacity_gib).value_or(0), {}, {}};
    // A process's grace period, bandwidth and lines read come from the same
    // removals; a record without bytes_read read the whole memmap.
    std::map<std::string, double> grace, bytes;
    for (const process_rounds& p : c.by_process(grace_ns)) grace[p.id] = median(p.rounds);
    for (const process_rounds& p : c.by_process(bytes_read)) bytes[p.id] = median(p.rounds);
    for (const process_rounds& p : c.by_process(read_gbps)) {
      const auto g = grace.find(p.id);
      const double bw = median(p.rounds);  // bytes per ns of scan
      if (g == grace.end() || bw <= 0) continue;
      const auto read = bytes.find(p.id);
      const double scan = (read != bytes.end() ? read->second : memmap_bytes(s.gib * gib)) / bw;
      s.cpu.push_back(g->second + k * scan);
      s.wall.push_back(g->second + scan);
    }
    if (s.gib > 0 && !s.cpu.empty()) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const size_costs& a, const size_costs& b) { return a.gib < b.gib; });
  return out;
}

// How many measured sizes a fit takes: the fewest that leave the line a
// residual to judge its error by.
constexpr std::size_t fit_sizes = 3;

// R_sweep at one device size: measured there (the median of the processes,
// its order-statistic interval), else from a line fitted to the per-process
// costs at the fit_sizes measured sizes nearest it (the largest ones, beyond
// them), with the interval of a new measurement at that size.
struct sweep_estimate {
  std::optional<double> cpu, wall;
  std::optional<interval> cpu_ci;
  std::string fitted;  // "" measured; else "extrapolated from A-B GiB" (or "interpolated")
  std::string fit;     // the line, for the table's notes
  std::string why;     // when there is no cpu
};

sweep_estimate sweep_at(std::vector<size_costs> sizes, std::uint64_t size) {
  sweep_estimate e;
  const double want = static_cast<double>(size) / gib;
  for (const size_costs& s : sizes)
    if (s.gib == want) {
      e.cpu = median(s.cpu);
      e.wall = median(s.wall);
      e.cpu_ci = median_ci(s.cpu);
      return e;
    }
  if (sizes.empty()) {
    e.why = "sweep removal not measured";
    return e;
  }
  if (sizes.size() < fit_sizes) {
    e.why = "not measured at " + size_name(size) + "; a fit needs " + std::to_string(fit_sizes) +
            " measured sizes, the run has " + std::to_string(sizes.size());
    return e;
  }
  std::stable_sort(sizes.begin(), sizes.end(), [&](const size_costs& a, const size_costs& b) {
    return std::fabs(std::log(a.gib / want)) < std::fabs(std::log(b.gib / want));
  });
  sizes.resize(fit_sizes);
  std::vector<double> x, cpu, wall;
  double lo = sizes.front().gib, hi = lo;
  for (const size_costs& s : sizes) {
    lo = std::min(lo, s.gib);
    hi = std::max(hi, s.gib);
    for (std::size_t i = 0; i < s.cpu.size(); ++i) {
      x.push_back(s.gib);
      cpu.push_back(s.cpu[i]);
      wall.push_back(s.wall[i]);
    }
  }
  const auto f_cpu = fit_line(x, cpu), f_wall = fit_line(x, wall);
  if (!f_cpu || !f_wall) {
    e.why = "no fit over " + num(lo) + "-" + num(hi) + " GiB";
    return e;
  }
  const prediction p = predict(*f_cpu, want);
  e.cpu = p.value;
  e.cpu_ci = p.ci;
  e.wall = predict(*f_wall, want).value;
  e.fitted = std::string(want > hi || want < lo ? "extrapolated" : "interpolated") + " from " + num(lo) +
             "-" + num(hi) + " GiB";
  e.fit = "R_sweep (CPU) = " + duration(f_cpu->intercept) + " + " + duration(f_cpu->slope) + " per GiB over " +
          num(lo) + "-" + num(hi) + " GiB (" + std::to_string(f_cpu->n) + " processes), residual " +
          duration(f_cpu->residual_sd);
  return e;
}

// X's removal latency with nothing in use: at this size if measured, else at
// the largest measured capacity.
std::optional<estimate> removal_cost(const cases_t& cases, const std::string& x,
                                     const std::string& mm, unsigned order, std::uint64_t size) {
  const case_samples *exact = nullptr, *largest = nullptr;
  double largest_cap = -1;
  for (const case_samples& c : cases) {
    const tidy_row& r = c.params();
    if (r[kind] != "removal" || r[subject] != x || r[memmap] != mm || as_unsigned(r, folio_order) != order ||
        !nothing_in_use(r))
      continue;
    double cap = r.number(capacity_gib).value_or(0);
    if (cap * gib == static_cast<double>(size)) exact = &c;
    if (cap > largest_cap) {
      largest = &c;
      largest_cap = cap;
    }
  }
  const case_samples* pick = exact ? exact : largest;
  return pick ? estimate_of(*pick, latency_ns) : std::nullopt;
}

// |o_X| is within the resolution: what would resolve it and what that costs.
std::string to_resolve(const breakeven& b) {
  const double o = std::fabs(*b.overhead);
  if (o == 0) return "o_X = 0 cannot be resolved at any number of processes";
  return "resolving it needs about " + std::to_string(processes_for(o, *b.resolution, b.processes)) +
         " processes per case (now " + std::to_string(b.processes) + ")";
}

// o_X <= B, so N* = (R_sweep - R_X) / o_X >= (R_sweep - R_X) / B: removals
// more frequent than that favour X wherever o_X lies within its bound.
// Conservative: the cheapest sweep against the dearest X.
void bound_n_star(breakeven& b) {
  if (!b.overhead_bound || !b.r_sweep_ci || !b.r_x_ci) return;
  const double gap = b.r_sweep_ci->lo - b.r_x_ci->hi;
  if (gap <= 0 || b.overhead_bound->at_most <= 0) return;
  b.n_star_min = gap / b.overhead_bound->at_most;
  b.n_star_min_level = joint_coverage({one_sided_level(b.r_sweep_ci->coverage),
                                       one_sided_level(b.r_x_ci->coverage), b.overhead_bound->level});
}

void decide(breakeven& b, const aa_check& aa, const std::optional<shift>& o,
            const std::optional<estimate>& pps) {
  b.cls = verdict_class::unavailable;
  if (!o) { b.why = "hot path not measured"; return; }
  b.overhead = o->estimate;
  b.overhead_paired = o->paired;
  b.overhead_ci = o->ci;
  b.resolution = aa.resolution();
  if (aa.arm1) b.processes = aa.arm1->values(ns_per_pair).size();
  if (!b.resolution) { b.why = "resolution: " + aa.why_no_resolution(); return; }
  if (!o->ci) {
    b.why = "o_X interval needs " + processes_needed(*o);
    return;
  }
  switch (resolve(*o, b.resolution)) {
    case resolved::below:
      b.cls = verdict_class::never;
      return;
    case resolved::no:
      b.cls = verdict_class::unresolved;
      b.overhead_bound = bound_of(*o, b.resolution);
      bound_n_star(b);
      return;
    case resolved::above: break;
  }
  if (!b.r_sweep) { b.why = b.sweep_why; return; }
  if (!b.r_x) { b.why = b.tracker + " removal not measured"; return; }
  if (*b.r_sweep <= *b.r_x) {
    b.cls = verdict_class::always;
    return;
  }
  b.cls = verdict_class::wins;
  b.n_star = (*b.r_sweep - *b.r_x) / *b.overhead;
  // Conservative bounds: the cheapest sweep against the dearest X over the
  // largest overhead, and the reverse.
  if (b.r_sweep_ci && b.r_x_ci)
    b.n_star_ci = interval{std::max(0.0, b.r_sweep_ci->lo - b.r_x_ci->hi) / o->ci->hi,
                           (b.r_sweep_ci->hi - b.r_x_ci->lo) / o->ci->lo,
                           joint_coverage({b.r_sweep_ci->coverage, b.r_x_ci->coverage, o->ci->coverage})};
  if (!pps || pps->value <= 0) return;
  b.interval_ns = *b.n_star / pps->value * 1e9;
  if (b.n_star_ci && pps->ci && pps->ci->lo > 0)
    b.interval_ci = interval{b.n_star_ci->lo / pps->ci->hi * 1e9, b.n_star_ci->hi / pps->ci->lo * 1e9,
                             joint_coverage({b.n_star_ci->coverage, pps->ci->coverage})};
}

template <class F>
std::string with_ci(double v, const std::optional<interval>& ci, F show) {
  return show(v) + (ci ? " [" + show(ci->lo) + ", " + show(ci->hi) + "]" : " [n/a]");
}

// The same with the interval's level: for bounds propagated through several
// estimates, whose joint level is lower than any part's.
template <class F>
std::string with_joint_ci(double v, const std::optional<interval>& ci, F show) {
  if (!ci) return with_ci(v, ci, show);
  return show(v) + " [" + show(ci->lo) + ", " + show(ci->hi) + "; >= " + level_text(ci->coverage) + "]";
}

// "at most B ns (L)", "+4 [+3.25, +4.75]", or why there is no o_X.
std::string overhead_cell(const breakeven& b) {
  if (!b.overhead) return not_available(b.why);
  const std::string paired = b.overhead_paired ? "" : " unpaired";
  if (b.overhead_bound) return bound_text(*b.overhead_bound) + paired;
  // Signed only when resolved (wins, always, never; unavailable for want of
  // a removal figure): else there is neither resolution nor interval.
  if (!b.overhead_ci || !b.resolution) return "not resolved: " + not_available(b.why);
  return with_ci(*b.overhead, b.overhead_ci, signed_num) + paired;
}

std::string n_star_min_text(const breakeven& b) {
  return ">= " + count(*b.n_star_min) + " (" + level_text(b.n_star_min_level) + ")";
}

std::string interval_cell(const breakeven& b) {
  if (b.interval_ns) return with_joint_ci(*b.interval_ns, b.interval_ci, duration);
  return b.n_star ? not_available("pairs/s not measured") : "";
}

std::string opt_duration(const std::optional<double>& ns, const std::optional<interval>& ci,
                         const char* why) {
  return ns ? with_ci(*ns, ci, duration) : not_available(why);
}

// One sentence per host and folio order: the most threads, private pages,
// 1 TiB, the sweeper count that costs least CPU time. Brief (the report's):
// N* per tracker in one clause, without the time between removals, of this
// kernel's trackers only (`model`'s flavour and those that need none; all
// when it is empty). `flavour`: the kernel's, as said.
std::string sentence(const std::string& host, const std::string& flavour, const std::string& model,
                     const std::vector<breakeven>& all, bool brief, unsigned order) {
  std::vector<const breakeven*> pick = headline_rows(all, order);
  if (brief && !model.empty())
    std::erase_if(pick, [&](const breakeven* b) { return b->rcu != model && b->rcu != "none"; });
  const std::string at_order = order ? ", folio order " + std::to_string(order) : "";
  const std::string transitions = order ? " folio transitions" : " page transitions";
  const std::string on = "On " + host + " (flavour of the running kernel: " + flavour + ")" + at_order;
  if (pick.empty()) return on + ", no break-even could be computed (see the table).";
  const std::string thr = threads_phrase(pick.front()->threads, pick.front()->sockets);
  // The setting of an order's headline rows: the fit, pages, memmap, sweepers.
  auto setting_of = [&](unsigned o) {
    const std::vector<const breakeven*> p = headline_rows(all, o);
    if (p.empty()) return std::string();
    const breakeven& first = *p.front();
    return (first.fitted.empty() ? "" : first.fitted + "; ") + (first.pages.empty() ? "" : first.pages + " pages, ") +
           "memmap " + (first.memmap.empty() ? "n/a" : first.memmap) + ", " +
           plural(std::to_string(cheapest_sweepers(all, o)), "sweeper");
  };
  const std::string setting = setting_of(order);
  // The report's sentence of a larger order follows order 0's: a setting
  // they share is not said twice.
  const std::string brief_setting = order && setting == setting_of(0) ? "the same setting" : setting;
  std::string s = !brief ? on + ", with " + thr +
                                  " and a 1 TiB device (" + setting + ", the count that costs least CPU time), "
                  : order ? "At folio order " + std::to_string(order) + " (" + size_name(page_size << order) +
                                    "), " + thr + ", 1 TiB (" +
                                    brief_setting + "): "
                          : "On " + host + " (" + flavour + "), " + thr +
                                ", 1 TiB (" + setting + "): ";
  std::vector<std::string> parts;
  // Brief (the report): one clause, N* per tracker; a larger order's
  // follows order 0's, which has said what N* is.
  if (brief) s += order ? "N* in folio transitions: " : "the sweep wins when removals are rarer than one per N*" + transitions + ": ";
  for (const breakeven* b : pick) {
    if (brief) {
      const std::string against = " against " + b->tracker;
      switch (b->cls) {
        case verdict_class::wins: parts.push_back(with_joint_ci(*b->n_star, b->n_star_ci, count) + against); break;
        case verdict_class::never: parts.push_back("never" + against); break;
        case verdict_class::always: parts.push_back("any rate" + against); break;
        case verdict_class::unresolved:
          parts.push_back((b->n_star_min ? n_star_min_text(*b) : std::string("no N* (o_X not resolved)")) + against);
          break;
        case verdict_class::unavailable: parts.push_back("n/a" + against); break;
      }
      continue;
    }
    switch (b->cls) {
      case verdict_class::wins:
        parts.push_back("the sweep beats " + b->tracker + " whenever removals are rarer than one per " +
                        with_joint_ci(*b->n_star, b->n_star_ci, count) + transitions +
                        (b->interval_ns ? " (one every " + with_joint_ci(*b->interval_ns, b->interval_ci, duration) +
                                              " at full rate)"
                                        : ""));
        break;
      case verdict_class::never:
        parts.push_back("the sweep never beats " + b->tracker + " (its hot path is resolved as cheaper)");
        break;
      case verdict_class::always:
        parts.push_back("the sweep beats " + b->tracker + " at any removal rate (it is no slower on removal either)");
        break;
      case verdict_class::unresolved:
        parts.push_back(
            b->tracker + "'s hot-path cost over the sweep is not resolved" +
            (b->overhead_bound ? ", " + bound_text(*b->overhead_bound) + " per pair" : std::string()) +
            (b->n_star_min ? ", so the sweep can beat it only when removals are rarer than one per N*" +
                                 transitions + ", N* >= " + count(*b->n_star_min) + " (" +
                                 level_text(b->n_star_min_level) + ")"
                           : ", and no removal rate follows from that"));
        break;
      case verdict_class::unavailable:
        parts.push_back("against " + b->tracker + ": " + not_available(b->why));
        break;
    }
  }
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
  return s + ".";
}

std::vector<std::string> assumptions(const std::vector<run_data>& runs) {
  std::vector<std::string> out = {
      "Model (assumptions): X is a per-transition tracker (atomic, percpu_ref-*); none "
      "and bulk are left out, as they cannot tell when pages are idle. Each X is set "
      "against the sweep on the same RCU flavour (sweep for qsbr and atomic, sweep-memb "
      "for memb, sweep-pcount for pcount). o_X = the median over processes of ns_per_pair(X) - ns_per_pair(that "
      "sweep), both measured in each process (paired; unpaired Hodges-Lehmann shift "
      "only for data without process ids), at "
      "the same threads, pages, memmap and work none; R_sweep(S) = grace period + k x the "
      "scan time of S / 4096 x 64 bytes of struct pages (bytes / read bandwidth) with k "
      "sweepers, in CPU time (k threads scan; one waits the grace period, as X's removal "
      "does), per process (its grace and bandwidth from the same removals, nothing in use), "
      "the median over processes where S was measured; at a size not measured, a "
      "least-squares line through the per-process values at the 3 measured sizes nearest S "
      "(the largest, beyond them), the row marked \"extrapolated from A-B GiB\", its "
      "interval that of one new measurement at S under normal errors of one spread (95 %; the "
      "only interval here that is not distribution-free); R_sweep wall = grace + scan, the "
      "removal's latency, the same way; R_X = X's measured removal latency with nothing in "
      "use (at S if measured, else at the largest capacity: X's removal reads no struct "
      "page); N* = (R_sweep(S) - R_X) / o_X transition "
      "pairs per removal: the sweep wins when removals are rarer. Time between removals = "
      "N* / pairs_per_s(X). Intervals, each at the level its number of processes gives "
      "(distribution-free order statistics: 96.8 % at 6, 99.2 % at 8, 96.0 % at 9; the o_X column "
      "names its level): o_X from the paired differences (sign test; unpaired: the "
      "Mann-Whitney U distribution); medians (R_sweep, R_X, pairs/s) of the "
      "processes' values; bounds propagate conservatively: N* [max(0, R_sweep_lo - R_X_hi) / o_hi, "
      "(R_sweep_hi - R_X_lo) / o_lo], time [N*_lo / pps_hi, N*_hi / pps_lo], each printed "
      "with the level its parts hold jointly (\">= L\": Bonferroni, 1 - the sum of the "
      "parts' misses; N* has three parts). Classes: the sweep wins above N* when o_X "
      "> resolution and its interval lies above 0; never when o_X < -resolution and its "
      "interval lies below 0; unresolved otherwise (resolution = the larger |bound| of the "
      "A/A interval, none arm 2 - arm 1, at X's setting); so \"wins\" and \"never\" "
      "are at least twice the resolution apart. An unresolved o_X is a bound: at most B = "
      "the larger of its interval's upper end and the resolution, at the upper end's "
      "one-sided level; then N* >= (R_sweep_lo - R_X_hi) / B (one-sided, its three parts "
      "jointly): removals more frequent than that favour X. The row also gives the "
      "processes per case that would resolve |o_X|, scaling the interval width as 1 / sqrt(n)."};
  for (const run_data& run : runs) {
    std::string h = run.rows.empty() ? run.path : run.rows.front()[host];
    // "emulated", or "emulated (qemu TCG guest)" from the kernel module's driver.
    bool emulated = record_pmem_kind(run.machine).starts_with("emulated");
    for (const tidy_row& r : run.rows) emulated = emulated || r[pmem].starts_with("emulated");
    if (emulated) out.push_back(h + ": pmem is emulated (DRAM): device timings are not those of real persistent memory.");
    if (record_pmem_kind(run.machine).find("guest") != std::string::npos)
      out.push_back(h + ": figures from an emulated guest (software CPU emulation): they prove code "
                        "paths, they are not host figures.");
    if (record_is_vm(run.machine)) out.push_back(h + ": a virtual machine: timings include hypervisor noise.");
    std::string ctr = run.counters();
    if (ctr.starts_with("unavailable")) out.push_back(h + ": hardware counters " + ctr + ".");
  }
  return out;
}

// The sweep's removal at each measured size, and per GiB of device: whether
// it scales linearly, before anything is extrapolated from it. The sweeper
// counts `keep(sweepers, folio order)` admits.
template <class Keep>
table scaling_table(const std::string& h, const run_data& run, Keep keep) {
  table t{"Sweep removal by size - " + h + " (" + run.path + ")",
          {"sweep", "sweepers", "memmap", "device", "R_sweep wall", "wall per GiB", "R_sweep (CPU)",
           "CPU per GiB"},
          {}, {}};
  const cases_t cases = group_cases(run.rows);
  std::set<std::tuple<std::string, std::string, unsigned, unsigned>> seen;  // sweep, memmap, sweepers, order
  for (const case_samples& c : cases) {
    const tidy_row& r = c.params();
    const unsigned order = as_unsigned(r, folio_order);
    if (r[kind] != "removal" || !removal_scans_memmap(r) || !keep(as_unsigned(r, sweepers), order) ||
        !seen.insert({r[subject], r[memmap], as_unsigned(r, sweepers), order}).second)
      continue;
    for (const size_costs& s : sweep_sizes(cases, r[subject], r[memmap], as_unsigned(r, sweepers), order)) {
      const double wall = median(s.wall), cpu = median(s.cpu);
      t.rows.push_back({r[subject] + folio_order_suffix(order), r[sweepers].empty() ? "-" : r[sweepers], r[memmap],
                        size_name(static_cast<std::uint64_t>(s.gib * gib)), duration(wall),
                        duration(wall / s.gib), with_ci(cpu, median_ci(s.cpu), duration),
                        duration(cpu / s.gib)});
    }
  }
  t.notes.push_back("Nothing in use; medians over the processes (R_sweep (CPU) with its "
                    "order-statistic interval); per GiB: the median over the size. A removal "
                    "that scales linearly has the same cost per GiB at every size, its fixed "
                    "part (the grace period) aside.");
  return t;
}

}  // namespace

std::vector<breakeven> breakevens(const run_data& run) {
  cases_t cases = group_cases(run.rows);
  std::set<unsigned> sweeper_counts;
  for (const case_samples& c : cases)
    if (c.params()[kind] == "removal" && removal_scans_memmap(c.params()))
      sweeper_counts.insert(as_unsigned(c.params(), sweepers));
  if (sweeper_counts.empty()) sweeper_counts.insert(0);  // rows then say why
  std::vector<breakeven> out;
  for (const case_samples& c : cases) {
    const tidy_row& x = c.params();
    if (x[kind] != "hotpath" || !plain_work(x) || !counts_transitions(x)) continue;
    const std::string sweep_name = x[sweep_peer];
    const case_samples* sw = find_case(cases, [&](const tidy_row& r) {
      return r[kind] == "hotpath" && r[subject] == sweep_name &&
             same_hotpath_setting(r, x);
    });
    // Per folio at a large order: its hot path pays per folio, its sweep reads per folio.
    const unsigned order = as_unsigned(x, folio_order);
    // o_X: per shared process, X minus its sweep peer (difference).
    auto o = sw ? difference(*sw, c, ns_per_pair) : std::nullopt;
    const aa_check aa = aa_check_at(cases, x);
    const auto pps = estimate_of(c, pairs_per_s);
    for (unsigned s : sweeper_counts) {
      const std::vector<size_costs> measured = sweep_sizes(cases, sweep_name, x[memmap], s, order);
      for (std::uint64_t size : device_sizes) {
        breakeven b;
        b.host = x[host];
        b.tracker = x[subject];
        b.sweep = sweep_name;
        b.memmap = x[memmap];
        b.pages = x[pages];
        b.rcu = x[rcu];
        b.threads = as_unsigned(x, threads);
        b.sockets = sockets_of(x);
        b.folio_order = order;
        b.sweepers = s;
        b.size = size;
        const sweep_estimate e = sweep_at(measured, size);
        b.r_sweep = e.cpu;
        b.r_sweep_wall = e.wall;
        b.r_sweep_ci = e.cpu_ci;
        b.fitted = e.fitted;
        b.fit = e.fit;
        b.sweep_why = e.why;
        if (auto rx = removal_cost(cases, x[subject], x[memmap], order, size)) {
          b.r_x = rx->value;
          b.r_x_ci = rx->ci;
        }
        decide(b, aa, o, pps);
        out.push_back(std::move(b));
      }
    }
  }
  const std::string flavour = kernel_flavour(run.machine);
  std::stable_partition(out.begin(), out.end(),
                        [&](const breakeven& b) { return !flavour.empty() && b.rcu == flavour; });
  return out;
}

std::string size_name(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t u = 0;
  std::uint64_t unit = 1;
  while (u + 1 < std::size(units) && bytes >= unit * 1024) unit *= 1024, ++u;
  return (bytes % unit ? num(double(bytes) / double(unit)) : std::to_string(bytes / unit)) + " " + units[u];
}

std::string kernel_flavour(const nlohmann::json& machine) {
  if (!machine.is_object()) return "";
  auto it = machine.find("kernel_rcu");
  if (it == machine.end() || !it->is_object()) return "";
  auto f = it->find("model_flavour");
  return f != it->end() && f->is_string() ? f->get<std::string>() : "";
}

bool of_kernel(const nlohmann::json& machine, const std::string& rcu) {
  const std::string flavour = kernel_flavour(machine);
  return flavour.empty() || rcu.empty() || rcu == "none" || rcu == flavour;
}

std::string kernel_flavour_line(const nlohmann::json& machine) {
  const std::string f = kernel_flavour(machine);
  if (!f.empty()) {
    const auto& k = machine["kernel_rcu"];
    auto preempt = k.find("preempt_rcu");
    if (preempt == k.end() || !preempt->is_boolean()) return f;
    std::string line = f + ", CONFIG_PREEMPT_RCU=" + (preempt->get<bool>() ? "y" : "n");
    if (auto count = k.find("preempt_count"); !preempt->get<bool>() && count != k.end() && count->is_boolean())
      line += std::string(", CONFIG_PREEMPT_COUNT=") + (count->get<bool>() ? "y" : "n");
    return line;
  }
  if (!machine.is_object()) return "unavailable: no machine record";
  auto it = machine.find("kernel_rcu");
  if (it == machine.end()) return "unavailable: the machine record has no kernel_rcu";
  if (it->is_string() && it->get<std::string>().starts_with("unavailable")) return it->get<std::string>();
  return "unavailable: kernel_rcu names no model_flavour";
}

namespace {

// The break-even table of the rows `keep` admits.
template <class Keep>
table breakeven_table(const std::string& h, const run_data& run, const std::vector<breakeven>& all, Keep keep) {
  table t{"Break-even - " + h + " (" + run.path + ")",
          {"tracker", "rcu", "threads", "pages", "memmap", "sweepers", "device",
           "o_X (ns/pair) [CI]", "resolution", "R_sweep (CPU)", "R_sweep wall", "R_X",
           "N* (pairs/removal)", "time between removals", "sockets"},
          {}, {}};
  ci_levels levels, r_x_levels;
  std::vector<std::string> fits;  // each line R_sweep was taken from, once
  for (const breakeven& b : all) {
    if (!keep(b)) continue;
    levels.add(b.overhead_ci);
    r_x_levels.add(b.r_x_ci);
    t.rows.push_back({b.tracker + folio_order_suffix(b.folio_order), b.rcu.empty() ? "-" : b.rcu, std::to_string(b.threads),
                      b.pages.empty() ? "-" : b.pages, b.memmap.empty() ? "-" : b.memmap,
                      std::to_string(b.sweepers),
                      size_name(b.size) + (b.fitted.empty() ? "" : " (" + b.fitted + ")"),
                      overhead_cell(b),
                      b.resolution ? num(*b.resolution) + " ns" : not_available("no A/A check"),
                      b.r_sweep ? with_joint_ci(*b.r_sweep, b.r_sweep_ci, duration) : not_available(b.sweep_why),
                      b.r_sweep_wall ? duration(*b.r_sweep_wall) : not_available(b.sweep_why),
                      opt_duration(b.r_x, b.r_x_ci, "not measured"), outcome_cell(b, false),
                      interval_cell(b), std::to_string(b.sockets)});
    if (b.fit.empty()) continue;
    const std::string line = "Fit: " + b.sweep + folio_order_suffix(b.folio_order) + ", " +
                             plural(std::to_string(b.sweepers), "sweeper") + ", memmap " + b.memmap + ": " + b.fit + ".";
    if (std::find(fits.begin(), fits.end(), line) == fits.end()) fits.push_back(line);
  }
  t.columns[7] = "o_X (ns/pair) [" + levels.header() + "]";
  t.columns[11] = "R_X [" + r_x_levels.header() + "]";
  t.notes = fits;
  return t;
}

}  // namespace

verdict_result verdict(const std::vector<run_data>& runs) {
  verdict_result v{{"pgmap-bench verdict: when does the sweep win?", run_heading(runs), {}, {}}, {}, {}, {}};
  v.doc.closing = assumptions(runs);
  v.every = {v.doc.title + " (every setting)", v.doc.heading, {}, {}};
  for (const run_data& run : runs) {
    std::vector<breakeven> all = breakevens(run);
    std::string h = run.rows.empty() ? run.path : run.rows.front()[host];
    const std::string flavour = kernel_flavour_line(run.machine);
    // Readable at 100+ PUs: each folio order at the sweeper count that
    // costs least CPU time (what the sentence weighs); every count in the CSV.
    std::map<unsigned, unsigned> cheapest;
    for (const breakeven& b : all) cheapest.emplace(b.folio_order, cheapest_sweepers(all, b.folio_order));
    const auto readable = [&](unsigned sweepers, unsigned order) {
      return !cheapest.count(order) || sweepers == cheapest[order];
    };
    const auto any = [](auto&&...) { return true; };
    table t = breakeven_table(h, run, all, [&](const breakeven& b) { return readable(b.sweepers, b.folio_order); });
    table every = breakeven_table(h, run, all, any);
    if (t.rows.size() < every.rows.size())
      t.notes.push_back("Sweepers: at each folio order the count that costs least CPU time; every count "
                        "measured is in verdict.csv (pgmap-results verdict --format csv).");
    t.notes.push_back("Flavour of the running kernel: " + flavour +
                      (kernel_flavour(run.machine).empty()
                           ? "; rows in registry order."
                           : "; its trackers' rows come first."));
    v.doc.tables.push_back(std::move(t));
    v.every.tables.push_back(std::move(every));
    for (document* d : {&v.doc, &v.every}) {
      table scaling = d == &v.doc ? scaling_table(h, run, readable) : scaling_table(h, run, any);
      if (!scaling.rows.empty()) d->tables.push_back(std::move(scaling));
    }
    // 4 KiB pages first, then each larger folio order the run has.
    std::set<unsigned> orders = {0};
    for (const breakeven& b : all) orders.insert(b.folio_order);
    for (unsigned order : orders) {
      v.sentences.push_back(sentence(h, flavour, kernel_flavour(run.machine), all, false, order));
      v.brief_sentences.push_back(sentence(h, flavour, kernel_flavour(run.machine), all, true, order));
    }
  }
  v.doc.closing.insert(v.doc.closing.end(), v.sentences.begin(), v.sentences.end());
  v.doc.closing.push_back(currency_line);
  v.every.closing = v.doc.closing;
  return v;
}

std::string outcome_cell(const breakeven& b, bool brief) {
  auto why = [&](const std::string& reason) { return brief ? std::string() : " (" + reason + ")"; };
  switch (b.cls) {
    case verdict_class::wins:
      return brief ? count(*b.n_star) : with_joint_ci(*b.n_star, b.n_star_ci, count);
    case verdict_class::never:
      return "never" + why(b.tracker + "'s hot path is resolved as cheaper than " + b.sweep + "'s");
    case verdict_class::always:
      return "always" + why("the sweep is no slower on removal either");
    case verdict_class::unresolved: {
      const std::string bound = b.overhead_bound ? "o_X " + bound_text(*b.overhead_bound) + "; " : "";
      return (b.n_star_min ? n_star_min_text(b) : std::string("no N follows")) +
             why(bound + to_resolve(b));
    }
    case verdict_class::unavailable: break;
  }
  return brief ? "n/a" : not_available(b.why);
}

std::vector<const breakeven*> headline_rows(const std::vector<breakeven>& all, unsigned order) {
  // The most threads; of them the fewest sockets (threads beside the pmem).
  unsigned threads_max = 0, sockets_min = 0;
  for (const breakeven& b : all)
    if (b.folio_order == order) threads_max = std::max(threads_max, b.threads);
  for (const breakeven& b : all)
    if (b.folio_order == order && b.threads == threads_max && (!sockets_min || b.sockets < sockets_min))
      sockets_min = b.sockets;
  const unsigned sweepers_best = cheapest_sweepers(all, order);
  const auto top = [&](const breakeven& b) {
    return b.folio_order == order && b.threads == threads_max && b.sockets == sockets_min &&
           b.sweepers == sweepers_best && b.size == 1024 * gib;
  };
  // Private pages and a DRAM memmap when the run has them: the common case.
  std::string mm, pg;
  for (const breakeven& b : all) {
    if (!top(b)) continue;
    if (mm.empty() || (mm != "dram" && b.memmap == "dram")) mm = b.memmap;
  }
  for (const breakeven& b : all) {
    if (!top(b) || b.memmap != mm) continue;
    if (pg.empty() || (pg != "private" && b.pages == "private")) pg = b.pages;
  }
  std::vector<const breakeven*> pick;
  for (const breakeven& b : all)
    if (top(b) && b.memmap == mm && b.pages == pg) pick.push_back(&b);
  return pick;
}

unsigned cheapest_sweepers(const std::vector<breakeven>& all, unsigned order) {
  std::optional<unsigned> best, fewest;
  double best_cost = 0;
  for (const breakeven& b : all) {
    if (b.folio_order != order) continue;
    if (!fewest || b.sweepers < *fewest) fewest = b.sweepers;
    if (b.size != 1024 * gib || !b.r_sweep) continue;
    if (!best || *b.r_sweep < best_cost || (*b.r_sweep == best_cost && b.sweepers < *best)) {
      best = b.sweepers;
      best_cost = *b.r_sweep;
    }
  }
  return best ? *best : fewest.value_or(0);
}

}  // namespace pgmap::results
