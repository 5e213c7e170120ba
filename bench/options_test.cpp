#include <gtest/gtest.h>

#include "bench/list_option.hpp"
#include "bench/work.hpp"
#include "common/error.hpp"

namespace pgmap::bench {
namespace {

// A stray comma is a typo: "none," must not run a shorter list unnoticed.
TEST(ListOption, SplitsAndRefusesEmptyItems) {
  EXPECT_EQ(split_list("--x", "a,b,c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("--x", "").empty());
  for (const char* bad : {"none,", ",none", "a,,b", ","}) {
    try {
      split_list("--trackers", bad);
      ADD_FAILURE() << bad;
    } catch (const pgmap::error& e) {
      EXPECT_EQ(std::string(e.what()), "--trackers: '" + std::string(bad) + "' has an empty item (a stray comma)");
    }
  }
  EXPECT_THROW(parse_uint_list("capacity_gib", "1,", 1), pgmap::error);
  EXPECT_THROW(parse_double_list("in_use_pct", " 5"), pgmap::error);  // strtod would skip the space
  EXPECT_THROW(parse_double_list("in_use_pct", "0x10"), pgmap::error);
}

TEST(ListOption, ParsesWholeNumbers) {
  EXPECT_EQ(parse_uint_list("capacity_gib", "1,16,64", 1), (std::vector<unsigned>{1, 16, 64}));
}

TEST(ListOption, NamesTheOptionAndTheBadItem) {
  try {
    parse_uint_list("capacity_gib", "1,x2", 1);
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_STREQ(e.what(), "--capacity-gib: 'x2' is not a whole number from 1 to 4294967295");
  }
  EXPECT_THROW(parse_uint_list("capacity_gib", "0", 1), pgmap::error);
  EXPECT_THROW(parse_uint_list("capacity_gib", "", 1), pgmap::error);
  EXPECT_THROW(parse_double_list("in_use_pct", "1,-2"), pgmap::error);
  EXPECT_THROW(parse_double_list("in_use_pct", "nan"), pgmap::error);
}

TEST(ListOption, FolioOrdersAreTheBuiltOnes) {
  EXPECT_EQ(parse_folio_orders("0,9", 9), (std::vector<unsigned>{0, 9}));
  EXPECT_EQ(parse_folio_orders("9,0,9", 18), (std::vector<unsigned>{9, 0}));  // each case once
  try {
    parse_folio_orders("0,18", 9);  // the hot path's pool stops at 9
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_STREQ(e.what(), "--folio-order: '18' is not 0 or 9");
  }
  EXPECT_THROW(parse_folio_orders("4", 18), pgmap::error);
}

TEST(ListOption, ParsesPercentages) {
  EXPECT_EQ(parse_double_list("in_use_pct", "0,0.01,1"), (std::vector<double>{0, 0.01, 1}));
}

TEST(ListOption, ThreadsDefaultToOneThroughEveryPu) {
  EXPECT_EQ(parse_thread_list("threads", "", 3), (std::vector<unsigned>{1, 2, 3}));
  EXPECT_EQ(parse_thread_list("threads", "2", 3), (std::vector<unsigned>{2}));
}

TEST(ListOption, MoreThreadsThanPusIsAnError) {
  try {
    parse_thread_list("threads", "1,4", 2);
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_STREQ(e.what(), "--threads: 4 threads asked, the machine has 2 processing units");
  }
}

TEST(Work, ParsesEveryKind) {
  EXPECT_EQ(parse_work("none").name, "none");
  EXPECT_EQ(parse_work("spin:250").spin_ns, 250u);
  EXPECT_EQ(parse_work("touch:64").touch_bytes, 64u);
  EXPECT_EQ(parse_work("touch:4096").touch_bytes, 4096u);
  EXPECT_EQ(parse_work("lock_page").name, "lock_page");
}

TEST(Work, RejectsUnknownKinds) {
  for (const char* bad : {"spin:", "spin:x", "touch:128", "sleep", "spin:99999999"})
    EXPECT_THROW(parse_work(bad), pgmap::error) << bad;
}

// lock_page's work takes the page lock and gives it back, leaving the other
// flags as they were; a page another user has locked stays locked.
TEST(Work, LockPageLocksAndUnlocks) {
  const work w = make_work(parse_work("lock_page"), nullptr, 0, nullptr);
  ASSERT_TRUE(std::holds_alternative<work_lock_page>(w));
  page p{};
  p.flags = pg_head;
  std::get<work_lock_page>(w)(0, p);
  EXPECT_EQ(p.flags, pg_head);
  p.flags |= work_lock_page::pg_locked;
  std::get<work_lock_page>(w)(0, p);
  EXPECT_EQ(p.flags, pg_head | work_lock_page::pg_locked);
}

TEST(Work, SpinIsCalibrated) {
  EXPECT_GT(spin_loops_per_ns(), 0.0);
  const work w = make_work(parse_work("spin:100"), nullptr, 0, nullptr);
  ASSERT_TRUE(std::holds_alternative<work_spin>(w));
  EXPECT_GT(std::get<work_spin>(w).loops, 0u);
}

TEST(Work, TouchNeedsDataPages) {
  EXPECT_THROW(make_work(parse_work("touch:64"), nullptr, 0, nullptr), pgmap::error);
}

}  // namespace
}  // namespace pgmap::bench
