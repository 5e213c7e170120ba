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
#include <iterator>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "impl/struct_page.hpp"
#include "impl/test_hooks.hpp"
#include "impl/tracker.hpp"

namespace pgmap {

// Lays out unused folios of 2^order pages (refcount 0) over caller memory,
// as many whole folios as bytes / 64 pages hold, heads pointing at `pgmap`
// (memmap_init_zone_device with the pgmap's vmemmap_shift). The memory must
// be 64-byte aligned and order at most max_folio_order; impl/ never
// allocates a memmap itself (the caller places it in DRAM or on pmem).
std::span<page> init_memmap(void* mem, std::size_t bytes, const void* pgmap, unsigned order = 0);

// Outcome of try_get_page: refused (pgmap dying), first (this call made the
// 0->1 transition), more (the page was already in use).
enum class get_result : std::uint8_t { refused, first, more };

// Who may take a page from 0 to 1. `owner`: only the caller can (a private
// page, as a driver's allocator hands a free page to one user), so the 0->1
// is set_page_count's plain store. `any`: users race for the same idle page,
// so the 0->1 is a cmpxchg from 0 that one of them wins.
enum class claim : std::uint8_t { owner, any };


namespace detail {
// folio_try_get / page_ref_add_unless(page, 1, 0): one more reference unless
// the page is idle; a load, then a lock cmpxchg that depends on it.
[[gnu::always_inline]] inline bool ref_get_unless_zero(page& p) {
  std::int32_t old = p.refcount.load(std::memory_order_relaxed);
  do {
    if (old == 0) return false;
  } while (!p.refcount.compare_exchange_weak(old, old + 1, std::memory_order_acq_rel,
                                             std::memory_order_relaxed));
  return true;
}

// The 0->1 of an idle folio (zone_device_page_init(page, pgmap, order)):
// the tracker's 2^Order references first, then the head's refcount
// published, both inside the tracker's section so that a remover's grace
// period covers check and publication together.
template <bool check_live, claim C, unsigned Order, tracker T>
[[gnu::always_inline]] inline get_result get_ref(T& t, page& p, cpu_ctx& c) {
  static_assert(Order <= max_folio_order);
  constexpr unsigned long nr = 1ul << Order;
  assert(!is_tail(p) && folio_order(p) == Order && "get: not the head of a folio of this order");
  for (;;) {
    // An in-use page pins the pgmap already: no tracker call.
    if (ref_get_unless_zero(p)) return get_result::more;
    [[maybe_unused]] auto section = t.first_section();
    if constexpr (check_live) {
      if (!t.tryget_first(c, nr)) [[unlikely]]
        return get_result::refused;
    } else {
      t.get_first(c, nr);
    }
    PGMAP_TEST_POINT(before_publish);  // tests widen the window here (test_hooks.hpp)
    if constexpr (C == claim::owner) {
      p.refcount.store(1, std::memory_order_release);  // set_page_count(page, 1)
      return get_result::first;
    } else {
      // A fresh 0, not the value loaded above: the claim does not wait for
      // that load, as a separate allocation step would not.
      std::int32_t idle = 0;
      if (p.refcount.compare_exchange_strong(idle, 1, std::memory_order_acq_rel,
                                             std::memory_order_relaxed))
        return get_result::first;
    }
    t.put_last(c, nr);  // another user made the transition first: give it back
  }
}
}  // namespace detail

// Takes a reference to the folio headed by p, of 2^Order pages; the caller
// knows the pgmap is live (an allocator's context), so a 0->1 transition
// takes the tracker's references unchecked.
template <claim C = claim::any, unsigned Order = 0, tracker T>
[[gnu::always_inline]] inline void get_page(T& t, page& p, cpu_ctx& c) {
  detail::get_ref<false, C, Order>(t, p, c);
}

// Takes a reference unless this is a 0->1 transition and the tracker refuses
// new users (the liveness test at 0->1).
template <claim C = claim::any, unsigned Order = 0, tracker T>
[[gnu::always_inline]] inline get_result try_get_page(T& t, page& p, cpu_ctx& c) {
  return detail::get_ref<true, C, Order>(t, p, c);
}

// Drops a reference to the folio headed by p (folio_put_testzero: one
// locked subtract and a test); the 1->0 transition drops the tracker's
// 2^Order references at once (free_zone_device_folio's put of nr pages).
template <unsigned Order = 0, tracker T>
[[gnu::always_inline]] inline void put_page(T& t, page& p, cpu_ctx& c) {
  assert(!is_tail(p) && folio_order(p) == Order && "put: not the head of a folio of this order");
  const std::int32_t old = p.refcount.fetch_sub(1, std::memory_order_acq_rel);
  assert(old > 0 && "put_page: refcount below zero");
  if (old == 1) t.put_last(c, 1ul << Order);
}

// Calls f(std::integral_constant<unsigned, order>{}) for one of
// folio_orders, so that a runtime order picks a loop compiled for it; throws
// std::invalid_argument for any other order.
template <class F>
decltype(auto) visit_folio_order(unsigned order, F&& f) {
  static_assert(std::size(folio_orders) == 3);
  switch (order) {
    case folio_orders[0]: return f(std::integral_constant<unsigned, folio_orders[0]>{});
    case folio_orders[1]: return f(std::integral_constant<unsigned, folio_orders[1]>{});
    case folio_orders[2]: return f(std::integral_constant<unsigned, folio_orders[2]>{});
  }
  throw std::invalid_argument("folio order " + std::to_string(order) + ": no loop is built for it");
}

}  // namespace pgmap
