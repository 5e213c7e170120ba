#pragma once
#include <atomic>
#include <chrono>
#include <span>

#include "impl/page.hpp"
#include "impl/percpu_ref.hpp"
#include "impl/rcu.hpp"
#include "impl/release_wait.hpp"

namespace pgmap {

// The kernel's FS_DAX scheme today (mm/memremap.c pagemap_range): one pgmap
// reference per page taken up front, none on the hot path; removal kills the
// ref, puts those references back and waits for the release. It knows
// nothing of real users: remove() can return while pages are still in use.
class bulk_tracker {
 public:
  using rcu = rcu_none;
  static constexpr const char* name = "bulk";
  static constexpr const char* summary =
      "FS_DAX today: one reference per page taken at creation, none on the hot path "
      "(does not know about real users)";

  explicit bulk_tracker(std::span<page> pages)
      : pages_(pages), ref_([this] { released_.complete(); }) {
    cpu_ctx c = cpu_ctx::fallback();
    ref_.get_many(c, pages.size());
  }
  no_section first_section() { return {}; }
  void get_first(cpu_ctx&) {}
  bool tryget_first(cpu_ctx&) { return true; }
  void put_last(cpu_ctx&) {}
  bool live() const { return !ref_.is_dying(); }
  bool refusing() const { return false; }  // the hot path never asks

  remove_report remove(const remove_options& o) {
    const auto start = std::chrono::steady_clock::now();
    ref_.kill_and_confirm([this, start] { grace_.mark(start); });
    cpu_ctx c = cpu_ctx::fallback();
    ref_.put_many(c, pages_.size());
    remove_report r = wait_for_release<rcu_qsbr>(released_, pages_, start, o, name);
    r.grace = grace_.get();
    return r;
  }

 private:
  std::span<page> pages_;
  completion released_;
  grace_timer grace_;
  percpu_ref<rcu_qsbr> ref_;
};

}  // namespace pgmap
