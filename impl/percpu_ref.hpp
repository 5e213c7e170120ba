// A user-space percpu_ref after include/linux/percpu-refcount.h and
// lib/percpu-refcount.c (the semantics, not the code).
//
// Per-CPU mode: get/put add to the caller's slot (see cpu_ctx) inside an RCU
// read section, after one read of the mode word; nothing checks for zero.
// Atomic mode: one shared counter; the put that reaches zero calls release.
// The shared counter carries a bias of 2^63 while per-CPU counts are live, so
// it cannot reach zero before kill's grace period has folded them in.
#pragma once
#include <atomic>
#include <cassert>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "impl/cpu_ctx.hpp"
#include "impl/test_hooks.hpp"

namespace pgmap {

template <class Rcu>
class percpu_ref {
 public:
  enum init_flag : unsigned {
    init_atomic = 1,   // start in atomic mode
    init_dead = 2,     // start dead with count 0 (revive with reinit)
  };

  explicit percpu_ref(std::function<void()> release, unsigned flags = 0)
      : slots_(new slot[cpu_ctx::total_slots()]()), release_(std::move(release)) {
    const auto base = reinterpret_cast<std::uintptr_t>(slots_.get());
    if (flags & init_dead) {
      word_.store(base | atomic_bit | dead_bit, std::memory_order_relaxed);
      count_.store(0, std::memory_order_relaxed);
    } else if (flags & init_atomic) {
      word_.store(base | atomic_bit, std::memory_order_relaxed);
      count_.store(1, std::memory_order_relaxed);
    } else {
      word_.store(base, std::memory_order_relaxed);
      count_.store(bias + 1, std::memory_order_relaxed);
    }
  }
  percpu_ref(const percpu_ref&) = delete;
  percpu_ref& operator=(const percpu_ref&) = delete;
  // percpu_ref_exit: the caller guarantees there are no users left; a mode
  // switch still waiting for its grace period is waited for.
  ~percpu_ref() { join_switch(); }

  // The hot operations are inlined into their callers, as the kernel's
  // static inline ones are; what atomic mode does is out of line.
  [[gnu::always_inline]] void get(cpu_ctx& c) { get_many(c, 1); }
  [[gnu::always_inline]] void get_many(cpu_ctx& c, unsigned long n) {
    Rcu::read_lock();
    if (const std::uintptr_t w = word(); is_percpu(w)) [[likely]]
      c.add(slots_of(w), n);
    else
      count_.fetch_add(n, std::memory_order_relaxed);
    Rcu::read_unlock();
  }

  // Fails only when the count is zero: succeeds on a dying ref.
  bool tryget(cpu_ctx& c) { return tryget_many(c, 1); }
  // The same for n references at once (percpu_ref_tryget_many).
  [[gnu::always_inline]] bool tryget_many(cpu_ctx& c, unsigned long n) {
    Rcu::read_lock();
    bool ok = true;
    if (const std::uintptr_t w = word(); is_percpu(w)) [[likely]]
      c.add(slots_of(w), n);
    else
      ok = add_not_zero(n);
    Rcu::read_unlock();
    return ok;
  }

  // Fails also once DEAD is visible. Only after kill's confirm callback has
  // run is every new attempt guaranteed to fail.
  [[gnu::always_inline]] bool tryget_live(cpu_ctx& c) { return tryget_live_many(c, 1); }
  // The same for n references at once (a folio of n pages).
  [[gnu::always_inline]] bool tryget_live_many(cpu_ctx& c, unsigned long n) {
    Rcu::read_lock();
    bool ok = true;
    const std::uintptr_t w = word();
    if (is_percpu(w)) [[likely]]
      c.add(slots_of(w), n);
    else
      ok = n == 1 ? tryget_live_atomic(w) : tryget_live_atomic(w, n);  // n: a constant when inlined
    Rcu::read_unlock();
    return ok;
  }

  [[gnu::always_inline]] void put(cpu_ctx& c) { put_many(c, 1); }
  [[gnu::always_inline]] void put_many(cpu_ctx& c, unsigned long n) {
    Rcu::read_lock();
    if (const std::uintptr_t w = word(); is_percpu(w)) [[likely]] {
      PGMAP_TEST_POINT(put_percpu_seen);  // a grace period must wait for this add
      c.add(slots_of(w), -n);
    } else {
      put_atomic(n);
    }
    Rcu::read_unlock();
  }

  void kill() { kill_and_confirm({}); }

  // Marks the ref DEAD, switches it to atomic mode after a grace period
  // (confirm runs then, from the switch's thread), and drops the initial
  // reference. Returns at once. Killing twice is a bug.
  void kill_and_confirm(std::function<void()> confirm) {
    {
      std::lock_guard g(lock_);
      assert(!(word_.load(std::memory_order_relaxed) & dead_bit) && "percpu_ref killed twice");
      word_.fetch_or(dead_bit, std::memory_order_release);
      switch_to_atomic_locked(std::move(confirm));
    }
    put_atomic(1);  // the initial reference; the bias keeps it above zero
  }

