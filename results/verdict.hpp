// The break-even between the sweep (no hot-path cost, a memmap scan per
// removal) and a tracker X (hot-path cost, cheap removal): how rare removals
// must be for the sweep to win. The model is stated in the output.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/document.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results {

inline constexpr std::uint64_t gib = 1ull << 30;
inline constexpr std::uint64_t device_sizes[] = {gib, 64 * gib, 1024 * gib, 16384 * gib};

struct breakeven {
  std::string host, tracker, sweep, memmap, pages;  // sweep: the tracker's sweep peer
  unsigned threads = 0, sweepers = 0;
  std::uint64_t size = 0;            // device bytes
  std::optional<double> overhead;    // o_X, ns per pair over sweep
  std::optional<double> r_sweep;     // ns
  std::optional<double> r_x;         // ns
  std::optional<double> n_star;      // transitions per removal, when a number applies
  std::optional<double> interval_ns; // time between removals at full rate
  std::string outcome;               // "", "never: ...", "always: ...", "n/a (...)"
  bool extrapolated = false;         // size beyond the largest measured capacity
};

std::vector<breakeven> breakevens(const run_data& run);

struct verdict_result {
  document doc;
  std::vector<std::string> sentences;  // one per host
};

verdict_result verdict(const std::vector<run_data>& runs);

}  // namespace pgmap::results
