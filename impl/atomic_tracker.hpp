#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>

#include "impl/page.hpp"
#include "impl/rcu.hpp"
#include "impl/release_wait.hpp"

namespace pgmap {

// One shared 64-bit counter, taken at every 0->1 and dropped at every 1->0
// (refscale's `refcnt` primitive). Bit 63 marks it dead, in the same word as
// the count, so the liveness test and the increment are one CAS and no
// reference can be taken after the count has reached zero.
class atomic_tracker {
 public:
  using rcu = rcu_none;
  static constexpr const char* name = "atomic";
  static constexpr const char* summary =
      "one shared atomic counter taken at 0->1 and dropped at 1->0";
  static constexpr tracker_traits traits{
      .name = name, .summary = summary, .rcu = rcu::name, .baseline = false, .knows_users = true,
      .refuses_dying = true, .removal_scans = false, .sweep_peer = "sweep", .kernels = "-",
      .kernel_path = "no kernel's pgmap scheme: what a percpu_ref costs in atomic mode (after kill: "
      "atomic_long_inc_not_zero, atomic_long_sub_and_test, include/linux/percpu-refcount.h) and "
      "refscale.c's refcnt primitive; the upper bound of tracking with one shared count"};

  explicit atomic_tracker(std::span<page> pages) : pages_(pages) {}
  no_section first_section() { return {}; }
  [[gnu::always_inline]] void get_first(cpu_ctx&, unsigned long nr) {
    count_.fetch_add(nr, std::memory_order_relaxed);
  }
  // A lock cmpxchg loop, as percpu_ref_tryget_live's atomic mode
  // (atomic_long_inc_not_zero) or refcount_inc_not_zero would do.
  [[gnu::always_inline]] bool tryget_first(cpu_ctx&, unsigned long nr) {
    std::uint64_t v = count_.load(std::memory_order_relaxed);
    do {
      if (v & dead) return false;
    } while (!count_.compare_exchange_weak(v, v + nr, std::memory_order_acquire,
                                           std::memory_order_relaxed));
    return true;
  }
  // A lock xadd: the sub-and-test, told apart from zero by the dead bit.
  [[gnu::always_inline]] void put_last(cpu_ctx&, unsigned long nr) {
    if (count_.fetch_sub(nr, std::memory_order_acq_rel) == (dead | nr)) released_.complete();
  }
  bool live() const { return !(count_.load(std::memory_order_acquire) & dead); }
  bool refusing() const { return !live(); }
  // How many times the release ran (once, or removal is broken).
  unsigned releases() const { return released_.times(); }

  // Sets the dead bit and drops the initial reference in one add.
  remove_report remove(const remove_options& o) {
    const auto start = std::chrono::steady_clock::now();
    if (count_.fetch_add(dead - 1, std::memory_order_acq_rel) == 1) released_.complete();
    remove_report r = wait_for_release<rcu_none>(released_, pages_, start, o, name);
    r.grace = std::chrono::nanoseconds(0);  // refused from the add on
    return r;
  }

 private:
  static constexpr std::uint64_t dead = std::uint64_t(1) << 63;
  alignas(64) std::atomic<std::uint64_t> count_{1};  // 1: the initial reference
  alignas(64) std::span<page> pages_;
  completion released_;
};

}  // namespace pgmap
