#include "hw/memory_node.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

namespace pgmap::hw {
namespace {

// Enough pages to see a range that straddles nodes without walking all of a
// many-GiB mapping.
constexpr size_t sample_pages = 16;

struct bitmap_deleter {
  void operator()(hwloc_bitmap_s* b) const { hwloc_bitmap_free(b); }
};

}  // namespace

std::string memory_node(const topology* topo, const void* addr, size_t len) {
  if (!topo) return "unavailable: no hwloc topology given";
  if (!topo->is_this_system()) return "unavailable: the hwloc topology is not this machine's";
  if (len == 0) return "unavailable: empty range";

  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const auto* base = static_cast<const volatile std::byte*>(addr);
  const size_t pages = (len + page - 1) / page;
  const size_t step = std::max<size_t>(1, pages / sample_pages);
  std::unique_ptr<hwloc_bitmap_s, bitmap_deleter> all(hwloc_bitmap_alloc()), one(hwloc_bitmap_alloc());
  for (size_t p = 0; p < pages; p += step) {
    const volatile std::byte* at = base + p * page;
    (void)*at;  // fault the page in: the kernel reports only resident pages
    if (hwloc_get_area_memlocation(topo->raw(), const_cast<const std::byte*>(at), 1, one.get(),
                                   HWLOC_MEMBIND_BYNODESET) != 0)
      return std::string("unavailable: hwloc_get_area_memlocation: ") + std::strerror(errno);
    hwloc_bitmap_or(all.get(), all.get(), one.get());
  }
  if (hwloc_bitmap_iszero(all.get())) return "unavailable: the kernel reports no node for the pages";

  std::string nodes;
  for (int n = hwloc_bitmap_first(all.get()); n != -1; n = hwloc_bitmap_next(all.get(), n))
    nodes += (nodes.empty() ? "" : ",") + std::to_string(n);
  return nodes;
}

}  // namespace pgmap::hw
