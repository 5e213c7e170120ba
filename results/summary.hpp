// The summary of one or more runs: per case the median, its interval,
// the coefficient of variation and n; then overheads over `none`, scaling,
// removal, the harness check and the noise floor, per run.
#pragma once
#include <vector>

#include "results/document.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results {

document summary(const std::vector<run_data>& runs);
// What the suite prints at its end: overhead over none (no work) and removal
// with nothing in use, with sweep efficiency.
document short_summary(const std::vector<run_data>& runs);

// The heading every table set carries: machine line and commit of each run.
std::vector<std::string> run_heading(const std::vector<run_data>& runs);

}  // namespace pgmap::results
