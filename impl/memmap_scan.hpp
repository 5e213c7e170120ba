// Walking a memmap: splitting it among threads, waiting for a page to go
// idle, listing the pages still in use. Used by the sweep's removal, by the
// other trackers' timeout reports, and by the benchmarks' bandwidth limit.
#pragma once
#include <chrono>
#include <cstddef>
#include <span>
#include <thread>
#include <vector>

#include "impl/page.hpp"

namespace pgmap {

// Runs f(begin, end, index) over `threads` contiguous chunks of [0, n):
// chunk 0 on the calling thread, the others on new threads; each thread
// calls start(index), when given, before its chunk.
template <class F>
void parallel_chunks(std::size_t n, unsigned threads, F&& f, const thread_start& start = {}) {
  if (threads == 0) threads = 1;
  const std::size_t per = (n + threads - 1) / threads;
  std::vector<std::jthread> workers;
  workers.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) {
    const std::size_t b = std::min(n, i * per), e = std::min(n, b + per);
    workers.emplace_back([&f, &start, b, e, i] {
      if (start) start(i);
      f(b, e, i);
    });
  }
  if (start) start(0);
  f(0, std::min(n, per), 0u);
}

// Waits until p's refcount is zero or the deadline passes: spins briefly
// (a holder about to let go), then yields, then sleeps with growing naps.
bool wait_for_idle(const page& p, std::chrono::steady_clock::time_point deadline);

// Up to `max` pages of the memmap whose refcount is not zero.
std::vector<stuck_page> pages_in_use(std::span<const page> pages, std::size_t max = 16);

}  // namespace pgmap
