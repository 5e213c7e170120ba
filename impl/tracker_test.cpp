// Every tracker's removal report and liveness, one behaviour at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "impl/registry.hpp"
#include "impl/test_memmap.hpp"

namespace pgmap {
namespace {

using namespace std::chrono_literals;

template <class T>
struct Tracker : ::testing::Test {};
using all = rebind_trackers<::testing::Types, all_trackers>;
TYPED_TEST_SUITE(Tracker, all);

TYPED_TEST(Tracker, RemovesAnIdlePgmap) {
  test::owned_memmap m(1000);
  TypeParam t(m.pages());
  rcu_thread<typename TypeParam::rcu> reader;
  cpu_ctx c = cpu_ctx::fallback();
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(try_get_page(t, m[i], c), get_result::first);
    put_page(t, m[i], c);
  }
  EXPECT_TRUE(t.live());
  const remove_report r = t.remove({});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.stuck.empty());
  EXPECT_EQ(r.pages_waited, 0u);
}

// Order 9 (2 MiB folios): each folio's 0->1 and 1->0 on its head.
TYPED_TEST(Tracker, RemovesAnIdlePgmapOfLargeFolios) {
  test::owned_memmap m(8 << 9, 9);
  TypeParam t(m.pages());
  rcu_thread<typename TypeParam::rcu> reader;
  cpu_ctx c = cpu_ctx::fallback();
  for (std::size_t f = 0; f < 8; ++f) {
    ASSERT_EQ((try_get_page<claim::any, 9>(t, m[f << 9], c)), get_result::first);
    put_page<9>(t, m[f << 9], c);
  }
  remove_options o;
  o.timeout = 2s;  // a count left behind fails here, not after 30 s
  const remove_report r = t.remove(o);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.pages_waited, 0u);
}

TYPED_TEST(Tracker, RegistryKnowsIt) {
  EXPECT_TRUE(is_tracker(TypeParam::name));
  const std::string_view got = visit_tracker(
      TypeParam::name, []<class T>(std::type_identity<T>) { return std::string_view(T::name); });
  EXPECT_EQ(got, TypeParam::name);
}

// The trackers that know about users: remove() waits for the last one.
template <class T>
struct Safe : ::testing::Test {};
using safe = rebind_trackers<::testing::Types, user_tracking_trackers>;
TYPED_TEST_SUITE(Safe, safe);

TYPED_TEST(Safe, RefusesNewUsersAfterRemoval) {
  test::owned_memmap m(8);
  TypeParam t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_TRUE(t.remove({}).ok);
  EXPECT_FALSE(t.live());
  EXPECT_TRUE(t.refusing());
  EXPECT_EQ(try_get_page(t, m[3], c), get_result::refused);
  EXPECT_EQ(m[3].refcount.load(), 0);
}

// Rule: while removal waits for one user, a tracker that refuses the dying
// (its traits) refuses a new 0->1 once it says it refuses; v6.19's
// percpu_ref (tryget_many, no DEAD check) admits it until the count reaches
// zero, and its removal waits for that user too.
TYPED_TEST(Safe, ANewUserWhileRemovalWaitsForAnother) {
  test::owned_memmap m(64);
  TypeParam t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[1], c), get_result::first);
  std::atomic<bool> done{false};
  remove_report r;
  std::jthread remover([&] {
    r = t.remove({});
    done = true;
  });
  if constexpr (TypeParam::traits.refuses_dying) {
    while (!t.refusing()) std::this_thread::yield();
    const get_result g = try_get_page(t, m[2], c);
    EXPECT_EQ(g, get_result::refused);
    if (g != get_result::refused) put_page(t, m[2], c);  // let removal finish
  } else {
    while (t.live()) std::this_thread::yield();
    ASSERT_EQ(try_get_page(t, m[2], c), get_result::first);
  }
  put_page(t, m[1], c);
  if constexpr (!TypeParam::traits.refuses_dying) {
    std::this_thread::sleep_for(30ms);
    EXPECT_FALSE(done.load()) << "remove() returned while the new user held a page";
    put_page(t, m[2], c);
  }
  remover.join();
  EXPECT_TRUE(r.ok) << r.error;
}

TYPED_TEST(Safe, TimesOutListingTheStuckPage) {
  test::owned_memmap m(64);
  TypeParam t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[42], c), get_result::first);
  ASSERT_EQ(try_get_page(t, m[42], c), get_result::more);
  remove_options o;
  o.timeout = 50ms;
  const remove_report r = t.remove(o);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("after the timeout"), std::string::npos) << r.error;
  ASSERT_EQ(r.stuck.size(), 1u);
  EXPECT_EQ(r.stuck[0].index, 42u);
  EXPECT_EQ(r.stuck[0].refcount, 2);
  EXPECT_GE(r.total, 50ms);
  put_page(t, m[42], c);
  put_page(t, m[42], c);
}

