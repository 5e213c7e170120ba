// Reading `perf stat -x,` output: one line per event,
// "value,unit,event,run time,run %,metric,metric unit"; other lines
// ("# started on ...", blank, notes) are skipped.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgmap::hw {

struct perf_count {
  std::string event;            // without modifiers: "cycles:u" -> "cycles"
  std::optional<double> value;  // nullopt for "<not supported>", "<not counted>"
  std::string cell;             // the value cell as perf wrote it
};

std::vector<perf_count> parse_perf_stat(std::string_view text);

// Counted events under counter_values' names: cycles, instructions,
// l3_misses (cache-misses) and l3_hits (cache-references - cache-misses;
// perf's generic cache events are last-level cache events on Intel). Other
// events keep perf's name with '-' as '_' ("task-clock" -> "task_clock").
std::map<std::string, double> perf_values(const std::vector<perf_count>&);

}  // namespace pgmap::hw
