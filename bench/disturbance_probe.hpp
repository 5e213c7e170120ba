// What could have disturbed a measured thread during its case
// (hw/disturbance.hpp): read by the thread around what is timed, never
// inside it. The case's counters sum it over its threads: their run delay,
// involuntary switches, the steal time of their PUs and the time other tasks
// waited on those PUs; a quantity the kernel does not offer is absent.
// observed_ns is the time the readings covered, summed over the threads: the
// denominator of the share of it that others took.
#pragma once
#include <benchmark/benchmark.h>

#include <chrono>

#include "hw/disturbance.hpp"

namespace pgmap::bench {

class disturbance_probe {
 public:
  explicit disturbance_probe(int cpu) : cpu_(cpu) {}
  // Around each timed stretch: start() before it, stop() after it.
  void start() {
    before_ = hw::read_sched(cpu_);
    start_ = clock::now();
  }
  void stop() {
    const hw::disturbance d = hw::read_sched(cpu_) - before_;
    observed_ns_ += std::chrono::duration<double, std::nano>(clock::now() - start_).count();
    add(total_.run_delay_ns, d.run_delay_ns);
    add(total_.invol_cs, d.invol_cs);
    add(total_.steal_ns, d.steal_ns);
    add(total_.others_wait_ns, d.others_wait_ns);
    first_ = false;
  }
  void add_to(benchmark::State& st) const {
    if (first_) return;  // nothing observed
    st.counters["observed_ns"] = observed_ns_;  // Google Benchmark sums each over the threads
    auto put = [&st](const char* name, const std::optional<double>& v) {
      if (v) st.counters[name] = *v;
    };
    put("run_delay_ns", total_.run_delay_ns);
    put("invol_cs", total_.invol_cs);
    put("steal_ns", total_.steal_ns);
    put("others_wait_ns", total_.others_wait_ns);
  }

 private:
  using clock = std::chrono::steady_clock;
  // A quantity missing from one reading is missing from the total.
  void add(std::optional<double>& sum, const std::optional<double>& v) const {
    if (first_) sum = v;
    else if (sum && v) *sum += *v;
    else sum.reset();
  }
  int cpu_;
  bool first_ = true;
  hw::sched_snapshot before_;
  clock::time_point start_;
  double observed_ns_ = 0;
  hw::disturbance total_;
};

}  // namespace pgmap::bench
