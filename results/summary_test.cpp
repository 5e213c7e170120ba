#include "results/summary.hpp"

#include <gtest/gtest.h>

#include "results/case_stats.hpp"
#include "results/report_checks.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

std::vector<run_data> both_hosts() {
  return {load_run(testing::testdata("run-alpha")), load_run(testing::testdata("run-beta"))};
}

const table& table_named(const document& d, const std::string& prefix, const std::string& host) {
  for (const table& t : d.tables)
    if (t.title.rfind(prefix, 0) == 0 && t.title.find(host) != std::string::npos) return t;
  throw std::runtime_error("no table " + prefix);
}

const std::vector<std::string>& row_of(const table& t, const std::string& case_prefix) {
  for (const auto& r : t.rows)
    if (r[0].rfind(case_prefix, 0) == 0) return r;
  throw std::runtime_error("no row " + case_prefix + " in " + t.title);
}

TEST(Summary, MergesTwoHostsKeepingEachApart) {
  document d = summary(both_hosts());
  ASSERT_EQ(d.tables.size(), 12u);
  ASSERT_EQ(d.heading.size(), 4u);
  EXPECT_NE(d.heading[0].find("alpha"), std::string::npos);
  EXPECT_NE(d.heading[0].find("AMD EPYC 7B13 (VM), 1 socket, 2 PUs, pmem: emulated"), std::string::npos);
  EXPECT_NE(d.heading[2].find("beta"), std::string::npos);
  EXPECT_EQ(d.heading[3], "suite commit: fedcba9876543210fedcba9876543210fedcba98");
  // Three processes per arm give no A/A interval: no overhead is resolved.
  EXPECT_EQ(row_of(table_named(d, "Overhead", "alpha"), "hotpath/percpu_ref-qsbr")[3],
            "not resolved: n/a (A/A arms need 4 processes each)");
  EXPECT_EQ(row_of(table_named(d, "Overhead", "alpha"), "hotpath/percpu_ref-qsbr")[4],
            "n/a (needs 4 processes each)");
}

TEST(Summary, FiguresComputedByHand) {
  document d = summary(both_hosts());
  const auto& cases = row_of(table_named(d, "Cases", "alpha"), "hotpath/percpu_ref-qsbr");
  EXPECT_EQ(cases[1], "3");
  EXPECT_EQ(cases[2], "25 ns/pair");
  EXPECT_EQ(cases[3], "n/a (n=3, needs 6 repetitions)");
  EXPECT_EQ(cases[4], "4 %");  // sd 1 / mean 25
  const auto& over = row_of(table_named(d, "Overhead", "alpha"), "hotpath/percpu_ref-qsbr");
  EXPECT_EQ(over[1], "21 ns/pair");
  const auto& scale = row_of(table_named(d, "Scaling", "alpha"), "hotpath/none/pages:private/work:none/memmap:dram/arm:1");
  EXPECT_EQ(scale[3], "83.33 %");  // 1e8 / (2 x 6e7)
  const auto& sweep = row_of(table_named(d, "Removal", "alpha"), "removal/sweep/capacity_gib:4");
  EXPECT_EQ(sweep[6], "80 %");  // 4 GB/s of 5 GB/s
  EXPECT_EQ(row_of(table_named(d, "Removal", "alpha"), "removal/percpu_ref-qsbr")[6], "n/a (not a sweep)");
  // none - bare = +2 ns from 3 processes each: no interval, so not a signed figure.
  EXPECT_EQ(row_of(table_named(d, "Harness", "alpha"), "hotpath/none")[3],
            "not resolved: n/a (needs 4 processes each)");
  const auto& aa = row_of(table_named(d, "A/A", "alpha"), "threads:2/pages:private");
  // Differences of {21, 21.5, 22} - {20, 21, 22}: median +0.5, but no interval at 3.
  EXPECT_EQ(aa[4], "not resolved: n/a (A/A arms need 4 processes each)");
  EXPECT_EQ(aa[7], "n/a (A/A arms need 4 processes each)");
}

// run-gamma, by hand: six processes per case; none arm 1 = 20, 20.25, ...,
// 21.25; arm 2 = arm 1 + 0.125. The 36 differences are 0.125 + 0.25 (j - i);
// with k = 6 (see stats_test) the interval is [0.125 - 0.75, 0.125 + 0.75].
TEST(Summary, AaCheckAndResolutionByHand) {
  document d = summary({load_run(testing::testdata("run-gamma"))});
  const auto& aa = row_of(table_named(d, "A/A", "gamma"), "threads:2/pages:private/work:none/memmap:dram");
  EXPECT_EQ(aa[1], "6+6");
  EXPECT_EQ(aa[4], "at most 0.875 ns apart");  // +0.125, inside its own interval: a bound
  EXPECT_EQ(aa[5], "[-0.625, +0.875] unpaired");  // the fixture has no process ids
  EXPECT_EQ(aa[6], "no");
  EXPECT_EQ(aa[7], "0.875 ns");  // resolution: the larger |bound|
}

