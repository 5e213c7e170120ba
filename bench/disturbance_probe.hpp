// What could have disturbed a measured thread during its case
// (hw/disturbance.hpp): read by the thread before its timed loop and after
// it, never inside. The case's counters sum it over its threads: their run
// delay, involuntary switches, the steal time of their PUs and the time other
// tasks waited on those PUs; a quantity the kernel does not offer is absent.
#pragma once
#include <benchmark/benchmark.h>

#include "hw/disturbance.hpp"

namespace pgmap::bench {

class disturbance_probe {
 public:
  explicit disturbance_probe(int cpu) : cpu_(cpu), before_(hw::read_sched(cpu)) {}
  void add_to(benchmark::State& st) const {
    const hw::disturbance d = hw::read_sched(cpu_) - before_;
    auto put = [&st](const char* name, const std::optional<double>& v) {
      if (v) st.counters[name] = *v;  // Google Benchmark sums it over the threads
    };
    put("run_delay_ns", d.run_delay_ns);
    put("invol_cs", d.invol_cs);
    put("steal_ns", d.steal_ns);
    put("others_wait_ns", d.others_wait_ns);
  }

 private:
  int cpu_;
  hw::sched_snapshot before_;
};

}  // namespace pgmap::bench
