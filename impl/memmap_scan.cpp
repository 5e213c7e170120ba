#include "impl/memmap_scan.hpp"

#include <algorithm>

namespace pgmap {

bool wait_for_idle(const page& p, std::chrono::steady_clock::time_point deadline) {
  using namespace std::chrono;
  for (int spin = 0; spin < 1000; ++spin) {
    if (p.refcount.load(std::memory_order_acquire) == 0) return true;
    __builtin_ia32_pause();
  }
  auto nap = microseconds(1);
  while (p.refcount.load(std::memory_order_acquire) != 0) {
    const auto now = steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min<nanoseconds>(nap, deadline - now));
    nap = std::min<microseconds>(nap * 2, microseconds(100));
  }
  return true;
}

std::vector<stuck_page> pages_in_use(std::span<const page> pages, std::size_t max) {
  std::vector<stuck_page> out;
  for (std::size_t i = 0; i < pages.size() && out.size() < max; ++i) {
    const auto r = pages[i].refcount.load(std::memory_order_acquire);
    if (r != 0) out.push_back({i, r});
  }
  return out;
}

}  // namespace pgmap
