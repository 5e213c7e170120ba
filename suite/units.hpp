// The process is the unit of replication: each repetition of a case runs in
// a process of its own. A unit is one process: the cases of one group (cases
// that differ only in tracker and arm, measured side by side) for one
// repetition. Units are run in a random order drawn from the run's seed, and
// each process gets a seed of its own for its layout and case order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "suite/profile.hpp"

namespace pgmap::suite {

struct run_unit {
  const binary_plan* plan;
  std::vector<std::string> cases;
  unsigned repetition;          // 0-based: which of the case's processes this is
  std::uint64_t process_seed;   // never 0
};

struct listed_cases {
  const binary_plan* plan;
  std::vector<std::string> cases;
};

// One unit per group and repetition, in a random order from `seed`; the
// same seed and cases give the same units, order and process seeds.
std::vector<run_unit> plan_units(const std::vector<listed_cases>& listed, unsigned repetitions,
                                 std::uint64_t seed);

}  // namespace pgmap::suite
