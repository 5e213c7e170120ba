#include "results/verdict.hpp"

#include <gtest/gtest.h>

#include "impl/struct_page.hpp"
#include "results/case_stats.hpp"
#include "results/line_fit.hpp"
#include "results/numbers.hpp"
#include "results/report_checks.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

const breakeven& find(const std::vector<breakeven>& all, const std::string& tracker, std::uint64_t size) {
  for (const breakeven& b : all)
    if (b.tracker == tracker && b.size == size) return b;
  throw std::runtime_error("no break-even for " + tracker);
}

std::vector<breakeven> gamma() { return breakevens(load_run(testing::testdata("run-gamma"))); }

// run-gamma, by hand (six processes per case, see summary_test): none arm 1
// = sweep = sweep-memb = {20, 20.25, ..., 21.25}; A/A resolution 0.875 ns.
// percpu_ref-memb = that + 4: o = 4 [3.25, 4.75]. sweep-memb's removal at
// 1, 4, 16 and 64 GiB, each process at the same bandwidth and grace period
// at every size: (3.5, 1800), (3.75, 1900), (4, 2000) twice, (4.25, 2100),
// (4.5, 2200) GB/s and ns; R_X = 50000 [40000, 60000] ns at 4 GiB; 8e7
// [7e7, 9e7] pairs/s (order statistics 1 and 6 of six).
// Sizes in whole units where they are whole, folios and devices alike.
TEST(Verdict, SizeNames) {
  EXPECT_EQ(size_name(4096), "4 KiB");
  EXPECT_EQ(size_name(4096ull << 9), "2 MiB");
  EXPECT_EQ(size_name(64 * gib), "64 GiB");
  EXPECT_EQ(size_name(1024 * gib), "1 TiB");
  EXPECT_EQ(size_name(gib / 10), "102.4 MiB");
  EXPECT_EQ(size_name(1536 * gib), "1.5 TiB");
  EXPECT_EQ(size_name(100), "100 B");
}

TEST(Verdict, BreakEvenAndIntervalsByHand) {
  auto all = gamma();
  const breakeven& b = find(all, "percpu_ref-memb", gib);
  ASSERT_EQ(b.cls, verdict_class::wins);
  const double bytes = double(gib) * memmap_bytes_per_device_byte;  // 16 MiB of struct pages
  EXPECT_DOUBLE_EQ(*b.overhead, 4);
  EXPECT_DOUBLE_EQ(b.overhead_ci->lo, 3.25);
  EXPECT_DOUBLE_EQ(b.overhead_ci->hi, 4.75);
  // Measured at 1 GiB: the median of the processes' grace + bytes / bandwidth,
  // its interval the smallest and largest of six.
  EXPECT_EQ(b.fitted, "");
  EXPECT_DOUBLE_EQ(*b.r_sweep, 2000 + bytes / 4);
  EXPECT_DOUBLE_EQ(b.r_sweep_ci->lo, 2200 + bytes / 4.5);
  EXPECT_DOUBLE_EQ(b.r_sweep_ci->hi, 1800 + bytes / 3.5);
  EXPECT_DOUBLE_EQ(*b.r_x, 50000);
  EXPECT_DOUBLE_EQ(*b.n_star, (2000 + bytes / 4 - 50000) / 4);
  // N*_lo = (R_sweep_lo - R_X_hi) / o_hi, N*_hi = (R_sweep_hi - R_X_lo) / o_lo.
  const double lo = (2200 + bytes / 4.5 - 60000) / 4.75, hi = (1800 + bytes / 3.5 - 40000) / 3.25;
  EXPECT_DOUBLE_EQ(b.n_star_ci->lo, lo);
  EXPECT_DOUBLE_EQ(b.n_star_ci->hi, hi);
  EXPECT_DOUBLE_EQ(*b.interval_ns, *b.n_star / 8e7 * 1e9);
  EXPECT_DOUBLE_EQ(b.interval_ci->lo, lo / 9e7 * 1e9);
  EXPECT_DOUBLE_EQ(b.interval_ci->hi, hi / 7e7 * 1e9);
  // Levels: each median's interval at six processes misses with 2/64; N*'s
  // box holds R_sweep, R_X and o_X jointly (1 - the sum of misses), the
  // time's adds pairs/s: never the smallest part's level.
  const double miss = 2.0 / 64, o_miss = 1 - b.overhead_ci->coverage;
  EXPECT_NEAR(b.r_sweep_ci->coverage, 1 - miss, 1e-12);
  EXPECT_NEAR(b.n_star_ci->coverage, 1 - 2 * miss - o_miss, 1e-12);
  EXPECT_NEAR(b.interval_ci->coverage, 1 - 3 * miss - o_miss, 1e-12);
  EXPECT_EQ(find(all, "percpu_ref-memb", 64 * gib).fitted, "") << "measured at 64 GiB";
  EXPECT_EQ(all.size(), 3u * 4);  // three trackers besides none and the sweeps, four sizes
}

