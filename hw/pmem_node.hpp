// The NUMA node of the pmem a spec names, read from sysfs before anything is
// mapped, so threads can be placed beside it from the start.
#pragma once
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
// A node as a report gives it ("1", or "unavailable: ..."): -1 unless a number.
int node_number(std::string_view text);

}  // namespace pgmap::hw
