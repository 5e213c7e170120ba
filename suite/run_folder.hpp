// The run folder's own record, suite.json: the options, the seed, and the
// build and host that wrote it. A run resumes only into a folder written by
// the same build on the same host, so no run mixes data of two builds.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "suite/options.hpp"

namespace pgmap::suite {

// The binaries' content hashes and the host name: what must not change
// inside one run.
nlohmann::json build_identity(const std::filesystem::path& bin,
                              const std::vector<std::string>& binaries);

// Creates the folder (refusing one that exists and is not empty) and writes
// suite.json. Throws pgmap::error naming the folder.
void create_run_folder(const std::filesystem::path& run, const suite_options& o,
                       const nlohmann::json& identity);

struct opened_run {
  suite_options options;
  std::string differs;  // how the build or host differs ("" when they match)
};

// Reads suite.json of an existing run: its options, and what differs from
// this build and host. Unless `force`, throws pgmap::error naming the folder
// and what differs: data of two builds or machines must not mix.
opened_run open_run_folder(const std::filesystem::path& run, const nlohmann::json& identity,
                           bool force);

// Adds {time, differs} to suite.json's forced_resumes (after the plan: the
// run record says which of its data came from another build or host).
void record_forced_resume(const std::filesystem::path& run, const std::string& differs);

}  // namespace pgmap::suite