// Beyond the largest measured size, R_sweep comes from a line through the
// per-process values at the three largest sizes, with the interval of a new
// measurement there; the row says so, and the table gives the line.
TEST(Verdict, BeyondTheMeasuredSizesFromAFitThatSaysSo) {
  const std::vector<breakeven> all = gamma();
  const breakeven& b = find(all, "percpu_ref-memb", 1024 * gib);
  EXPECT_EQ(b.fitted, "extrapolated from 4-64 GiB");
  std::vector<double> x, y;
  for (double g : {4.0, 16.0, 64.0})
    for (auto [bw, grace] : {std::pair{3.5, 1800.0}, {3.75, 1900.0}, {4.0, 2000.0}, {4.0, 2000.0},
                             {4.25, 2100.0}, {4.5, 2200.0}}) {
      x.push_back(g);
      y.push_back(grace + g * gib * memmap_bytes_per_device_byte / bw);
    }
  const prediction p = predict(*fit_line(x, y), 1024);
  ASSERT_TRUE(b.r_sweep && b.r_sweep_ci);
  EXPECT_NEAR(*b.r_sweep, p.value, 1e-6 * p.value);
  EXPECT_NEAR(b.r_sweep_ci->lo, p.ci.lo, 1e-6 * p.value);
  EXPECT_NEAR(b.r_sweep_ci->hi, p.ci.hi, 1e-6 * p.value);
  EXPECT_DOUBLE_EQ(b.r_sweep_ci->coverage, 0.95);
  EXPECT_GT(b.r_sweep_ci->hi - b.r_sweep_ci->lo, 0) << "the processes' spread widens it";
  const verdict_result v = verdict({load_run(testing::testdata("run-gamma"))});
  const std::string md = render(v.doc, format::md);
  EXPECT_NE(md.find("| 1 TiB (extrapolated from 4-64 GiB) |"), std::string::npos) << md;
  EXPECT_NE(md.find("Fit: sweep-memb, 1 sweeper, memmap dram: R_sweep (CPU) = "), std::string::npos) << md;
  EXPECT_NE(v.sentences[0].find("1 TiB device (extrapolated from 4-64 GiB; private pages"), std::string::npos)
      << v.sentences[0];
}

// Each measured size with its cost per GiB, so a reader sees whether the
// sweep scales linearly before anything is extrapolated from it.
TEST(Verdict, SweepCostPerGibAtEachMeasuredSize) {
  const verdict_result v = verdict({load_run(testing::testdata("run-gamma"))});
  ASSERT_EQ(v.doc.tables.size(), 2u);
  const table& t = v.doc.tables[1];
  EXPECT_EQ(t.title, "Sweep removal by size - gamma (" + testing::testdata("run-gamma") + ")");
  std::vector<std::string> memb_sizes;
  for (const auto& row : t.rows) {
    if (row[0] != "sweep-memb") continue;
    memb_sizes.push_back(row[3]);
    if (row[3] != "64 GiB") continue;
    // Median process: grace 2000 ns, 4 GB/s over 64 x 16 MiB of struct pages.
    const double wall = 2000 + 64 * (gib * memmap_bytes_per_device_byte) / 4;
    EXPECT_EQ(row[4], duration(wall));
    EXPECT_EQ(row[5], duration(wall / 64));
    EXPECT_EQ(row[7], duration(wall / 64));  // one sweeper: CPU time is the wall time
  }
  EXPECT_EQ(memb_sizes, (std::vector<std::string>{"1 GiB", "4 GiB", "16 GiB", "64 GiB"}));
}

