// A helper process run beside a measured case (a counter tool): started in
// its own process group with its output in a file, stopped by signals, and
// never left behind, even when the bench crashes.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace pgmap::hw {

// The program's path: `name` itself when it holds a '/', else the first
// executable match in PATH; nullopt when there is none.
std::optional<std::string> find_program(const std::string& name);

class sidecar {
 public:
  // argv[0] is looked up with find_program. stdout and stderr go to
  // log_path (created or truncated). Throws pgmap::error naming the program
  // when it cannot be found or run.
  sidecar(std::vector<std::string> argv, std::string log_path);
  // Kills the whole group (SIGKILL) if it still runs.
  ~sidecar();
  sidecar(const sidecar&) = delete;
  sidecar& operator=(const sidecar&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }
  bool running();
  // Waits up to timeout_seconds for the process to exit by itself.
  std::optional<int> wait(double timeout_seconds);
  // SIGINT to the group, then SIGTERM and SIGKILL, each after `grace`
  // seconds without exit; then the rest of the group is killed.
  int stop(double grace_seconds = 2.0);
  // The exit code, or 128 + signal number, once the process has exited.
  std::optional<int> exit_code() const { return exit_code_; }
  // The log's last lines (at most max_chars), for an `unavailable` reason.
  std::string log_tail(std::size_t max_chars = 600) const;

 private:
  bool reap(bool block);
  void signal_group(int sig) const;

  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

}  // namespace pgmap::hw
