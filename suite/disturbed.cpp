#include "suite/disturbed.hpp"

#include <algorithm>

namespace pgmap::suite {

std::optional<double> process_disturbance(const nlohmann::json& output) {
  double lost = 0, observed = 0;
  for (const auto& b : output.value("benchmarks", nlohmann::json::array())) {
    const auto delay = b.find("run_delay_ns"), time = b.find("observed_ns");
    if (delay == b.end() || time == b.end() || !delay->is_number() || !time->is_number()) continue;
    lost += delay->get<double>() + b.value("steal_ns", 0.0);
    observed += time->get<double>();
  }
  if (observed <= 0) return std::nullopt;
  return lost / observed;
}

double disturbance_threshold(std::optional<double> quiet_share) {
  if (!quiet_share) return 0.01;
  return std::clamp(2 * *quiet_share, 0.005, busy_share);
}

}  // namespace pgmap::suite