TYPED_TEST(Safe, WaitsForTheLastHolder) {
  test::owned_memmap m(64);
  TypeParam t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[7], c), get_result::first);
  std::atomic<bool> dropped{false};
  std::jthread holder([&] {
    std::this_thread::sleep_for(30ms);
    cpu_ctx hc = cpu_ctx::fallback();
    dropped = true;
    put_page(t, m[7], hc);
  });
  const remove_report r = t.remove({});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(dropped.load()) << "remove() returned before the holder let go";
  EXPECT_GE(r.total, 25ms);
}

// Removal waits for the last holder of a large folio, and only then: the
// 1->0 gives back the folio's 2^9 references, no fewer.
TYPED_TEST(Safe, WaitsForTheLastHolderOfALargeFolio) {
  test::owned_memmap m(4 << 9, 9);
  TypeParam t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  page& head = m[2 << 9];
  ASSERT_EQ((try_get_page<claim::owner, 9>(t, head, c)), get_result::first);
  ASSERT_EQ((try_get_page<claim::any, 9>(t, head, c)), get_result::more);
  put_page<9>(t, head, c);
  std::atomic<bool> dropped{false};
  std::jthread holder([&] {
    std::this_thread::sleep_for(30ms);
    cpu_ctx hc = cpu_ctx::fallback();
    dropped = true;
    put_page<9>(t, head, hc);
  });
  remove_options o;
  o.timeout = 2s;
  const remove_report r = t.remove(o);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(dropped.load()) << "remove() returned before the holder let go";
  EXPECT_GE(r.total, 25ms);
  EXPECT_EQ((try_get_page<claim::any, 9>(t, m[0], c)), get_result::refused);
}

TEST(Sweep, ReportsTheScan) {
  test::owned_memmap m(4096);
  sweep_tracker<rcu_qsbr> t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[100], c), get_result::first);
  std::jthread holder([&] {
    std::this_thread::sleep_for(10ms);
    cpu_ctx hc = cpu_ctx::fallback();
    put_page(t, m[100], hc);
  });
  remove_options o;
  o.sweepers = 2;
  const remove_report r = t.remove(o);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.pages_scanned, 4096u);
  EXPECT_EQ(r.bytes_read, 4096u * 64);
  EXPECT_EQ(r.pages_waited, 1u);
  EXPECT_LE(r.grace, r.total);
}

TEST(Sweep, ScanCoversEveryPageWithManySweepers) {
  test::owned_memmap m(1001);  // not a multiple of the sweeper count
  sweep_tracker<rcu_qsbr> t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[1000], c), get_result::first);
  ASSERT_EQ(try_get_page(t, m[0], c), get_result::first);
  remove_options o;
  o.sweepers = 3;
  o.timeout = 20ms;
  const remove_report r = t.remove(o);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.pages_waited, 2u);
  ASSERT_EQ(r.stuck.size(), 2u);
}

// Rule: the sweep scans with as many threads as removal asked for (the
// bandwidth figures divide by them).
TEST(Sweep, ScansWithTheRequestedNumberOfThreads) {
  test::owned_memmap m(1001);
  for (unsigned sweepers : {1u, 2u, 3u}) {
    sweep_tracker<rcu_qsbr> t(m.pages());
    remove_options o;
    o.sweepers = sweepers;
    const remove_report r = t.remove(o);
    EXPECT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.scan_threads, sweepers);
  }
}

// The start hook (the benchmarks pin each sweeper with it) runs once on every
// scan thread, each index on a thread of its own, before that thread scans.
TEST(Sweep, RunsTheStartHookOnEachScanThread) {
  test::owned_memmap m(1001);
  sweep_tracker<rcu_qsbr> t(m.pages());
  std::mutex mu;
  std::vector<std::pair<unsigned, std::thread::id>> started;
  remove_options o;
  o.sweepers = 3;
  o.on_sweeper_start = [&](unsigned i) {
    std::lock_guard g(mu);
    started.emplace_back(i, std::this_thread::get_id());
  };
  const remove_report r = t.remove(o);
  EXPECT_TRUE(r.ok) << r.error;
  ASSERT_EQ(started.size(), 3u);
  std::sort(started.begin(), started.end());
  for (unsigned i = 0; i < 3; ++i) EXPECT_EQ(started[i].first, i);
  EXPECT_EQ(started[0].second, std::this_thread::get_id()) << "chunk 0 runs on the caller";
  EXPECT_NE(started[1].second, started[2].second);
  EXPECT_NE(started[1].second, started[0].second);
}

