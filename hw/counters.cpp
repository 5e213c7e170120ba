#include "hw/counters.hpp"

#include "common/error.hpp"

namespace pgmap::hw {

nlohmann::json counter_values::to_json() const {
  nlohmann::json j{{"tool", tool}};
  if (!unavailable.empty()) {
    j["unavailable"] = unavailable;
  } else {
    j["seconds"] = seconds;
    j["values"] = values;
  }
  if (!tool_log.empty()) j["tool_log"] = tool_log;
  return j;
}

}  // namespace pgmap::hw
