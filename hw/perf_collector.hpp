// `perf stat` as a sidecar attached to this process (-p <pid>): the fallback
// when PCM cannot count. Core events only (no memory traffic); a VM without
// a PMU answers "<not supported>", which makes it unavailable.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "hw/counters.hpp"

namespace pgmap::hw {

// cycles, instructions, cache-references, cache-misses
std::vector<std::string> default_perf_events();

// Probes perf at once with `perf stat -x, -e <events> true`.
std::unique_ptr<collector> make_perf_collector(const collector_options&,
                                               std::vector<std::string> events = default_perf_events());

}  // namespace pgmap::hw
