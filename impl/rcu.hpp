// The two RCU flavours the trackers are built for, behind one static
// interface. qsbr models a non-preemptible kernel (read side costs nothing;
// threads announce quiescent states), memb a preemptible one (a per-thread
// nesting count). _LGPL_SOURCE (set by impl/CMakeLists.txt) inlines the read
// side: through the shared library memb's read lock costs ~4 ns a call; and
// -fno-extern-tls-init keeps C++ from calling a TLS init function around
// every access to liburcu's (C, statically initialised) per-thread reader.
#pragma once
#include <urcu/urcu-memb.h>
#include <urcu/urcu-qsbr.h>

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
