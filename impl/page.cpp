#include "impl/page.hpp"

#include <new>
#include <stdexcept>

namespace pgmap {

std::span<page> init_memmap(void* mem, std::size_t bytes, const void* pgmap) {
  if (reinterpret_cast<std::uintptr_t>(mem) % alignof(page) != 0)
    throw std::invalid_argument("memmap memory is not 64-byte aligned");
  const std::size_t n = bytes / sizeof(page);
  page* pages = static_cast<page*>(mem);
  for (std::size_t i = 0; i < n; ++i) {
    page* p = new (&pages[i]) page{};
    p->pgmap = pgmap;
    p->mapcount = -1;  // the kernel's "not mapped" value
  }
  return {pages, n};
}

}  // namespace pgmap
