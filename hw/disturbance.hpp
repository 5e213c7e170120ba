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

// after - before, per quantity: nullopt where either is missing.
struct disturbance {
  std::optional<double> run_delay_ns, invol_cs, steal_ns;
  // Time other tasks waited on the PU: the CPU's wait less this thread's own.
  std::optional<double> others_wait_ns;
};
disturbance operator-(const sched_snapshot& after, const sched_snapshot& before);

// Why each quantity is not measured on this machine ("" when it is), for the
// run's record: `unavailable: <why>` says which file the kernel lacks.
struct disturbance_status {
  std::string run_delay_ns, invol_cs, steal_ns, others_wait_ns;
};
disturbance_status disturbance_unavailable();

// Parsers over the files' text, for tests: nullopt when the line or field is
// absent or not a number.
std::optional<std::uint64_t> parse_schedstat_run_delay(std::string_view thread_schedstat);
std::optional<std::uint64_t> parse_stat_steal_ticks(std::string_view proc_stat, int cpu);
std::optional<std::uint64_t> parse_schedstat_cpu_wait(std::string_view proc_schedstat, int cpu);

}  // namespace pgmap::hw
