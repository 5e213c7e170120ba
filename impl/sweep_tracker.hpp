#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <span>
#include <thread>
#include <type_traits>
#include <vector>

#include "impl/memmap_scan.hpp"
#include "impl/page.hpp"
#include "impl/rcu.hpp"

namespace pgmap {

// Nothing counted on the hot path: a 0->1 transition only checks a flag that
// stays in the reader's cache, inside an RCU read section. Removal marks the
// pgmap dying, waits a grace period (so every 0->1 that saw it live has
// published its refcount), then scans the memmap folio by folio (each head,
// and the first tail of a large one for its order) and waits for each
// non-zero refcount to drop to zero.
template <class Rcu>
class sweep_tracker {
 public:
  using rcu = Rcu;
  static constexpr const char* name = per_flavour<Rcu>("sweep", "sweep-memb", "sweep-pcount");
  static constexpr const char* summary =
      per_flavour<Rcu>("liveness check at 0->1 (RCU-qsbr); removal sweeps the memmap",
                       "liveness check at 0->1 (RCU-memb); removal sweeps the memmap",
                       "liveness check at 0->1 (preempt-count read side); removal sweeps the memmap");
  static constexpr tracker_traits traits{
      .name = name, .summary = summary, .rcu = Rcu::name, .baseline = false, .knows_users = true,
      .refuses_dying = true, .removal_scans = true, .sweep_peer = "", .kernels = "-",
      .kernel_path = "not merged: proposed in the 2022 fsdax pgmap thread (LKML); from v6.15 FS_DAX "
                     "waits the same way per inode, not per pgmap (dax_break_layout_final, fs/dax.c)"};

  explicit sweep_tracker(std::span<page> pages) : pages_(pages) {}
  [[gnu::always_inline]] rcu_read_guard<Rcu> first_section() { return {}; }
  void get_first(cpu_ctx&, unsigned long) {}
  [[gnu::always_inline]] bool tryget_first(cpu_ctx&, unsigned long) {
    return !dying_.load(std::memory_order_relaxed);
  }
  void put_last(cpu_ctx&, unsigned long) {}
  bool live() const { return !dying_.load(std::memory_order_acquire); }
  bool refusing() const { return refusing_.load(std::memory_order_acquire); }

  remove_report remove(const remove_options& o) {
    using clock = std::chrono::steady_clock;
    remove_report r;
    const auto start = clock::now();
    const auto deadline = start + o.timeout;
    dying_.store(true, std::memory_order_seq_cst);
    Rcu::synchronize();
    refusing_.store(true, std::memory_order_release);
    r.grace = clock::now() - start;

    std::mutex m;  // guards the report across scan threads, off the scan path
    std::vector<std::thread::id> scanners;  // counted by id: proves the sweepers ran apart
    parallel_chunks(pages_.size(), o.sweepers, [&](std::size_t b, std::size_t e, unsigned) {
      std::uint64_t waited = 0, lines = 0;
      std::vector<stuck_page> stuck;
      std::size_t i = b;
      // A chunk that begins inside a folio leaves it to its head's sweeper;
      // from a head, each step lands on the next head.
      if (i < e && is_tail(pages_[i])) {
        const page& head = compound_head(pages_[i]);
        lines += &pages_[i] == &head + 1 ? 2 : 3;  // this line, the head's, and the order's unless this holds it
        i = std::size_t(&head - pages_.data()) + (std::size_t(1) << folio_order(head));
      }
      while (i < e) {
        const page& p = pages_[i];
        ++lines;
        if (p.refcount.load(std::memory_order_acquire) != 0) [[unlikely]] {
          ++waited;
          if (!wait_for_idle(p, deadline) && stuck.size() < 16)
            stuck.push_back({i, p.refcount.load(std::memory_order_relaxed)});
        }
        // Of a large folio's tails only the first is read: it holds the order.
        const unsigned order = folio_order(p);
        lines += order != 0;
        i += std::size_t(1) << order;
      }
      std::lock_guard g(m);
      if (std::find(scanners.begin(), scanners.end(), std::this_thread::get_id()) == scanners.end())
        scanners.push_back(std::this_thread::get_id());
      r.pages_waited += waited;
      r.bytes_read += lines * sizeof(page);
      r.stuck.insert(r.stuck.end(), stuck.begin(), stuck.end());
    }, o.on_sweeper_start);
    r.scan_threads = static_cast<unsigned>(scanners.size());
    r.pages_scanned = pages_.size();
    r.total = clock::now() - start;
    r.ok = r.stuck.empty();
    if (!r.ok) r.error = std::string(name) + ": pages still in use after the timeout";
    return r;
  }

 private:
  alignas(64) std::atomic<bool> dying_{false};  // read by every 0->1: never written after
  std::atomic<bool> refusing_{false};
  alignas(64) std::span<page> pages_;
};

}  // namespace pgmap
