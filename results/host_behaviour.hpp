// How the host behaved during a run, from what the suite recorded of each
// process attempt: whether other tasks kept its threads off their PUs
// (`disturbed`, `disturbance_share`; bench/OUTPUT.md).
#pragma once
#include <cstddef>
#include <string>

#include "results/tidy_row.hpp"

namespace pgmap::results {

struct host_behaviour {
  std::size_t processes = 0;  // processes the suite checked
  std::size_t disturbed = 0;  // of those, disturbed in at least one attempt
  std::size_t given_up = 0;   // disturbed in every attempt (used, marked)
  std::size_t unchecked = 0;  // processes with no check (older runs; run delay unavailable)
  double worst = 0;           // the largest share other tasks took
};

host_behaviour host_behaviour_of(const tidy_rows& rows);

// The report's line: "host: quiet: ..." (no process disturbed, or each one
// run again until it was not), "host: busy: N/M processes disturbed ..."
// (some used though disturbed in every attempt), or "host: unchecked: ...".
std::string host_line(const host_behaviour& h);

}  // namespace pgmap::results
