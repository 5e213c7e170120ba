// A pgmap's percpu_ref as mm/memremap.c uses it: released into a completion,
// killed by removal, which then waits for the release.
#pragma once
#include <atomic>
#include <chrono>
#include <span>

#include "impl/percpu_ref.hpp"
#include "impl/release_wait.hpp"

namespace pgmap {

template <class Rcu>
class pgmap_ref {
 public:
  pgmap_ref() : ref([this] { released_.complete(); }) {}

  // memunmap_pages: kill the ref (its confirm marks new users refused), run
  // `then` (bulk puts its per-folio references back), wait for the release.
  template <class Then>
  remove_report kill_and_wait(std::span<const page> pages, const remove_options& o,
                              const char* tracker, Then then) {
    const auto start = std::chrono::steady_clock::now();
    ref.kill_and_confirm([this, start] {
      grace_.mark(start);
      refusing_.store(true, std::memory_order_release);
    });
    then();
    remove_report r = wait_for_release<Rcu>(released_, pages, start, o, tracker);
    r.grace = grace_.get();
    return r;
  }
  bool refusing() const { return refusing_.load(std::memory_order_acquire); }
  // How many times the ref's release ran (once, or removal is broken).
  unsigned releases() const { return released_.times(); }

 private:
  completion released_;
  grace_timer grace_;
  std::atomic<bool> refusing_{false};

 public:
  percpu_ref<Rcu> ref;  // after what its release callback uses
};

}  // namespace pgmap
