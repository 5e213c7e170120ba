// A work kind as named on command lines and in case names, apart from what
// runs it (bench/work.hpp), so that the suite checks its --work without the
// benchmarks' dependencies.
#pragma once
#include <cstddef>
#include <string>

namespace pgmap::bench {

struct work_spec {
  std::string name;  // as in case names: none, spin:<ns>, touch:64, touch:4096, lock_page
  unsigned spin_ns = 0;
  std::size_t touch_bytes = 0;
};

// "none" | "spin:<ns>" | "touch:64" | "touch:4096" | "lock_page"; throws pgmap::error.
work_spec parse_work(const std::string& text);

}  // namespace pgmap::bench