// Fewer than three measured sizes give no line: a size not measured has no
// R_sweep, and says why; a measured one still has its own.
TEST(Verdict, NoFitBelowThreeSizes) {
  run_data run = load_run(testing::testdata("run-gamma"));
  std::erase_if(run.rows, [](const tidy_row& r) {
    return r[kind] == "removal" && (r[capacity_gib] == "16" || r[capacity_gib] == "64");
  });
  const std::vector<breakeven> all = breakevens(run);
  const breakeven& far = find(all, "percpu_ref-memb", 1024 * gib);
  EXPECT_FALSE(far.r_sweep);
  EXPECT_EQ(far.cls, verdict_class::unavailable);
  EXPECT_EQ(far.why, "not measured at 1 TiB; a fit needs 3 measured sizes, the run has 2");
  EXPECT_TRUE(find(all, "percpu_ref-memb", gib).r_sweep);
}

// run-gamma with sweep-memb's removal also at 2 sweepers, scanning `speedup`
// times faster than 1 (grace periods as at 1 sweeper).
run_data with_two_sweepers(double speedup) {
  run_data run = load_run(testing::testdata("run-gamma"));
  tidy_rows extra;
  for (tidy_row r : run.rows)
    if (r[kind] == "removal" && r[subject] == "sweep-memb") {
      r[sweepers] = "2";
      r[read_gbps] = exact_number(*r.number(read_gbps) * speedup);
      extra.push_back(r);
    }
  run.rows.insert(run.rows.end(), extra.begin(), extra.end());
  return run;
}

const breakeven& find_at(const std::vector<breakeven>& all, const std::string& tracker,
                         unsigned sweepers) {
  for (const breakeven& b : all)
    if (b.tracker == tracker && b.size == gib && b.sweepers == sweepers) return b;
  throw std::runtime_error("no break-even for " + tracker);
}

// At folio order 9 the hot path pays per folio and the sweep reads per
// folio (2 of its 512 lines): each order is weighed against its own
// removals, and the headline stays with 4 KiB pages.
TEST(Verdict, EachFolioOrderIsWeighedAgainstItsOwnRemovals) {
  run_data run = testing::with_folio_order_copies(load_run(testing::testdata("run-gamma")), "9");
  for (tidy_row& r : run.rows)
    if (r[folio_order] == "9" && r[kind] == "removal" && removal_scans_memmap(r))
      r[bytes_read] = exact_number(*r.number(capacity_gib) * double(gib) * memmap_bytes_per_device_byte / 256);
  const std::vector<breakeven> all = breakevens(run);
  const auto at = [&](unsigned order) -> const breakeven& {
    for (const breakeven& b : all)
      if (b.tracker == "percpu_ref-memb" && b.size == gib && b.folio_order == order) return b;
    throw std::runtime_error("no row at order " + std::to_string(order));
  };
  const double bytes = double(gib) * memmap_bytes_per_device_byte;
  EXPECT_DOUBLE_EQ(*at(0).r_sweep, 2000 + bytes / 4);
  EXPECT_DOUBLE_EQ(*at(9).r_sweep, 2000 + bytes / 256 / 4);
  EXPECT_DOUBLE_EQ(*at(9).overhead, 4);  // per folio pair, from the order-9 hot path
  EXPECT_EQ(all.size(), 2 * gamma().size());
  for (const breakeven* b : headline_rows(all)) EXPECT_EQ(b->folio_order, 0u);
  const verdict_result v = verdict({run});
  bool shown = false;
  for (const auto& row : v.doc.tables.at(0).rows) shown = shown || row[0] == "percpu_ref-memb (folio order 9)";
  EXPECT_TRUE(shown);
}

