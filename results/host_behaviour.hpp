// How the host behaved during a run, from what the suite recorded of each
// process attempt: whether other tasks kept its threads off their PUs
// (the `disturbed` flag and `disturbance_share`, bench/OUTPUT.md).
#pragma once
#include <cstddef>
#include <string>

#include "results/tidy_row.hpp"

namespace pgmap::results {

struct host_behaviour {
  std::size_t attempts = 0;   // process attempts the suite checked
  std::size_t disturbed = 0;  // of those, flagged
  std::size_t given_up = 0;   // processes disturbed in every attempt (used, marked)
  std::size_t unchecked = 0;  // attempts with no check (older runs; run delay unavailable)
  double worst = 0;           // the largest share others took
};

host_behaviour host_behaviour_of(const tidy_rows& rows);

// The report's line: "host: quiet: ..." (no process disturbed, or each one
// run again until it was not), "host: busy: N of M processes disturbed ..."
// (some used though disturbed in every attempt), or "host: unchecked: ...".
std::string host_line(const host_behaviour& h);

}  // namespace pgmap::results
