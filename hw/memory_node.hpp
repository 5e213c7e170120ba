// Which NUMA node holds a range of memory, as the kernel reports it through
// hwloc: shared by the pmem mapping (files) and the DRAM memmap.
#pragma once
#include <cstddef>
#include <string>

#include "hw/topology.hpp"

namespace pgmap::hw {

// "0", or "0,1" when the range spans nodes, or "unavailable: <why>". Reads a
// sample of the range's pages first so they are resident (anonymous memory
// must have been written already: a read would map the shared zero page).
std::string memory_node(const topology* topo, const void* addr, size_t len);

}  // namespace pgmap::hw
