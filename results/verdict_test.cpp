#include "results/verdict.hpp"

#include <gtest/gtest.h>

#include "results/report_checks.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

// run-alpha, by hand: o = 25 - 21 = 4 ns/pair; sweep at its largest
// capacity (4 GiB): 4 GB/s, grace 1000 ns, so R_sweep(S) = 1000 + S/64/4 ns;
// R_X = 50000 ns (at 4 GiB, the largest measured); 8e7 pairs/s.
const breakeven& find(const std::vector<breakeven>& all, const std::string& tracker, std::uint64_t size) {
  for (const breakeven& b : all)
    if (b.tracker == tracker && b.size == size) return b;
  throw std::runtime_error("no break-even for " + tracker);
}

TEST(Verdict, BreakEvenComputedByHand) {
  auto all = breakevens(load_run(testing::testdata("run-alpha")));
  const breakeven& small = find(all, "percpu_ref-qsbr", gib);
  ASSERT_TRUE(small.n_star);
  EXPECT_DOUBLE_EQ(*small.overhead, 4);
  EXPECT_DOUBLE_EQ(*small.r_sweep, 4195304);
  EXPECT_DOUBLE_EQ(*small.r_x, 50000);
  EXPECT_DOUBLE_EQ(*small.n_star, 1036326);
  EXPECT_FALSE(small.extrapolated);
  const breakeven& big = find(all, "percpu_ref-qsbr", 1024 * gib);
  EXPECT_DOUBLE_EQ(*big.r_sweep, 4294968296);
  EXPECT_DOUBLE_EQ(*big.n_star, 1073729574);
  EXPECT_NEAR(*big.interval_ns, 1073729574 / 8e7 * 1e9, 1);
  EXPECT_TRUE(big.extrapolated);
  EXPECT_EQ(all.size(), 2u * 4);  // two trackers besides none and sweep, four sizes
}

TEST(Verdict, WithinNoiseFloorIsNever) {
  // atomic: 21.2 - 21 = 0.2 ns, below the noise floor |21.5 - 21| = 0.5 ns.
  auto all = breakevens(load_run(testing::testdata("run-alpha")));
  const breakeven& b = find(all, "atomic", gib);
  EXPECT_FALSE(b.n_star);
  EXPECT_EQ(b.outcome, "never: atomic costs no more than sweep on the hot path");
}

TEST(Verdict, OneSentencePerHostAndStatedAssumptions) {
  verdict_result v = verdict({load_run(testing::testdata("run-alpha")), load_run(testing::testdata("run-beta"))});
  ASSERT_EQ(v.sentences.size(), 2u);
  EXPECT_EQ(v.sentences[0],
            "On alpha, with 2 threads and a 1 TiB device (extrapolated; memmap dram, 1 sweeper), "
            "the sweep beats percpu_ref-qsbr whenever removals are rarer than one per 1.07e9 "
            "page transitions (one every 13.4 s at full rate); the sweep never beats atomic "
            "(atomic costs no more than sweep on the hot path).");
  EXPECT_EQ(v.sentences[1].rfind("On beta, ", 0), 0u);
  std::string md = render(v.doc, format::md);
  EXPECT_NE(md.find("Model (assumptions)"), std::string::npos);
  EXPECT_NE(md.find("alpha: pmem is emulated"), std::string::npos);
  EXPECT_NE(md.find("alpha: a virtual machine"), std::string::npos);
  EXPECT_NE(md.find("alpha: hardware counters unavailable: perf_event_open"), std::string::npos);
  EXPECT_NE(md.find("1 TiB (extrapolated)"), std::string::npos);
  testing::expect_consistent_tables(md);
  testing::expect_narrow(render(v.doc, format::txt));
}

}  // namespace
}  // namespace pgmap::results
