// What the pcm and perf collectors share: a probe run at construction that
// decides `unavailable`, the lock held while the tool runs, the sidecar's
// lifecycle, and a failing tool's words turned into an `unavailable` reason.
// Derived classes say how to run the tool and read what it wrote.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hw/counter_lock.hpp"
#include "hw/counters.hpp"
#include "hw/sidecar.hpp"

namespace pgmap::hw {

class sidecar_collector : public collector {
 public:
  std::string tool() const override { return tool_; }
  std::string unavailable() const override { return unavailable_; }
  void start() final;
  counter_values stop() final;

 protected:
  // Throws pgmap::error when options.work_dir cannot be created.
  sidecar_collector(std::string tool, const collector_options& options);
  // Derived constructors end with this: runs probe_argv() to its end and
  // asks probe_failure() about it.
  void probe();
  // work_dir/<tool>.<suffix>
  std::string file(std::string_view suffix) const;
  // "unavailable: <tool>: <what>"
  std::string reason(std::string_view what) const;
  // "exit status 1", "killed by signal 9" for a sidecar's exit_code().
  static std::string exit_text(int code);
  // What the tool said about a failure in its log (tool_message.hpp).
  static std::string log_words(const sidecar& finished);

  virtual std::vector<std::string> probe_argv() const = 0;
  // The tool's words when the finished probe shows it cannot count, else "".
  virtual std::string probe_failure(const sidecar& finished) const = 0;
  // Called before the run's sidecar starts (e.g. to clear old output).
  virtual void prepare() = 0;
  virtual std::vector<std::string> run_argv() const = 0;
  // Returns once the tool counts, or has failed, or after a time limit.
  virtual void wait_counting(sidecar& running) = 0;
  // Fills `out` from the stopped tool's output: values and seconds, or an
  // `unavailable` reason. `seconds` is the time between start and stop.
  virtual void read_output(counter_values& out, double seconds) = 0;

  collector_options options_;

 private:
  std::string tool_;
  std::string unavailable_;
  std::optional<counter_lock> lock_;
  std::optional<sidecar> sidecar_;
  std::string start_failure_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace pgmap::hw
