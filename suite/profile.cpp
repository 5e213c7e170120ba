#include "suite/profile.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "bench/common_options.hpp"
#include "bench/list_option.hpp"
#include "common/case_schema.hpp"
#include "common/error.hpp"
#include "hw/memmap_place.hpp"
#include "hw/pmem_node.hpp"
#include "hw/pmem_spec.hpp"
#include "impl/registry.hpp"
#include "impl/struct_page.hpp"

namespace pgmap::suite {

std::vector<std::string> profiles() { return {"quick", "full"}; }

std::string default_counts(unsigned pus, unsigned per_package) {
  if (per_package == 0 || per_package > pus) per_package = pus;
  std::string s;
  for (unsigned n = 1; n < per_package; n *= 2) s += std::to_string(n) + ",";
  s += std::to_string(per_package);
  if (pus > per_package) s += "," + std::to_string(pus);
  return s;
}

std::string profile_work(const std::string& profile) {
  return profile == "full" ? "none,spin:100,spin:1000,touch:64,touch:4096,lock_page" : "none,touch:64";
}

std::string profile_sizes(const std::string& profile) {
  return profile == "full" ? "1,16,64,256,1024,4096" : "1,16,64,256";
}

namespace {

// How much faster than one sweeper the estimate lets a scan be: two
// sweepers read twice as fast on the 2-PU VM (9.5 and 19 GB/s), the most
// measured; a host with more PUs may scan faster than planned.
constexpr double scan_speedup = 2;

// Why the full profile leaves counts out, after what it leaves out.
const char* const past_a_day = "would take a 2 x 56 PU host past a working day)";

// The fewest and the most of a list of counts ("1,112" of the defaults on
// 2 x 56 PUs), each once, joined with `sep`.
std::string ends_of(const std::string& counts, const char* sep = ",") {
  const std::vector<unsigned> c = bench::parse_uint_list("threads", counts, 1);
  const auto [lo, hi] = std::minmax_element(c.begin(), c.end());
  return *lo == *hi ? std::to_string(*lo) : std::to_string(*lo) + sep + std::to_string(*hi);
}

std::string joined(const std::vector<unsigned>& v, const char* sep = ",") {
  std::string s;
  for (unsigned x : v) s += (s.empty() ? "" : sep) + std::to_string(x);
  return s;
}

// What the verdict weighs at every size: the sweeps and the trackers set
// against them (their traits say so).
std::string verdict_trackers() {
  std::string s;
  for (const tracker_traits& t : trackers())
    if (t.removal_scans || !t.sweep_peer.empty()) s += (s.empty() ? "" : ",") + std::string(t.name);
  return s;
}

}  // namespace

planned_sizes sizes_that_fit(const std::vector<unsigned>& gib, const hw::memory_figure& available,
                             const std::optional<device_room>& device, bool memmap_in_memory) {
  planned_sizes p;
  for (unsigned g : gib) {
    const std::uint64_t pages = (std::uint64_t{g} << 30) / page_size, need = pages * sizeof(page);
    // On the device, as the kernel reserves it, and the run's data after it.
    const std::uint64_t on_device =
        hw::mapping_bytes_needed(hw::memmap_placement::device, pages, hw::removal_data_bytes);
    const std::string left_out = "removal at " + std::to_string(g) + " GiB left out: its memmap needs ";
    if (device && on_device > device->bytes)
      p.notes.push_back(left_out + hw::human_size(on_device) + " on the device, more than " + device->what + " of " +
                        hw::human_size(device->bytes) + " (--pmem)");
    else if (memmap_in_memory && available.bytes && need > *available.bytes / 2)
      p.notes.push_back(left_out + hw::human_size(need) + ", more than half of the " +
                        hw::human_size(*available.bytes) + " of memory available (" + available.source +
                        (available.source == "MemAvailable" ? ") when the run began" : ")"));
    else
      p.gib.push_back(g);
  }
  if (memmap_in_memory && !available.bytes)
    p.notes.push_back("memory check unavailable: " + available.why + "; every removal size planned");
  return p;
}

suite_plan plan_suite(const suite_options& o) {
  const bool full = o.profile == "full";
  if (!full && o.profile != "quick")
    throw pgmap::error("--profile: '" + o.profile + "' is not quick or full");
  // Six at least: the order-statistics interval of a median needs six values.
  // Nine: the fewest whose interval leaves out the extreme value on each side
  // (x(2), x(8): 96.0 %, rounded down), so one spike does not set a bound; with six it is
  // [min, max]. A/A resolution at 1 thread, private pages, on a 2-PU VM:
  // 0.023-0.071 ns with six, 0.034 with nine.
  const unsigned reps = o.repetitions ? o.repetitions : full ? 10 : 9;
  // Rounds share the case's time: each is 1/rounds of the minimum time. 24:
  // on a 2-PU VM the A/A arms' per-process differences spread over 0.2-1 ns
  // with 3 rounds of a 0.1 s case, 0.09 ns with 24 (six processes, 1 thread,
  // private pages), at the same process time (the cases' alternation, not
  // their length, cancels the host's slow drifts).
  const unsigned rounds = o.rounds ? o.rounds : 24;
  // Quick: nine processes of 0.06 s a case take about the time six of 0.1 s did.
  const double min_time_s = (full ? 2.0 : 0.06) / rounds;
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = bench::common_args(o.common);
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  // Folio orders: every one for the removals, those the hot path's pool
  // allows for the hot path.
  const std::vector<unsigned> orders = bench::parse_folio_orders(o.folio_order, max_folio_order);
  std::vector<unsigned> hot_orders;
  std::vector<std::string> notes;
  for (unsigned k : orders)
    if (k <= bench::hotpath_max_folio_order) hot_orders.push_back(k);
    else notes.push_back("hot path at folio order " + std::to_string(k) + " left out: its pool of 4096 folios "
                         "would need 64 GiB of struct pages (removal runs it)");
  if (hot_orders.empty())
    throw pgmap::error("--folio-order " + o.folio_order + ": the hot path runs at 0 or 9; list one of them too");
  // Quick: every tracker, the thread counts asked (--threads), both sharings, no work and the DAX
  // touch, three capacities: minutes on a 2-core VM. Full: more work kinds,
  // larger capacities, longer cases and more processes.
  // Per case, from measured runs: a quick hot-path case 0.13 s, small
  // removals 0.02 s, 64-256 GiB ones 0.8 s (a quick run on the 2-PU VM,
  // 126 processes), most of it their scans (below); a full hot-path case of
  // 2 s took 4.3 s (its rounds' warm-ups); a full removal process at
  // 256 GiB (47 cases, 1 and 2 sweepers) 87.5 s: 10 s of memmap set-up,
  // 66 s of scans and plain reads, 0.2 s a case besides. Each process adds
  // 0.3 s (expected_process_s).
  const double hot_case_s = full ? 4.4 : 0.13;
  // Full: work kinds other than none (the workload around a transition, not
  // the verdict's) with private pages at the fewest and the most threads
  // only: at 2 x 56 PUs, every kind at every count and sharing would take
  // 4 h 48 min of a working day's 8 h (pgmap-suite --check).
  const std::vector<std::string> works = bench::split_list("--work", !o.work.empty() ? o.work : profile_work(o.profile));
  std::vector<std::string> others;
  for (const std::string& w : works)
    if (w != "none") others.push_back(w);
  const auto hot_plan = [&](const std::vector<std::string>& kinds, const std::string& threads,
                            const std::string& pages) {
    std::string list;
    for (const std::string& k : kinds) list += (list.empty() ? "" : ",") + k;
    binary_plan b{"bench_hotpath",
                  with({"--work=" + list, "--pages=" + pages, "--folio-order=" + joined(hot_orders),
                        "--benchmark_min_time=" + std::to_string(min_time_s)}),
                  {"threads", "pages", "work", "memmap", "folio_order"},
                  hot_case_s,
                  rounds};
    b.part = "hot path, work " + list + ", " + (pages == "private" ? "private pages" : "private and shared pages");
    if (!threads.empty()) {
      b.args.push_back("--threads=" + threads);
      b.part += ", threads " + threads;
    }
    return b;
  };
  const auto with_sockets = [&](binary_plan b) {
    if (!o.sockets.empty()) b.args.push_back("--sockets=" + o.sockets);
    return b;
  };
  // (A run from before --threads lists none: its binaries ran 1..PUs, every kind at each.)
  std::vector<binary_plan> hot_plans;
  if (!full || o.threads.empty()) {
    hot_plans.push_back(with_sockets(hot_plan(works, o.threads, "private,shared")));
  } else {
    hot_plans.push_back(with_sockets(hot_plan({"none"}, o.threads, "private,shared")));
    // Threads across two sockets at the fewest that can cross and the two
    // most (one package's worth and every PU on 2 x 56): each other count
    // on both would put a 2 x 56 PU host's run past a working day.
    const std::vector<unsigned> given = bench::parse_uint_list("threads", o.threads, 1);
    const std::set<unsigned> counts(given.begin(), given.end());
    std::vector<unsigned> cross(counts.upper_bound(1), counts.end()), keep, dropped;  // 2 and more, sorted
    for (std::size_t i = 0; i < cross.size(); ++i)
      (i == 0 || i + 2 >= cross.size() ? keep : dropped).push_back(cross[i]);
    const std::vector<unsigned> spans =
        o.sockets.empty() ? std::vector<unsigned>{} : bench::parse_uint_list("sockets", o.sockets, 1);
    const bool both = std::count(spans.begin(), spans.end(), 1u) && std::count(spans.begin(), spans.end(), 2u);
    if (!dropped.empty() && both) {
      hot_plans.back().drop = "/sockets:2/.*/threads:(" + joined(dropped, "|") + ")$";
      notes.push_back("threads across two sockets at " + joined(keep, ", ") + " threads only (each count on both " +
                      past_a_day);
    }
    if (!others.empty()) hot_plans.push_back(hot_plan(others, ends_of(o.threads), "private"));
  }
  // Removal: every tracker and in-use share at the smaller sizes; at the
  // larger ones (the fit the verdict extrapolates from) only what the
  // verdict weighs, with nothing in use: a 256 GiB process spends most of
  // its time mapping 4 GiB of struct pages. Sizes checked against memory.
  const unsigned iterations = full ? 10 : 3;
  // Measured on the 2-PU VM: one sweeper reads its 16 MiB of struct pages
  // per GiB at 9.5 GB/s (1.75 ms per GiB and removal), two at 19 GB/s (the
  // estimate assumes no more than that); a process maps and zeroes its
  // memmap at 0.034-0.057 s per GiB (a 256 GiB process, first and second
  // run). At 16 TiB that is 11 min a process before its first case.
  const double scan_s_per_gib = 0.00175, setup_s_per_gib = 0.04;
  // A memmap on the device must fit it: the spec's SIZE, else what the
  // device has. Only a memmap held in memory (in DRAM, or on emulated pmem,
  // itself memory) is weighed against the memory available, as
  // bench_removal does.
  const hw::pmem_spec spec = hw::parse_pmem_spec(o.common.pmem);
  const bool memmap_on_device = hw::parse_memmap_placement(o.common.memmap) == hw::memmap_placement::device;
  std::optional<device_room> device;
  if (const std::optional<std::uint64_t> room = memmap_on_device ? hw::pmem_capacity(spec) : std::nullopt)
    device = device_room{*room, spec.size                          ? "its SIZE"
                                : spec.kind == hw::pmem_kind::devdax ? "the device's size"
                                                                     : "the space free in " + spec.path};
  // Every size checked at once, so each note is said once; every in-use
  // share up to small_max, the larger only what the verdict weighs.
  const unsigned small_max = full ? 256 : 16;
  const planned_sizes fit = sizes_that_fit(
      bench::parse_uint_list("capacity_gib", o.capacity_gib.empty() ? profile_sizes(o.profile) : o.capacity_gib, 1),
      o.memory, device, !memmap_on_device || spec.kind == hw::pmem_kind::emulated);
  std::vector<unsigned> small, large;
  for (unsigned g : fit.gib) (g <= small_max ? small : large).push_back(g);
  std::sort(small.begin(), small.end());
  std::sort(large.begin(), large.end());
  notes.insert(notes.end(), fit.notes.begin(), fit.notes.end());
  suite_plan plan{hot_plans, reps, notes};
  // Full: the sweeper counts between the fewest and the most, where every
  // count would take a 2 x 56 PU host past a working day; the verdict
  // extrapolates them from the sizes that have them.
  std::string middle;
  if (full && !o.sweepers.empty()) {
    std::vector<unsigned> s = bench::parse_uint_list("sweepers", o.sweepers, 1);
    std::sort(s.begin(), s.end());
    if (s.size() > 2) middle = joined(std::vector<unsigned>(s.begin() + 1, s.end() - 1), "|");
  }
  const std::string ends = middle.empty() ? "" : ends_of(o.sweepers, " and ");
  if (!small.empty()) {
    plan.binaries.push_back({"bench_removal",
                             with({"--capacity-gib=" + joined(small), "--in-use-pct=0,0.01,1", "--hold-us=1000",
                                   "--folio-order=" + joined(orders), "--iterations=" + std::to_string(iterations)}),
                             {"capacity_gib", "memmap"},
                             full ? 0.25 : 0.02, 1, "", scan_s_per_gib * iterations, setup_s_per_gib,
                             "removal at " + joined(small) + " GiB, every tracker"});
    // With pages in use (the wait for their holders, not the scan's scaling).
    if (!middle.empty()) {
      plan.binaries.back().drop = "/in_use_pct:(0\\.01|1)/.*/sweepers:(" + middle + ")/";
      plan.notes.push_back("removal with pages in use at " + ends + " sweepers only (every count " + past_a_day);
    }
  }
  if (!large.empty()) {
    // Three removals a process, as quick's: in full each reads 16 GiB of
    // struct pages or more (at 256 GiB one sweeper's ten took a median of
    // 435 ms, the slowest 519 ms).
    const unsigned large_iterations = 3;
    plan.binaries.push_back({"bench_removal",
                             with({"--capacity-gib=" + joined(large), "--in-use-pct=0",
                                   "--trackers=" + verdict_trackers(), "--folio-order=" + joined(orders),
                                   "--iterations=" + std::to_string(large_iterations)}),
                             {"capacity_gib", "memmap"},
                             full ? 0.5 : 0.1, 1, "", scan_s_per_gib * large_iterations, setup_s_per_gib,
                             "removal at " + joined(large) + " GiB, the verdict's trackers"});
    // The plain reads beside them (limit, `threads` readers) at the same two.
    if (!middle.empty()) {
      plan.binaries.back().drop = "/(sweepers|threads):(" + middle + ")/";
      plan.notes.push_back("removal at " + joined(large, ", ") + " GiB: at " + ends + " sweepers only (every count " +
                           past_a_day);
    }
  }
  for (binary_plan& b : plan.binaries)
    if (b.binary == "bench_removal" && !o.sweepers.empty()) b.args.push_back("--sweepers=" + o.sweepers);
  return plan;
}

double expected_process_s(const binary_plan& plan, const std::vector<std::string>& cases) {
  double s = 0.3;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const schema::parsed_name c = schema::parse_case_name(cases[i]);
    double gib = 0, readers = 1;
    for (const auto& [p, value] : c.values) {
      if (p->key == "capacity_gib") gib = std::strtod(value.c_str(), nullptr);
      if (p->key == "sweepers" || p->key == "threads") readers = std::strtod(value.c_str(), nullptr);
    }
    // The process maps one capacity (its group); a tracker whose removal
    // scans reads the memmap, and so does the plain read beside it (limit).
    if (i == 0) s += plan.process_s_per_gib * gib;
    const bool scans = c.kind == "limit" ||
                       (c.kind == "removal" && is_tracker(c.subject) && traits_of(c.subject).removal_scans);
    s += plan.expected_case_s + (scans ? plan.case_s_per_gib * gib / std::min(readers, scan_speedup) : 0);
  }
  return s;
}

}  // namespace pgmap::suite
