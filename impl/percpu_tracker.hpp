#pragma once
#include <span>
#include <type_traits>

#include "impl/page.hpp"
#include "impl/pgmap_ref.hpp"
#include "impl/rcu.hpp"
#include "impl/sweep_tracker.hpp"

namespace pgmap {

// A percpu_ref taken at every 0->1 and dropped at every 1->0: the kernel's
// scheme for device-private pages since v6.1 (zone_device_page_init /
// free_zone_device_page). Removal kills the ref and waits for its release.
template <class Rcu>
class percpu_tracker {
 public:
  using rcu = Rcu;
  static constexpr const char* name = per_flavour<Rcu>("percpu_ref-qsbr", "percpu_ref-memb", "percpu_ref-pcount");
  static constexpr const char* summary = per_flavour<Rcu>(
      "percpu_ref at 0->1/1->0, RCU-qsbr read side (non-preemptible kernel, no preempt count)",
      "percpu_ref at 0->1/1->0, RCU-memb read side (preemptible RCU)",
      "percpu_ref at 0->1/1->0, preempt-count read side (non-preemptible RCU, counted preemption)");
  static constexpr tracker_traits traits{
      .name = name, .summary = summary, .rcu = Rcu::name, .baseline = false, .knows_users = true,
      .removal_scans = false, .sweep_peer = sweep_tracker<Rcu>::name,
      .kernel_path = "device-private/coherent pages since v6.1: zone_device_page_init() "
                     "percpu_ref_get, free_zone_device_page() percpu_ref_put; "
                     "memunmap_pages() kill + wait (mm/memremap.c)"};

  explicit percpu_tracker(std::span<page> pages) : pages_(pages) {}
  no_section first_section() { return {}; }
  // zone_device_page_init's percpu_ref_tryget_live; free_zone_device_page's
  // put_dev_pagemap (percpu_ref_put).
  [[gnu::always_inline]] void get_first(cpu_ctx& c, unsigned long nr) { pgmap_.ref.get_many(c, nr); }
  [[gnu::always_inline]] bool tryget_first(cpu_ctx& c, unsigned long nr) {
    return pgmap_.ref.tryget_live_many(c, nr);
  }
  [[gnu::always_inline]] void put_last(cpu_ctx& c, unsigned long nr) { pgmap_.ref.put_many(c, nr); }
  bool live() const { return !pgmap_.ref.is_dying(); }
  bool refusing() const { return pgmap_.refusing(); }
  unsigned releases() const { return pgmap_.releases(); }

  remove_report remove(const remove_options& o) {
    return pgmap_.kill_and_wait(pages_, o, name, [] {});
  }

 private:
  std::span<page> pages_;
  pgmap_ref<Rcu> pgmap_;
};

}  // namespace pgmap
