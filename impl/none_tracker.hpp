#pragma once
#include <chrono>
#include <span>

#include "impl/page.hpp"
#include "impl/rcu.hpp"

namespace pgmap {

// No tracking at all: the page refcount only. UNSAFE: remove() returns at
// once, while pages may still be in use. It exists to price the others.
class none_tracker {
 public:
  using rcu = rcu_none;
  static constexpr const char* name = "none";
  static constexpr const char* summary =
      "no tracking (unsafe: removal cannot know when pages are idle; the cost baseline)";
  static constexpr tracker_traits traits{
      .name = name, .summary = summary, .rcu = rcu::name, .baseline = true, .knows_users = false,
      .refuses_dying = false, .removal_scans = false, .sweep_peer = "", .kernels = "every (the part all share)",
      .kernel_path = "the page refcount alone (page_ref_* helpers, include/linux/page_ref.h)"};

  explicit none_tracker(std::span<page>) {}
  no_section first_section() { return {}; }
  void get_first(cpu_ctx&, unsigned long) {}
  bool tryget_first(cpu_ctx&, unsigned long) { return true; }
  void put_last(cpu_ctx&, unsigned long) {}
  bool live() const { return true; }
  bool refusing() const { return false; }
  remove_report remove(const remove_options&) {
    remove_report r;
    r.ok = true;
    return r;
  }
};

}  // namespace pgmap
