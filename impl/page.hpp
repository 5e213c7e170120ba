// The simulated memmap: 64-byte struct pages with the kernel's refcount rules.
//
// Layout follows x86_64 `struct page` (include/linux/mm_types.h) so that a
// sweep reads, and every refcount update dirties, the same cache lines as in
// the kernel: one line per 4 KiB page, refcount at byte 52.
#pragma once
#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

#include "impl/struct_page.hpp"
#include "impl/tracker.hpp"

namespace pgmap {

// Lays out bytes / 64 unused pages (refcount 0) over caller memory, each
// pointing at `pgmap`. The memory must be 64-byte aligned; impl/ never
// allocates a memmap itself (the caller places it in DRAM or on pmem).
std::span<page> init_memmap(void* mem, std::size_t bytes, const void* pgmap);

// Outcome of try_get_page: refused (pgmap dying), first (this call made the
// 0->1 transition), more (the page was already in use).
enum class get_result : std::uint8_t { refused, first, more };

namespace detail {
template <bool check_live, tracker T>
inline get_result get_ref(T& t, page& p, cpu_ctx& c) {
  std::int32_t old = p.refcount.load(std::memory_order_relaxed);
  for (;;) {
    if (old == 0) {
      // The tracker reference is taken before the page is published as in
      // use (as zone_device_page_init does), inside the tracker's section so
      // that a remover's grace period covers check and publication together.
      [[maybe_unused]] auto section = t.first_section();
      if constexpr (check_live) {
        if (!t.tryget_first(c)) return get_result::refused;
      } else {
        t.get_first(c);
      }
      if (p.refcount.compare_exchange_strong(old, 1, std::memory_order_acq_rel,
                                             std::memory_order_relaxed))
        return get_result::first;
      t.put_last(c);  // another thread made the transition first: give it back
      continue;
    }
    // An in-use page pins the pgmap already: no tracker call. A CAS, not an
    // add, so that a page that drops to 0 meanwhile goes through the check.
    if (p.refcount.compare_exchange_weak(old, old + 1, std::memory_order_acq_rel,
                                         std::memory_order_relaxed))
      return get_result::more;
  }
}
}  // namespace detail

// Takes a reference; the caller knows the pgmap is live (an allocator's
// context), so a 0->1 transition takes the tracker's reference unchecked.
template <tracker T>
inline void get_page(T& t, page& p, cpu_ctx& c) {
  detail::get_ref<false>(t, p, c);
}

// Takes a reference unless this is a 0->1 transition and the tracker refuses
// new users (the liveness test at 0->1).
template <tracker T>
inline get_result try_get_page(T& t, page& p, cpu_ctx& c) {
  return detail::get_ref<true>(t, p, c);
}

// Drops a reference; the 1->0 transition drops the tracker's reference.
template <tracker T>
inline void put_page(T& t, page& p, cpu_ctx& c) {
  const std::int32_t old = p.refcount.fetch_sub(1, std::memory_order_acq_rel);
  assert(old > 0 && "put_page: refcount below zero");
  if (old == 1) t.put_last(c);
}

}  // namespace pgmap
