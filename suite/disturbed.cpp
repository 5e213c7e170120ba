#include "suite/disturbed.hpp"

namespace pgmap::suite {

std::optional<double> process_disturbance(const nlohmann::json& output) {
  double delay = 0, steal = 0, observed = 0;
  for (const auto& b : output.value("benchmarks", nlohmann::json::array())) {
    const auto d = b.find("run_delay_ns"), t = b.find("observed_ns");
    if (d == b.end() || t == b.end() || !d->is_number() || !t->is_number()) continue;
    delay += d->get<double>();
    steal += b.value("steal_ns", 0.0);
    observed += t->get<double>();
  }
  if (observed <= 0) return std::nullopt;
  // Steal comes in clock ticks (10 ms at USER_HZ 100): under a second
  // observed, one tick alone would pass for a disturbance of 1 % or more.
  return (delay + (observed >= 1e9 ? steal : 0)) / observed;
}

}  // namespace pgmap::suite
