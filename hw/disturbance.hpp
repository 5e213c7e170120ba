// What could have disturbed a measured thread while a case ran, read by the
// thread itself around what is timed (never inside it): how long
// it was runnable but kept off its PU, how often it was switched out against
// its will, the hypervisor's steal time on its PU, and how long other tasks
// waited on that PU. A thread pinned and always runnable waits exactly while
// another task runs on its PU, so its run delay is that task's share of the
// case.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgmap::hw {

struct sched_snapshot {
  // /proc/thread-self/schedstat, 2nd field (CONFIG_SCHED_INFO).
  std::optional<std::uint64_t> run_delay_ns;
  // getrusage(RUSAGE_THREAD).ru_nivcsw.
  std::optional<std::uint64_t> invol_cs;
  // /proc/stat, the CPU's 8th value, in ns.
  std::optional<std::uint64_t> steal_ns;
  // /proc/schedstat, the CPU's run delay of every task on it (CONFIG_SCHEDSTATS).
  std::optional<std::uint64_t> cpu_wait_ns;
};

// The calling thread's values, with those of `cpu` (the PU it is pinned to;
// -1: none of the per-CPU values).
sched_snapshot read_sched(int cpu);

// One value per disturbance quantity; each() gives them with the names they
// carry in the benchmarks' JSON and the tidy data (declared here only).
template <class T>
struct per_quantity {
  T run_delay_ns{}, invol_cs{}, steal_ns{};
  // Time other tasks waited on the PU: the CPU's wait less this thread's own.
  T others_wait_ns{};
  template <class F>
  void each(F&& f) const {
    f("run_delay_ns", run_delay_ns);
    f("invol_cs", invol_cs);
    f("steal_ns", steal_ns);
    f("others_wait_ns", others_wait_ns);
  }
};

// after - before, per quantity: nullopt where either is missing.
using disturbance = per_quantity<std::optional<double>>;
disturbance operator-(const sched_snapshot& after, const sched_snapshot& before);
// a + b, per quantity: nullopt where either is missing.
disturbance operator+(const disturbance& a, const disturbance& b);

// Why each quantity is not measured on this machine ("" when it is), for the
// run's record: `unavailable: <why>` says which file the kernel lacks.
using disturbance_status = per_quantity<std::string>;
disturbance_status disturbance_unavailable();

// Parsers over the files' text, for tests: nullopt when the line or field is
// absent or not a number.
std::optional<std::uint64_t> parse_schedstat_run_delay(std::string_view thread_schedstat);
std::optional<std::uint64_t> parse_stat_steal_ticks(std::string_view proc_stat, int cpu);
std::optional<std::uint64_t> parse_schedstat_cpu_wait(std::string_view proc_schedstat, int cpu);

}  // namespace pgmap::hw
