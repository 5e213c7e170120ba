// What the results tool reads from the machine record (hw/machine_record.hpp):
// the host, the suite's commit, and the one-line summary heading every table.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace pgmap::results {

// Throws pgmap::error naming the first key the results tool reads that has
// the wrong type, or when the record is not an object. A key that is absent
// is left to its reader, which says "unavailable".
void check_record(const nlohmann::json& record);
// Empty when the record does not say.
std::string record_host(const nlohmann::json& record);
// "unavailable: <why>" when the record does not say.
std::string record_commit(const nlohmann::json& record);
// "CPU (VM), N socket(s), N PUs, pmem: kind, counters: <counters>".
std::string machine_line(const nlohmann::json& record, const std::string& counters);
// True when the record says the machine is a virtual machine.
bool record_is_vm(const nlohmann::json& record);
// The pmem kind the record names ("emulated", "fsdax", "devdax", "none").
std::string record_pmem_kind(const nlohmann::json& record);

}  // namespace pgmap::results
