#include "results/compare.hpp"

#include <gtest/gtest.h>

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

const std::vector<std::string>& metric_row(const document& d, const std::string& metric) {
  for (const auto& r : d.tables.at(0).rows)
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
  EXPECT_EQ(ns[7], "0.007937 (exact) *");  // 2 / C(10, 5)
  const auto& cyc = metric_row(d, "ctr_cycles");  // counters too, not only times
  EXPECT_EQ(cyc[4], "0");
  EXPECT_EQ(cyc[7], "1 (normal approx.)");  // identical samples: all tied
}

TEST(Compare, OneRepetitionCannotBeTested) {
  document d = compare(synthetic("a", {10}, {}), synthetic("b", {20}, {}));
  EXPECT_EQ(metric_row(d, "ns_per_pair")[7], "n/a (test cannot run: needs 2 repetitions each)");
  EXPECT_EQ(metric_row(d, "ns_per_pair")[6], "n/a (needs 3 repetitions each)");
}

TEST(Compare, TwoHostsMatchOnParameters) {
  document d = compare(load_run(testing::testdata("run-alpha")), load_run(testing::testdata("run-beta")));
  bool found = false;
  for (const auto& r : d.tables.at(0).rows)
    if (r[0].rfind("hotpath/percpu_ref-qsbr", 0) == 0 && r[1] == "ns_per_pair") {
      found = true;
      EXPECT_EQ(r[5], "+50.0 %");
      EXPECT_EQ(r[7], "0.1 (exact)");  // 3 vs 3 fully apart: the smallest p there is
    }
  EXPECT_TRUE(found);
  testing::expect_narrow(render(d, format::txt));
  testing::expect_consistent_tables(render(d, format::md));
}

}  // namespace
}  // namespace pgmap::results
