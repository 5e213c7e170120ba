#pragma once
#include <span>
#include <type_traits>

#include "impl/page.hpp"
#include "impl/pgmap_ref.hpp"
#include "impl/rcu.hpp"
#include "impl/sweep_tracker.hpp"

namespace pgmap {

// Which 0->1 of the kernel's percpu_ref scheme for device-private pages.
// The kernel only WARNs when either fails, trusting the driver to allocate
// nothing once removal has begun; the model refuses the 0->1 instead, so
// that a test sees what the kernel would warn of.
enum class percpu_path {
  // v6.1 to v6.18: zone_device_page_init's percpu_ref_tryget_live, which
  // fails once the ref is DEAD (removal has begun).
  tryget_live,
  // v6.19 on (d245f9b4ab80): percpu_ref_tryget_many(ref, 1 << order), no
  // DEAD check: it fails only once the count has reached zero. In per-CPU
  // mode (the whole hot path) its instructions are tryget_live's.
  tryget_many,
};

// A percpu_ref taken at every 0->1 and dropped at every 1->0: the kernel's
// scheme for device-private pages since v6.1 (zone_device_page_init /
// free_zone_device_page, from v6.19 a folio's 2^order at once). Removal
// kills the ref and waits for its release.
template <class Rcu, percpu_path Path = percpu_path::tryget_live>
class percpu_tracker {
  static constexpr bool live_check = Path == percpu_path::tryget_live;

 public:
  using rcu = Rcu;
  static constexpr const char* name =
      live_check ? per_flavour<Rcu>("percpu_ref-qsbr", "percpu_ref-memb", "percpu_ref-pcount")
                 : per_flavour<Rcu>("percpu_ref619-qsbr", "percpu_ref619-memb", "percpu_ref619-pcount");
  static constexpr const char* summary =
      live_check
          ? per_flavour<Rcu>(
                "percpu_ref tryget_live at 0->1, put at 1->0 (v6.1-v6.18), RCU-qsbr read side",
                "percpu_ref tryget_live at 0->1, put at 1->0 (v6.1-v6.18), RCU-memb read side",
                "percpu_ref tryget_live at 0->1, put at 1->0 (v6.1-v6.18), preempt-count read side")
          : per_flavour<Rcu>(
                "percpu_ref tryget_many at 0->1, no DEAD check, put_many at 1->0 (v6.19 on), RCU-qsbr read side",
                "percpu_ref tryget_many at 0->1, no DEAD check, put_many at 1->0 (v6.19 on), RCU-memb read side",
                "percpu_ref tryget_many at 0->1, no DEAD check, put_many at 1->0 (v6.19 on), preempt-count "
                "read side");
  static constexpr tracker_traits traits{
      .name = name, .summary = summary, .rcu = Rcu::name, .baseline = false, .knows_users = true,
      .refuses_dying = live_check, .removal_scans = false, .sweep_peer = sweep_tracker<Rcu>::name,
      .kernels = live_check ? "v6.1-v6.18" : "v6.19-",
      .kernel_path =
          live_check ? "device-private/coherent pages, v6.1 to v6.18: zone_device_page_init() "
                       "percpu_ref_tryget_live, free_zone_device_page() percpu_ref_put; "
                       "memunmap_pages() kill + wait (mm/memremap.c); Dan Williams' 2022 fsdax series "
                       "took the same ref at folio 0->1 (not merged)"
                     : "device-private/coherent folios from v6.19 (d245f9b4ab80): zone_device_page_init("
                       "page, pgmap, order) percpu_ref_tryget_many(1 << order), free_zone_device_folio() "
                       "percpu_ref_put_many(nr); memunmap_pages() kill + wait (mm/memremap.c)"};

  explicit percpu_tracker(std::span<page> pages) : pages_(pages) {}
  no_section first_section() { return {}; }
  [[gnu::always_inline]] void get_first(cpu_ctx& c, unsigned long nr) { pgmap_.ref.get_many(c, nr); }
  [[gnu::always_inline]] bool tryget_first(cpu_ctx& c, unsigned long nr) {
    if constexpr (live_check)
      return pgmap_.ref.tryget_live_many(c, nr);
    else
      return pgmap_.ref.tryget_many(c, nr);
  }
  // free_zone_device_page's put_dev_pagemap (percpu_ref_put; put_many of a folio).
  [[gnu::always_inline]] void put_last(cpu_ctx& c, unsigned long nr) { pgmap_.ref.put_many(c, nr); }
  bool live() const { return !pgmap_.ref.is_dying(); }
  // tryget_live refuses once kill is confirmed; tryget_many only once the
  // count has reached zero (for good: nothing revives it).
  bool refusing() const { return live_check ? pgmap_.refusing() : pgmap_.ref.is_zero(); }
  unsigned releases() const { return pgmap_.releases(); }

  remove_report remove(const remove_options& o) {
    return pgmap_.kill_and_wait(pages_, o, name, [] {});
  }

 private:
  std::span<page> pages_;
  pgmap_ref<Rcu> pgmap_;
};

}  // namespace pgmap
