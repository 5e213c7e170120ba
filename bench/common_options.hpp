// The options every benchmark binary takes and the suite runner passes on to
// them: declared once, so the binaries and pgmap-suite have the same names,
// help and defaults.
#pragma once
#include "common/cli_fwd.hpp"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pgmap::bench {

struct common_options {
  std::string pmem = "emulated";
  std::string memmap = "dram";
  std::string placement = "compact";
  std::string counters = "auto";
  std::string counters_dir;  // empty: a folder of this run under $TMPDIR
  bool force = false;
  bool keep = false;
  bool allow_page_cache = false;
};

void add_common_options(CLI::App& app, common_options& o);
// The same options as a child's arguments (counters_dir only when set).
std::vector<std::string> common_args(const common_options& o);
nlohmann::json to_json(const common_options& o);
// Throws nlohmann::json::exception on a missing or mistyped key.
common_options common_options_from_json(const nlohmann::json& j);

}  // namespace pgmap::bench
