// Whether two runs of one host and build tell the same story, verdict row by
// verdict row: how a user checks a run before posting it.
#pragma once
#include <string>

#include "results/document.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results {

struct agreement {
  document doc;
  std::string summary;      // one line
  std::size_t rows = 0, disagree = 0, not_compared = 0;
  bool headline_disagrees = false;  // a row of the verdict's sentence
};

// Rows match on tracker, threads, pages, memmap, sweepers and device size.
// Two rows agree when their o_X intervals overlap or their o_X differ by no
// more than the two resolutions together, and, where both runs give N*, the
// N* intervals overlap; "never" against "wins" never agrees. A row without
// o_X in either run is not compared. Throws pgmap::nothing_to_do when no row
// is in both.
agreement agree(const run_data& a, const run_data& b);

}  // namespace pgmap::results