// The rule: an overhead within the resolution is a bound, "at most B ns (L)",
// never a signed figure or percentage; beyond it, the shift and its share.
TEST(Summary, OverheadWithinResolutionIsNeverASignedPercentage) {
  std::vector<run_data> runs = {load_run(testing::testdata("run-gamma"))};
  const table over = table_named(summary(runs), "Overhead", "gamma");
  // percpu_ref-qsbr: + 0.5 ns, interval [-0.25, +1.25] (95.8 %, Mann-Whitney
  // at 6 + 6), resolution 0.875: at most 1.25, the upper end's one-sided
  // level (1 + 0.958) / 2. sweep: [-0.75, +0.75], at most the resolution.
  EXPECT_EQ(row_of(over, "hotpath/percpu_ref-qsbr")[3], "at most 1.25 ns (97.9 %)");
  EXPECT_EQ(row_of(over, "hotpath/sweep/")[3], "at most 0.875 ns (97.9 %)");
  for (const auto& r : over.rows) {
    if (r[0].starts_with("hotpath/percpu_ref-qsbr") || r[0].starts_with("hotpath/sweep")) {
      EXPECT_TRUE(r[3].starts_with("at most ")) << r[0] << ": " << r[3];
    }
  }
  EXPECT_EQ(row_of(over, "hotpath/percpu_ref-qsbr")[4], "[-0.25, +1.25] unpaired");
  // percpu_ref-memb: + 4 ns, [3.25, 4.75]: 4 / 20.625 of none.
  EXPECT_EQ(row_of(over, "hotpath/percpu_ref-memb")[3], "+4 ns (+19.4 %)");
  // atomic: - 2 ns, [-2.75, -1.25]: resolved below none, and shown as such.
  EXPECT_EQ(row_of(over, "hotpath/atomic")[3], "-2 ns (-9.7 %)");
  const table end = short_summary(runs).tables.front();
  for (const auto& r : end.rows) {
    if (r[0] == "percpu_ref-qsbr") {
      EXPECT_EQ(r[4], "at most 1.25 ns (97.9 %)");
    } else if (r[0] == "percpu_ref-memb") {
      EXPECT_EQ(r[4], "+4 ns (+19.4 %)");
    }
  }
}

// Cases of order 9 beside order 0: each its own row, named by its order, and
// no sweep efficiency against a limit that reads every line.
TEST(Summary, KeepsFolioOrdersApart) {
  const std::vector<run_data> runs = {testing::with_folio_order_copies(load_run(testing::testdata("run-gamma")), "9")};
  const document end = short_summary(runs);
  std::size_t hot = 0, removal = 0;
  for (const auto& r : end.tables.at(0).rows) hot += r[0].ends_with(" (folio order 9)");
  for (const auto& r : end.tables.at(1).rows) {
    if (!r[0].ends_with(" (folio order 9)")) continue;
    ++removal;
    if (r[0].starts_with("sweep")) {
      EXPECT_EQ(r[4], "n/a (folios)");
    }
  }
  EXPECT_EQ(2 * hot, end.tables.at(0).rows.size());
  EXPECT_EQ(2 * removal, end.tables.at(1).rows.size());
  std::size_t sweeps = 0;
  for (const table& t : summary(runs).tables) {
    if (!t.title.starts_with("Removal")) continue;
    for (const auto& r : t.rows) {
      if (!r[0].starts_with("removal/sweep") || r[0].find("folio_order:9") == std::string::npos) continue;
      ++sweeps;
      EXPECT_EQ(r[6], "n/a (reads 2 lines per folio, the limit every line)");
    }
  }
  EXPECT_GT(sweeps, 0u);
}

