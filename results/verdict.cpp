#include "results/verdict.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "impl/struct_page.hpp"
#include "results/case_stats.hpp"
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

std::string size_name(std::uint64_t bytes) {
  return bytes >= 1024 * gib ? std::to_string(bytes / (1024 * gib)) + " TiB"
                             : std::to_string(bytes / gib) + " GiB";
}

// The sweep's removal cost model for one memmap and sweeper count, from its
// largest measured capacity.
struct sweep_model {
  double capacity_gib = 0, bandwidth = 0 /* bytes per ns */;
  std::optional<double> grace;
  std::optional<double> cost(std::uint64_t size) const {
    if (!grace || bandwidth <= 0) return std::nullopt;
    return *grace + static_cast<double>(size) * memmap_bytes_per_device_byte / bandwidth;
  }
};

std::optional<sweep_model> model_for(const cases_t& cases, const std::string& sweep_name,
                                     const std::string& mm, unsigned sw) {
  std::optional<sweep_model> best;
  for (const case_samples& c : cases) {
    const tidy_row& r = c.params();
    if (r[kind] != "removal" || r[subject] != sweep_name || r[memmap] != mm ||
        as_unsigned(r, sweepers) != sw || !nothing_in_use(r))
      continue;
    double cap = r.number(capacity_gib).value_or(0);
    auto bw = case_median(c, read_gbps);
    if (!bw || (best && best->capacity_gib >= cap)) continue;
    best = sweep_model{cap, *bw, case_median(c, grace_ns)};
  }
  return best;
}

// X's removal latency with nothing in use: at this size if measured, else at
// the largest measured capacity.
std::optional<double> removal_cost(const cases_t& cases, const std::string& x,
                                   const std::string& mm, std::uint64_t size) {
  const case_samples *exact = nullptr, *largest = nullptr;
  double largest_cap = -1;
  for (const case_samples& c : cases) {
    const tidy_row& r = c.params();
    if (r[kind] != "removal" || r[subject] != x || r[memmap] != mm || !nothing_in_use(r)) continue;
    double cap = r.number(capacity_gib).value_or(0);
    if (cap * gib == static_cast<double>(size)) exact = &c;
    if (cap > largest_cap) {
      largest = &c;
      largest_cap = cap;
    }
  }
  const case_samples* pick = exact ? exact : largest;
  return pick ? case_median(*pick, latency_ns) : std::nullopt;
}

// |none pass 2 - none pass 1| at the same setting, when both passes ran.
std::optional<double> noise_floor(const cases_t& cases, const tidy_row& x) {
  auto none_pass = [&](const char* p) {
    return find_case(cases, [&](const tidy_row& r) {
      return r[kind] == "hotpath" && is_baseline(r) &&
             (r[arm] == p || (r[arm].empty() && std::string(p) == "1")) &&
             same_setting(r, x, {threads, pages, work, memmap});
    });
  };
  const case_samples *p1 = none_pass("1"), *p2 = none_pass("2");
  if (!p1 || !p2) return std::nullopt;
  auto m1 = case_median(*p1, ns_per_pair), m2 = case_median(*p2, ns_per_pair);
  if (!m1 || !m2) return std::nullopt;
  return std::fabs(*m2 - *m1);
}

void decide(breakeven& b, std::optional<double> noise, std::optional<double> pps) {
  if (!b.overhead) { b.outcome = not_available("hot path not measured"); return; }
  if (*b.overhead <= 0 || (noise && *b.overhead <= *noise)) {
    b.outcome = "never: " + b.tracker + " costs no more than " + b.sweep +
                " on the hot path";
    return;
  }
  if (!b.r_sweep) { b.outcome = not_available("sweep removal not measured"); return; }
  if (!b.r_x) { b.outcome = not_available(b.tracker + " removal not measured"); return; }
  if (*b.r_sweep <= *b.r_x) {
    b.outcome = "always: the sweep is no slower on removal either";
    return;
  }
  b.n_star = (*b.r_sweep - *b.r_x) / *b.overhead;
  if (pps && *pps > 0) b.interval_ns = *b.n_star / *pps * 1e9;
}

std::string n_star_cell(const breakeven& b) {
  return b.n_star ? count(*b.n_star) : b.outcome;
}

std::string interval_cell(const breakeven& b) {
  if (b.interval_ns) return duration(*b.interval_ns);
  return b.n_star ? not_available("pairs/s not measured") : "";
}

std::string opt_duration(const std::optional<double>& ns, const char* why) {
  return ns ? duration(*ns) : not_available(why);
}

