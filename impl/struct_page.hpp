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

namespace pgmap {

struct alignas(64) page {
  std::uint64_t flags;
  const void* pgmap;                       // first word of the 40-byte union
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

// Bytes of memmap per byte of device memory (64 / 4096: 16 GiB per TiB).
inline constexpr double memmap_bytes_per_device_byte = double(sizeof(page)) / double(page_size);

}  // namespace pgmap
