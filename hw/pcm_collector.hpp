// Intel PCM as a sidecar: `pcm` (core and cache counters, memory traffic)
// or `pcm-memory` (memory bandwidth), sampling the whole machine every
// interval into a CSV file in the work directory.
#pragma once
#include <memory>
#include <string_view>

#include "hw/counters.hpp"

namespace pgmap::hw {

// tool: "pcm" or "pcm-memory". Probes the tool at once (one sample).
std::unique_ptr<collector> make_pcm_collector(std::string_view tool, const collector_options&);

// The sampling interval for a case of that length: a tenth of it, at least
// 0.05 s (PCM accepts down to 0.015 s) and at most 1 s. PCM drops the last
// partial interval, so this bounds what a case loses.
double pcm_interval(double expected_seconds);

}  // namespace pgmap::hw
