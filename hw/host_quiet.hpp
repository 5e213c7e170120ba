// How quiet the host is before a run: a thread spinning on each PU the run
// will use shows how much of its time the host's own tasks take from it, and
// the tasks that used the most CPU meanwhile are the ones to name.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pgmap::hw {

struct busy_task {
  int pid = 0;
  std::string comm;
  double cpus = 0;  // CPU time over the window / the window: 1.0 is one PU
};

struct host_sample {
  // The largest share of a spinner's time it was kept off its PU (run delay
  // and steal); nullopt when run delay is unavailable (then `why`).
  std::optional<double> share;
  std::string why;
  std::vector<busy_task> top;  // the busiest other tasks, busiest first (at most 3)
};

// Spins one thread pinned to each of `cpus` for `window`. Writes nothing.
host_sample sample_host(const std::vector<int>& cpus, std::chrono::milliseconds window);

// The CPUs this process may run on (its affinity mask).
std::vector<int> allowed_cpus();

}  // namespace pgmap::hw
