#include "hw/memmap_place.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "common/error.hpp"
#include "hw/memory_node.hpp"
#include "hw/round_up.hpp"

namespace pgmap::hw {
namespace {

uint64_t dram_bytes(uint64_t memmap_bytes) {
  return round_up(memmap_bytes, static_cast<uint64_t>(sysconf(_SC_PAGESIZE)));
}

uint64_t device_reserve(uint64_t npages) { return round_up(npages * memmap_entry_bytes, device_memmap_align); }

std::optional<int> single_node(const std::string& text) {
  int node = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), node);
  if (ec != std::errc{} || end != text.data() + text.size() || node < 0) return std::nullopt;
  return node;
}

// Binds [mem, mem+len) to `node` before its first touch. Returns the reason
// it could not, or an empty string once bound.
std::string bind_to_node(const topology* topo, void* mem, uint64_t len, int node) {
  if (!topo) return "no hwloc topology given";
  if (!topo->is_this_system()) return "the hwloc topology is not this machine's";
  hwloc_obj_t obj = hwloc_get_numanode_obj_by_os_index(topo->raw(), static_cast<unsigned>(node));
  if (!obj) return "NUMA node " + std::to_string(node) + " does not exist on this machine";
  if (hwloc_set_area_membind(topo->raw(), mem, len, obj->nodeset, HWLOC_MEMBIND_BIND,
                             HWLOC_MEMBIND_BYNODESET | HWLOC_MEMBIND_STRICT) != 0)
    return std::string("hwloc_set_area_membind: ") + std::strerror(errno);
  return {};
}

void place_on_device(placed_memmap& pm, pmem_mapping& m, uint64_t npages) {
  const uint64_t reserve = device_reserve(npages);
  if (reserve >= m.size())
    throw error("pmem '" + m.report().path + "' (" + human_size(m.size()) + ") leaves no data after a " +
                human_size(reserve) + " device memmap for " + std::to_string(npages) + " pages");
  // The kernel hands out a zeroed memmap; make the device one start the same.
  std::memset(m.base(), 0, pm.memmap_bytes);
  m.persist(m.base(), pm.memmap_bytes);
  pm.memmap = m.base();
  pm.data = m.base() + reserve;
  pm.data_bytes = m.size() - reserve;
  pm.numa_node = m.report().numa_node;
}

void place_in_dram(placed_memmap& pm, const pmem_mapping& m, const topology* topo, std::optional<int> node) {
  const uint64_t len = dram_bytes(pm.memmap_bytes);
  void* mem = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    throw error("cannot allocate a DRAM memmap of " + human_size(len) + ": " + std::strerror(errno));
  pm.memmap = mem;  // owned from here: the destructor unmaps it
  // x86-64 maps the vmemmap with 2 MiB pages where it can (vmemmap_populate);
  // huge pages here also make the first touch of a many-GiB memmap fast.
  madvise(mem, len, MADV_HUGEPAGE);
  pm.data = m.base();
  pm.data_bytes = m.size();

  const std::optional<int> wanted = node ? node : single_node(m.report().numa_node);
  std::string unbound = wanted ? bind_to_node(topo, mem, len, *wanted)
                               : "the pmem's node is not known (" + m.report().numa_node + ")";
  if (node && !unbound.empty())
    throw error("cannot bind the memmap to NUMA node " + std::to_string(*node) + ": " + unbound);
  std::memset(mem, 0, len);  // first touch: the pages land where the binding says
  pm.numa_node = unbound.empty() ? memory_node(topo, mem, len) : "unavailable: memmap not bound: " + unbound;
}

}  // namespace

memmap_placement parse_memmap_placement(std::string_view text) {
  for (memmap_placement p : {memmap_placement::dram, memmap_placement::device})
    if (text == to_string(p)) return p;
  throw error("memmap placement '" + std::string(text) + "': expected dram or device");
}

const char* to_string(memmap_placement p) {
  return p == memmap_placement::dram ? "dram" : "device";
}

uint64_t mapping_bytes_needed(memmap_placement p, uint64_t npages, uint64_t data_bytes) {
  return (p == memmap_placement::device ? device_reserve(npages) : 0) + data_bytes;
}

std::unique_ptr<placed_memmap> place_memmap(pmem_mapping& m, memmap_placement p, uint64_t npages,
                                            const topology* topo, std::optional<int> node) {
  if (npages == 0) throw error("memmap for pmem '" + m.report().path + "': 0 pages");
  if (node && p == memmap_placement::device)
    throw error("memmap NUMA node " + std::to_string(*node) +
                ": only a dram memmap can be bound; a device memmap is on the pmem's own node");
  auto pm = std::make_unique<placed_memmap>();
  pm->placement = p;
  pm->memmap_bytes = npages * memmap_entry_bytes;
  if (p == memmap_placement::device) place_on_device(*pm, m, npages);
  else place_in_dram(*pm, m, topo, node);
  return pm;
}

placed_memmap::~placed_memmap() {
  if (placement == memmap_placement::dram && memmap) munmap(memmap, dram_bytes(memmap_bytes));
}

nlohmann::json placed_memmap::to_json() const {
  return {{"placement", to_string(placement)},
          {"memmap_bytes", memmap_bytes},
          {"data_bytes", data_bytes},
          {"numa_node", numa_node}};
}

}  // namespace pgmap::hw
