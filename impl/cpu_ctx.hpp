// Which per-CPU counter slot a thread updates. In the kernel a per-CPU add is
// one unlocked instruction that nothing can interrupt. In user space the same
// holds for a thread that owns its slot exclusively (one thread pinned per
// CPU): it updates the slot with a plain load and store. Any other thread
// falls back to an atomic add on a second set of slots, by the CPU it happens
// to run on: never on an owned slot, whose plain update it would corrupt.
#pragma once
#include <sched.h>

#include <atomic>

#include "impl/test_hooks.hpp"

namespace pgmap {

class cpu_ctx {
 public:
  // Claims `cpu`'s slot for the calling thread; if another context holds it,
  // or cpu is out of range, the context uses the fallback path.
  static cpu_ctx owner(unsigned cpu);
  static cpu_ctx fallback() { return cpu_ctx(0, false); }

  cpu_ctx(cpu_ctx&& o) noexcept : slot_(o.slot_), nr_(o.nr_), owns_(o.owns_) { o.owns_ = false; }
  cpu_ctx& operator=(cpu_ctx&&) = delete;
  cpu_ctx(const cpu_ctx&) = delete;
  ~cpu_ctx();

  bool owns_slot() const { return owns_; }
  unsigned slot() const { return slot_; }
  const char* path() const { return owns_ ? "pinned-slot" : "fallback"; }

  // Adds d to this thread's slot of `slots` (an array of total_slots()
  // counters: the owned ones, then the fallback ones).
  template <class Slot>
  [[gnu::always_inline]] void add(Slot* slots, unsigned long d) const {
    if (owns_) [[likely]] {
      auto& v = slots[slot_].v;
      v.store(v.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
    } else {
      add_fallback(slots, d);
    }
  }

  // Number of per-CPU slots: the CPUs the system may have.
  static unsigned nr_slots();
  static unsigned total_slots() { return 2 * nr_slots(); }

 private:
  // Threads that share a fallback slot update it by compare-exchange: an
  // update another thread made since this one read the slot is never lost.
  template <class Slot>
  [[gnu::noinline]] void add_fallback(Slot* slots, unsigned long d) const {
    const int cpu = sched_getcpu();
    const unsigned s = cpu >= 0 && unsigned(cpu) < nr_ ? unsigned(cpu) : 0;
    auto& v = slots[nr_ + s].v;
    unsigned long seen = v.load(std::memory_order_relaxed);
    PGMAP_TEST_POINT(fallback_loaded);
    while (!v.compare_exchange_weak(seen, seen + d, std::memory_order_relaxed)) {
    }
  }

  cpu_ctx(unsigned slot, bool owns) : slot_(slot), nr_(nr_slots()), owns_(owns) {}
  unsigned slot_;
  unsigned nr_;  // nr_slots(), kept here for the hot path
  bool owns_;
};

}  // namespace pgmap
