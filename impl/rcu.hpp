// The three RCU flavours the trackers are built for, behind one static
// interface. qsbr models a non-preemptible kernel that does not count
// preemption (read side costs nothing; threads announce quiescent states),
// pcount one that counts it (the read side is preempt_disable; grace periods
// as qsbr's), memb a preemptible one (a per-thread nesting count). _LGPL_SOURCE (set by impl/CMakeLists.txt) inlines the read
// side: through the shared library memb's read lock costs ~4 ns a call; and
// -fno-extern-tls-init keeps C++ from calling a TLS init function around
// every access to liburcu's (C, statically initialised) per-thread reader.
#pragma once
#include <urcu/urcu-memb.h>
#include <urcu/urcu-qsbr.h>

#include <type_traits>

namespace pgmap {

struct rcu_qsbr {
  static constexpr const char* name = "qsbr";
  [[gnu::always_inline]] static void read_lock() { urcu_qsbr_read_lock(); }
  [[gnu::always_inline]] static void read_unlock() { urcu_qsbr_read_unlock(); }
  static void synchronize() { urcu_qsbr_synchronize_rcu(); }
  static void register_thread() { urcu_qsbr_register_thread(); }
  static void unregister_thread() { urcu_qsbr_unregister_thread(); }
  static void quiescent() { urcu_qsbr_quiescent_state(); }
  static void offline() { urcu_qsbr_thread_offline(); }
  static void online() { urcu_qsbr_thread_online(); }
  static bool online_now() { return urcu_qsbr_read_ongoing(); }
};

// Non-preemptible RCU in a kernel that counts preemption (CONFIG_PREEMPT_COUNT
// without CONFIG_PREEMPT_RCU; on x86 from v7.0 every kernel without
// preemptible RCU): rcu_read_lock() is preempt_disable(), a plain increment
// of the per-CPU __preempt_count (`incl %gs:`) then a compiler barrier;
// rcu_read_unlock() a compiler barrier then a decrement that tests for a
// reschedule (`decl %gs:`; `je`). x86 keeps the need-resched bit inverted in
// the count, so the test is only true when one is due: never here. A
// thread_local plays the per-CPU count (one thread per PU, no migration).
struct rcu_pcount : rcu_qsbr {
  static constexpr const char* name = "pcount";
  [[gnu::always_inline]] static void read_lock() {
    preempt_count = preempt_count + 1;
    asm volatile("" ::: "memory");
  }
  [[gnu::always_inline]] static void read_unlock() {
    asm volatile("" ::: "memory");
    if ((preempt_count = preempt_count - 1) == 0) [[unlikely]] reschedule();
  }
  static inline thread_local unsigned preempt_count = 1u << 31;  // PREEMPT_NEED_RESCHED clear (inverted)
  [[gnu::noinline]] static void reschedule() { asm volatile(""); }
};

struct rcu_memb {
  static constexpr const char* name = "memb";
  [[gnu::always_inline]] static void read_lock() { urcu_memb_read_lock(); }
  [[gnu::always_inline]] static void read_unlock() { urcu_memb_read_unlock(); }
  // Which read side runs: "membarrier" (the kernel has sys_membarrier: read
  // sections order with a compiler barrier, grace periods pay the fences) or
  // "fence" (no sys_membarrier: a full fence at each read-side transition).
  // liburcu decides once, in its constructor.
  static const char* read_side() { return urcu_memb_has_sys_membarrier ? "membarrier" : "fence"; }
  static void synchronize() { urcu_memb_synchronize_rcu(); }
  static void register_thread() { urcu_memb_register_thread(); }
  static void unregister_thread() { urcu_memb_unregister_thread(); }
  static void quiescent() {}
  static void offline() {}
  static void online() {}
  static bool online_now() { return false; }
};

// For trackers whose hot path needs no grace period.
struct rcu_none {
  static constexpr const char* name = "none";
  static void read_lock() {}
  static void read_unlock() {}
  static void synchronize() {}
  static void register_thread() {}
  static void unregister_thread() {}
  static void quiescent() {}
  static void offline() {}
  static void online() {}
  static bool online_now() { return false; }
};

// A tracker's name or words of each flavour: its three spellings, one picked.
template <class Rcu>
constexpr const char* per_flavour(const char* qsbr, const char* memb, const char* pcount) {
  if constexpr (std::is_same_v<Rcu, rcu_qsbr>)
    return qsbr;
  else if constexpr (std::is_same_v<Rcu, rcu_memb>)
    return memb;
  else {
    static_assert(std::is_same_v<Rcu, rcu_pcount>, "a flavour with no name");
    return pcount;
  }
}

template <class Rcu>
struct rcu_read_guard {
  [[gnu::always_inline]] rcu_read_guard() { Rcu::read_lock(); }
  [[gnu::always_inline]] ~rcu_read_guard() { Rcu::read_unlock(); }
  rcu_read_guard(const rcu_read_guard&) = delete;
  rcu_read_guard& operator=(const rcu_read_guard&) = delete;
};

// Registers the calling thread as an RCU reader for its lifetime. Readers of
// the qsbr flavour must call quiescent() regularly, outside read sections,
// and go offline() before blocking, or grace periods never end.
template <class Rcu>
struct rcu_thread {
  rcu_thread() { Rcu::register_thread(); }
  ~rcu_thread() { Rcu::unregister_thread(); }
  rcu_thread(const rcu_thread&) = delete;
  rcu_thread& operator=(const rcu_thread&) = delete;
};

// Takes a registered, online qsbr thread offline while it blocks (a grace
// period would otherwise wait for it forever); nothing for other flavours.
template <class Rcu>
class rcu_offline_scope {
 public:
  rcu_offline_scope() : was_online_(Rcu::online_now()) {
    if (was_online_) Rcu::offline();
  }
  ~rcu_offline_scope() {
    if (was_online_) Rcu::online();
  }
  rcu_offline_scope(const rcu_offline_scope&) = delete;
  rcu_offline_scope& operator=(const rcu_offline_scope&) = delete;

 private:
  bool was_online_;
};

}  // namespace pgmap
