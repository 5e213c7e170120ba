// The rules removal depends on, each forced into its worst interleaving.
// Built with PGMAP_TEST_HOOKS (impl/test_hooks.hpp): a hook in try_get_page holds a user between
// the liveness check at 0->1 and the publication of the page's refcount, the
// window a broken removal slips through. Run under ThreadSanitizer too.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "impl/registry.hpp"
#include "impl/test_memmap.hpp"

#ifndef PGMAP_TEST_HOOKS
#error "model_rules_test needs PGMAP_TEST_HOOKS (see impl/CMakeLists.txt)"
#endif

namespace pgmap {
namespace {

using namespace std::chrono_literals;

// The held-open window: the user waits there until removal has returned, or
// for long enough that a removal which does not wait for it would have.
struct window {
  static inline std::atomic<bool> entered{false};
  static inline std::atomic<bool> removed{false};
  static void hold() {
    entered = true;
    const auto until = std::chrono::steady_clock::now() + 200ms;
    while (!removed.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(1ms);
  }
};

template <class T>
struct Rules : ::testing::Test {};
using safe = rebind_trackers<::testing::Types, user_tracking_trackers>;
TYPED_TEST_SUITE(Rules, safe);

// Rule: a user that passed the liveness check at 0->1 is covered by removal,
// which returns only after that user has let go. For the sweep this guards
// two things: removal waits for a grace period before it scans (a scan that
// starts at once finds the page still at 0), and the RCU read section lasts
// until the refcount is published (memb: a section that ends after the check
// lets the grace period end early). For the counting trackers: the reference
// is taken before the page is published.
TYPED_TEST(Rules, RemovalCoversAUserBetweenCheckAndPublication) {
  for (claim how : {claim::owner, claim::any}) {
    SCOPED_TRACE(how == claim::owner ? "claim: owner" : "claim: any");
    test::owned_memmap m(64);
    TypeParam t(m.pages());
    window::entered = false;
    window::removed = false;
    std::atomic<bool> held_after_removal{false};
    std::jthread user([&] {
      rcu_thread<typename TypeParam::rcu> reader;
      cpu_ctx c = cpu_ctx::fallback();
      test_hooks::before_publish = &window::hold;
      const get_result g = how == claim::owner ? try_get_page<claim::owner>(t, m[5], c)
                                               : try_get_page<claim::any>(t, m[5], c);
      test_hooks::before_publish = nullptr;
      if (g == get_result::refused) return;
      if (window::removed.load()) held_after_removal = true;
      put_page(t, m[5], c);
    });
    while (!window::entered.load()) std::this_thread::yield();
    remove_options o;
    o.timeout = 10s;
    const remove_report r = t.remove(o);
    window::removed = true;
    user.join();
    EXPECT_TRUE(r.ok) << r.error;
    EXPECT_FALSE(held_after_removal.load()) << "remove() returned while a user held a page";
  }
}

// Rule: release runs exactly once. The completion removal waits on is
// idempotent, so a second release would go unnoticed: count them.
template <class T>
struct Counting : ::testing::Test {};
using counting = ::testing::Types<bulk_tracker, atomic_tracker, percpu_tracker<rcu_qsbr>,
                                  percpu_tracker<rcu_memb>, percpu_tracker<rcu_pcount>,
                                  percpu_tracker<rcu_qsbr, percpu_path::tryget_many>,
                                  percpu_tracker<rcu_memb, percpu_path::tryget_many>,
                                  percpu_tracker<rcu_pcount, percpu_path::tryget_many>>;
TYPED_TEST_SUITE(Counting, counting);

TYPED_TEST(Counting, ReleaseRunsOnceWithUsersGoneBeforeAndAfterRemoval) {
  test::owned_memmap m(16);
  {
    TypeParam t(m.pages());  // idle at removal
    ASSERT_TRUE(t.remove({}).ok);
    std::this_thread::sleep_for(20ms);  // a late second release would land here
    EXPECT_EQ(t.releases(), 1u);
  }
  TypeParam t(m.pages());  // the last user leaves after removal began
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[3], c), get_result::first);
  std::jthread holder([&] {
    std::this_thread::sleep_for(20ms);
    cpu_ctx hc = cpu_ctx::fallback();
    put_page(t, m[3], hc);
  });
  ASSERT_TRUE(t.remove({}).ok);
  holder.join();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(t.releases(), 1u);
}

}  // namespace
}  // namespace pgmap
