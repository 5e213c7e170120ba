// When a process counts as disturbed: the share of its measured threads'
// time that they were kept off their PUs (run delay and steal, as the
// binaries record them per case), against a threshold from the host's quiet
// level measured before the run.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>

namespace pgmap::suite {

// Over the entries of one process's Google Benchmark JSON that recorded a
// run delay: (run delay + steal) / the time observed, all summed over the
// measured threads. nullopt when none did.
std::optional<double> process_disturbance(const nlohmann::json& output);

// A share of their time that other tasks may take from the measured threads
// before a process is disturbed, whatever the host's quiet level: a thread
// kept off its PU for a share s of a case is about s slower. A host whose own
// tasks take more from an idle PU is busy.
inline constexpr double busy_share = 0.02;

// Twice the host's quiet share (what the host's own tasks take from a
// spinning PU), within [0.5 %, busy_share]. 1 % when the quiet share is unknown.
double disturbance_threshold(std::optional<double> quiet_share);

}  // namespace pgmap::suite