// Threads across two sockets are their own setting: a tracker there is
// weighed against its sweep and checked against the A/A arms of two
// sockets, never of one.
TEST(Verdict, EachSocketsCountAgainstItsOwnSweepAndArms) {
  const run_data run = testing::with_copies(
      load_run(testing::testdata("run-gamma")), [](const tidy_row& r) { return r[kind] == "hotpath"; },
      [](tidy_row& r) {
        r[sockets] = "2";
        r[case_name] += "/sockets:2";
        r[ns_per_pair] = exact_number(*r.number(ns_per_pair) * 3);  // every difference x3
      });
  const std::vector<breakeven> all = breakevens(run);
  const auto at = [&](unsigned s) -> const breakeven& {
    for (const breakeven& b : all)
      if (b.tracker == "percpu_ref-memb" && b.size == gib && b.sockets == s) return b;
    throw std::runtime_error("no row at " + std::to_string(s) + " sockets");
  };
  EXPECT_DOUBLE_EQ(*at(2).overhead, 3 * *at(1).overhead);
  EXPECT_DOUBLE_EQ(*at(2).resolution, 3 * *at(1).resolution);
  EXPECT_EQ(all.size(), 2 * gamma().size());
}

// The break-even is in CPU time: k sweepers cost k x the scan, the grace
// period once; the wall time is the removal's latency. The verdict shows the
// sweeper count that costs least CPU time.
TEST(Verdict, ChargesEachSweeperItsScanInCpuTime) {
  const double bytes = double(gib) * memmap_bytes_per_device_byte;
  const std::vector<breakeven> all = breakevens(with_two_sweepers(1.5));
  const breakeven& one = find_at(all, "percpu_ref-memb", 1);
  const breakeven& two = find_at(all, "percpu_ref-memb", 2);
  EXPECT_DOUBLE_EQ(*one.r_sweep, 2000 + bytes / 4);
  EXPECT_DOUBLE_EQ(*one.r_sweep_wall, 2000 + bytes / 4);
  EXPECT_DOUBLE_EQ(*two.r_sweep, 2000 + 2 * bytes / 6);
  EXPECT_DOUBLE_EQ(*two.r_sweep_wall, 2000 + bytes / 6);
  EXPECT_DOUBLE_EQ(two.r_sweep_ci->lo, 2200 + 2 * bytes / 6.75);
  EXPECT_DOUBLE_EQ(two.r_sweep_ci->hi, 1800 + 2 * bytes / 5.25);
  EXPECT_DOUBLE_EQ(*two.n_star, (2000 + 2 * bytes / 6 - 50000) / 4);
  EXPECT_EQ(cheapest_sweepers(all), 1u) << "2 sweepers 1.5x as fast cost more CPU time";
  // Scaling beyond 2x (caches) makes 2 sweepers the cheaper: the sentence says so.
  const run_data fast = with_two_sweepers(2.5);
  EXPECT_EQ(cheapest_sweepers(breakevens(fast)), 2u);
  const verdict_result v = verdict({fast});
  EXPECT_NE(v.sentences[0].find("2 sweepers, the count that costs least CPU time"), std::string::npos)
      << v.sentences[0];
  EXPECT_EQ(v.doc.closing.back(), currency_line);
}

