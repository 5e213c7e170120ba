// What a user does with a page between get and put. Each kind is its own
// type, chosen once per case, so the measured loop has no dispatch.
#pragma once
#include <libpmem2.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <variant>

namespace pgmap::bench {

struct work_none {
  static constexpr bool touches = false;
  void operator()(std::size_t) const {}
};

// A fixed busy wait of about `ns`, from a loop calibrated at start-up.
struct work_spin {
  static constexpr bool touches = false;
  std::uint64_t loops;
  void operator()(std::size_t) const {
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
  void operator()(std::size_t page) const {
    std::byte* d = data + (page % data_pages) * 4096;
    std::memset(d, static_cast<int>(page), N);
    persist(d, N);
  }
};

using work = std::variant<work_none, work_spin, work_touch<64>, work_touch<4096>>;

struct work_spec {
  std::string name;  // as in case names: none, spin:<ns>, touch:64, touch:4096
  unsigned spin_ns = 0;
  std::size_t touch_bytes = 0;
};

// "none" | "spin:<ns>" | "touch:64" | "touch:4096"; throws pgmap::error.
work_spec parse_work(const std::string& text);
// Binds a spec to the run: spin loops calibrated, touches to the data area.
work make_work(const work_spec&, std::byte* data, std::uint64_t data_bytes,
               pmem2_persist_fn persist);
// Busy-loop iterations per nanosecond on this machine (measured once).
double spin_loops_per_ns();

}  // namespace pgmap::bench
