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

// Reads suite.json of an existing run and returns its options; throws
// pgmap::error naming the folder and what differs when it was written by
// another build or host.
suite_options open_run_folder(const std::filesystem::path& run, const nlohmann::json& identity);

}  // namespace pgmap::suite
