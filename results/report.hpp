// The run folder's derived files: tidy.csv, summary.md/.txt, verdict.md and
// plots/, regenerated on each call (they are outputs of this tool, never
// inputs written by someone else).
#pragma once
#include <string>
#include <vector>

#include "results/output_file.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results {

// RUN/tidy.csv from RUN's JSON files; returns the run.
run_data write_tidy(const std::string& run_dir);
struct report_result {
  std::string end_table;               // the short summary, plain text (72 columns)
  std::vector<std::string> sentences;  // the verdict, one per host
};
// Everything: tidy.csv, report.txt/.md (the post), summary.md/.txt,
// verdict.md (readable), verdict.csv (every setting), plots/.
report_result write_report(const std::string& run_dir);
// Several runs in one post: OUT/report.txt and OUT/report.md (OUT created;
// existing reports only with `mode` allow). Returns report.txt's text.
std::string write_merged_report(const std::vector<run_data>& runs, const std::string& out_dir,
                                overwrite mode, const std::vector<std::string>& inputs);

}  // namespace pgmap::results
