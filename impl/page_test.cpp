#include "impl/page.hpp"

#include <gtest/gtest.h>

#include "impl/rcu.hpp"
#include "impl/test_memmap.hpp"

namespace pgmap {
namespace {

// Counts the hooks, to prove they run exactly at 0->1 and 1->0.
struct counting_tracker {
  using rcu = rcu_none;
  static constexpr const char* name = "counting";
  static constexpr const char* summary = "test";
  static constexpr tracker_traits traits{
      .name = name, .summary = summary, .rcu = rcu::name, .baseline = false, .knows_users = false,
      .removal_scans = false, .sweep_peer = "", .kernel_path = "a test double"};
  int firsts = 0, tries = 0, lasts = 0;
  bool refuse = false;
  no_section first_section() { return {}; }
  void get_first(cpu_ctx&) { ++firsts; }
  bool tryget_first(cpu_ctx&) {
    ++tries;
    if (refuse) return false;
    ++firsts;
    return true;
  }
  void put_last(cpu_ctx&) { ++lasts; }
  bool live() const { return !refuse; }
  bool refusing() const { return refuse; }
  remove_report remove(const remove_options&) { return {}; }
};
static_assert(tracker<counting_tracker>);

TEST(Page, LayoutMatchesKernelStructPage) {
  EXPECT_EQ(sizeof(page), 64u);
  EXPECT_EQ(alignof(page), 64u);
  EXPECT_EQ(offsetof(page, pgmap), 8u);
  EXPECT_EQ(offsetof(page, refcount), 52u);
}

TEST(Page, InitMemmapLaysOutIdlePagesPointingAtThePgmap) {
  test::owned_memmap m(100);
  ASSERT_EQ(m.pages().size(), 100u);
  for (const page& p : m.pages()) {
    EXPECT_EQ(p.refcount.load(), 0);
    EXPECT_EQ(p.pgmap, static_cast<const void*>(&m));
  }
}

TEST(Page, InitMemmapRejectsMisalignedMemory) {
  alignas(64) static unsigned char buf[64 * 4];
  EXPECT_THROW(init_memmap(buf + 8, 128, nullptr), std::invalid_argument);
}

TEST(Page, InitMemmapIgnoresATrailingPartialPage) {
  alignas(64) static unsigned char buf[64 * 4];
  EXPECT_EQ(init_memmap(buf, 64 * 3 + 10, nullptr).size(), 3u);
}

TEST(Page, HooksRunExactlyAtZeroToOneAndOneToZero) {
  test::owned_memmap m(1);
  counting_tracker t;
  cpu_ctx c = cpu_ctx::fallback();
  page& p = m[0];
  get_page(t, p, c);
  get_page(t, p, c);
  EXPECT_EQ(t.firsts, 1);
  EXPECT_EQ(p.refcount.load(), 2);
  put_page(t, p, c);
  EXPECT_EQ(t.lasts, 0);
  put_page(t, p, c);
  EXPECT_EQ(t.lasts, 1);
  EXPECT_EQ(p.refcount.load(), 0);
  get_page(t, p, c);
  EXPECT_EQ(t.firsts, 2);
  put_page(t, p, c);
  EXPECT_EQ(t.lasts, 2);
}

TEST(Page, TryGetReportsTheTransition) {
  test::owned_memmap m(1);
  counting_tracker t;
  cpu_ctx c = cpu_ctx::fallback();
  EXPECT_EQ(try_get_page(t, m[0], c), get_result::first);
  EXPECT_EQ(try_get_page(t, m[0], c), get_result::more);
  EXPECT_EQ(t.tries, 1) << "an in-use page must not consult the tracker";
  EXPECT_EQ(m[0].refcount.load(), 2);
}

TEST(Page, TryGetRefusesANewUserOfADyingPgmap) {
  test::owned_memmap m(1);
  counting_tracker t;
  t.refuse = true;
  cpu_ctx c = cpu_ctx::fallback();
  EXPECT_EQ(try_get_page(t, m[0], c), get_result::refused);
  EXPECT_EQ(m[0].refcount.load(), 0);
  EXPECT_EQ(t.firsts, 0);
}

TEST(Page, TryGetOnAnInUsePageSucceedsWhileDying) {
  // A holder pins the pgmap already; only 0->1 is checked (as in the kernel).
  test::owned_memmap m(1);
  counting_tracker t;
  cpu_ctx c = cpu_ctx::fallback();
  get_page(t, m[0], c);
  t.refuse = true;
  EXPECT_EQ(try_get_page(t, m[0], c), get_result::more);
  put_page(t, m[0], c);
  put_page(t, m[0], c);
  EXPECT_EQ(try_get_page(t, m[0], c), get_result::refused);
}

#ifndef NDEBUG
TEST(PageDeathTest, PutBelowZeroIsDetected) {
  test::owned_memmap m(1);
  counting_tracker t;
  cpu_ctx c = cpu_ctx::fallback();
  EXPECT_DEATH(put_page(t, m[0], c), "below zero");
}
#endif

TEST(CpuCtx, OwnerClaimsASlotExclusively) {
  cpu_ctx a = cpu_ctx::owner(0);
  EXPECT_TRUE(a.owns_slot());
  EXPECT_STREQ(a.path(), "pinned-slot");
  cpu_ctx b = cpu_ctx::owner(0);
  EXPECT_FALSE(b.owns_slot()) << "two owners of one slot would lose updates";
  EXPECT_STREQ(b.path(), "fallback");
}

TEST(CpuCtx, SlotIsFreedWithItsOwner) {
  { cpu_ctx a = cpu_ctx::owner(0); }
  cpu_ctx b = cpu_ctx::owner(0);
  EXPECT_TRUE(b.owns_slot());
}

TEST(CpuCtx, OutOfRangeCpuFallsBack) {
  cpu_ctx a = cpu_ctx::owner(cpu_ctx::nr_slots());
  EXPECT_FALSE(a.owns_slot());
}

}  // namespace
}  // namespace pgmap