// One sentence per host: the most threads, private pages, 1 TiB, most sweepers.
std::string sentence(const std::string& host, const std::vector<breakeven>& all) {
  std::vector<const breakeven*> pick;
  unsigned threads_max = 0, sweepers_max = 0;
  for (const breakeven& b : all) {
    threads_max = std::max(threads_max, b.threads);
    sweepers_max = std::max(sweepers_max, b.sweepers);
  }
  std::string mm, pg;
  for (const breakeven& b : all) {
    if (b.threads != threads_max || b.sweepers != sweepers_max || b.size != 1024 * gib) continue;
    if (mm.empty()) { mm = b.memmap; pg = b.pages; }
    if (b.memmap == mm && b.pages == pg) pick.push_back(&b);
  }
  if (pick.empty()) return "On " + host + ", no break-even could be computed (see the table).";
  const breakeven& first = *pick.front();
  std::string s = "On " + host + ", with " + std::to_string(threads_max) + " thread" +
                  (threads_max == 1 ? "" : "s") + " and a 1 TiB device (" +
                  (first.extrapolated ? "extrapolated; " : "") + "memmap " +
                  (mm.empty() ? "n/a" : mm) + ", " + std::to_string(sweepers_max) + " sweeper" +
                  (sweepers_max == 1 ? "" : "s") + "), ";
  std::vector<std::string> parts;
  for (const breakeven* b : pick) {
    if (b->n_star)
      parts.push_back("the sweep beats " + b->tracker +
                      " whenever removals are rarer than one per " + count(*b->n_star) +
                      " page transitions" +
                      (b->interval_ns ? " (one every " + duration(*b->interval_ns) + " at full rate)"
                                      : ""));
    else if (b->outcome.starts_with("never: "))
      parts.push_back("the sweep never beats " + b->tracker + " (" + b->outcome.substr(7) + ")");
    else if (b->outcome.starts_with("always: "))
      parts.push_back("the sweep beats " + b->tracker + " at any removal rate (" + b->outcome.substr(8) + ")");
    else
      parts.push_back("against " + b->tracker + ": " + b->outcome);
  }
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
  return s + ".";
}

std::vector<std::string> assumptions(const std::vector<run_data>& runs) {
  std::vector<std::string> out = {
      "Model (assumptions): X is a per-transition tracker (atomic, percpu_ref-*); none "
      "and bulk are left out, as they cannot tell when pages are idle. Each X is set "
      "against the sweep on the same RCU flavour (sweep for qsbr and atomic, sweep-memb "
      "for memb). o_X = median ns_per_pair(X) - median ns_per_pair(that sweep) at "
      "the same threads, pages, memmap and work none; R_sweep(S) = grace period + "
      "(S / 4096 x 64 bytes of struct pages) / sweep read bandwidth, the bandwidth and grace "
      "of the largest measured capacity per sweeper count (larger sizes are marked "
      "extrapolated); R_X = X's measured removal latency with nothing in use (at S if "
      "measured, else at the largest capacity); N* = (R_sweep(S) - R_X) / o_X transition "
      "pairs per removal: the sweep wins when removals are rarer. Time between removals = "
      "N* / pairs_per_s(X). When o_X <= 0 or within the noise floor (|none pass 2 - pass "
      "1|), X costs no more than the sweep and no N* is given."};
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
             same_setting(r, x, {threads, pages, work, memmap});
    });
    auto mx = case_median(c, ns_per_pair);
    auto ms = sw ? case_median(*sw, ns_per_pair) : std::nullopt;
    for (unsigned s : sweeper_counts) {
      auto model = model_for(cases, sweep_name, x[memmap], s);
      for (std::uint64_t size : device_sizes) {
        breakeven b;
        b.host = x[host];
        b.tracker = x[subject];
        b.sweep = sweep_name;
        b.memmap = x[memmap];
        b.pages = x[pages];
        b.threads = as_unsigned(x, threads);
        b.sweepers = s;
        b.size = size;
        if (mx && ms) b.overhead = *mx - *ms;
        if (model) {
          b.r_sweep = model->cost(size);
          b.extrapolated = static_cast<double>(size) > model->capacity_gib * gib;
        }
        b.r_x = removal_cost(cases, x[subject], x[memmap], size);
        decide(b, noise_floor(cases, x), case_median(c, pairs_per_s));
        out.push_back(std::move(b));
      }
    }
  }
  return out;
}

verdict_result verdict(const std::vector<run_data>& runs) {
  verdict_result v{{"pgmap-bench verdict: when does the sweep win?", run_heading(runs), {}, {}}, {}};
  v.doc.closing = assumptions(runs);
  for (const run_data& run : runs) {
    std::vector<breakeven> all = breakevens(run);
    std::string h = run.rows.empty() ? run.path : run.rows.front()[host];
    table t{"Break-even - " + h + " (" + run.path + ")",
            {"tracker", "threads", "pages", "memmap", "sweepers", "device", "o_X (ns/pair)",
             "R_sweep", "R_X", "N* (pairs/removal)", "time between removals"},
            {}, {}};
    for (const breakeven& b : all)
      t.rows.push_back({b.tracker, std::to_string(b.threads), b.pages.empty() ? "-" : b.pages,
                        b.memmap.empty() ? "-" : b.memmap, std::to_string(b.sweepers),
                        size_name(b.size) + (b.extrapolated ? " (extrapolated)" : ""),
                        b.overhead ? signed_num(*b.overhead) : not_available("not measured"),
                        opt_duration(b.r_sweep, "sweep removal not measured"),
                        opt_duration(b.r_x, "not measured"), n_star_cell(b), interval_cell(b)});
    v.doc.tables.push_back(std::move(t));
    v.sentences.push_back(sentence(h, all));
  }
  v.doc.closing.insert(v.doc.closing.end(), v.sentences.begin(), v.sentences.end());
  return v;
}

}  // namespace pgmap::results
