#include "suite/disturbed.hpp"

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

}  // namespace pgmap::suite