TEST(Bulk, RemovalDoesNotWaitForRealUsers) {
  test::owned_memmap m(16);
  bulk_tracker t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[5], c), get_result::first);
  const remove_report r = t.remove({});
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(m[5].refcount.load(), 1) << "bulk knows nothing of this user";
  EXPECT_EQ(try_get_page(t, m[6], c), get_result::first) << "the hot path never asks";
}

TEST(None, IsUnsafeRemovalReturnsWhileAPageIsHeld) {
  test::owned_memmap m(16);
  none_tracker t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[2], c), get_result::first);
  const remove_report r = t.remove({});
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(m[2].refcount.load(), 1) << "removal completed with a page still in use";
  EXPECT_EQ(r.pages_scanned, 0u);
}

TEST(Atomic, RefusesFromTheMomentOfRemoval) {
  test::owned_memmap m(4);
  atomic_tracker t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  ASSERT_EQ(try_get_page(t, m[0], c), get_result::first);
  std::jthread remover([&] { EXPECT_TRUE(t.remove({}).ok); });
  while (t.live()) std::this_thread::yield();
  EXPECT_TRUE(t.refusing());
  EXPECT_EQ(try_get_page(t, m[1], c), get_result::refused);
  put_page(t, m[0], c);
}

TEST(Registry, ListsEveryTrackerNoneFirst) {
  const auto all = trackers();
  ASSERT_EQ(all.size(), 12u);
  EXPECT_EQ(all[0].name, "none");
  EXPECT_EQ(tracker_names(),
            "none, bulk, atomic, percpu_ref-qsbr, percpu_ref-memb, percpu_ref-pcount, percpu_ref619-qsbr, "
            "percpu_ref619-memb, percpu_ref619-pcount, sweep, sweep-memb, sweep-pcount");
  EXPECT_EQ(all[3].rcu, "qsbr");
  EXPECT_EQ(all[4].rcu, "memb");
  EXPECT_EQ(all[5].rcu, "pcount");
}

// The traits the reports rely on hold together: one baseline, and every
// sweep peer is a registered tracker whose removal scans.
TEST(Registry, TraitsAreConsistent) {
  int baselines = 0;
  for (const tracker_traits& t : trackers()) {
    baselines += t.baseline;
    EXPECT_FALSE(t.kernel_path.empty()) << t.name;
    EXPECT_TRUE(!t.baseline || !t.knows_users) << t.name << ": a baseline tracks nothing";
    EXPECT_TRUE(!t.removal_scans || t.knows_users) << t.name << ": a scan finds the users";
    EXPECT_FALSE(t.kernels.empty()) << t.name;
    if (t.sweep_peer.empty()) continue;
    EXPECT_TRUE(t.knows_users) << t.name;
    EXPECT_TRUE(traits_of(t.sweep_peer).removal_scans) << t.name << " -> " << t.sweep_peer;
  }
  EXPECT_EQ(baselines, 1);
}

TEST(Registry, UnknownNameIsAClearError) {
  try {
    visit_tracker("percpu", []<class T>(std::type_identity<T>) { return 0; });
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "unknown tracker 'percpu' (known: none, bulk, atomic, percpu_ref-qsbr, "
                 "percpu_ref-memb, percpu_ref-pcount, percpu_ref619-qsbr, percpu_ref619-memb, "
                 "percpu_ref619-pcount, sweep, sweep-memb, sweep-pcount)");
  }
}

// At order 9 the sweep reads each folio's head and first tail, never the
// other 510 lines, and still waits for a busy folio; a sweeper whose chunk
// begins inside a folio leaves it to the head's sweeper.
TEST(Sweep, ReadsTwoLinesPerLargeFolio) {
  test::owned_memmap m(8 << 9, 9);
  sweep_tracker<rcu_qsbr> t(m.pages());
  cpu_ctx c = cpu_ctx::fallback();
  page& busy = m[7 << 9];  // reached only past the tail its sweeper begins on
  ASSERT_EQ((try_get_page<claim::any, 9>(t, busy, c)), get_result::first);
  std::jthread holder([&] {
    std::this_thread::sleep_for(10ms);
    cpu_ctx hc = cpu_ctx::fallback();
    put_page<9>(t, busy, hc);
  });
  remove_options o;
  o.sweepers = 3;  // chunks of 1366 pages: two begin on a tail
  const remove_report r = t.remove(o);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.pages_scanned, 8u << 9);
  EXPECT_EQ(r.pages_waited, 1u);
  // 8 folios x (head + first tail), and 3 lines for each chunk begun on a tail.
  EXPECT_EQ(r.bytes_read, (8u * 2 + 2 * 3) * 64);
}

}  // namespace
}  // namespace pgmap