TEST(Verdict, EachClassFromTheResolution) {
  auto all = gamma();
  // percpu_ref-qsbr: o = 0.5 [-0.25, 1.25] within 0.875: unresolved; 6 x
  // (0.875 / 0.5)^2 = 18.4 processes would bring the resolution below 0.5.
  const breakeven& q = find(all, "percpu_ref-qsbr", gib);
  EXPECT_EQ(q.cls, verdict_class::unresolved);
  EXPECT_FALSE(q.n_star);
  // Unresolved is a bound: o_X <= max(1.25, 0.875) at the one-sided level of
  // the interval's upper end; N* >= (R_sweep_lo - R_X_hi) / 1.25, its three
  // parts' one-sided misses added. Nothing signed is printed.
  ASSERT_TRUE(q.overhead_bound && q.n_star_min && q.r_sweep_ci && q.r_x_ci && q.overhead_ci);
  EXPECT_DOUBLE_EQ(q.overhead_bound->at_most, 1.25);
  EXPECT_DOUBLE_EQ(q.overhead_bound->level, 1 - (1 - q.overhead_ci->coverage) / 2);
  EXPECT_DOUBLE_EQ(*q.n_star_min, (q.r_sweep_ci->lo - q.r_x_ci->hi) / 1.25);
  EXPECT_NEAR(q.n_star_min_level,
              1 - (1 - q.r_sweep_ci->coverage) / 2 - (1 - q.r_x_ci->coverage) / 2 -
                  (1 - q.overhead_bound->level),
              1e-12);
  EXPECT_EQ(outcome_cell(q, true), ">= " + count(*q.n_star_min) + " (" + level_text(q.n_star_min_level) + ")");
  const verdict_result v = verdict({load_run(testing::testdata("run-gamma"))});
  for (const auto& row : v.doc.tables.front().rows)
    if (row[0] == "percpu_ref-qsbr") {
      EXPECT_TRUE(row[7].starts_with("at most 1.25 ns")) << row[7];
      EXPECT_TRUE(row[12].starts_with(">= ")) << row[12];
      for (const std::string& cell : {row[7], row[12]})
        EXPECT_EQ(cell.find_first_of("+-"), std::string::npos) << cell;
    }
  EXPECT_NE(v.sentences[0].find("percpu_ref-qsbr's hot-path cost over the sweep is not resolved, at "
                                "most 1.25 ns (97.9 %) per pair, so the sweep can beat it only when "
                                "removals are rarer than one per N* page transitions, N* >= "),
            std::string::npos)
      << v.sentences[0];
  // atomic: o = -2 [-2.75, -1.25], beyond -0.875: never.
  const breakeven& a = find(all, "atomic", gib);
  EXPECT_EQ(a.cls, verdict_class::never);
  EXPECT_EQ(outcome_cell(a, false), "never (atomic's hot path is resolved as cheaper than sweep's)");
  EXPECT_EQ(outcome_cell(a, true), "never");
  // Three processes per arm give no A/A interval: no class is claimed.
  auto alpha = breakevens(load_run(testing::testdata("run-alpha")));
  const breakeven& na = find(alpha, "percpu_ref-qsbr", gib);
  EXPECT_EQ(na.cls, verdict_class::unavailable);
  EXPECT_EQ(outcome_cell(na, false), "n/a (resolution: A/A arms need 4 processes each)");
  EXPECT_EQ(outcome_cell(na, true), "n/a");
  // Its o_X has an estimate but no interval and no resolution: not signed.
  const verdict_result va = verdict({load_run(testing::testdata("run-alpha"))});
  for (const auto& row : va.doc.tables.front().rows)
    if (row[0] == "percpu_ref-qsbr") {
      EXPECT_EQ(row[7], "not resolved: n/a (resolution: A/A arms need 4 processes each)");
    }
}

// The rule cannot flip between "wins" and "never" on noise: a decided class
// needs the estimate beyond the resolution and the interval on its side of 0.
TEST(Verdict, ResolutionRuleNeedsEstimateAndIntervalBeyondIt) {
  auto d = [](double est, double lo, double hi) { return shift{est, interval{lo, hi, 0.95}, 6, 6, false, {}}; };
  EXPECT_EQ(resolve(d(1.0, 0.2, 1.8), 0.5), resolved::above);
  EXPECT_EQ(resolve(d(-1.0, -1.8, -0.2), 0.5), resolved::below);
  EXPECT_EQ(resolve(d(0.4, 0.1, 0.7), 0.5), resolved::no);   // interval clear of 0, estimate within
  EXPECT_EQ(resolve(d(1.0, -0.1, 2.1), 0.5), resolved::no);  // estimate beyond, interval spans 0
  EXPECT_EQ(resolve(d(1.0, 0.2, 1.8), std::nullopt), resolved::no);
  EXPECT_EQ(resolve(shift{1.0, std::nullopt, 3, 3, false, {}}, 0.5), resolved::no);
  EXPECT_EQ(processes_for(0.5, 1.0, 6), 24u);  // half the width: four times the processes
}

