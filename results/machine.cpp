#include "results/machine.hpp"

#include "common/error.hpp"
#include "common/json_fields.hpp"
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

// A part that is an object of typed keys, or text (most likely
// "unavailable: <why>"), or absent.
void check_part(const json& record, const char* key, std::initializer_list<const char*> texts,
                std::initializer_list<const char*> flags) {
  auto it = record.find(key);
  if (it == record.end() || it->is_string()) return;
  const std::string where = std::string("machine.") + key;
  for (const char* k : texts) json_fields::text(*it, where, k, "");
  for (const char* k : flags) json_fields::flag(*it, where, k, false);
}

}  // namespace

void check_record(const json& record) {
  namespace f = json_fields;
  if (!record.is_object()) throw pgmap::error("not a machine record (a JSON object)");
  for (const char* k : {"hostname", "git_commit", "cpu_model", "pmem_kind", "kernel"}) f::text(record, "machine", k, "");
  for (const char* k : {"packages", "pus"})  // a count, or why it is unavailable
    if (auto it = record.find(k); it != record.end() && !it->is_string()) f::whole(record, "machine", k);
  f::flag(record, "machine", "vm", false);
  check_part(record, "kernel_rcu", {"model_flavour"}, {"preempt_rcu", "preempt_count"});
  check_part(record, "pmem", {"persist_kind"}, {});
}

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