// A process's rounds around its value: 1 % away in two of three rounds
// gives "within 1 %"; runs without rounds get no such table.
TEST(Summary, RoundsWithinProcessesAgainstBetween) {
  run_data run = load_run(testing::testdata("run-gamma"));
  auto has_rounds_table = [](const document& d) {
    for (const table& t : d.tables)
      if (t.title.starts_with("Rounds within processes")) return &t;
    return static_cast<const table*>(nullptr);
  };
  EXPECT_EQ(has_rounds_table(summary({run})), nullptr);
  tidy_rows with_rounds;
  for (const tidy_row& r : run.rows) {
    if (r[kind] != "hotpath") continue;
    const double v = *r.number(ns_per_pair);
    for (int k = 0; k < 3; ++k) {
      tidy_row x = r;
      x[round] = std::to_string(k);
      x[ns_per_pair] = exact_number(v * (k == 0 ? 1 : k == 1 ? 1.01 : 0.99));
      with_rounds.push_back(x);
    }
  }
  run.rows = with_rounds;
  const document d = summary({run});
  const table* t = has_rounds_table(d);
  ASSERT_NE(t, nullptr);
  ASSERT_FALSE(t->rows.empty());
  EXPECT_EQ(t->rows[0][1], "6 x 3");
  EXPECT_EQ(t->rows[0][2], "1 %");
  // The processes' values are their rounds' medians: the cases table is unchanged.
  const document before = summary({load_run(testing::testdata("run-gamma"))});
  EXPECT_EQ(row_of(before.tables[0], "hotpath/"), row_of(d.tables[0], "hotpath/"));
}

// Two cases of one setting, measured together in six processes, ns per pair.
// A 1-thread hot-path row of `who` in repetition p (process 100 + p).
tidy_row row_in_process(const char* who, int p, bool with_id, double ns) {
  tidy_row r;
  r.source = "run";
  r[host] = "h";
  r[kind] = "hotpath";
  r[subject] = who;
  r[threads] = "1";
  r[repetition] = std::to_string(p);
  if (with_id) r[process] = std::to_string(100 + p);
  r[ns_per_pair] = exact_number(ns);
  return r;
}

tidy_rows two_cases_in_six_processes(bool with_ids) {
  const double none_ns[] = {10.0, 10.3, 9.8, 10.1, 10.6, 9.9};
  const double over_ns[] = {2.0, 2.2, 1.9, 2.1, 2.05, 1.95};  // atomic - none, per process
  tidy_rows rows;
  for (int p = 0; p < 6; ++p)
    for (const char* who : {"none", "atomic"})
      rows.push_back(row_in_process(who, p, with_ids, none_ns[p] + (who[0] == 'a' ? over_ns[p] : 0)));
  return rows;
}

// Every case of process 2 slowed by 20 % of none (a busy neighbour for the
// whole process): the paired interval does not move, the unpaired one does.
TEST(Summary, PairedDifferenceIgnoresAProcessWideSlowdown) {
  auto interval_of = [](const tidy_rows& rows) {
    std::vector<case_samples> cases = group_cases(rows);
    auto d = difference(cases[0], cases[1], ns_per_pair);
    EXPECT_TRUE(d && d->ci);
    return std::pair{d->ci->lo, d->ci->hi};
  };
  auto slowed = [](tidy_rows rows) {
    for (tidy_row& r : rows)
      if (r[repetition] == "2") r[ns_per_pair] = exact_number(*r.number(ns_per_pair) + 2.0);
    return rows;
  };
  auto expect_near = [](std::pair<double, double> a, std::pair<double, double> b, double tol) {
    EXPECT_NEAR(a.first, b.first, tol);
    EXPECT_NEAR(a.second, b.second, tol);
  };
  const tidy_rows paired = two_cases_in_six_processes(true);
  expect_near(interval_of(paired), {1.9, 2.2}, 1e-9);  // n = 6: [min, max] of the differences
  expect_near(interval_of(slowed(paired)), interval_of(paired), 1e-9);
  const tidy_rows unpaired = two_cases_in_six_processes(false);
  const auto before = interval_of(unpaired), after = interval_of(slowed(unpaired));
  EXPECT_GT(after.second - after.first, 1.5 * (before.second - before.first));  // 1.5 vs 0.95 ns
}

// Rounds pair too: in six processes of three rounds each, atomic - none is
// {2.0, 2.3, 1.8} + p/100 ns round by round. A slowdown of round 0 (both
// cases, every process: the host was busy while it ran) leaves the per-round
// differences, and so the interval, where they were; the process values'
// difference would move to the 2.3 round's.
TEST(Summary, PairedDifferenceIgnoresARoundWideSlowdown) {
  const double none_ns[] = {10.0, 10.1, 9.9}, over_ns[] = {2.0, 2.3, 1.8};
  auto rows_with = [&](double round0_slowdown) {
    tidy_rows rows;
    for (int p = 0; p < 6; ++p)
      for (int r = 0; r < 3; ++r)
        for (const char* who : {"none", "atomic"}) {
          const double slow = r == 0 ? round0_slowdown : 0;
          rows.push_back(row_in_process(
              who, p, true, none_ns[r] + p + slow + (who[0] == 'a' ? over_ns[r] + p / 100.0 : 0)));
          rows.back()[round] = std::to_string(r);
        }
    return rows;
  };
  for (double slow : {0.0, 5.0}) {
    const tidy_rows rows = rows_with(slow);
    std::vector<case_samples> cases = group_cases(rows);
    auto d = difference(cases[0], cases[1], ns_per_pair);
    ASSERT_TRUE(d && d->ci && d->paired) << slow;
    EXPECT_NEAR(d->ci->lo, 2.0, 1e-9) << slow;
    EXPECT_NEAR(d->ci->hi, 2.05, 1e-9) << slow;
  }
}

