// pgmap-suite's options: the binaries' common options (declared once, in
// bench/common_options) plus the runner's own. Written into the run folder
// (suite.json) so that --resume continues with exactly these.
#pragma once
#include "common/cli_fwd.hpp"
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/common_options.hpp"
#include "hw/memory_available.hpp"

namespace pgmap::suite {

struct suite_options {
  std::string profile = "quick";
  bench::common_options common;
  std::string filter;        // a regex over case names, as --benchmark_filter
  unsigned repetitions = 0;  // processes per case; 0: the profile's
  unsigned rounds = 0;       // rounds of its cases per hot-path process; 0: the profile's
  std::uint64_t seed = 0;    // order and layouts; 0: drawn at random (and recorded)
  std::string label;         // names the run in tables and plots; empty: <host>-<UTC time>
  unsigned retries = 2;      // runs of a disturbed process again, at most
  bool require_quiet = false;  // a busy host before the run is an error
  std::string folio_order = "0";  // the folio orders measured (the hot path's at most 9)
  std::string work;               // the hot path's work kinds; empty: the profile's (a new
                                  // run records the list it runs)
  // Hot-path thread counts and removal sweeper counts; empty: the host's
  // default_counts (a new run records the lists it runs; a run from before
  // the options, every count 1..PUs).
  std::string threads, sweepers;
  // The hot path's sockets (bench_hotpath --sockets); empty: the
  // placement's own (a new full run on 2 or more packages records 1,2).
  std::string sockets;
  // Removal device sizes, GiB; empty: the profile's (a new run records the
  // list it plans; a run from before the option, the sizes it planned then).
  std::string capacity_gib;
  // Not an option: the memory available when the run began, recorded so that
  // --resume plans the same removal sizes.
  hw::memory_figure memory;
};

void add_suite_options(CLI::App& app, suite_options& o);
// The options that decide what a run measures (suite.json's "options").
nlohmann::json to_json(const suite_options& o);
// Throws pgmap::error naming the option when a value cannot be right
// (a filter that is not a regex, a label that cannot name a run).
void check_suite_options(const suite_options& o);
// Throws pgmap::error when the JSON is not a suite.json's options.
suite_options options_from_json(const nlohmann::json& j);

}  // namespace pgmap::suite
