#include "results/machine.hpp"

#include "common/error.hpp"
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

[[noreturn]] void wrong(const std::string& key, const char* want) {
  throw pgmap::error("'" + key + "' is not " + want);
}

// An object of typed keys, or a string (most likely "unavailable: <why>").
void check_part(const json& record, const char* key, std::initializer_list<const char*> texts,
                std::initializer_list<const char*> flags) {
  auto it = record.find(key);
  if (it == record.end() || it->is_string()) return;
  if (!it->is_object()) wrong(key, "an object or text");
  for (const char* k : texts)
    if (auto v = it->find(k); v != it->end() && !v->is_string()) wrong(std::string(key) + "." + k, "text");
  for (const char* k : flags)
    if (auto v = it->find(k); v != it->end() && !v->is_boolean())
      wrong(std::string(key) + "." + k, "true or false");
}

}  // namespace

void check_record(const json& record) {
  if (!record.is_object()) throw pgmap::error("not a machine record (a JSON object)");
  for (const char* k : {"hostname", "git_commit", "cpu_model", "pmem_kind", "kernel"})
    if (auto it = record.find(k); it != record.end() && !it->is_string()) wrong(k, "text");
  for (const char* k : {"packages", "pus"})
    if (auto it = record.find(k); it != record.end() && !it->is_number_unsigned() && !it->is_string())
      wrong(k, "a whole number");
  if (auto it = record.find("vm"); it != record.end() && !it->is_boolean()) wrong("vm", "true or false");
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
