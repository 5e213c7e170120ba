// Picks the counter collector a run asked for. Kept apart from counters.hpp
// so the interface does not depend on the collectors that implement it.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hw/counters.hpp"

namespace pgmap::hw {

// kind: "pcm", "pcm-memory", "perf", "none", or "auto" (pcm, else perf, else
// a "none" collector naming both reasons). Unknown kind: pgmap::error.
std::unique_ptr<collector> make_collector(std::string_view kind, const collector_options&);
std::vector<std::string> collector_kinds();

}  // namespace pgmap::hw
