#include "results/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <tuple>

#include "results/case_stats.hpp"
#include "results/detectable.hpp"
#include "results/numbers.hpp"
#include "results/report_checks.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

// A run of one hot-path case with the given repetitions.
run_data synthetic(const std::string& h, const std::vector<double>& ns,
                   const std::vector<double>& cycles) {
  run_data run;
  run.path = h;
  for (std::size_t i = 0; i < ns.size(); ++i) {
    tidy_row r;
    r[host] = h;
    r[case_name] = "hotpath/bulk/threads:1";
    r[kind] = "hotpath";
    r[subject] = "bulk";
    r[threads] = "1";
    r[repetition] = std::to_string(i);
    r[ns_per_pair] = exact_number(ns[i]);
    if (i < cycles.size()) r[ctr_cycles] = exact_number(cycles[i]);
    r.source = h;
    run.rows.push_back(r);
  }
  return run;
}

// The second table: every case and metric.
const std::vector<std::string>& metric_row(const document& d, const std::string& metric) {
  for (const auto& r : d.tables.at(1).rows)
    if (r[1] == metric) return r;
  throw std::runtime_error("no metric " + metric);
}

TEST(Compare, SignificantChangeIsMarked) {
  document d = compare(synthetic("a", {10, 11, 12, 13, 14}, {30, 31, 32, 33, 34}),
                       synthetic("b", {20, 21, 22, 23, 24}, {30, 31, 32, 33, 34}));
  const auto& ns = metric_row(d, "ns_per_pair");
  EXPECT_EQ(ns[2], "12 ns/pair");
  EXPECT_EQ(ns[3], "22 ns/pair");
  EXPECT_EQ(ns[4], "+10");
  EXPECT_EQ(ns[5], "+83.3 %");
  // The shift's interval with the level it has at five processes each.
  const auto hl = hodges_lehmann({10, 11, 12, 13, 14}, {20, 21, 22, 23, 24});
  EXPECT_EQ(ns[6], "[" + signed_num(hl->ci->lo) + ", " + signed_num(hl->ci->hi) + "; " +
                       level_text(hl->ci->coverage) + "]");
  EXPECT_EQ(ns[7], "0.007937 (exact)");  // 2 / C(10, 5)
  EXPECT_EQ(ns[8], "0.007937");            // a family of one: q = p
  const auto& cyc = metric_row(d, "ctr_cycles");  // counters too, not only times
  EXPECT_EQ(cyc[4], "|change| at most 3");  // not a change: bounded by its interval, never signed
  EXPECT_EQ(cyc[5], "|change| at most 9.375 %");  // 3 of A's 32
  EXPECT_EQ(cyc[7], "1 (normal)");  // identical samples: all tied
  EXPECT_EQ(cyc[8], "-");           // not the case's own figure: not in the family
  // The first table: what changed, with the correction named.
  const table& changed = d.tables.at(0);
  EXPECT_NE(changed.title.find("Benjamini-Hochberg"), std::string::npos);
  ASSERT_EQ(changed.rows.size(), 1u);
  EXPECT_EQ(changed.rows[0][0], "hotpath/bulk/threads:1");
}

// Adds `none` arms 1 and 2 (A/A) at the bulk case's setting.
void add_aa(run_data& run, double arm1, double arm2) {
  for (int a = 1; a <= 2; ++a)
    for (int i = 0; i < 5; ++i) {
      tidy_row r = run.rows.front();
      r[case_name] = "hotpath/none/arm:" + std::to_string(a) + "/threads:1";
      r[subject] = "none";
      r[arm] = std::to_string(a);
      r[baseline] = "true";
      r[ns_per_pair] = exact_number((a == 1 ? arm1 : arm2) + i * 0.01);
      run.rows.push_back(r);
    }
}

TEST(Compare, ChangeWithinTheResolutionIsNotAChange) {
  run_data a = synthetic("a", {10, 10.1, 10.2, 10.3, 10.4}, {}),
           b = synthetic("b", {11, 11.1, 11.2, 11.3, 11.4}, {});
  add_aa(a, 10, 10.5);
  add_aa(b, 10, 12);  // B's arms differ by 2 ns: a 1 ns change is within that
  comparison c = compare_runs(a, b);
  auto bulk = std::find_if(c.rows.begin(), c.rows.end(), [](const compare_row& r) {
    return (*r.params)[subject] == "bulk" && r.metric == ns_per_pair;
  });
  ASSERT_NE(bulk, c.rows.end());
  ASSERT_TRUE(bulk->q && bulk->resolution);
  EXPECT_LT(*bulk->q, significance);        // the test alone would call it a change
  EXPECT_DOUBLE_EQ(*bulk->resolution, 2);   // the larger A/A difference
  EXPECT_FALSE(bulk->changed);
  document d = compare(a, b);
  EXPECT_TRUE(d.tables.at(0).rows.empty());
  // Within the resolution: a bound of at least the resolution, never "+1".
  EXPECT_EQ(metric_row(d, "ns_per_pair")[4].rfind("|change| at most ", 0), 0u) << metric_row(d, "ns_per_pair")[4];
}

