// Tests' planted disturbance: a process spinning on one CPU until stopped
// (or destroyed).
#pragma once
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pgmap::hw::testing {

class spinning_process {
 public:
  explicit spinning_process(int cpu) : pid_(::fork()) {
    if (pid_ != 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
    for (;;) {
    }
  }
  spinning_process(const spinning_process&) = delete;
  spinning_process& operator=(const spinning_process&) = delete;
  ~spinning_process() { stop(); }
  pid_t pid() const { return pid_; }  // -1: fork failed
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  pid_t pid_;
};

}  // namespace pgmap::hw::testing
