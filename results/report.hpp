// The run folder's derived files: tidy.csv, summary.md/.txt, verdict.md and
// plots/, regenerated on each call (they are outputs of this tool, never
// inputs written by someone else).
#pragma once
#include <string>
#include <vector>

#include "results/run_folder.hpp"

namespace pgmap::results {

// RUN/tidy.csv from RUN's JSON files; returns the run.
run_data write_tidy(const std::string& run_dir);
// Everything; returns the verdict sentences.
std::vector<std::string> write_report(const std::string& run_dir);

}  // namespace pgmap::results
