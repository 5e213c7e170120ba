#include "hw/disturbance.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>

#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

// The index-th whitespace-separated number of `line` (0: the first).
std::optional<std::uint64_t> field(std::string_view line, unsigned index) {
  std::size_t at = 0;
  for (unsigned i = 0;; ++i) {
    at = line.find_first_not_of(" \t", at);
    if (at == std::string_view::npos) return std::nullopt;
    const std::size_t end = std::min(line.find_first_of(" \t\n", at), line.size());
    if (i == index) {
      std::uint64_t v = 0;
      const auto [p, ec] = std::from_chars(line.data() + at, line.data() + end, v);
      if (ec != std::errc() || p != line.data() + end) return std::nullopt;
      return v;
    }
    at = end;
  }
}

// The line that starts with "cpu<N> ", without that name.
std::optional<std::string_view> cpu_line(std::string_view text, int cpu) {
  if (cpu < 0) return std::nullopt;
  const std::string name = "cpu" + std::to_string(cpu) + " ";
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    if (line.starts_with(name)) return line.substr(name.size());
    at = end + 1;
  }
  return std::nullopt;
}

std::optional<double> delta(const std::optional<std::uint64_t>& a,
                            const std::optional<std::uint64_t>& b) {
  if (!a || !b || *a < *b) return std::nullopt;  // a counter that went back measured nothing
  return static_cast<double>(*a - *b);
}

}  // namespace

std::optional<std::uint64_t> parse_schedstat_run_delay(std::string_view text) {
  return field(text, 1);
}

std::optional<std::uint64_t> parse_stat_steal_ticks(std::string_view text, int cpu) {
  const auto line = cpu_line(text, cpu);
  return line ? field(*line, 7) : std::nullopt;  // user nice system idle iowait irq softirq steal
}

std::optional<std::uint64_t> parse_schedstat_cpu_wait(std::string_view text, int cpu) {
  // yld_count, 0, sched_count, sched_goidle, ttwu_count, ttwu_local,
  // run time, run delay, timeslices (Documentation/scheduler/sched-stats.rst).
  const auto line = cpu_line(text, cpu);
  return line ? field(*line, 7) : std::nullopt;
}

sched_snapshot read_sched(int cpu) {
  sched_snapshot s;
  if (const auto t = read_text_file("/proc/thread-self/schedstat"))
    s.run_delay_ns = parse_schedstat_run_delay(*t);
  rusage ru{};
  if (getrusage(RUSAGE_THREAD, &ru) == 0) s.invol_cs = static_cast<std::uint64_t>(ru.ru_nivcsw);
  if (cpu >= 0) {
    if (const auto t = read_text_file("/proc/stat"))
      if (const auto ticks = parse_stat_steal_ticks(*t, cpu))
        s.steal_ns = *ticks * (1000000000ull / static_cast<std::uint64_t>(sysconf(_SC_CLK_TCK)));
    if (const auto t = read_text_file("/proc/schedstat"))
      s.cpu_wait_ns = parse_schedstat_cpu_wait(*t, cpu);
  }
  return s;
}

disturbance operator-(const sched_snapshot& after, const sched_snapshot& before) {
  disturbance d;
  d.run_delay_ns = delta(after.run_delay_ns, before.run_delay_ns);
  d.invol_cs = delta(after.invol_cs, before.invol_cs);
  d.steal_ns = delta(after.steal_ns, before.steal_ns);
  if (const auto cpu = delta(after.cpu_wait_ns, before.cpu_wait_ns); cpu && d.run_delay_ns)
    d.others_wait_ns = std::max(0.0, *cpu - *d.run_delay_ns);
  return d;
}

disturbance operator+(const disturbance& a, const disturbance& b) {
  auto sum = [](const std::optional<double>& x, const std::optional<double>& y) {
    return x && y ? std::optional<double>(*x + *y) : std::nullopt;
  };
  return {sum(a.run_delay_ns, b.run_delay_ns), sum(a.invol_cs, b.invol_cs), sum(a.steal_ns, b.steal_ns),
          sum(a.others_wait_ns, b.others_wait_ns)};
}

disturbance_status disturbance_unavailable() {
  namespace fs = std::filesystem;
  std::error_code ec;
  disturbance_status s;
  const sched_snapshot now = read_sched(std::max(0, sched_getcpu()));
  if (!now.run_delay_ns)
    s.run_delay_ns = fs::exists("/proc/thread-self/schedstat", ec)
                         ? "/proc/thread-self/schedstat unreadable"
                         : "no /proc/thread-self/schedstat";  // CONFIG_SCHED_INFO
  if (!now.invol_cs) s.invol_cs = "getrusage(RUSAGE_THREAD) failed";
  if (!now.steal_ns) s.steal_ns = "no per-CPU line in /proc/stat";
  if (!now.cpu_wait_ns)
    s.others_wait_ns = fs::exists("/proc/schedstat", ec)
                           ? "/proc/schedstat has no per-CPU run delay"
                           : "no /proc/schedstat";  // CONFIG_SCHEDSTATS
  return s;
}

}  // namespace pgmap::hw
