// bench_removal: what removing a pgmap costs, per tracker.
//
// A memmap modelling `capacity_gib` GiB of device memory (16 MiB of struct pages
// per GiB), a fraction of whose pages are in use when removal starts; their
// holder lets go `hold_us` after it starts. Each iteration times one remove()
// of a fresh tracker. In the same run, `limit` reads the same memmap with the
// same number of threads: the memory's own read bandwidth, against which the
// sweep's is judged.
#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <thread>

#include "bench/bench_env.hpp"
#include "bench/disturbance_probe.hpp"
#include "bench/latency_percentiles.hpp"
#include "bench/list_option.hpp"
#include "common/cli.hpp"
#include "common/case_schema.hpp"
#include "common/error.hpp"
#include "hw/memmap_place.hpp"
#include "hw/memory_available.hpp"
#include "hw/pmem_spec.hpp"
#include "impl/memmap_scan.hpp"
#include "impl/registry.hpp"

namespace pgmap::bench {
namespace {

using clock = std::chrono::steady_clock;
constexpr std::uint64_t pages_per_gib = (1ull << 30) / page_size;

struct removal_options {
  std::string trackers = "all";
  std::string capacity_gib = "1,16";
  std::string in_use_pct = "0,0.01,1";
  std::string hold_us = "1000";
  std::string sweepers;  // empty: 1..PUs
  std::string folio_order = "0";
  unsigned iterations = 5;
  unsigned timeout_s = 60;
  std::vector<unsigned> sweeper_list;
};

// The memmap of the capacity being measured, remapped when it changes
// (cases are registered by capacity, so that happens once per capacity), and
// laid out again in folios of `order` when that changes (nullopt: any
// layout, for a read of every line).
class memmap_cache {
 public:
  explicit memmap_cache(bench_env& env) : env_(env) {}
  std::span<page> get(unsigned gib, std::optional<unsigned> order) {
    if (gib != gib_) {
      pages_ = env_.map_memory(gib * pages_per_gib, hw::removal_data_bytes);
      gib_ = gib;
      order_ = 0;
    }
    if (order && *order != order_) {
      pages_ = init_memmap(pages_.data(), pages_.size_bytes(), pages_.front().pgmap, *order);
      order_ = *order;
    }
    return pages_;
  }

 private:
  bench_env& env_;
  unsigned gib_ = 0, order_ = 0;
  std::span<page> pages_;
};

std::string percent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", p);
  return buf;
}

// Lets go of the in-use folios hold_us after removal starts; registered as
// an RCU reader (its puts may race the kill), offline while it waits. Its
// thread is pinned (by `pin`) before the constructor returns, outside the
// timing.
template <tracker T, unsigned Order>
class holder {
 public:
  holder(T& t, std::span<page> pages, std::uint64_t count, unsigned hold_us,
         const std::function<void()>& pin)
      : t_(t), hold_(hold_us) {
    cpu_ctx c = cpu_ctx::fallback();
    const std::uint64_t stride = count ? (pages.size() >> Order) / count : 1;
    for (std::uint64_t k = 0; k < count; ++k) {
      page& p = pages[(k * stride) << Order];
      if (try_get_page<claim::any, Order>(t, p, c) != get_result::refused) held_.push_back(&p);
    }
    thread_ = std::jthread([this, &pin] {
      pin();
      placed_.store(true, std::memory_order_release);
      placed_.notify_one();
      run();
    });
    placed_.wait(false, std::memory_order_acquire);
  }
  void go(clock::time_point start) {
    start_ = start;
    go_.store(true, std::memory_order_release);
    go_.notify_one();
  }
  // When the last page was let go, after removal started.
  std::chrono::nanoseconds finish() {
    thread_.join();
    return last_ - start_;
  }

