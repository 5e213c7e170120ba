#include "plots/sample_figures.hpp"

#include <cmath>

namespace pgmap::plots {
namespace {

const std::string machine =
    "host vm-2c | AMD EPYC 7B13 (2 cores, 1 socket) | Linux 6.1.0-18-amd64 | "
    "pmem: unavailable: no /dev/dax or pmem namespace | counters: unavailable: perf_event_open: "
    "no hardware PMU in this VM | memmap: dram";

point at(double x, double y, double spread) { return {x, y, y * (1 - spread), y * (1 + spread)}; }

figure ns_per_pair() {
  figure f{"Hot path: ns per get+put pair", machine, "threads", "ns per pair (median, 95 % CI)"};
  const char* names[] = {"none", "atomic counter", "rcu (qsbr)", "per-cpu \"sharded\" 'x'"};
  double base[] = {8, 21, 12, 15};
  for (int s = 0; s < 4; ++s) {
    series l{names[s], {}};
    for (int t : {1, 2, 4, 8}) l.points.push_back(at(t, base[s] * (1 + 0.3 * s * std::log2(t)), 0.05 + 0.02 * t));
    f.lines.push_back(l);
  }
  return f;
}

figure pairs_per_s() {
  figure f{"Hot path: throughput", machine, "threads", "pairs per second (all threads)"};
  series none{"none", {}}, ideal{"ideal linear (none x threads)", {}, true}, counter{"atomic counter", {}};
  for (int t : {1, 2, 4, 8}) {
    none.points.push_back(at(t, 1.2e8 * std::pow(t, 0.8), 0.03));
    ideal.points.push_back({double(t), 1.2e8 * t, {}, {}});
    counter.points.push_back(at(t, 4.5e7 * std::pow(t, 0.3), 0.05));
  }
  f.lines = {none, counter, ideal};
  return f;
}

figure removal() {
  figure f{"Removal latency (nothing in use)", machine, "device capacity (GiB)", "latency (ns)", true, true};
  series sweep{"sweep (2 sweepers)", {}}, counter{"atomic counter", {}}, limit{"limit: memmap bytes / read bandwidth (2 threads)", {}, true};
  for (double g : {1.0, 2.0, 4.0, 8.0, 16.0, 64.0, 256.0}) {
    sweep.points.push_back(at(g, 2.1e6 * g, 0.1));
    counter.points.push_back(at(g, 900, 0.2));
    limit.points.push_back({g, 1.6e6 * g, {}, {}});
  }
  counter.points.push_back({512, 0, {}, {}});  // zero on a log axis: left out with a note
  f.lines = {sweep, counter, limit};
  return f;
}

figure overhead_bars() {
  figure f{"Hot-path overhead over none", machine, "tracker", "overhead over none (%)"};
  f.xtics_labels = {"atomic counter", "rcu (qsbr)", "per-cpu sharded", "hazard pointers"};
  f.bars = true;
  double pct[][4] = {{160, 48, 85, -3}, {210, 55, 90, 4}};
  for (int s = 0; s < 2; ++s) {
    series l{std::to_string(s + 1) + (s ? " threads" : " thread"), {}};
    for (int i = 0; i < 4; ++i) l.points.push_back(at(i, pct[s][i], 0.08));
    f.lines.push_back(l);
  }
  return f;
}

figure counters() {
  figure f{"Hardware counters per transition pair", machine, "tracker", "events per pair", false, true};
  f.xtics_labels = {"none x1", "atomic counter x1", "rcu (qsbr) x1", "none x2", "atomic counter x2"};
  series cyc{"ctr_cycles", {}}, miss{"ctr_llc_misses", {}};
  double c[] = {30, 80, 45, 32, 260}, m[] = {0, 0.4, 0.05, 0.01, 2.5};
  for (int i = 0; i < 5; ++i) {
    cyc.points.push_back({double(i), c[i], {}, {}});
    miss.points.push_back({double(i), m[i], {}, {}});
  }
  f.lines = {cyc, miss};
  return f;
}

}  // namespace

std::vector<std::pair<std::string, figure>> sample_figures() {
  return {{"ns_per_pair", ns_per_pair()},
          {"pairs_per_s", pairs_per_s()},
          {"removal_latency", removal()},
          {"overhead_bars", overhead_bars()},
          {"counters", counters()}};
}

}  // namespace pgmap::plots
