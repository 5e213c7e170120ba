// Reads a Google Benchmark 1.7.1 JSON file (bench/OUTPUT.md) into tidy rows:
// one per iteration entry (case and repetition); aggregates are skipped.
#pragma once
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "results/tidy_row.hpp"

namespace pgmap::results {

struct gb_file {
  tidy_rows rows;            // host and commit still empty: see run_folder
  nlohmann::json machine;    // context.pgmap_machine, parsed; null if absent
  std::string counters;      // context.pgmap_counters; "" if absent
  // context.pgmap_disturbance: each disturbance counter this kernel does not
  // offer, with why ("run_delay_ns: no /proc/..."); empty if none or absent.
  std::vector<std::string> disturbance_unavailable;
  std::string host_name;     // context.host_name; "" if absent
  std::string process;       // context.pgmap_layout's process seed; "" if absent or 0
  // context.pgmap_trackers: each tracker's traits by name, as tidy cells
  // (rcu, baseline, knows_users, removal_scans, sweep_peer).
  std::map<std::string, std::array<std::string, trait_columns.size()>, std::less<>> traits;
  std::vector<std::string> tracker_order;  // the same names, in the registry's order
};

// `path` names the input in errors ("PATH:LINE: what"); `binary` fills the
// binary column. Throws pgmap::error on malformed JSON or a malformed entry.
gb_file parse_gb_json(std::string_view text, const std::string& path,
                      const std::string& binary);
// Reads PATH; binary = file name without `.json`.
gb_file read_gb_json(const std::string& path);

// 1-based line of byte offset `pos` in `text`.
std::size_t line_of(std::string_view text, std::size_t pos);

}  // namespace pgmap::results
