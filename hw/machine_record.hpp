// The machine record: what a result needs to be read later (CPU, topology,
// kernel, power settings, pmem, toolchain and library versions, commit).
// Every field that cannot be read holds "unavailable: <why>".
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hw/topology.hpp"

namespace pgmap::hw {

// pmem_report: pmem_report::to_json() of the mapping used, or null json if
// none; pmem_spec: the spec as the user gave it ("" when none).
nlohmann::json machine_record(const topology&, const nlohmann::json& pmem_report,
                              const std::string& pmem_spec);

// The keys machine_record always writes, in order (for tests and listings).
const std::vector<std::string>& machine_record_keys();

// One line heading a results table: "AMD EPYC 7B13 (VM), 1 socket, 2 PUs,
// pmem: emulated (persist: msync)" (the persist only when pmem was mapped),
// then ", counters: <counters>" when counters is given.
std::string machine_summary(const nlohmann::json& record, std::string_view counters = {});

}  // namespace pgmap::hw
