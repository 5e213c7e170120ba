#include "results/summary.hpp"

#include <gtest/gtest.h>

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
  // beta's tracker is 1.5 times slower: its overhead is over beta's own none.
  EXPECT_EQ(row_of(table_named(d, "Overhead", "alpha"), "hotpath/percpu_ref-qsbr")[3], "+4 ns");
  EXPECT_EQ(row_of(table_named(d, "Overhead", "beta"), "hotpath/percpu_ref-qsbr")[3], "+16.5 ns");
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
  EXPECT_EQ(over[4], "+19.0 %");
  const auto& scale = row_of(table_named(d, "Scaling", "alpha"), "hotpath/none/pages:private/work:none/memmap:dram/arm:1");
  EXPECT_EQ(scale[3], "83.33 %");  // 1e8 / (2 x 6e7)
  const auto& sweep = row_of(table_named(d, "Removal", "alpha"), "removal/sweep/capacity_gib:4");
  EXPECT_EQ(sweep[6], "80 %");  // 4 GB/s of 5 GB/s
  EXPECT_EQ(row_of(table_named(d, "Removal", "alpha"), "removal/percpu_ref-qsbr")[6], "n/a (not a sweep)");
  EXPECT_EQ(row_of(table_named(d, "Harness", "alpha"), "hotpath/none")[3], "+2 ns");
  const auto& noise = row_of(table_named(d, "Noise", "alpha"), "hotpath/none");
  EXPECT_EQ(noise[3], "+2.4 %");
  EXPECT_EQ(noise[4], "0.6531 (normal)");  // ties: normal approximation, computed by hand
}

TEST(Summary, RendersInEveryFormat) {
  document d = summary(both_hosts());
  testing::expect_narrow(render(d, format::txt));
  testing::expect_consistent_tables(render(d, format::md));
  EXPECT_NE(render(d, format::csv).find("table,case,n,median"), std::string::npos);
}

}  // namespace
}  // namespace pgmap::results
