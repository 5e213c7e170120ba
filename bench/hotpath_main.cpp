// bench_hotpath: what each tracker adds to a page's 0->1 / 1->0 transition.
//
// Threads pinned one per PU (placement policy) repeatedly take a page from
// 0->1 and release it 1->0 through a tracker, with optional work between.
// Like refscale: one generic loop, one type per tracker, ns per pair per
// thread. The baseline tracker (`none`) runs as two arms in each condition,
// first and last (the A/A check), and `bare` times two atomic operations on a
// private cache line (the harness).
#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>

#include <deque>
#include <map>
#include <memory>

#include "bench/bench_env.hpp"
#include "bench/disturbance_probe.hpp"
#include "bench/list_option.hpp"
#include "bench/work.hpp"
#include "common/case_schema.hpp"
#include "common/error.hpp"
#include "impl/registry.hpp"

namespace pgmap::bench {
namespace {

// Shared pages: every thread walks one pool, from its own offset, so lines
// move between CPUs as in a page cache; a private page is one line per thread.
constexpr std::size_t shared_pool = 4096;  // a power of two
constexpr unsigned qs_interval = 256;      // qsbr readers announce a quiescent state this often

// The A/A arm 2 runs the baseline as a type of its own, so its hot loop is a
// second copy of the code at another address: two trackers' loops differ in
// placement too (alignment, branch and cache aliasing), and the A/A
// difference must include what placement alone does. CMakeLists.txt keeps
// GCC from folding the identical copies (-fno-ipa-icf).
template <class T>
struct second_copy : T {
  using T::T;
};

template <class T>
constexpr bool is_percpu = false;
template <class R, percpu_path P>
constexpr bool is_percpu<percpu_tracker<R, P>> = true;

struct hotpath_options {
  std::string trackers = "all";
  std::string threads;  // empty: 1..PUs
  std::string pages = "private,shared";
  std::string work = "none,touch:64";
  std::string folio_order = "0";
  std::string sockets;  // empty: the placement's own (each case records the packages it spans)
  std::vector<unsigned> thread_list;
};

// Where each thread of a case ran, and its per-CPU path: filled before the
// timed loop, read by thread 0 after it.
struct case_record {
  std::vector<int> cpus;
  std::vector<const char*> paths;
};

// Which memb read side ran (membarrier or fence), for memb trackers only.
template <class Rcu>
const char* read_side() {
  if constexpr (std::is_same_v<Rcu, rcu_memb>)
    return rcu_memb::read_side();
  else
    return nullptr;
}

void report(benchmark::State& st, bench_env& env, const hw::placement_plan& plan, case_record& rec,
            std::uint64_t firsts, const hw::counter_values* ctr, bool percpu, const char* memb_read_side) {
  using C = benchmark::Counter;
  const double n = static_cast<double>(st.iterations());
  st.counters["pairs_per_s"] = C(n, C::kIsRate);
  st.counters["ns_per_pair"] = C(n / 1e9, C::kAvgThreadsRate | C::kInvert);
  st.counters["first_fraction"] = C(n > 0 ? firsts / n : 0, C::kAvgThreads);
  if (st.thread_index() != 0) return;
  std::map<std::string, double> per_pair;
  if (ctr) env.add_counter_values(*ctr, n * st.threads(), per_pair);
  for (const auto& [k, v] : per_pair) st.counters[k] = v;
  std::string label = env.label(std::span(rec.cpus).first(st.threads()), ctr, plan);
  if (percpu) {
    std::string path = "pinned-slot";
    for (int i = 0; i < st.threads(); ++i)
      if (std::string_view(rec.paths[i]) != "pinned-slot") path = "fallback";
    label += "; percpu_path=" + path;
  }
  if (memb_read_side) label += std::string("; memb_read_side=") + memb_read_side;
  st.SetLabel(label.c_str());
}

// The measured loops run in batches of qs_interval pairs: the inner loop is
// the same for every tracker (and for bare), and the qsbr readers' quiescent
// state (a kernel's scheduler tick) sits outside it, between batches. Pool
// entry i is the folio headed by page i << Order.
template <tracker T, class W, bool Shared, unsigned Order>
void hot_loop(benchmark::State& st, T& t, std::span<page> pages, const W& w, bench_env& env,
              const hw::placement_plan& plan, case_record& rec) {
  const unsigned ti = st.thread_index();
  rec.cpus[ti] = env.pin(ti, plan);
  cpu_ctx c = rec.cpus[ti] >= 0 ? cpu_ctx::owner(rec.cpus[ti]) : cpu_ctx::fallback();
  rec.paths[ti] = c.path();
  rcu_thread<typename T::rcu> reader;
  page* const base = pages.data();
  page& mine = base[(shared_pool + ti) << Order];
  // A private page is this thread's alone: its 0->1 is set_page_count's
  // store, and every get is a 0->1. Shared pages race: a cmpxchg claims them.
  constexpr claim how = Shared ? claim::any : claim::owner;
  std::size_t n = ti * (shared_pool / st.threads());
  std::uint64_t firsts = 0, refused = 0;
  disturbance_probe disturbed(rec.cpus[ti]);
  if (ti == 0) env.counters().start();
  disturbed.start();  // after the counter tool's start: its wait is not the case's time
  while (st.KeepRunningBatch(qs_interval)) {
    for (unsigned k = 0; k < qs_interval; ++k) {
      const std::size_t i = Shared ? (n++ & (shared_pool - 1)) : shared_pool + ti;
      page& p = Shared ? base[i << Order] : mine;
      const get_result r = try_get_page<how, Order>(t, p, c);
      if (r == get_result::refused) [[unlikely]] {
        ++refused;
        continue;
      }
      if constexpr (Shared) firsts += r == get_result::first;
      w(i, p);
      put_page<Order>(t, p, c);
    }
    T::rcu::quiescent();
  }
  if constexpr (!Shared) firsts = st.iterations() - refused;
  hw::counter_values ctr;
  disturbed.stop();
  if (ti == 0) ctr = env.counters().stop();
  disturbed.add_to(st);
  report(st, env, plan, rec, firsts, ti == 0 ? &ctr : nullptr, is_percpu<T>, read_side<typename T::rcu>());
}

struct alignas(64) bare_line {
  std::atomic<std::int32_t> v{0};
};

void bare_loop(benchmark::State& st, bare_line* lines, bench_env& env, case_record& rec) {
  const unsigned ti = st.thread_index();
  rec.cpus[ti] = env.pin(ti);
  bare_line& l = lines[ti];
  disturbance_probe disturbed(rec.cpus[ti]);
  if (ti == 0) env.counters().start();
  disturbed.start();  // after the counter tool's start: its wait is not the case's time
  while (st.KeepRunningBatch(qs_interval)) {
    for (unsigned k = 0; k < qs_interval; ++k) {
      l.v.fetch_add(1, std::memory_order_acq_rel);
      l.v.fetch_sub(1, std::memory_order_acq_rel);
    }
  }
  hw::counter_values ctr;
  disturbed.stop();
  if (ti == 0) ctr = env.counters().stop();
  disturbed.add_to(st);
  report(st, env, env.placement(), rec, st.iterations(), ti == 0 ? &ctr : nullptr, false, nullptr);
}

nlohmann::json register_cases(bench_env& env, const hotpath_options& o) {
  std::vector<std::string> names, asked;
  std::string baseline;
  for (const tracker_traits& t : trackers()) {
    if (t.baseline) baseline = t.name;
    if (o.trackers == "all") asked.emplace_back(t.name);
  }
  if (o.trackers != "all") asked = split_list("--trackers", o.trackers);
  if (asked.empty()) throw pgmap::error("--trackers: empty list (known: " + tracker_names() + ")");
  for (const std::string& n : asked) {
    if (!is_tracker(n))
      throw pgmap::error("--trackers: unknown tracker '" + n + "' (known: " + tracker_names() + ")");
    if (!traits_of(n).baseline) names.push_back(n);
  }
  std::vector<work_spec> works;
  for (const std::string& w : split_list("--work", o.work)) works.push_back(parse_work(w));
  std::vector<bool> sharing;
  for (const std::string& p : split_list("--pages", o.pages)) {
    if (p != "private" && p != "shared")
      throw pgmap::error(schema::option_name(schema::at("pages")) + ": '" + p +
                         "' is not private or shared");
    sharing.push_back(p == "shared");
  }

  const std::vector<unsigned> orders = parse_folio_orders(o.folio_order, hotpath_max_folio_order);
  const unsigned max_threads = *std::max_element(o.thread_list.begin(), o.thread_list.end());
  // Per thread count, the packages its threads span and the PUs they take:
  // without --sockets the placement's own; with it, 1 (the placement, when
  // it keeps them on one package) and 2 (threads alternating packages).
  std::map<unsigned, std::vector<std::pair<unsigned, const hw::placement_plan*>>> spreads;
  const std::vector<unsigned> sockets =
      o.sockets.empty() ? std::vector<unsigned>{} : parse_uint_list("sockets", o.sockets, 1);
  for (unsigned s : sockets)
    if (s > 2)
      throw pgmap::error(schema::option_name(schema::at("sockets")) + ": '" + std::to_string(s) +
                         "' is not 1 (one package) or 2 (threads alternating packages)");
  const hw::placement_plan* two = nullptr;
  if (std::find(sockets.begin(), sockets.end(), 2u) != sockets.end()) try {
      two = &env.cross_plan(max_threads);
    } catch (const pgmap::error& e) {
      throw pgmap::error(schema::option_name(schema::at("sockets")) + " 2: " + e.what());
    }
  for (unsigned n : o.thread_list) {
    if (sockets.empty()) spreads[n].emplace_back(env.placement().packages(n), &env.placement());
    for (unsigned s : sockets) {
      const hw::placement_plan& plan = s == 1 ? env.placement() : *two;
      if (s == 1 && plan.packages(n) > 1)
        std::cerr << "bench_hotpath: sockets:1 at " << n << " threads left out: placement " << plan.policy
                  << " puts them on " << plan.packages(n) << " packages\n";
      else if (s == 2 && n < 2)
        std::cerr << "bench_hotpath: sockets:2 at 1 thread left out: one thread is on one package\n";
      else
        spreads[n].emplace_back(s, &plan);
    }
  }
  // One memmap region per order, each laid out in folios of that order.
  const std::uint64_t folios = shared_pool + max_threads;
  std::uint64_t total = 0;
  for (unsigned k : orders) total += folios << k;
  const std::span<page> all = env.map_memory(total, folios * page_size);
  const void* const pgmap = all.front().pgmap;
  std::map<unsigned, std::span<page>> region;
  std::uint64_t at = 0;
  for (unsigned k : orders) {
    region[k] = init_memmap(&all[at], (folios << k) * sizeof(page), pgmap, k);
    at += folios << k;
  }
  const std::string memmap = env.options().memmap;

  auto record = [&] {
    auto r = std::make_shared<case_record>();
    r->cpus.assign(max_threads, -1);
    r->paths.assign(max_threads, "unset");
    return env.keep(r);
  };
  bare_line* const lines = env.keep(std::shared_ptr<bare_line[]>(new bare_line[max_threads]));

  for (unsigned threads : o.thread_list) {
    case_record* rec = record();
    env.add_case(
        schema::case_name("bare", "atomic2", {}),
        [&env, rec, l = lines](benchmark::State& st) { bare_loop(st, l, env, *rec); },
        [threads](benchmark::internal::Benchmark* b) { b->Threads(threads)->UseRealTime(); });
  }
  for (const work_spec& ws : works) {
    const work w = make_work(ws, env.data(), env.data_bytes(), env.persist_fn());
    for (bool shared : sharing) {
      for (unsigned threads : o.thread_list) {
        for (const auto& spread : spreads[threads]) {
          // Named copies, not a structured binding: clang 14 (the fuzz build)
          // refuses a lambda that captures one.
          const unsigned socket_count = spread.first;
          const hw::placement_plan* const plan = spread.second;
          for (unsigned order : orders) {
            const std::span<page> pages = region.at(order);
            auto add = [&](const std::string& tracker_name, const char* arm) {
              schema::values p = {{"pages", shared ? "shared" : "private"}, {"work", ws.name}, {"memmap", memmap}};
              if (arm) p.emplace_back("arm", arm);
              p.emplace_back("sockets", std::to_string(socket_count));
              p.emplace_back("folio_order", std::to_string(order));
              const std::string name = schema::case_name("hotpath", tracker_name, p);
              auto add_as = [&]<class T>(std::type_identity<T>) {
                T* t = env.keep(std::make_shared<T>(pages));
                case_record* rec = record();
                std::visit(
                    [&]<class W>(const W& wk) {
                      visit_folio_order(order, [&]<unsigned K>(std::integral_constant<unsigned, K>) {
                        if constexpr (K <= hotpath_max_folio_order) {
                          auto fn = [&env, t, pages, wk, rec, shared, pl = plan](benchmark::State& st) {
                            if (shared)
                              hot_loop<T, W, true, K>(st, *t, pages, wk, env, *pl, *rec);
                            else
                              hot_loop<T, W, false, K>(st, *t, pages, wk, env, *pl, *rec);
                          };
                          env.add_case(name, fn, [threads](benchmark::internal::Benchmark* b) {
                            b->Threads(threads)->UseRealTime();
                          });
                        }
                      });
                    },
                    w);
              };
              visit_tracker(tracker_name, [&]<class T>(std::type_identity<T> as) {
                if constexpr (T::traits.baseline)
                  if (arm && std::string_view(arm) == "2") return add_as(std::type_identity<second_copy<T>>{});
                add_as(as);
              });
            };
            add(baseline, "1");
            for (const std::string& n : names) add(n, nullptr);
            add(baseline, "2");
          }
        }
      }
    }
  }
  nlohmann::json params;
  params["trackers"] = o.trackers;
  params["threads"] = o.thread_list;
  params["pages"] = o.pages;
  params["work"] = o.work;
  params["folio_order"] = orders;
  params["sockets"] = o.sockets.empty() ? "the placement's own" : o.sockets;
  params["spin_loops_per_ns"] = spin_loops_per_ns();
  params["shared_pool_folios"] = shared_pool;
  params["qsbr_quiescent_every"] = qs_interval;
  return params;
}

}  // namespace
}  // namespace pgmap::bench

int main(int argc, char** argv) {
  using namespace pgmap::bench;
  hotpath_options o;
  return bench_main(
      argc, argv, "bench_hotpath",
      "Cost of each pgmap tracker on a page's 0->1 / 1->0 refcount transitions.",
      [&](CLI::App& app) {
        app.add_option("--trackers", o.trackers,
                       "comma-separated trackers, or all (" + pgmap::tracker_names() + ")")
            ->capture_default_str();
        add_list_option(app, "threads", o.threads);  // empty: 1..PUs
        add_list_option(app, "pages", o.pages);
        add_list_option(app, "work", o.work);
        add_list_option(app, "folio_order", o.folio_order);
        add_list_option(app, "sockets", o.sockets);
      },
      [&](unsigned pus) {
        o.thread_list = parse_thread_list("threads", o.threads, pus);
        return *std::max_element(o.thread_list.begin(), o.thread_list.end());
      },
      [&](bench_env& env) { return register_cases(env, o); });
}