// Runs of `cases` hot-path cases, `n` processes each, values 100 + normal
// noise of sd 1 from `seed`; case `shifted` moved by `shift`.
run_data noisy(const std::string& h, std::size_t cases, std::size_t n, std::uint64_t seed,
               std::size_t shifted = 0, double shift = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z;
  run_data run;
  run.path = h;
  for (std::size_t c = 0; c < cases; ++c)
    for (std::size_t i = 0; i < n; ++i) {
      tidy_row r;
      r[host] = h;
      r[case_name] = "hotpath/bulk/threads:" + std::to_string(c + 1);
      r[kind] = "hotpath";
      r[subject] = "bulk";
      r[threads] = std::to_string(c + 1);
      r[repetition] = std::to_string(i);
      r[ns_per_pair] = exact_number(100 + z(rng) + (c == shifted ? shift : 0));
      r.source = h;
      run.rows.push_back(r);
    }
  return run;
}

// Each row says the smallest change it could flag alone; where the family
// asks for a p the processes cannot give, it says none, and the summary
// line says so.
TEST(Compare, SaysWhatItCouldSee) {
  const run_data a = synthetic("a", {10, 11, 12, 13, 14}, {}), b = synthetic("b", {20, 21, 22, 23, 24}, {});
  const comparison c = compare_runs(a, b);
  ASSERT_EQ(c.family, 1u);
  const compare_row& r = c.rows.front();
  ASSERT_TRUE(r.detectable);
  // A family of one: p < 0.05; the spread 1.4826 x the median deviation, 1.
  EXPECT_NEAR(*r.detectable, *detectable_shift_sd(5, 5, 0.05) * 1.4826, 1e-9);
  ASSERT_TRUE(r.detectable_doubled);
  EXPECT_LT(*r.detectable_doubled, *r.detectable);
  const document d = compare(a, b);
  // With the advice: what twice the processes would see.
  EXPECT_EQ(metric_row(d, "ns_per_pair")[9],
            with_unit(*r.detectable, ns_per_pair) + "; " + num(*r.detectable_doubled) + " at 10+10 processes");
  EXPECT_NE(d.tables.at(0).notes.back().find("a change alone is flagged 80 % of the time from a median of"),
            std::string::npos)
      << d.tables.at(0).notes.back();
  // 30 cases of 5 processes: a change alone needs p < 0.05 / 30, and five
  // against five give no less than 2 / 252.
  const document none = compare(noisy("a", 30, 5, 1), noisy("b", 30, 5, 2));
  const std::string& cell = metric_row(none, "ns_per_pair")[9];
  EXPECT_EQ(cell.rfind("none alone at 5+5; ", 0), 0u) << cell;  // but twice as many processes could
  EXPECT_TRUE(cell.ends_with(" at 10+10 processes")) << cell;
  EXPECT_NE(none.tables.at(0).notes.back().find("With 5 and 5 processes per case the U test gives p >= 0.007937: "
                                                "no change can be flagged alone, however large"),
            std::string::npos)
      << none.tables.at(0).notes.back();
}

// A shift planted in one case at three times what that case could see is
// flagged, and no other case is.
TEST(Compare, FlagsAPlantedShiftAndNothingElse) {
  const run_data a = noisy("a", 10, 9, 11), b_same = noisy("b", 10, 9, 12);  // outlive the comparisons
  const comparison aa = compare_runs(a, b_same);
  EXPECT_TRUE(std::none_of(aa.rows.begin(), aa.rows.end(), [](const compare_row& r) { return r.changed; }));
  const auto fourth = [](const compare_row& r) { return (*r.params)[threads] == "4"; };  // case 3
  const auto in_aa = std::find_if(aa.rows.begin(), aa.rows.end(), fourth);
  ASSERT_NE(in_aa, aa.rows.end());
  ASSERT_TRUE(in_aa->detectable);
  const run_data b = noisy("b", 10, 9, 12, 3, 3 * *in_aa->detectable);
  const comparison ab = compare_runs(a, b);
  ASSERT_EQ(ab.rows.size(), 10u);
  for (const compare_row& r : ab.rows) EXPECT_EQ(r.changed, fourth(r)) << display_name(*r.params);
}

