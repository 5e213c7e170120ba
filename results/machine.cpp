#include "results/machine.hpp"

#include "common/machine_summary.hpp"

namespace pgmap::results {
namespace {

using nlohmann::json;

// A string field of the record; "" when absent, not a string or unavailable.
std::string known(const json& record, const char* key) {
  if (!record.is_object()) return "";
  auto it = record.find(key);
  if (it == record.end() || !it->is_string()) return "";
  std::string v = it->get<std::string>();
  return v.starts_with("unavailable") ? "" : v;
}

}  // namespace

std::string record_host(const json& record) { return known(record, "hostname"); }

std::string record_commit(const json& record) {
  if (record.is_object())
    if (auto it = record.find("git_commit"); it != record.end() && it->is_string())
      return it->get<std::string>();  // may itself say "unavailable: <why>"
  return "unavailable: no commit in the machine record";
}

bool record_is_vm(const json& record) {
  if (!record.is_object()) return false;
  auto it = record.find("vm");
  return it != record.end() && it->is_boolean() && it->get<bool>();
}

std::string record_pmem_kind(const json& record) {
  std::string kind = known(record, "pmem_kind");
  return kind.empty() ? "none" : kind;
}

std::string machine_line(const json& record, const std::string& counters) {
  if (!record.is_object()) return "machine: unavailable: no machine record, counters: " + counters;
  return pgmap::machine_summary(record, counters);
}

}  // namespace pgmap::results
