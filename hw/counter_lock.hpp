// One counter tool at a time in this process: two PCM tools (or PCM and
// perf) programming the same PMU corrupt each other's values.
#pragma once
#include <string>

namespace pgmap::hw {

class counter_lock {
 public:
  // Throws pgmap::error naming both tools when another one holds the lock.
  explicit counter_lock(const std::string& tool);
  ~counter_lock();
  counter_lock(const counter_lock&) = delete;
  counter_lock& operator=(const counter_lock&) = delete;
};

}  // namespace pgmap::hw
