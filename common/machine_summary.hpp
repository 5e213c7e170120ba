// The machine record (written by hw/machine_record) in one line, for every
// tool that heads its output with the machine a result came from.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace pgmap {

// "AMD EPYC 7B13 (VM), 1 socket, 2 PUs, pmem: emulated (persist: msync)"
// (the persist only when pmem was mapped), then ", counters: <counters>"
// when counters is given.
std::string machine_summary(const nlohmann::json& record, std::string_view counters = {});

}  // namespace pgmap
