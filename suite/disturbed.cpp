#include "suite/disturbed.hpp"

#include <algorithm>

namespace pgmap::suite {
namespace {

double ns_per(const std::string& unit) {
  return unit == "us" ? 1e3 : unit == "ms" ? 1e6 : unit == "s" ? 1e9 : 1;
}

}  // namespace

std::optional<double> process_disturbance(const nlohmann::json& output) {
  double lost = 0, time = 0;
  bool any = false;
  for (const auto& b : output.value("benchmarks", nlohmann::json::array())) {
    const auto delay = b.find("run_delay_ns");
    if (delay == b.end() || !delay->is_number()) continue;
    // Google Benchmark's real_time is the wall time per iteration, its
    // iterations those of all threads together.
    const double wall = b.value("real_time", 0.0) * ns_per(b.value("time_unit", "ns")) * b.value("iterations", 0.0);
    const double threads = b.value("threads", 1.0);
    if (wall <= 0) continue;
    any = true;
    lost += delay->get<double>() + b.value("steal_ns", 0.0);
    time += wall * threads;
  }
  if (!any) return std::nullopt;
  return lost / time;
}

double disturbance_threshold(std::optional<double> quiet_share) {
  if (!quiet_share) return 0.01;
  return std::clamp(2 * *quiet_share, 0.005, busy_share);
}

}  // namespace pgmap::suite
