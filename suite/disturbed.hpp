// When a process counts as disturbed: the share of its measured threads'
// time that they were kept off their PUs (run delay and steal, as the
// binaries record them per case), above a fixed bar.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>

namespace pgmap::suite {

// Over the entries of one process's Google Benchmark JSON that recorded a
// run delay: (run delay + steal) / the time observed, all summed over the
// measured threads; steal only from a second observed on (it is counted in
// clock ticks). nullopt when none did.
std::optional<double> process_disturbance(const nlohmann::json& output);

// Above this share a process is disturbed, and a host whose own tasks take
// more from a spinning PU before the run is busy. A thread kept off its PU
// for a share s of a case is about s slower. Quiet, on a 2-PU VM (quick
// profile, 117 processes): 0-0.3 % at 1 thread, 0.5-1.2 % at 2, where every
// PU is busy and each of Google Benchmark's barriers costs a vCPU wake-up;
// a spinner on each PU before the run: 0.25-0.7 %. A CPU-bound job on the
// same PUs: tens of percent.
inline constexpr double disturbed_share = 0.02;

}  // namespace pgmap::suite
