#include "results/tidy_csv.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "results/run_folder.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

std::string header() { return tidy_csv_text({}); }

std::string row_text(const std::string& last_cells) {
  // 47 columns: host..sweep_peer; `last_cells` fills from `counters` on.
  return "h,c,bench_hotpath,hotpath/none/threads:1,hotpath,none,1,,,,,,,,,0,100,5,5,2e8"
         ",,,,,,,,,,,,,,,,,,,," + last_cells + "\n";
}

std::string csv_error_of(const std::string& text) {
  return testing::error_text([&] { parse_tidy_csv(text, "run/tidy.csv", "run"); });
}

TEST(TidyCsv, RoundTripsTheFixture) {
  run_data run = tidy_run(testing::testdata("run-alpha"));
  std::string text = tidy_csv_text(run.rows);
  tidy_rows back = parse_tidy_csv(text, "tidy.csv", "again");
  ASSERT_EQ(back.size(), run.rows.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].cell, run.rows[i].cell);
    EXPECT_EQ(back[i].source, "again");
  }
}

TEST(TidyCsv, QuotesCommasQuotesAndNewlines) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
  tidy_row r;
  r[kind] = "bare";
  r[subject] = "atomic2";
  r[counters] = "unavailable: \"perf\" said: no, really\nno";
  tidy_rows back = parse_tidy_csv(tidy_csv_text({r}), "t", "s");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0][counters], r[counters]);
}

TEST(TidyCsv, ValidRowReads) {
  tidy_rows rows = parse_tidy_csv(header() + row_text("perf,0,0,compact,,,,,,,"), "t", "s");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number(pairs_per_s), 2e8);
  EXPECT_EQ(rows[0][counters], "perf");
}

TEST(TidyCsv, WrongFieldCountNamesTheLine) {
  std::string e = csv_error_of(header() + row_text("perf,0,0,compact,,,,,,,") + row_text("perf,0"));
  EXPECT_EQ(e, "run/tidy.csv:3: expected 50 fields, got 41");
}

TEST(TidyCsv, LineCountsQuotedLineBreaks) {
  std::string e = csv_error_of(header() + row_text("\"multi\nline\",0,0,compact,,,,,,,") + "x,y\n");
  EXPECT_EQ(e.rfind("run/tidy.csv:4: expected 50 fields", 0), 0u) << e;
}

TEST(TidyCsv, NonNumberInNumericColumn) {
  std::string text = header() + row_text("perf,0,0,compact,,,,,,,");
  text.replace(text.find(",100,"), 5, ",many,");
  EXPECT_EQ(csv_error_of(text), "run/tidy.csv:2: column iterations: 'many' is not a number");
}

TEST(TidyCsv, HeaderAndQuotingErrors) {
  EXPECT_EQ(csv_error_of(""), "run/tidy.csv:1: empty file (expected the tidy header)");
  EXPECT_EQ(csv_error_of("a,b,c\n"), "run/tidy.csv:1: not a tidy.csv header");
  std::string e = csv_error_of(header() + "\"unterminated,x\n");
  EXPECT_EQ(e.rfind("run/tidy.csv:", 0), 0u) << e;
  EXPECT_NE(e.find("malformed CSV"), std::string::npos) << e;
  e = csv_error_of(header() + "a\"b,c\n");
  EXPECT_NE(e.find("run/tidy.csv:2: malformed CSV"), std::string::npos) << e;
}

}  // namespace
}  // namespace pgmap::results
