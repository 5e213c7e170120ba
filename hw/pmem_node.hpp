// What the pmem a spec names is, read before anything is mapped: its NUMA
// node, so threads can be placed beside it from the start, and its room, so
// a run is planned to fit it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hw/pmem_spec.hpp"

namespace pgmap::hw {

// "1", or "unavailable: <why>". devdax: the dax bus's numa_node of the
// device; fsdax: the numa_node of the block device (namespace) holding DIR;
// emulated: DRAM, no pmem node. `sysfs`: the sysfs root (tests give a copy).
std::string pmem_numa_node(const pmem_spec&, const std::string& sysfs = "/sys");
// The node as a number; -1 when unavailable.
int pmem_node_number(const pmem_spec&, const std::string& sysfs = "/sys");
// What a run may map on it: the spec's SIZE; else a devdax device's size
// (the dax bus's), or the space free in an fsdax or emulated directory;
// nullopt when it cannot be told.
std::optional<std::uint64_t> pmem_capacity(const pmem_spec&, const std::string& sysfs = "/sys");
// A node as a report gives it ("1", or "unavailable: ..."): -1 unless a number.
int node_number(std::string_view text);

}  // namespace pgmap::hw
