// The process is the unit of replication: each repetition of a case runs in
// a process of its own. A unit is one process: the cases of one group (cases
// that differ only in tracker and arm, measured side by side) for one
// repetition. Units run in blocks by repetition (every group's repetition k
// before any group's k+1), in a random order within each block drawn from
// the run's seed; each process gets a seed of its own for its layout, and a
// rotation of its cases that moves by one with each repetition, so that over
// as many repetitions as the group has cases each case takes each position
// once (a cyclic Latin square; the starting row drawn from the seed).
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
  // The binary's --case-rotation: the index, among all the cases the binary
  // registers, of this unit's first case; they run cyclically from there.
  unsigned rotation = 0;
};

struct listed_cases {
  const binary_plan* plan;
  std::vector<std::string> cases;  // what the run's filter keeps
  // Every case the binary registers, in its registration order (what a
  // case rotation counts in); empty: the same as `cases`.
  std::vector<std::string> all = {};
};

// One unit per group and repetition, in blocks by repetition, in a random
// order within each block from `seed`; the same seed and cases give the same
// units, order, process seeds and rotations.
std::vector<run_unit> plan_units(const std::vector<listed_cases>& listed, unsigned repetitions,
                                 std::uint64_t seed);

}  // namespace pgmap::suite
