// The simulated struct page alone (no tracker, no RCU): what every layer may
// need of the memmap's geometry, the results tool included.
//
// Layout follows x86_64 `struct page` (include/linux/mm_types.h) so that a
// sweep reads, and every refcount update dirties, the same cache lines as in
// the kernel: one line per 4 KiB page, refcount at byte 52.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace pgmap {

struct alignas(64) page {
  std::uint64_t flags;
  // First word of the 40-byte union: a head (or small) page's pgmap; in a
  // tail page, compound_head (its head's address | 1).
  const void* pgmap;
  std::uint64_t zone_device_data[4];       // rest of the union
  std::int32_t mapcount;
  std::atomic<std::int32_t> refcount;
  std::uint64_t memcg_data;
};
static_assert(sizeof(page) == 64);
static_assert(alignof(page) == 64);
static_assert(offsetof(page, pgmap) == 8);
static_assert(offsetof(page, refcount) == 52);
static_assert(std::atomic<std::int32_t>::is_always_lock_free);

inline constexpr std::uint64_t page_size = 4096;

// Large folios as the kernel lays them out (include/linux/page-flags.h,
// mm.h): the head carries PG_head and the folio's only refcount; every tail
// leads to its head through compound_head (bit 0 set); the first tail's
// flags hold the order in their low byte (folio->_flags_1). A tail's
// refcount stays 0.
inline constexpr std::uint64_t pg_head = std::uint64_t(1) << 6;  // PG_head's bit on x86_64
inline constexpr unsigned max_folio_order = 18;  // 1 GiB: devdax's largest
// The orders the benchmarks are built for: small pages, PMD and PUD folios.
inline constexpr unsigned folio_orders[] = {0, 9, max_folio_order};

inline bool is_tail(const page& p) { return reinterpret_cast<std::uintptr_t>(p.pgmap) & 1; }
inline const page& compound_head(const page& p) {
  const auto w = reinterpret_cast<std::uintptr_t>(p.pgmap);
  return w & 1 ? *reinterpret_cast<const page*>(w - 1) : p;
}
inline page& compound_head(page& p) { return const_cast<page&>(compound_head(std::as_const(p))); }
// A head's order: 0 for a small page; reads the first tail's line when large.
inline unsigned folio_order(const page& head) {
  return head.flags & pg_head ? unsigned((&head)[1].flags & 0xff) : 0;
}

// Bytes of memmap per byte of device memory (64 / 4096: 16 GiB per TiB).
inline constexpr double memmap_bytes_per_device_byte = double(sizeof(page)) / double(page_size);

}  // namespace pgmap