  bool is_dying() const { return word_.load(std::memory_order_acquire) & dead_bit; }

  // True only in atomic mode at count zero.
  bool is_zero() const {
    return (word_.load(std::memory_order_acquire) & atomic_bit) &&
           count_.load(std::memory_order_acquire) == 0;
  }

  // Revives a dead ref: takes a new initial reference and returns to per-CPU
  // mode once any pending switch has finished.
  void resurrect() {
    std::lock_guard g(lock_);
    assert(is_dying() && "resurrect of a live percpu_ref");
    join_switch();
    word_.fetch_and(~std::uintptr_t(dead_bit), std::memory_order_release);
    count_.fetch_add(1, std::memory_order_relaxed);
    switch_to_percpu_locked();
  }

  // Revives a ref whose count reached zero (percpu_ref_reinit).
  void reinit() {
    assert(is_zero() && "reinit of a percpu_ref still in use");
    resurrect();
  }

 private:
  static constexpr std::uintptr_t atomic_bit = 1, dead_bit = 2;
  static constexpr unsigned long bias = 1ul << 63;

  struct alignas(64) slot {
    std::atomic<unsigned long> v;
  };

  // __ref_is_percpu: one read of the word that holds both the per-CPU
  // counters' address and the mode bits; per-CPU while neither bit is set.
  [[gnu::always_inline]] std::uintptr_t word() const {
    return word_.load(std::memory_order_acquire);
  }
  static bool is_percpu(std::uintptr_t w) { return !(w & (atomic_bit | dead_bit)); }
  static slot* slots_of(std::uintptr_t w) { return reinterpret_cast<slot*>(w); }

  // Apart for n = 1, so that a small page's call passes no count (its loop's
  // code stays what it was before folios).
  [[gnu::noinline]] bool tryget_live_atomic(std::uintptr_t w) { return tryget_live_atomic(w, 1); }
  [[gnu::noinline]] bool tryget_live_atomic(std::uintptr_t w, unsigned long n) {
    return !(w & dead_bit) && add_not_zero(n);
  }

  [[gnu::noinline]] bool add_not_zero(unsigned long n) {
    unsigned long v = count_.load(std::memory_order_relaxed);
    do {
      if (v == 0) return false;
    } while (!count_.compare_exchange_weak(v, v + n, std::memory_order_acquire,
                                           std::memory_order_relaxed));
    return true;
  }

  // Last or not from the value this put's own decrement returned: a second
  // read could see another put's decrement too, and both would release.
  [[gnu::noinline]] void put_atomic(unsigned long n) {
    const unsigned long before = count_.fetch_sub(n, std::memory_order_acq_rel);
    PGMAP_TEST_POINT(put_decremented);
    if (before == n) release_();
  }

  void switch_to_atomic_locked(std::function<void()> confirm) {
    if (word_.load(std::memory_order_relaxed) & atomic_bit) {
      if (confirm) confirm();
      return;
    }
    join_switch();
    word_.fetch_or(atomic_bit, std::memory_order_release);
    count_.fetch_add(1, std::memory_order_relaxed);  // held until confirmed
    // The kernel does this from an RCU callback; a thread that waits for the
    // grace period plays that part and keeps the hand-off visible to TSan.
    switcher_ = std::thread([this, confirm = std::move(confirm)] {
      Rcu::synchronize();
      unsigned long sum = 0;
      for (unsigned i = 0; i < cpu_ctx::total_slots(); ++i)
        sum += slots_[i].v.load(std::memory_order_relaxed);
      count_.fetch_add(sum - bias, std::memory_order_acq_rel);
      if (confirm) confirm();
      put_atomic(1);
    });
  }

  void switch_to_percpu_locked() {
    count_.fetch_add(bias, std::memory_order_relaxed);
    for (unsigned i = 0; i < cpu_ctx::total_slots(); ++i)
      slots_[i].v.store(0, std::memory_order_relaxed);
    word_.fetch_and(~atomic_bit, std::memory_order_release);
  }

  void join_switch() {
    if (switcher_.joinable()) switcher_.join();
  }

  // percpu_count_ptr: the per-CPU counters' address with the ATOMIC and DEAD
  // bits in its low bits (slots are 64-byte aligned). Read on every
  // operation: kept apart from the shared count, which atomic mode writes.
  alignas(64) std::atomic<std::uintptr_t> word_{0};
  std::unique_ptr<slot[]> slots_;
  alignas(64) std::atomic<unsigned long> count_{0};
  alignas(64) std::mutex lock_;
  std::function<void()> release_;
  std::thread switcher_;
};

}  // namespace pgmap
