// Users take and drop pages (private and shared) at random while another
// thread removes the pgmap at a random moment. Run under ThreadSanitizer by
// the test command. Checked for every tracker that knows about users:
// - remove() returns only after the last reference was dropped (each holder
//   checks, before each put, that removal has not completed);
// - no 0->1 transition succeeds once the tracker said it refuses new users;
// - page and tracker counts balance (every page idle at the end);
// - release runs exactly once (counted: the completion removal waits on
//   would not notice a second one);
// - the sweep scans with the number of threads asked for.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "impl/registry.hpp"
#include "impl/test_memmap.hpp"

namespace pgmap {
namespace {

using namespace std::chrono_literals;

template <class T>
struct Stress : ::testing::Test {};
using safe = rebind_trackers<::testing::Types, user_tracking_trackers>;
TYPED_TEST_SUITE(Stress, safe);

constexpr unsigned users = 3;
constexpr std::size_t private_pages = 16;  // per user
constexpr std::size_t shared_pages = 8;

struct outcome {
  std::atomic<int> put_after_removal{0};
  std::atomic<int> first_after_refusal{0};
  std::atomic<long> firsts{0};
};

template <class T>
void round(unsigned seed, unsigned sweepers) {
  SCOPED_TRACE("seed " + std::to_string(seed) + ", sweepers " + std::to_string(sweepers));
  test::owned_memmap m(users * private_pages + shared_pages);
  T t(m.pages());
  outcome out;
  std::atomic<bool> removed{false}, stop{false};

  std::vector<std::jthread> threads;
  for (unsigned u = 0; u < users; ++u) {
    threads.emplace_back([&, u] {
      rcu_thread<typename T::rcu> reader;
      cpu_ctx c = u % 2 ? cpu_ctx::owner(u) : cpu_ctx::fallback();
      std::mt19937 rng(seed * 7919 + u);
      std::vector<std::size_t> held;
      while (!stop.load(std::memory_order_relaxed)) {
        T::rcu::quiescent();
        // Once removal has begun, mostly let go, so that it can finish.
        const unsigned get_odds = t.live() ? 50 : 10;
        if (held.size() < 6 && rng() % 100 < get_odds) {
          const std::size_t i = rng() % 3 ? u * private_pages + rng() % private_pages
                                           : users * private_pages + rng() % shared_pages;
          const bool was_refusing = t.refusing();
          const get_result r = try_get_page(t, m[i], c);
          if (r == get_result::first) {
            out.firsts.fetch_add(1, std::memory_order_relaxed);
            if (was_refusing) out.first_after_refusal.fetch_add(1);
          }
          if (r != get_result::refused) held.push_back(i);
        } else if (!held.empty()) {
          const std::size_t k = rng() % held.size();
          if (removed.load()) out.put_after_removal.fetch_add(1);
          put_page(t, m[held[k]], c);
          held[k] = held.back();
          held.pop_back();
        }
      }
      for (std::size_t i : held) {
        if (removed.load()) out.put_after_removal.fetch_add(1);
        put_page(t, m[i], c);
      }
    });
  }

  // Removal starts at a random moment once users are busy (on a loaded
  // machine they may not have run at all yet).
  while (out.firsts.load() < static_cast<long>(users) * 20) std::this_thread::yield();
  std::mt19937 rng(seed);
  std::this_thread::sleep_for(std::chrono::microseconds(rng() % 10000));
  remove_options o;
  o.sweepers = sweepers;
  o.timeout = 20s;
  const remove_report r = t.remove(o);
  removed = true;
  std::this_thread::sleep_for(2ms);  // users keep trying: all must be refused
  stop = true;
  threads.clear();

  ASSERT_TRUE(r.ok) << r.error;
  if constexpr (requires { t.releases(); })
    EXPECT_EQ(t.releases(), 1u) << "release must run exactly once";
  else
    EXPECT_EQ(r.scan_threads, sweepers) << "the sweep must scan with the sweepers asked for";
  EXPECT_EQ(out.put_after_removal.load(), 0) << "remove() returned while a page was held";
  EXPECT_EQ(out.first_after_refusal.load(), 0) << "a 0->1 succeeded after refusal was reported";
  EXPECT_GT(out.firsts.load(), 0) << "the round exercised nothing";
  for (const page& p : m.pages()) ASSERT_EQ(p.refcount.load(), 0);
}

TYPED_TEST(Stress, RandomGetPutRacingWithRemoval) {
  const auto end = std::chrono::steady_clock::now() + 3s;
  unsigned seed = 1;
  for (; seed <= 40 && std::chrono::steady_clock::now() < end; ++seed) {
    round<TypeParam>(seed, 1 + seed % 2);
    if (this->HasFailure()) break;
  }
  this->RecordProperty("rounds", static_cast<int>(seed - 1));
}

}  // namespace
}  // namespace pgmap