TEST(Verdict, LeadsWithTheRunningKernelsFlavour) {
  auto all = gamma();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(all[i].rcu, "memb") << i;
  verdict_result v = verdict({load_run(testing::testdata("run-gamma")),
                              load_run(testing::testdata("run-alpha"))});
  const std::string& s = v.sentences[0];
  EXPECT_EQ(s.rfind("On gamma (flavour of the running kernel: memb, CONFIG_PREEMPT_RCU=y), with 2 "
                    "threads and a 1 TiB device (extrapolated from 4-64 GiB; private pages, memmap dram, 1 sweeper, the "
                    "count that costs least CPU time), the sweep "
                    "beats percpu_ref-memb whenever removals are rarer than one per ",
                    0),
            0u)
      << s;
  EXPECT_LT(s.find("percpu_ref-memb"), s.find("percpu_ref-qsbr's hot-path cost over the sweep is not resolved"));
  EXPECT_NE(s.find("the sweep never beats atomic"), std::string::npos);
  EXPECT_EQ(v.doc.tables[0].rows[0][0], "percpu_ref-memb");
  // alpha's record has no kernel_rcu: said so, registry order kept.
  EXPECT_EQ(v.sentences[1].rfind("On alpha (flavour of the running kernel: unavailable: the "
                                 "machine record has no kernel_rcu), ",
                                 0),
            0u)
      << v.sentences[1];
  const auto alpha = std::find_if(v.doc.tables.begin(), v.doc.tables.end(),
                                  [](const table& t) { return t.title.starts_with("Break-even - alpha"); });
  ASSERT_NE(alpha, v.doc.tables.end());
  EXPECT_EQ(alpha->rows[0][0], "atomic");
}

// The sentence picks private pages even when shared-page rows come first.
TEST(Verdict, SentencePrefersPrivatePages) {
  run_data run = load_run(testing::testdata("run-gamma"));
  tidy_rows shared;
  for (tidy_row r : run.rows)
    if (r[pages] == "private") {
      r[pages] = "shared";
      shared.push_back(r);
    }
  ASSERT_FALSE(shared.empty());
  run.rows.insert(run.rows.begin(), shared.begin(), shared.end());
  const std::string s = verdict({run}).sentences.at(0);
  EXPECT_NE(s.find("(extrapolated from 4-64 GiB; private pages, memmap dram"), std::string::npos) << s;
}

TEST(Verdict, UnresolvedAndExtrapolatedSayItInTheTable) {
  verdict_result v = verdict({load_run(testing::testdata("run-gamma"))});
  std::string md = render(v.doc, format::md);
  EXPECT_NE(md.find("+4 [+3.25, +4.75]"), std::string::npos);
  EXPECT_NE(md.find("o_X at most 1.25 ns (97.9 %); resolving it needs about 19 processes per case (now 6)"), std::string::npos);
  EXPECT_NE(md.find("1 TiB (extrapolated from 4-64 GiB)"), std::string::npos);
  EXPECT_NE(md.find("Flavour of the running kernel: memb, CONFIG_PREEMPT_RCU=y"), std::string::npos);
}

TEST(Verdict, OneSentencePerHostAndStatedAssumptions) {
  verdict_result v = verdict({load_run(testing::testdata("run-alpha")), load_run(testing::testdata("run-beta"))});
  ASSERT_EQ(v.sentences.size(), 2u);
  EXPECT_EQ(v.sentences[1].rfind("On beta ", 0), 0u);
  std::string md = render(v.doc, format::md);
  EXPECT_NE(md.find("Model (assumptions)"), std::string::npos);
  EXPECT_NE(md.find("alpha: pmem is emulated"), std::string::npos);
  EXPECT_NE(md.find("alpha: a virtual machine"), std::string::npos);
  EXPECT_NE(md.find("alpha: hardware counters unavailable: perf_event_open"), std::string::npos);
  testing::expect_consistent_tables(md);
  testing::expect_narrow(render(v.doc, format::txt));
  testing::expect_narrow(render(verdict({load_run(testing::testdata("run-gamma"))}).doc, format::txt));
}

}  // namespace
}  // namespace pgmap::results
