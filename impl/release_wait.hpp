// The end of remove() for trackers that count references: wait for the
// release, or report the pages still in use when the timeout passes.
#pragma once
#include <atomic>
#include <chrono>
#include <span>

#include "impl/completion.hpp"
#include "impl/memmap_scan.hpp"
#include "impl/rcu.hpp"

namespace pgmap {

// When new users were refused, written by the thread that confirms it.
class grace_timer {
 public:
  void mark(std::chrono::steady_clock::time_point start) {
    ns_.store((std::chrono::steady_clock::now() - start).count(), std::memory_order_release);
  }
  std::chrono::nanoseconds get() const {
    return std::chrono::nanoseconds(ns_.load(std::memory_order_acquire));
  }

 private:
  std::atomic<std::chrono::nanoseconds::rep> ns_{0};
};

template <class Rcu>
remove_report wait_for_release(completion& released, std::span<const page> pages,
                               std::chrono::steady_clock::time_point start,
                               const remove_options& o, const char* tracker) {
  remove_report r;
  {
    rcu_offline_scope<Rcu> offline;
    r.ok = released.wait_until(start + o.timeout);
  }
  r.total = std::chrono::steady_clock::now() - start;
  if (!r.ok) {
    r.stuck = pages_in_use(pages);
    r.error = std::string(tracker) + ": references still held after the timeout";
  }
  return r;
}

}  // namespace pgmap