 private:
  void run() {
    rcu_thread<typename T::rcu> reader;
    T::rcu::offline();
    go_.wait(false, std::memory_order_acquire);
    std::this_thread::sleep_until(start_ + std::chrono::microseconds(hold_));
    T::rcu::online();
    cpu_ctx c = cpu_ctx::fallback();
    for (page* p : held_) put_page<Order>(t_, *p, c);
    last_ = clock::now();
  }
  T& t_;
  unsigned hold_;
  std::vector<page*> held_;
  std::atomic<bool> placed_{false}, go_{false};
  clock::time_point start_, last_;
  std::jthread thread_;
};

struct removal_case {
  unsigned gib;
  double in_use_pct;
  unsigned hold_us, sweepers, timeout_s;
};

// Thread i of a removal or limit case runs on the placement's PU i: each
// pins itself and records the CPU it is on, read from inside that thread.
// Thread 0 is the case's own, pinned once here: the hook, which runs inside
// the timed removal, then makes no system call for it.
struct placed_threads {
  std::vector<int> cpus;
  thread_start start;
  placed_threads(bench_env& env, unsigned threads) : cpus(threads, -1) {
    cpus[0] = env.pin(0);
    start = [this, &env](unsigned i) {
      if (i != 0) cpus[i] = env.pin(i);
    };
  }
  placed_threads(const placed_threads&) = delete;  // `start` points into this object
};

// In use: that share of the folios, at least one when it is not 0.
template <tracker T, unsigned Order>
void removal_loop(benchmark::State& st, bench_env& env, memmap_cache& mc, const removal_case& rc) {
  placed_threads placed(env, rc.sweepers);  // removal runs on thread 0; a sweep's other scanners pin themselves
  const std::span<page> pages = mc.get(rc.gib, Order);
  std::uint64_t in_use = std::llround((pages.size() >> Order) * rc.in_use_pct / 100.0);
  if (rc.in_use_pct > 0 && in_use == 0) in_use = 1;
  remove_options ro;
  ro.sweepers = rc.sweepers;
  ro.timeout = std::chrono::seconds(rc.timeout_s);
  if (T::traits.removal_scans) ro.on_sweeper_start = placed.start;
  // The holder gets the PU after the sweepers, or shares the last when the
  // placement has no more (it sleeps until it lets go).
  const unsigned holder_pu = std::min(rc.sweepers, env.placed_threads() - 1);
  const std::function<void()> pin_holder = [&env, holder_pu] { env.pin(holder_pu); };
  rcu_thread<typename T::rcu> reader;  // the in-use pages are taken from here
  double latency = 0, grace = 0, delay = 0, scanned = 0, waited = 0, bytes = 0;
  // Each removal's latency, for the percentiles; reserved so the timed part does not allocate.
  std::vector<double> each_ns;
  each_ns.reserve(static_cast<std::size_t>(st.max_iterations));
  // Thread 0 removes and sweeps the first chunk: the one measured thread
  // that lives through the case (the other sweepers come and go). Read
  // around each removal: setting one up is not measured.
  disturbance_probe disturbed(placed.cpus[0]);
  env.counters().start();
  for (auto _ : st) {
    T t(pages);
    holder<T, Order> h(t, pages, in_use, rc.hold_us, pin_holder);
    disturbed.start();
    const auto t0 = clock::now();
    h.go(t0);
    const remove_report r = t.remove(ro);
    const auto t1 = clock::now();
    disturbed.stop();
    const auto released = h.finish();
    if (!r.ok) {
      st.SkipWithError((std::string(T::name) + ": " + r.error).c_str());
      break;
    }
    const double s = std::chrono::duration<double>(t1 - t0).count();
    st.SetIterationTime(s);
    latency += s * 1e9;
    each_ns.push_back(s * 1e9);
    grace += r.grace.count();
    delay += in_use ? released.count() : 0;
    scanned += r.pages_scanned;
    waited += r.pages_waited;
    bytes += r.bytes_read;
  }
  const hw::counter_values ctr = env.counters().stop();
  disturbed.add_to(st);
  const double n = static_cast<double>(st.iterations());
  if (n == 0) return;
  st.counters["latency_ns"] = latency / n;
  const latency_percentiles pct = percentiles(each_ns);  // one value per iteration: not empty
  st.counters["latency_p50_ns"] = pct.p50;
  st.counters["latency_p99_ns"] = pct.p99;
  st.counters["latency_max_ns"] = pct.max;
  st.counters["grace_ns"] = grace / n;
  if (in_use) st.counters["release_delay_ns"] = delay / n;
  if (scanned > 0) {  // only trackers that scan: absent means "does not apply"
    st.counters["pages_scanned"] = scanned / n;
    st.counters["pages_waited"] = waited / n;
    st.counters["bytes_read"] = bytes / n;
    // Per ns of scan (bytes per ns = GB/s): the grace period before it reads nothing.
    st.counters["read_gbps"] = bytes / (latency - grace);
    st.counters["pages_per_s"] = scanned / ((latency - grace) / 1e9);
  }
  std::map<std::string, double> per_case;
  env.add_counter_values(ctr, n, per_case);
  for (const auto& [k, v] : per_case) st.counters[k] = v;
  st.SetLabel(env.label(placed.cpus, &ctr).c_str());
}

// Reads the memmap as the sweep does, one word of each 64-byte line, with
// the sweep's thread split, and nothing else: a bound on the sweep whether
// the memmap is in the caches or in memory (the hardware moves whole lines).
void limit_loop(benchmark::State& st, bench_env& env, memmap_cache& mc, unsigned gib,
                unsigned threads) {
  placed_threads placed(env, threads);
  const std::span<page> pages = mc.get(gib, std::nullopt);
  struct alignas(64) sink {
    std::int64_t v;
  };
  std::vector<sink> sums(threads);
  disturbance_probe disturbed(placed.cpus[0]);  // thread 0 reads the first chunk
  env.counters().start();
  double ns = 0;
  for (auto _ : st) {
    disturbed.start();
    const auto t0 = clock::now();
    parallel_chunks(pages.size(), threads, [&](std::size_t b, std::size_t e, unsigned i) {
      std::int64_t s = 0;
      for (std::size_t k = b; k < e; ++k) s += pages[k].refcount.load(std::memory_order_relaxed);
      sums[i].v = s;
    }, placed.start);
    const auto t1 = clock::now();
    disturbed.stop();
    benchmark::DoNotOptimize(sums.data());
    st.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    ns += std::chrono::duration<double, std::nano>(t1 - t0).count();
  }
  const hw::counter_values ctr = env.counters().stop();
  disturbed.add_to(st);
  const double it = static_cast<double>(st.iterations());
  if (it == 0) return;
  st.counters["bytes_read"] = pages.size_bytes();
  st.counters["read_gbps"] = pages.size_bytes() * it / ns;
  std::map<std::string, double> per_case;
  env.add_counter_values(ctr, it, per_case);
  for (const auto& [k, v] : per_case) st.counters[k] = v;
  st.SetLabel(env.label(placed.cpus, &ctr).c_str());
}

// A memmap held in memory (DRAM, or a device one on emulated pmem) that
// cannot fit is refused before any case runs: never an out-of-memory kill
// halfway through a run.
void check_memory(const bench_env& env, unsigned largest_gib) {
  if (env.plan_only() || (hw::parse_memmap_placement(env.options().memmap) != hw::memmap_placement::dram &&
                            hw::parse_pmem_spec(env.options().pmem).kind != hw::pmem_kind::emulated))
    return;
  const hw::memory_figure m = hw::memory_available();
  if (!m.bytes) {
    std::fprintf(stderr, "bench_removal: memory check unavailable: %s\n", m.why.c_str());
    return;
  }
  const std::uint64_t need = largest_gib * pages_per_gib * sizeof(page);
  if (need > *m.bytes)
    throw pgmap::error(schema::option_name(schema::at("capacity_gib")) + " " + std::to_string(largest_gib) +
                       ": its memmap needs " + hw::human_size(need) + ", more than the " +
                       hw::human_size(*m.bytes) + " of memory available (MemAvailable)");
}

// Removal and limit time a fixed number of operations, each timed by itself.
bench_env::case_setup timed_removals(unsigned iterations) {
  return [iterations](benchmark::internal::Benchmark* b) {
    b->UseManualTime()->Iterations(iterations);
  };
}

nlohmann::json register_cases(bench_env& env, const removal_options& o) {
  std::vector<std::string> names;
  if (o.trackers == "all")
    for (const tracker_traits& t : trackers()) names.emplace_back(t.name);
  else
    names = split_list("--trackers", o.trackers);
  if (names.empty()) throw pgmap::error("--trackers: empty list (known: " + tracker_names() + ")");
  for (const std::string& n : names)
    if (!is_tracker(n))
      throw pgmap::error("--trackers: unknown tracker '" + n + "' (known: " + tracker_names() + ")");
  const std::vector<unsigned> caps = parse_uint_list("capacity_gib", o.capacity_gib, 1);
  const std::vector<double> in_use = parse_double_list("in_use_pct", o.in_use_pct);
  for (double p : in_use)
    if (p > 100)
      throw pgmap::error(schema::option_name(schema::at("in_use_pct")) + ": " + percent(p) +
                         " is more than 100 %");
  const std::vector<unsigned> holds = parse_uint_list("hold_us", o.hold_us);
  if (holds.size() != 1)
    throw pgmap::error(schema::option_name(schema::at("hold_us")) + ": one value, not a list");
  const unsigned hold_us = holds.front();
  const std::vector<unsigned> orders = parse_folio_orders(o.folio_order, max_folio_order);

  check_memory(env, *std::max_element(caps.begin(), caps.end()));
  memmap_cache& mc = *env.keep(std::make_shared<memmap_cache>(env));
  // A spec that cannot map fails here (but in a plan: it maps nothing).
  if (!env.plan_only()) mc.get(*std::min_element(caps.begin(), caps.end()), std::nullopt);
  const std::string memmap = env.options().memmap;
  std::vector<unsigned> sorted_caps = caps;
  std::sort(sorted_caps.begin(), sorted_caps.end());
  for (unsigned gib : sorted_caps) {
    for (unsigned order : orders) {
      for (double pct : in_use) {
        for (const std::string& n : names) {
          const bool scans = traits_of(n).removal_scans;
          for (unsigned s : scans ? o.sweeper_list : std::vector<unsigned>{1}) {
            const removal_case rc{gib, pct, hold_us, s, o.timeout_s};
            schema::values p = {{"capacity_gib", std::to_string(gib)}, {"in_use_pct", percent(pct)}};
            if (pct > 0) p.emplace_back("hold_us", std::to_string(hold_us));  // nothing held at 0
            if (scans) p.emplace_back("sweepers", std::to_string(s));
            p.emplace_back("memmap", memmap);
            p.emplace_back("folio_order", std::to_string(order));
            const std::string name = schema::case_name("removal", n, p);
            visit_tracker(n, [&]<class T>(std::type_identity<T>) {
              visit_folio_order(order, [&]<unsigned K>(std::integral_constant<unsigned, K>) {
                env.add_case(
                    name, [&env, &mc, rc](benchmark::State& st) { removal_loop<T, K>(st, env, mc, rc); },
                    timed_removals(o.iterations));
              });
            });
          }
        }
      }
    }
    for (unsigned s : o.sweeper_list) {
      const std::string name = schema::case_name(
          "limit", "read", {{"capacity_gib", std::to_string(gib)}, {"memmap", memmap},
                            {"threads", std::to_string(s)}});
      env.add_case(
          name, [&env, &mc, gib, s](benchmark::State& st) { limit_loop(st, env, mc, gib, s); },
          timed_removals(o.iterations));
    }
  }
  nlohmann::json params;
  params["trackers"] = o.trackers;
  params["capacity_gib"] = caps;
  params["in_use_pct"] = in_use;
  params["hold_us"] = hold_us;
  params["sweepers"] = o.sweeper_list;
  params["folio_order"] = orders;
  params["iterations"] = o.iterations;
  params["timeout_s"] = o.timeout_s;
  return params;
}

}  // namespace
}  // namespace pgmap::bench

