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
      .refuses_dying = false, .removal_scans = false, .sweep_peer = "", .kernels = "-",
      .kernel_path = "a test double"};
  int firsts = 0, tries = 0, lasts = 0;
  long refs = 0;  // references held: what the hooks took minus what they dropped
  bool refuse = false;
  no_section first_section() { return {}; }
  void get_first(cpu_ctx&, unsigned long nr) {
    ++firsts;
    refs += long(nr);
  }
  bool tryget_first(cpu_ctx&, unsigned long nr) {
    ++tries;
    if (refuse) return false;
    ++firsts;
    refs += long(nr);
    return true;
  }
  void put_last(cpu_ctx&, unsigned long nr) {
    ++lasts;
    refs -= long(nr);
  }
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

// The kernel's compound layout: PG_head and the pgmap on the head, the order
// in the first tail, every tail leading to its head; all idle.
TEST(Page, InitMemmapLaysOutFolios) {
  test::owned_memmap m(10, 2);
  ASSERT_EQ(m.pages().size(), 8u) << "only whole folios";
  for (std::size_t i = 0; i < 8; ++i) {
    const page& p = m[i];
    const page& head = m[i & ~std::size_t(3)];
    EXPECT_EQ(p.refcount.load(), 0);
    EXPECT_EQ(&compound_head(p), &head) << i;
    EXPECT_EQ(is_tail(p), &p != &head) << i;
    if (&p == &head) {
      EXPECT_EQ(p.pgmap, static_cast<const void*>(&m));
      EXPECT_EQ(folio_order(p), 2u);
    }
  }
  EXPECT_EQ(m[1].flags & 0xff, 2u);  // folio->_flags_1
  test::owned_memmap small(2);
  EXPECT_EQ(folio_order(small[1]), 0u);
  EXPECT_FALSE(is_tail(small[1]));
  alignas(64) static unsigned char buf[64 * 4];
  EXPECT_THROW(init_memmap(buf, sizeof buf, nullptr, max_folio_order + 1), std::invalid_argument);
}

// A folio's 0->1 takes its 2^order references in one call and counts on the
// head alone; its 1->0 gives them all back in one.
TEST(Page, AFolioTakesAndDropsItsPagesAtOnce) {
  test::owned_memmap m(1024, 9);
  counting_tracker t;
  cpu_ctx c = cpu_ctx::fallback();
  page& head = m[512];
  const auto counted_on_head_only = [&](std::int32_t n) {
    EXPECT_EQ(head.refcount.load(), n);
    for (std::size_t i = 0; i < 1024; ++i) {
      if (&m[i] == &head) continue;
      EXPECT_EQ(m[i].refcount.load(), 0) << "page " << i << " counted";
    }
  };
  get_page<claim::any, 9>(t, head, c);
  counted_on_head_only(1);
  EXPECT_EQ(t.firsts, 1);
  EXPECT_EQ(t.refs, 512);
  get_page<claim::owner, 9>(t, head, c);
  EXPECT_EQ(t.firsts, 1);
  counted_on_head_only(2);
  put_page<9>(t, head, c);
  EXPECT_EQ(t.lasts, 0);
  put_page<9>(t, head, c);
  EXPECT_EQ(t.lasts, 1);
  EXPECT_EQ(t.refs, 0) << "the 1->0 must give back what the 0->1 took";
  EXPECT_EQ((try_get_page<claim::owner, 9>(t, head, c)), get_result::first);
  EXPECT_EQ(t.refs, 512);
  counted_on_head_only(1);
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
TEST(PageDeathTest, ATailOrAWrongOrderIsNoFolioHead) {
  test::owned_memmap m(1024, 9);
  counting_tracker t;
  cpu_ctx c = cpu_ctx::fallback();
  EXPECT_DEATH((get_page<claim::any, 9>(t, m[1], c)), "not the head");
  EXPECT_DEATH(get_page(t, m[0], c), "not the head");  // order 0 on an order-9 head
  EXPECT_DEATH(put_page(t, m[0], c), "not the head");
}

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
