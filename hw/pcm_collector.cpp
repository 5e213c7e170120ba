#include "hw/pcm_collector.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <thread>

#include "common/error.hpp"
#include "hw/pcm_csv.hpp"
#include "hw/pcm_values.hpp"
#include "hw/sidecar_collector.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

// Rows after the two header rows, counting a row still being written: PCM
// writes the header together with (pcm-memory) or before (pcm) the first row.
std::size_t data_rows(const std::string& path) {
  const auto text = read_text_file(path);
  if (!text) return 0;
  std::size_t lines = 0;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) ++lines;
  return lines > 2 ? lines - 2 : 0;
}

std::string seconds_text(double s) {
  std::ostringstream text;
  text << s;
  return text.str();
}

class pcm_collector final : public sidecar_collector {
 public:
  pcm_collector(std::string tool, std::string binary, const collector_options& options)
      : sidecar_collector(std::move(tool), options),
        binary_(std::move(binary)),
        interval_(pcm_interval(options.expected_seconds)) {
    probe();
  }

 private:
  bool memory_tool() const { return tool() == "pcm-memory"; }

  std::vector<std::string> argv(const std::string& csv) const {
    // -f flushes every row, so a stopped PCM leaves all its samples.
    std::vector<std::string> args{binary_, seconds_text(interval_), "-f", "-csv=" + csv};
    if (!memory_tool()) args.push_back("-nc");  // only System columns are read
    return args;
  }

  std::vector<std::string> probe_argv() const override {
    auto args = argv(file("probe.csv"));
    args.push_back("-i=1");
    return args;
  }

  std::string probe_failure(const sidecar& finished) const override {
    const int code = finished.exit_code().value_or(-1);
    if (code != 0) return log_words(finished) + " (" + exit_text(code) + ")";
    if (data_rows(file("probe.csv")) == 0) return "its probe wrote no sample: " + log_words(finished);
    return "";
  }

  void prepare() override {
    std::filesystem::remove(file("csv"));
    first_row_ = 0;
  }

  std::vector<std::string> run_argv() const override { return argv(file("csv")); }

  // The tool counts once its first row appears; that row (and any half
  // written) covers time before the case, so stop() reads the rows after it.
  void wait_counting(sidecar& running) override {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(30 + 3 * interval_);
    while (std::chrono::steady_clock::now() < deadline && running.running()) {
      if ((first_row_ = data_rows(file("csv"))) > 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  void read_output(counter_values& out, double) override {
    const auto path = file("csv");
    if (data_rows(path) <= first_row_) {
      out.unavailable = reason("pcm wrote no sample (case shorter than one interval of " + seconds_text(interval_) +
                               " s)");
      return;
    }
    try {
      const auto table = parse_pcm_csv(path);
      const auto first = std::min(first_row_, table.rows.size());
      out.values = memory_tool() ? pcm_memory_values(table, interval_, first) : pcm_core_values(table, first);
      if (const std::string why = pcm_no_values_reason(table, out.values); !why.empty()) {
        out.unavailable = reason(why);
        return;
      }
      out.seconds = double(table.rows.size() - first) * interval_;
    } catch (const error& e) {
      out.unavailable = reason(std::string("unreadable CSV: ") + e.what());
    }
  }

  std::string binary_;
  double interval_;
  std::size_t first_row_ = 0;
};

}  // namespace

double pcm_interval(double expected_seconds) { return std::clamp(expected_seconds / 10, 0.05, 1.0); }

std::unique_ptr<collector> make_pcm_collector(std::string_view tool, const collector_options& options) {
  const bool memory = tool == "pcm-memory";
  return std::make_unique<pcm_collector>(std::string(tool),
                                         memory ? options.pcm_memory_binary : options.pcm_binary, options);
}

}  // namespace pgmap::hw