int main(int argc, char** argv) {
  using namespace pgmap::bench;
  removal_options o;
  return bench_main(
      argc, argv, "bench_removal",
      "Cost of removing a pgmap (memunmap_pages) with each tracker, against the memory's own "
      "read bandwidth.",
      [&](CLI::App& app) {
        app.add_option("--trackers", o.trackers,
                       "comma-separated trackers, or all (" + pgmap::tracker_names() + ")")
            ->capture_default_str();
        add_list_option(app, "capacity_gib", o.capacity_gib);
        add_list_option(app, "in_use_pct", o.in_use_pct);
        add_list_option(app, "hold_us", o.hold_us);
        add_list_option(app, "sweepers", o.sweepers);  // empty: 1..PUs, also limit's threads
        add_list_option(app, "folio_order", o.folio_order);
        pgmap::cli::add_whole(app, "--iterations", o.iterations, 1, 10000, "removals timed per repetition")
            ->default_str(std::to_string(o.iterations));
        pgmap::cli::add_whole(app, "--timeout", o.timeout_s, 1, 86400,
                              "seconds a removal may wait before it fails (at most a day)")
            ->default_str(std::to_string(o.timeout_s));
      },
      [&](unsigned pus) {
        o.sweeper_list = parse_thread_list("sweepers", o.sweepers, pus);
        // Sweeper (and limit thread) i runs on the placement's PU i.
        return *std::max_element(o.sweeper_list.begin(), o.sweeper_list.end());
      },
      [&](bench_env& env) { return register_cases(env, o); });
}
