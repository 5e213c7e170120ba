#include "hw/host_quiet.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "hw/disturbance.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

struct task_time {
  std::string comm;
  std::uint64_t ticks = 0;
};

// Every other process's user+system time, in clock ticks (/proc/PID/stat).
std::map<int, task_time> task_times() {
  std::map<int, task_time> out;
  std::error_code ec;
  const int self = getpid();
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int pid = std::stoi(name);
    if (pid == self) continue;
    const auto text = read_text_file(e.path().string() + "/stat");
    if (!text) continue;  // gone meanwhile
    // "pid (comm) state ...": comm may hold spaces and parentheses.
    const std::size_t open = text->find('('), close = text->rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::size_t at = close + 2;
    std::uint64_t fields[13] = {};  // state .. stime: the 3rd to the 15th field
    for (int i = 0; i < 13 && at < text->size(); ++i) {
      const std::size_t end = std::min(text->find(' ', at), text->size());
      if (i > 0) fields[i] = std::strtoull(text->c_str() + at, nullptr, 10);
      at = end + 1;
    }
    out[pid] = {text->substr(open + 1, close - open - 1), fields[11] + fields[12]};  // utime, stime
  }
  return out;
}

void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

}  // namespace

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return out;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) out.push_back(c);
  return out;
}

host_sample sample_host(const std::vector<int>& cpus, std::chrono::milliseconds window) {
  host_sample s;
  s.why = cpus.empty() ? "no CPU in this process's affinity mask" : disturbance_unavailable().run_delay_ns;
  const auto before = task_times();
  std::vector<double> shares(cpus.size(), -1);
  std::atomic<bool> stop{false};
  std::vector<std::thread> spinners;
  for (std::size_t i = 0; i < cpus.size(); ++i)
    spinners.emplace_back([&, i] {
      pin(cpus[i]);
      using clock = std::chrono::steady_clock;
      const sched_snapshot s0 = read_sched(cpus[i]);
      const auto t0 = clock::now();
      while (!stop.load(std::memory_order_relaxed)) {
      }
      const double ns = std::chrono::duration<double, std::nano>(clock::now() - t0).count();
      const disturbance d = read_sched(cpus[i]) - s0;
      if (d.run_delay_ns && ns > 0) shares[i] = (*d.run_delay_ns + d.steal_ns.value_or(0)) / ns;
    });
  std::this_thread::sleep_for(window);
  stop = true;
  for (std::thread& t : spinners) t.join();
  const auto after = task_times();
  if (s.why.empty() && !shares.empty()) s.share = *std::max_element(shares.begin(), shares.end());
  const double ticks_per_s = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double window_s = std::chrono::duration<double>(window).count();
  for (const auto& [pid, t] : after) {
    const auto was = before.find(pid);
    // Started meanwhile (or a pid reused): no full window to compare.
    if (was == before.end() || was->second.ticks >= t.ticks) continue;
    s.top.push_back({pid, t.comm, static_cast<double>(t.ticks - was->second.ticks) / ticks_per_s / window_s});
  }
  std::sort(s.top.begin(), s.top.end(), [](const busy_task& a, const busy_task& b) { return a.cpus > b.cpus; });
  if (s.top.size() > 3) s.top.resize(3);
  return s;
}

}  // namespace pgmap::hw
