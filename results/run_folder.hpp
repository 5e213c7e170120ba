// A run folder (results/runs/<host>-<time>/) as the results tool sees it: the
// machine record and the tidy rows, read from tidy.csv or made from the
// Google Benchmark JSON files.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/tidy_row.hpp"

namespace pgmap::results {

struct run_data {
  std::string path;          // the folder, or the tidy.csv given
  // What tables, plots and legends call the run: suite.json's options.label,
  // else the folder's name. Two runs of one host are two labels.
  std::string label;
  nlohmann::json machine;    // the machine record; null when none was found
  tidy_rows rows;
  // Disturbance counters the run's kernel did not offer, with why (from the
  // JSON; empty for a run read from tidy.csv alone).
  std::vector<std::string> disturbance_unavailable;
  // The counters column's distinct values ("perf", "unavailable: ...").
  std::string counters() const;
};

// The bench_*.json files of RUN, sorted; throws pgmap::error if none.
std::vector<std::string> bench_files(const std::string& run_dir);
// RUN's machine record: machine.json, else a JSON file's pgmap_machine.
// Tidy rows from RUN's JSON files, host and commit filled in.
run_data tidy_run(const std::string& run_dir);
// A run folder (its tidy.csv, made from the JSON when missing) or a tidy.csv
// file (machine.json beside it gives the record).
run_data load_run(const std::string& path);
// load_run of each; a label that repeats gets " (2)", " (3)", ... so that no
// two runs share a series.
std::vector<run_data> load_runs(const std::vector<std::string>& paths);

// Throws pgmap::error naming a run given twice (one folder, or a folder and
// its tidy.csv): its rows would count twice.
void check_distinct_runs(const std::vector<std::string>& paths);
// One line per way the runs differ: commit, machine, or the suite options
// (suite.json, seed and label aside). Empty when they match.
std::vector<std::string> run_differences(const std::vector<std::string>& paths);

}  // namespace pgmap::results
