#include "impl/page.hpp"

#include <new>
#include <stdexcept>
#include <string>

namespace pgmap {

std::span<page> init_memmap(void* mem, std::size_t bytes, const void* pgmap, unsigned order) {
  if (reinterpret_cast<std::uintptr_t>(mem) % alignof(page) != 0)
    throw std::invalid_argument("memmap memory is not 64-byte aligned");
  if (order > max_folio_order)
    throw std::invalid_argument("folio order " + std::to_string(order) + " is above " +
                                std::to_string(max_folio_order));
  const std::size_t per = std::size_t(1) << order;
  const std::size_t n = bytes / sizeof(page) / per * per;
  page* pages = static_cast<page*>(mem);
  for (std::size_t i = 0; i < n; ++i) {
    page* p = new (&pages[i]) page{};
    p->mapcount = -1;  // the kernel's "not mapped" value
    const std::size_t head = i & ~(per - 1);
    if (i == head) {
      p->pgmap = pgmap;
      if (order) p->flags = pg_head;
    } else {
      p->pgmap = reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(&pages[head]) | 1);
      if (i == head + 1) p->flags = order;
    }
  }
  return {pages, n};
}

}  // namespace pgmap
