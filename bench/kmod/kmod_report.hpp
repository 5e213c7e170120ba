// The module's results (debugfs pgmap_kmod/results: one `WORD key=value ...`
// line per case) turned into Google Benchmark JSON with the suite's case
// names, so that pgmap-results reads kernel figures like the model's.
#pragma once
#include <map>
#include <nlohmann/json.hpp>

#include "common/case_schema.hpp"
#include <string>
#include <vector>

namespace pgmap::kmod {

struct record_line {
  std::string word;                          // hotpath, removal, kernel, params, pgmaps
  std::map<std::string, std::string> values;
  // The value of KEY; throws pgmap::error naming the line when absent.
  const std::string& at(const std::string& key) const;
  double number(const std::string& key) const;
};

// Parses the module's text; throws pgmap::error on a malformed line.
std::vector<record_line> parse_results(const std::string& text);

// What the JSON says besides the cases (filled by the driver).
struct run_context {
  nlohmann::json gb_context;      // Google Benchmark's own fields (date, host_name, ...)
  nlohmann::json machine;         // the machine record (hw::machine_record)
  nlohmann::json params;          // the driver's parameters
  std::string cmdline;            // /proc/cmdline
  std::string pmem_kind;          // "emulated (qemu TCG guest)" or the range's kind
  std::string label;              // label of every entry (pus are added per case)
};

// The model's RCU flavour that the module's kernel's rcu_read_lock() matches
// (its `kernel` line): memb with CONFIG_PREEMPT_RCU, else pcount with
// CONFIG_PREEMPT_COUNT, else qsbr.
std::string kernel_flavour(const record_line& kernel);

// The one place the driver forms case names: the model's subject for a
// kernel tracker (percpu_ref and sweep take `flavour`, kernel_flavour's),
// then the suite's name schema (bench/case_name.hpp).
std::string kernel_case_name(const std::string& kind, const std::string& tracker,
                             const std::string& flavour, const schema::values& params);

// The Google Benchmark JSON document of the module's results.
nlohmann::json gb_document(const std::vector<record_line>& lines, const run_context& ctx);

}  // namespace pgmap::kmod
