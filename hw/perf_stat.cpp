#include "hw/perf_stat.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace pgmap::hw {
namespace {

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, sep);) cells.push_back(cell);
  return cells;
}

std::optional<double> number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size() ? std::optional(v) : std::nullopt;
}

}  // namespace

std::vector<perf_count> parse_perf_stat(std::string_view text) {
  std::vector<perf_count> counts;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto cells = split(line, ',');
    if (cells.size() < 3 || cells[2].empty()) continue;
    const auto value = number(cells[0]);
    if (!value && !cells[0].starts_with("<not")) continue;  // not an event line
    counts.push_back({cells[2].substr(0, cells[2].find(':')), value, cells[0]});
  }
  return counts;
}

std::map<std::string, double> perf_values(const std::vector<perf_count>& counts) {
  std::map<std::string, double> raw;
  for (const auto& c : counts)
    if (c.value) raw[c.event] = *c.value;
  std::map<std::string, double> values;
  for (const auto& [event, value] : raw) {
    if (event == "cache-references") continue;  // only used for l3_hits
    if (event == "cycles" || event == "instructions") {
      values[event] = value;
    } else if (event == "cache-misses") {
      values["l3_misses"] = value;
    } else {
      std::string name = event;
      std::replace(name.begin(), name.end(), '-', '_');
      values[name] = value;
    }
  }
  if (raw.contains("cache-references") && raw.contains("cache-misses"))
    values["l3_hits"] = raw["cache-references"] - raw["cache-misses"];
  return values;
}

}  // namespace pgmap::hw
