#include "hw/sidecar_collector.hpp"

#include "common/error.hpp"
#include "hw/text_file.hpp"
#include "hw/tool_message.hpp"

namespace pgmap::hw {
namespace {

// PCM programs the PMU before its first sample, which takes a while on big
// machines; a probe that has not finished by then will not.
constexpr double probe_timeout_seconds = 30;
// After SIGINT a tool writes its last output and exits; SIGTERM, then
// SIGKILL, follow after this long without exit.
constexpr double stop_grace_seconds = 2;

}  // namespace

std::string sidecar_collector::exit_text(int code) {
  return code > 128 ? "killed by signal " + std::to_string(code - 128) : "exit status " + std::to_string(code);
}

std::string sidecar_collector::log_words(const sidecar& finished) {
  return tool_message(read_text_file(finished.log_path()).value_or(""));
}

sidecar_collector::sidecar_collector(std::string tool, const collector_options& options)
    : options_(options), tool_(std::move(tool)) {
  ensure_directory(options_.work_dir, "counters work_dir");
}

std::string sidecar_collector::file(std::string_view suffix) const {
  return options_.work_dir + "/" + tool_ + "." + std::string(suffix);
}

std::string sidecar_collector::reason(std::string_view what) const {
  return "unavailable: " + tool_ + ": " + std::string(what);
}

void sidecar_collector::probe() {
  const counter_lock lock(tool_);
  std::optional<sidecar> run;
  try {
    run.emplace(probe_argv(), file("probe.log"));
  } catch (const error& e) {  // not installed, not executable
    unavailable_ = reason(e.what());
    return;
  }
  if (!run->wait(probe_timeout_seconds)) {
    run->stop(stop_grace_seconds);
    unavailable_ = reason("its probe gave no result within " + std::to_string(int(probe_timeout_seconds)) + " s");
    return;
  }
  if (const auto failure = probe_failure(*run); !failure.empty()) unavailable_ = reason(failure);
}

void sidecar_collector::start() {
  if (!unavailable_.empty()) return;  // stop() says why
  if (lock_) throw error(tool_ + " collector: start() called twice without stop()");
  lock_.emplace(tool_);
  start_failure_.clear();
  try {
    prepare();
    sidecar_.emplace(run_argv(), file("log"));
  } catch (const error& e) {
    start_failure_ = e.what();
    return;
  }
  wait_counting(*sidecar_);
  started_ = std::chrono::steady_clock::now();
}

counter_values sidecar_collector::stop() {
  counter_values out;
  out.tool = tool_;
  if (!unavailable_.empty()) {
    out.unavailable = unavailable_;
    return out;
  }
  if (!lock_) throw error(tool_ + " collector: stop() called without start()");
  if (!start_failure_.empty()) {
    out.unavailable = reason(start_failure_);
  } else {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const bool ended_early = !sidecar_->running();
    const int code = sidecar_->stop(stop_grace_seconds);
    out.tool_log = sidecar_->log_tail();
    if (ended_early)
      out.unavailable = reason(tool_message(out.tool_log) + " (" + exit_text(code) + " before the case ended)");
    else
      read_output(out, seconds);
  }
  sidecar_.reset();
  lock_.reset();
  return out;
}

}  // namespace pgmap::hw
