// percpu_ref's concurrency rules, each forced into the interleaving that
// breaks it (PGMAP_TEST_HOOKS: impl/test_hooks.hpp), so that a broken rule
// fails on every run, not when the scheduler happens to help. Run under
// ThreadSanitizer too.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "impl/percpu_ref.hpp"
#include "impl/rcu.hpp"

#ifndef PGMAP_TEST_HOOKS
#error "percpu_ref_rules_test needs PGMAP_TEST_HOOKS (see impl/CMakeLists.txt)"
#endif

namespace pgmap {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

// Waits until `flag` is set, yielding the CPU; false after `limit` (the
// test then fails instead of hanging).
bool wait_for(const std::atomic<bool>& flag, std::chrono::milliseconds limit = 10s) {
  const auto until = clock::now() + limit;
  while (!flag.load()) {
    if (clock::now() > until) return false;
    std::this_thread::yield();
  }
  return true;
}

// Two threads meet: each returns once both have arrived (or after 10 s).
struct meeting {
  std::atomic<int> arrived{0};
  void arrive() {
    arrived.fetch_add(1);
    const auto until = clock::now() + 10s;
    while (arrived.load() < 2 && clock::now() < until) std::this_thread::yield();
  }
};

template <class Rcu>
struct PercpuRefRules : ::testing::Test {};
using flavours = ::testing::Types<rcu_qsbr, rcu_memb, rcu_pcount>;
TYPED_TEST_SUITE(PercpuRefRules, flavours);

// Rule: when the last two references are dropped at once, release runs
// exactly once. Both puts are held after their decrement until the other
// has decremented too: a put that decided "was I last?" from a second read
// of the count would see zero in both.
TYPED_TEST(PercpuRefRules, TheLastTwoPutsReleaseExactlyOnce) {
  static meeting* after_decrement = nullptr;
  rcu_thread<TypeParam> main_reader;  // this thread's get runs a read section too
  for (int round = 0; round < 50; ++round) {
    std::atomic<int> releases{0};
    percpu_ref<TypeParam> ref([&] { releases.fetch_add(1); }, percpu_ref<TypeParam>::init_atomic);
    cpu_ctx c = cpu_ctx::fallback();
    ref.get(c);  // two references: the initial one and this
    meeting m;
    after_decrement = &m;
    auto last_put = [&] {
      rcu_thread<TypeParam> reader;
      cpu_ctx mine = cpu_ctx::fallback();
      test_hooks::put_decremented = [] { after_decrement->arrive(); };
      ref.put(mine);
      test_hooks::put_decremented = nullptr;
    };
    std::thread a(last_put), b(last_put);
    a.join();
    b.join();
    ASSERT_EQ(m.arrived.load(), 2) << "round " << round << ": a put did not reach the atomic path";
    ASSERT_EQ(releases.load(), 1) << "round " << round;
  }
}

// Rule: an update of a fallback slot, which threads not owning a slot share,
// is never lost. Two threads on one CPU (one fallback slot): the first has
// read the slot when the second adds to it; the first's update must still
// count both.
TEST(CpuCtxRules, AFallbackSlotLosesNoUpdate) {
  struct slot {
    std::atomic<unsigned long> v{0};
  };
  const auto slots = std::make_unique<slot[]>(cpu_ctx::total_slots());
  const int cpu = sched_getcpu();
  ASSERT_GE(cpu, 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  static std::atomic<bool> first_read{false}, second_done{false};
  first_read = false;
  second_done = false;
  auto on_cpu = [&] { ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof one, &one), 0); };
  std::thread first([&] {
    on_cpu();
    const cpu_ctx c = cpu_ctx::fallback();
    test_hooks::fallback_loaded = [] {
      first_read = true;
      wait_for(second_done);
    };
    c.add(slots.get(), 1);
    test_hooks::fallback_loaded = nullptr;
  });
  std::thread second([&] {
    on_cpu();
    ASSERT_TRUE(wait_for(first_read));
    const cpu_ctx c = cpu_ctx::fallback();
    c.add(slots.get(), 1);
    second_done = true;
  });
  first.join();
  second.join();
  unsigned long sum = 0;
  for (unsigned i = 0; i < cpu_ctx::total_slots(); ++i) sum += slots[i].v.load();
  EXPECT_EQ(sum, 2u);
  EXPECT_EQ(slots[cpu_ctx::nr_slots() + unsigned(cpu)].v.load(), 2u) << "not the slot both shared";
}

// Rule: a put adds to its per-CPU slot inside the RCU read section in which
// it saw per-CPU mode, so kill's grace period ends only after the add and
// the switch to atomic mode counts it. The put is held between seeing
// per-CPU mode and its add while kill runs: the switch must wait for it,
// and the count then reaches zero and releases once. Of memb, the flavour
// whose grace period waits for read sections: qsbr's and pcount's wait for
// the held thread's quiescent state, section or not.
TEST(PercpuRefMembRules, APutInsideItsReadSectionIsCountedByTheSwitch) {
  using Rcu = rcu_memb;
  std::atomic<int> releases{0};
  std::atomic<bool> confirmed{false};
  percpu_ref<Rcu> ref([&] { releases.fetch_add(1); });
  static std::atomic<bool> seen{false}, go{false};
  seen = false;
  go = false;
  std::thread user([&] {
    rcu_thread<Rcu> reader;
    cpu_ctx c = cpu_ctx::fallback();
    ref.get(c);
    test_hooks::put_percpu_seen = [] {
      seen = true;
      wait_for(go);
    };
    ref.put(c);
    test_hooks::put_percpu_seen = nullptr;
  });
  if (!wait_for(seen)) {
    go = true;
    user.join();
    FAIL() << "the put never reached per-CPU mode";
  }
  ref.kill_and_confirm([&] { confirmed = true; });
  // A switch that does not wait for the held put confirms within this time.
  const bool early = wait_for(confirmed, 500ms);
  go = true;
  user.join();
  EXPECT_FALSE(early) << "the switch to atomic mode ended while a put that saw per-CPU mode was held";
  EXPECT_TRUE(wait_for(confirmed));
  const auto until = clock::now() + 10s;
  while (releases.load() == 0 && clock::now() < until) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(20ms);  // a late second release would land here
  EXPECT_EQ(releases.load(), 1);
}

}  // namespace
}  // namespace pgmap
