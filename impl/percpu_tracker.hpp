#pragma once
#include <atomic>
#include <chrono>
#include <span>

#include "impl/page.hpp"
#include "impl/percpu_ref.hpp"
#include "impl/rcu.hpp"
#include "impl/release_wait.hpp"

namespace pgmap {

// A percpu_ref taken at every 0->1 and dropped at every 1->0: the kernel's
// scheme for device-private pages since v6.1 (zone_device_page_init /
// free_zone_device_page). Removal kills the ref and waits for its release.
template <class Rcu>
class percpu_tracker {
 public:
  using rcu = Rcu;
  static constexpr const char* name =
      std::is_same_v<Rcu, rcu_qsbr> ? "percpu_ref-qsbr" : "percpu_ref-memb";
  static constexpr const char* summary =
      std::is_same_v<Rcu, rcu_qsbr>
          ? "percpu_ref at 0->1/1->0, RCU-qsbr read side (non-preemptible kernel)"
          : "percpu_ref at 0->1/1->0, RCU-memb read side (preemptible kernel)";

  explicit percpu_tracker(std::span<page> pages)
      : pages_(pages), ref_([this] { released_.complete(); }) {}
  no_section first_section() { return {}; }
  void get_first(cpu_ctx& c) { ref_.get(c); }
  bool tryget_first(cpu_ctx& c) { return ref_.tryget_live(c); }
  void put_last(cpu_ctx& c) { ref_.put(c); }
  bool live() const { return !ref_.is_dying(); }
  bool refusing() const { return refusing_.load(std::memory_order_acquire); }

  remove_report remove(const remove_options& o) {
    const auto start = std::chrono::steady_clock::now();
    ref_.kill_and_confirm([this, start] {
      grace_.mark(start);
      refusing_.store(true, std::memory_order_release);
    });
    remove_report r = wait_for_release<Rcu>(released_, pages_, start, o, name);
    r.grace = grace_.get();
    return r;
  }

 private:
  std::span<page> pages_;
  completion released_;
  grace_timer grace_;
  std::atomic<bool> refusing_{false};
  percpu_ref<Rcu> ref_;
};

}  // namespace pgmap
