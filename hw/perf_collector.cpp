#include "hw/perf_collector.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.hpp"
#include "hw/perf_stat.hpp"
#include "hw/sidecar_collector.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

// "cycles <not supported>, instructions <not supported>": perf's own cells.
std::string uncounted(const std::vector<perf_count>& counts) {
  std::string words;
  for (const auto& c : counts) {
    if (c.value) continue;
    if (!words.empty()) words += ", ";
    words += c.event + " " + c.cell;
  }
  return words;
}

std::string joined(const std::vector<std::string>& events) {
  std::string text;
  for (const auto& e : events) text += (text.empty() ? "" : ",") + e;
  return text;
}

class perf_collector final : public sidecar_collector {
 public:
  perf_collector(const collector_options& options, std::vector<std::string> events)
      : sidecar_collector("perf", options), events_(joined(events)) {
    probe();
  }
  ~perf_collector() override { close_fifos(); }

 private:
  std::vector<std::string> probe_argv() const override {
    return {options_.perf_binary, "stat", "-x,", "-o", file("probe.out"), "-e", events_, "true"};
  }

  std::string probe_failure(const sidecar& finished) const override {
    const int code = finished.exit_code().value_or(-1);
    if (code != 0) return log_words(finished) + " (" + exit_text(code) + ")";
    const auto counts = parse_perf_stat(read_text_file(file("probe.out")).value_or(""));
    if (counts.empty()) return "no counts in its output: " + log_words(finished);
    return perf_values(counts).empty() ? uncounted(counts) : "";
  }

  // perf answers "ping" on the control FIFO only from its counting loop, so
  // the ack says the events are enabled. Both FIFOs are opened read-write
  // here so that neither side blocks in open().
  void prepare() override {
    close_fifos();
    std::filesystem::remove(file("out"));
    ctl_ = open_fifo(file("ctl"));
    ack_ = open_fifo(file("ack"));
    if (::write(ctl_, "ping\n", 5) != 5) throw error(file("ctl") + ": cannot write: " + std::strerror(errno));
  }

  std::vector<std::string> run_argv() const override {
    return {options_.perf_binary, "stat", "-x,", "-o", file("out"), "-e", events_,
            "--control=fifo:" + file("ctl") + "," + file("ack"), "-p", std::to_string(::getpid())};
  }

  void wait_counting(sidecar& running) override {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    pollfd ack{ack_, POLLIN, 0};
    while (std::chrono::steady_clock::now() < deadline && running.running()) {
      if (::poll(&ack, 1, 20) > 0) {
        char reply[16];
        [[maybe_unused]] auto got = ::read(ack_, reply, sizeof reply);
        return;
      }
    }
  }

  void read_output(counter_values& out, double seconds) override {
    close_fifos();
    const auto counts = parse_perf_stat(read_text_file(file("out")).value_or(""));
    out.values = perf_values(counts);
    if (out.values.empty())
      out.unavailable = reason(counts.empty() ? "no counts in its output" : uncounted(counts));
    else
      out.seconds = seconds;
  }

  static int open_fifo(const std::string& path) {
    std::filesystem::remove(path);
    if (::mkfifo(path.c_str(), 0600) != 0) throw error(path + ": cannot create FIFO: " + std::strerror(errno));
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw error(path + ": cannot open FIFO: " + std::strerror(errno));
    return fd;
  }

  void close_fifos() {
    for (int* fd : {&ctl_, &ack_}) {
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
  }

  std::string events_;
  int ctl_ = -1, ack_ = -1;
};

}  // namespace

std::vector<std::string> default_perf_events() {
  return {"cycles", "instructions", "cache-references", "cache-misses"};
}

std::unique_ptr<collector> make_perf_collector(const collector_options& options, std::vector<std::string> events) {
  return std::make_unique<perf_collector>(options, std::move(events));
}

}  // namespace pgmap::hw
