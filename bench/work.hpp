// What a user does with a page between get and put. Each kind is its own
// type, chosen once per case, so the measured loop has no dispatch.
#pragma once
#include <libpmem2.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <variant>

#include "bench/work_spec.hpp"
#include "impl/struct_page.hpp"

namespace pgmap::bench {

// Each kind is called with the pool index of the page the user holds and
// its struct page.
struct work_none {
  static constexpr bool touches = false;
  void operator()(std::size_t, page&) const {}
};

// A fixed busy wait of about `ns`, from a loop calibrated at start-up.
struct work_spin {
  static constexpr bool touches = false;
  std::uint64_t loops;
  void operator()(std::size_t, page&) const {
    for (std::uint64_t i = 0; i < loops; ++i) asm volatile("" ::: "memory");
  }
};

// A DAX user's touch: write N bytes to the page's data page on pmem and
// persist them through libpmem2.
template <std::size_t N>
struct work_touch {
  static constexpr bool touches = true;
  std::byte* data;
  std::uint64_t data_pages;
  pmem2_persist_fn persist;
  void operator()(std::size_t i, page&) const {
    std::byte* d = data + (i % data_pages) * 4096;
    std::memset(d, static_cast<int>(i), N);
    persist(d, N);
  }
};

// lock_page() at the 0->1, as v6.1's zone_device_page_init hands a page out
// locked, and its unlock before the free: two locked bit operations on the
// flags word of the struct page, the cache line the refcount is on
// (trylock_page's `lock bts`, folio_unlock's locked clear). A user that finds
// the page locked (a shared page another user holds) leaves it.
struct work_lock_page {
  static constexpr bool touches = false;
  static constexpr std::uint64_t pg_locked = 1;  // PG_locked is bit 0
  void operator()(std::size_t, page& p) const {
    std::atomic_ref<std::uint64_t> flags(p.flags);
    if (flags.fetch_or(pg_locked, std::memory_order_acquire) & pg_locked) return;
    flags.fetch_and(~pg_locked, std::memory_order_release);
  }
};

using work = std::variant<work_none, work_spin, work_touch<64>, work_touch<4096>, work_lock_page>;

// Binds a spec to the run: spin loops calibrated, touches to the data area.
work make_work(const work_spec&, std::byte* data, std::uint64_t data_bytes,
               pmem2_persist_fn persist);
// Busy-loop iterations per nanosecond on this machine (measured once).
double spin_loops_per_ns();

}  // namespace pgmap::bench
