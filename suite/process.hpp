// Runs one unit (run_unit) as one process of a benchmark binary and returns
// its Google Benchmark JSON, each entry marked with its repetition and with
// what this process's layout was.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "suite/units.hpp"

namespace pgmap::suite {

struct process_result {
  bool ok = false;
  bool interrupted = false;
  std::string why;       // when !ok
  nlohmann::json output; // when ok
};

// The environment padding of a process (PGMAP_ENV_PAD=...): it shifts the
// initial stack by its length, 0..4095 bytes, from the process seed.
std::string env_padding(std::uint64_t process_seed);

// bin: the folder of the binaries; run: the run folder (its counters/ and a
// partial file of this process); log: where the child's output goes.
process_result run_process(const std::filesystem::path& bin, const run_unit& u,
                           unsigned repetitions, const std::filesystem::path& run,
                           const std::string& log);

// "^(a|b)$" with every regex character of the names escaped.
std::string exact_filter(const std::vector<std::string>& names);

}  // namespace pgmap::suite
