// The one static interface every pgmap tracker implements. Benchmarks call
// trackers through templates constrained by `tracker`, so the hot path has no
// virtual call.
#pragma once
#include <chrono>
#include <concepts>
#include <functional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "impl/cpu_ctx.hpp"

namespace pgmap {

// Called first on each of a removal's scan threads with its index, e.g. to
// pin it to a PU of its own (impl/ knows no placement; the benchmarks do).
using thread_start = std::function<void(unsigned index)>;

struct remove_options {
  // How long remove() waits for users before giving up with a report of the
  // pages still in use, instead of hanging.
  std::chrono::nanoseconds timeout = std::chrono::seconds(30);
  unsigned sweepers = 1;  // scan threads (sweep only)
  thread_start on_sweeper_start;  // run first on each scan thread (sweep only)
};

struct stuck_page {
  std::size_t index;
  std::int32_t refcount;
};

struct remove_report {
  bool ok = false;
  std::string error;                     // why it failed, when !ok
  std::chrono::nanoseconds total{};      // the whole remove()
  std::chrono::nanoseconds grace{};      // until new users were refused
  std::uint64_t pages_scanned = 0;
  std::uint64_t pages_waited = 0;        // pages found in use and waited for
  std::uint64_t bytes_read = 0;          // of struct page cache lines read (64 each)
  unsigned scan_threads = 0;             // threads that scanned the memmap (sweep)
  std::vector<stuck_page> stuck;         // on timeout: pages still in use
};

// What a tracker is, declared beside it and published with every result
// (the binaries' JSON context), so no other layer guesses it from the name.
struct tracker_traits {
  std::string_view name;
  std::string_view summary;
  std::string_view rcu;          // the RCU flavour of its hot path: none, qsbr, memb, pcount
  bool baseline;                 // the cost baseline every overhead is measured against
  bool knows_users;              // removal waits until no page is in use
  bool refuses_dying;            // a 0->1 fails once removal has begun, not only at count zero
  bool removal_scans;            // removal reads the memmap, every folio's head (with `sweepers` threads)
  std::string_view sweep_peer;   // the scanning tracker of the same RCU flavour, for the
                                 // verdict; empty for those not weighed against a sweep
  std::string_view kernels;      // the mainline versions whose code it models ("-": none)
  std::string_view kernel_path;  // the kernel code it models, with the version
};

// A tracker is built over a memmap (std::span<page>) and provides:
// - `traits`: what it is (above);
// - `rcu`: the RCU flavour its hot-path readers must be registered with;
// - `first_section()`: a guard held around a 0->1 transition;
// - get_first / tryget_first / put_last: the 0->1 and 1->0 hooks, each for
//   a folio of nr pages (nr references in one operation where it counts);
// - live(): false once removal has begun;
// - refusing(): true once no new 0->1 transition can succeed (may lag live());
// - remove(): makes the pgmap dying and returns when no page is in use.
template <class T>
concept tracker = requires(T& t, const T& ct, cpu_ctx& c, unsigned long nr, const remove_options& o) {
  typename T::rcu;
  { T::name } -> std::convertible_to<std::string_view>;
  { T::summary } -> std::convertible_to<std::string_view>;
  { T::traits } -> std::convertible_to<tracker_traits>;
  t.first_section();
  { t.get_first(c, nr) } -> std::same_as<void>;
  { t.tryget_first(c, nr) } -> std::same_as<bool>;
  { t.put_last(c, nr) } -> std::same_as<void>;
  { ct.live() } -> std::same_as<bool>;
  { ct.refusing() } -> std::same_as<bool>;
  { t.remove(o) } -> std::same_as<remove_report>;
};

// The guard of trackers that need nothing around a 0->1 transition.
struct no_section {};

}  // namespace pgmap
