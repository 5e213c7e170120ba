// Where the memmap (one 64-byte struct page per 4 KiB data page) lives, as
// `ndctl create-namespace --map=mem|dev` decides for the kernel: in DRAM, or
// carved from the front of the pmem device itself.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "hw/pmem_map.hpp"
#include "hw/topology.hpp"

namespace pgmap::hw {

enum class memmap_placement { dram, device };

memmap_placement parse_memmap_placement(std::string_view);  // "dram" | "device"; throws pgmap::error
const char* to_string(memmap_placement);

inline constexpr uint64_t memmap_entry_bytes = 64;  // sizeof(struct page) on x86-64
// The kernel rounds the memmap it reserves on the device up to the
// namespace's alignment, 2 MiB by default (drivers/nvdimm/pfn_devs.c,
// nd_pfn_init), so the data that follows starts on a huge-page boundary.
inline constexpr uint64_t device_memmap_align = uint64_t{2} << 20;
// The data a removal run maps beside its memmap: it touches none, but a
// mapping has some (bench_removal, and the suite when it plans sizes).
inline constexpr uint64_t removal_data_bytes = uint64_t{2} << 20;

struct placed_memmap {  // owns a DRAM memmap; borrows a device one
  void* memmap = nullptr;
  uint64_t memmap_bytes = 0;  // npages * 64; 64-byte aligned (4 KiB aligned in practice)
  std::byte* data = nullptr;  // the data pages area on pmem (after the memmap when on the device)
  uint64_t data_bytes = 0;
  memmap_placement placement = memmap_placement::dram;
  std::string numa_node;      // node the memmap memory is on, or "unavailable: <why>"

  nlohmann::json to_json() const;
  placed_memmap() = default;
  placed_memmap(const placed_memmap&) = delete;
  placed_memmap& operator=(const placed_memmap&) = delete;
  ~placed_memmap();
};

// dram: anonymous memory bound with hwloc to `node` (default: the pmem's node
// when known, else unbound with the reason in numa_node), zeroed; data is the
// whole mapping. device: the first npages*64 bytes of the mapping rounded up
// to device_memmap_align, zeroed and persisted; data follow. The topology
// must be this machine's to bind. Throws pgmap::error when the mapping is too
// small or the node cannot be bound.
std::unique_ptr<placed_memmap> place_memmap(pmem_mapping&, memmap_placement, uint64_t npages,
                                            const topology* topo, std::optional<int> node = {});

// Bytes a mapping must have for npages of memmap on `placement` plus
// data_bytes of data.
uint64_t mapping_bytes_needed(memmap_placement, uint64_t npages, uint64_t data_bytes);

}  // namespace pgmap::hw