// Rounds pair one to one or not at all: a round id seen twice (a damaged
// file) falls back to the process values' difference, 13 - 12, rather than
// pairing two rounds of one case with one of the other.
TEST(Summary, RoundsThatDoNotPairOneToOneAreNotPaired) {
  tidy_rows rows;
  for (int p = 0; p < 6; ++p) {
    const double none_ns[] = {10, 20, 12}, atomic_ns[] = {12, 13, 15};
    const char* ids[] = {"0", "0", "1"};
    for (int r = 0; r < 3; ++r) {
      rows.push_back(row_in_process("none", p, true, none_ns[r]));
      rows.back()[round] = ids[r];
      rows.push_back(row_in_process("atomic", p, true, atomic_ns[r]));
      rows.back()[round] = ids[r];
    }
  }
  std::vector<case_samples> cases = group_cases(rows);
  auto d = difference(cases[0], cases[1], ns_per_pair);
  ASSERT_TRUE(d && d->paired);
  EXPECT_DOUBLE_EQ(d->estimate, 1);
}

// run-delta: run-gamma's cases as the suite writes them, each entry stamped
// with its process (seed 1000 + repetition), every case of process p moved by
// {0, +3, -1, +2, +5, -2} ns, arm 2 by 0.125 + {.05, -.1, 0, .1, -.05, .02}
// over arm 1, percpu_ref-memb by 4 + {-.1, .3, 0, -.2, .1, .2} over none. By
// hand, paired: A/A [0.025, 0.225] (median 0.135), memb [3.8, 4.3] (4.05):
// the process moves cancel; unpaired they would swamp both.
TEST(Summary, PairsByProcessFromTheSuitesJson) {
  run_data run = load_run(testing::testdata("run-delta"));
  const document d = summary({run});
  const auto& aa = row_of(table_named(d, "A/A", "delta"), "threads:2/pages:private/work:none/memmap:dram");
  EXPECT_EQ(table_named(d, "A/A", "delta").columns[5], "96.8 % CI (ns)");
  EXPECT_EQ(aa[1], "6 pairs");
  EXPECT_EQ(aa[4], "+0.135 ns");
  EXPECT_EQ(aa[5], "[+0.025, +0.225]");
  EXPECT_EQ(aa[7], "0.225 ns");
  // Six differences of sd 0.0712 ns: each above 0 with Phi(0.225 / 0.0712) =
  // 0.99921 at a true shift of 0.225 ns, all six with 0.9953: "99 %".
  EXPECT_EQ(aa[8], "99 %");
  const auto& memb = row_of(table_named(d, "Overhead", "delta"), "hotpath/percpu_ref-memb");
  EXPECT_EQ(memb[3], "+4.05 ns (+18.9 %)");
  EXPECT_EQ(memb[4], "[+3.8, +4.3]");
  for (tidy_row& r : run.rows) r[process].clear();  // the same values, processes unknown
  const document unpaired = summary({run});
  EXPECT_EQ(row_of(table_named(unpaired, "A/A", "delta"), "threads:2/pages:private/work:none/memmap:dram")[1],
            "6+6");
  EXPECT_EQ(row_of(table_named(unpaired, "Overhead", "delta"), "hotpath/percpu_ref-memb")[4],
            "[+0.55, +7.55] unpaired");  // 14 times as wide
}

// A column's header names its intervals' level; mixed levels, the lowest
// with ">=" (never a level some cell does not have); none, no level.
TEST(Summary, IntervalColumnNamesTheLevelItsCellsHave) {
  ci_levels same, mixed, none;
  same.add(interval{0, 1, 0.96875});
  same.add(interval{0, 1, 0.96875});
  mixed.add(interval{0, 1, 0.9921875});
  mixed.add(interval{0, 1, 0.875});
  none.add(std::nullopt);
  EXPECT_EQ(same.header("ns"), "96.8 % CI (ns)");
  EXPECT_EQ(mixed.header(), ">= 87.5 % CI");
  EXPECT_EQ(none.header("ns"), "CI (ns)");
}

TEST(Summary, RendersInEveryFormat) {
  document d = summary(both_hosts());
  testing::expect_narrow(render(d, format::txt));
  testing::expect_consistent_tables(render(d, format::md));
  EXPECT_NE(render(d, format::csv).find("table,case,n,median"), std::string::npos);
}

}  // namespace
}  // namespace pgmap::results
