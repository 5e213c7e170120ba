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
    total_ = first_ ? d : total_ + d;  // a quantity missing once is missing from the total
    first_ = false;
  }
  void add_to(benchmark::State& st) const {
    if (first_) return;  // nothing observed
    st.counters["observed_ns"] = observed_ns_;  // Google Benchmark sums each over the threads
    total_.each([&st](const char* name, const std::optional<double>& v) {
      if (v) st.counters[name] = *v;
    });
  }

 private:
  using clock = std::chrono::steady_clock;
  int cpu_;
  bool first_ = true;
  hw::sched_snapshot before_;
  clock::time_point start_;
  double observed_ns_ = 0;
  hw::disturbance total_;
};

}  // namespace pgmap::bench