// A run whose processes each measured none (both arms) and bulk: every
// process is slower or faster as a whole (sd 5 ns), bulk costs `overhead`
// more than none in it (sd 0.05 ns).
run_data shared_processes(const std::string& h, std::uint64_t seed, double overhead) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z;
  run_data run;
  run.path = h;
  for (int p = 0; p < 9; ++p) {
    const double whole = 100 + 5 * z(rng);
    for (const auto& [name, a, ns] : {std::tuple{"none", "1", whole}, std::tuple{"none", "2", whole + 0.05 * z(rng)},
                                      std::tuple{"bulk", "", whole + overhead + 0.05 * z(rng)}}) {
      tidy_row r;
      r[host] = h;
      r[case_name] = std::string("hotpath/") + name + "/threads:1";
      r[kind] = "hotpath";
      r[subject] = name;
      r[threads] = "1";
      r[arm] = a;
      r[baseline] = std::string(name) == "none" ? "true" : "false";
      r[process] = std::to_string(p);
      r[repetition] = std::to_string(p);
      r[ns_per_pair] = exact_number(ns);
      r.source = h;
      run.rows.push_back(r);
    }
  }
  return run;
}

// Where a tracker shared its processes with none, a change of its cost hidden
// by whole-process noise is seen on its per-process overhead; its ns_per_pair
// itself is no longer tested.
TEST(Compare, TrackersBesideTheirBaselineAreTestedOnTheirOverhead) {
  const run_data a = shared_processes("a", 1, 2), b = shared_processes("b", 2, 2.5);
  const comparison c = compare_runs(a, b);
  const auto bulk = [&](const std::string& minus) {
    return std::find_if(c.rows.begin(), c.rows.end(), [&](const compare_row& r) {
      return (*r.params)[subject] == "bulk" && r.metric == ns_per_pair && r.minus == minus;
    });
  };
  ASSERT_NE(bulk("none"), c.rows.end());
  ASSERT_NE(bulk(""), c.rows.end());
  EXPECT_TRUE(bulk("none")->changed);
  EXPECT_NEAR(bulk("none")->b - bulk("none")->a, 0.5, 0.1);
  EXPECT_FALSE(bulk("")->judged);  // whole-process noise: not the test
  EXPECT_GT(bulk("")->u->p, 0.01);
  EXPECT_EQ(c.family, 3u);  // none's arms, and bulk's overhead
  const document d = compare(a, b);
  ASSERT_EQ(d.tables.at(0).rows.size(), 1u);
  EXPECT_EQ(d.tables.at(0).rows[0][1], "ns_per_pair - none");
  EXPECT_EQ(metric_row(d, "ns_per_pair - none")[0], "hotpath/bulk/threads:1");
  // Unchanged (the same overhead, other process noise): nothing flagged.
  const run_data b_same = shared_processes("b", 2, 2);
  const comparison same = compare_runs(a, b_same);
  EXPECT_TRUE(std::none_of(same.rows.begin(), same.rows.end(), [](const compare_row& r) { return r.changed; }));
}

TEST(Compare, CsvIsOneTidyTable) {
  const run_data a = load_run(testing::testdata("run-alpha")), b = load_run(testing::testdata("run-beta"));
  comparison c = compare_runs(a, b);
  std::istringstream in(compare_csv(c));
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("label_a,label_b,case,kind,subject,", 0), 0u) << header;
  EXPECT_NE(header.find(",metric,minus,unit,median_a,median_b,change,change_pct,"), std::string::npos);
  auto fields = [](const std::string& l) { return std::count(l.begin(), l.end(), ',') + 1; };
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    EXPECT_EQ(fields(line), fields(header)) << line;  // no commas inside cells here
    EXPECT_EQ(line.find(" ns"), std::string::npos) << line;  // units in the header, not in cells
    EXPECT_EQ(line.find("n/a"), std::string::npos) << line;  // missing is empty
  }
  EXPECT_EQ(rows, c.rows.size());
  EXPECT_GT(rows, 0u);
}

TEST(Compare, OneRepetitionCannotBeTested) {
  document d = compare(synthetic("a", {10}, {}), synthetic("b", {20}, {}));
  EXPECT_EQ(metric_row(d, "ns_per_pair")[7], "n/a (needs 2 repetitions each)");
  EXPECT_EQ(metric_row(d, "ns_per_pair")[6], "n/a (needs 4 processes each)");
}

TEST(Compare, TwoHostsMatchOnParameters) {
  document d = compare(load_run(testing::testdata("run-alpha")), load_run(testing::testdata("run-beta")));
  bool found = false;
  for (const auto& r : d.tables.at(1).rows)
    if (r[0].rfind("hotpath/percpu_ref-qsbr", 0) == 0 && r[1] == "ns_per_pair") {
      found = true;
      // +50 %, but p = 0.1 does not count; three processes each give no
      // interval with a known level, so not even a bound.
      EXPECT_EQ(r[5], "n/a (no interval)");
      EXPECT_EQ(r[7], "0.1 (exact)");  // 3 vs 3 fully apart: the smallest p there is
    }
  EXPECT_TRUE(found);
  testing::expect_narrow(render(d, format::txt));
  testing::expect_consistent_tables(render(d, format::md));
}

}  // namespace
}  // namespace pgmap::results
