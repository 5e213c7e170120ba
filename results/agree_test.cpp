#include "results/agree.hpp"

#include <gtest/gtest.h>

#include "results/test_support.hpp"
#include "results/verdict.hpp"

namespace pgmap::results {
namespace {

run_data gamma_run() { return load_run(testing::testdata("run-gamma")); }

TEST(Agree, ARunAgreesWithItself) {
  const run_data a = gamma_run(), b = gamma_run();
  const agreement g = agree(a, b);
  EXPECT_GT(g.rows, 0u);
  EXPECT_EQ(g.disagree, 0u);
  EXPECT_FALSE(g.headline_disagrees);
  EXPECT_EQ(g.summary, "agree: " + std::to_string(g.rows - g.not_compared) + " of " + std::to_string(g.rows) +
                           " verdict rows agree, 0 disagree" +
                           (g.not_compared ? ", " + std::to_string(g.not_compared) + " not compared" : "") + ".");
}

// percpu_ref-memb 20 ns dearer per pair in B: o_X 4 against 24 ns, far
// beyond the resolutions; its rows disagree, the headline among them.
TEST(Agree, AShiftedTrackerDisagreesAndTheHeadlineSaysSo) {
  const run_data a = gamma_run();
  run_data b = gamma_run();
  for (tidy_row& r : b.rows)
    if (r[kind] == "hotpath" && r[subject] == "percpu_ref-memb")
      r[ns_per_pair] = exact_number(*r.number(ns_per_pair) + 20);
  const agreement g = agree(a, b);
  EXPECT_TRUE(g.headline_disagrees);
  EXPECT_TRUE(g.summary.starts_with("DISAGREE: ")) << g.summary;
  std::size_t memb = 0;
  for (const auto& row : g.doc.tables.at(0).rows) {
    const bool shifted = row[0].starts_with("percpu_ref-memb");
    EXPECT_EQ(row[7].starts_with("NO: o_X +4 against +24 ns"), shifted) << row[0] << ": " << row[7];
    memb += shifted;
  }
  EXPECT_EQ(g.disagree, memb);
  // Within the resolutions: 0.5 ns more is no disagreement.
  run_data c = gamma_run();
  for (tidy_row& r : c.rows)
    if (r[kind] == "hotpath" && r[subject] == "percpu_ref-memb")
      r[ns_per_pair] = exact_number(*r.number(ns_per_pair) + 0.5);
  EXPECT_EQ(agree(a, c).disagree, 0u);
}

TEST(Agree, NoRowInCommonIsAnError) {
  const run_data a = gamma_run();
  run_data b = gamma_run();
  std::erase_if(b.rows, [](const tidy_row& r) { return r[kind] == "hotpath"; });
  EXPECT_THROW(agree(a, b), pgmap::nothing_to_do);
}

}  // namespace
}  // namespace pgmap::results
