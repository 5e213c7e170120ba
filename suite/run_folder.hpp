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

// Held while a suite writes a run folder: an flock on RUN/.lock, which the
// kernel drops when the process ends (a killed run blocks no later resume),
// on a close-on-exec descriptor (the benchmark children do not hold it).
// The file keeps the holder's pid, for the message of the one refused.
class folder_lock {
 public:
  // Throws pgmap::error "<option> RUN: in use by pid N ..." when another
  // process holds the lock, or naming the folder when it cannot be locked.
  folder_lock(const std::filesystem::path& run, const std::string& option);
  folder_lock(folder_lock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  folder_lock(const folder_lock&) = delete;
  ~folder_lock();

 private:
  int fd_ = -1;
};

// Throws pgmap::error naming the folder when it cannot be a new run's: a
// symlink, not a folder, or not empty.
void check_new_run_folder(const std::filesystem::path& run);

// Creates the folder (refusing one that exists and is not empty, or is not
// a folder), locks it and writes suite.json. Throws pgmap::error naming it.
folder_lock create_run_folder(const std::filesystem::path& run, const suite_options& o,
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
