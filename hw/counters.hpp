// Hardware counters around a measured case, read by an external tool run as
// a sidecar: Intel PCM (`pcm` for core and cache counters, `pcm-memory` for
// memory bandwidth), `perf stat` as the fallback, and an honest
// "unavailable: <reason>" where nothing can count (VMs without a PMU, AMD).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace pgmap::hw {

// Names used in `values`: cycles, instructions, l2_misses, l2_hits,
// l3_misses, l3_hits, mem_read_bytes, mem_write_bytes, pmm_read_bytes,
// pmm_write_bytes, upi_bytes (cross-socket). Counts are counts and bytes
// are bytes, over `seconds`.
struct counter_values {
  std::string tool;         // "pcm", "pcm-memory", "perf", "none"
  std::string unavailable;  // empty when measured; else "unavailable: <reason>"
  double seconds = 0;       // interval covered by the values
  std::map<std::string, double> values;  // only counters really measured
  std::string tool_log;     // the tail of the tool's stderr, when it said something
  nlohmann::json to_json() const;
};

class collector {
 public:
  virtual ~collector() = default;
  virtual std::string tool() const = 0;
  // "" if it can count; decided at construction by probing the tool.
  virtual std::string unavailable() const = 0;
  // Before a measured case; returns when the tool is counting. Throws
  // pgmap::error when another counter tool already runs in this process
  // (two PCM tools at once corrupt each other's values).
  virtual void start() = 0;
  // After the case: sidecar stopped, its output parsed. Tool failures come
  // back as `unavailable`, not as exceptions.
  virtual counter_values stop() = 0;
};

struct collector_options {
  std::string work_dir;           // where CSV and stderr files go (created if missing)
  double expected_seconds = 1.0;  // a case's length, to choose the sampling interval
  std::string pcm_binary = "pcm";
  std::string pcm_memory_binary = "pcm-memory";
  std::string perf_binary = "perf";
};

// Choosing one by name: hw/collector_factory.hpp.

}  // namespace pgmap::hw
