#include "results/tidy_csv.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/error.hpp"
#include "results/run_folder.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

std::string header() { return tidy_csv_text({}); }

std::string row_text(const std::string& last_cells) {
  // 62 columns: host..sweep_peer; `last_cells` fills from `counters` on.
  return "h,c,bench_hotpath,hotpath/none/threads:1,hotpath,none,1,,,,,,,,,,,0,,,,,100,5,5,2e8"
         ",,,,,,,,,,,,,,,,,,,,,,,,,," + last_cells + "\n";
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

// A file from before some columns existed (here: the removal percentiles,
// the percpu path and the traits), its columns in another order: it reads,
// the missing cells empty, and is written back with every column.
TEST(TidyCsv, ReadsOlderHeadersAndWritesTheNewest) {
  const run_data run = tidy_run(testing::testdata("run-gamma"));
  const std::string now = tidy_csv_text(run.rows);
  const std::vector<col> older = {subject, kind, host, commit, binary, case_name, threads, pages,
                                  work, memmap, arm, capacity_gib, in_use_pct, hold_us, sweepers,
                                  repetition, iterations, real_time_ns, ns_per_pair, pairs_per_s,
                                  latency_ns, read_gbps, grace_ns, counters, pus};
  std::string text;
  for (std::size_t i = 0; i < older.size(); ++i) text += (i ? "," : "") + std::string(column_names[older[i]]);
  text += '\n';
  for (const tidy_row& r : run.rows) {
    for (std::size_t i = 0; i < older.size(); ++i) text += (i ? "," : "") + csv_field(r[older[i]]);
    text += '\n';
  }
  const tidy_rows back = parse_tidy_csv(text, "old/tidy.csv", "old");
  ASSERT_EQ(back.size(), run.rows.size());
  for (std::size_t i = 0; i < back.size(); ++i)
    for (std::size_t c = 0; c < column_count; ++c) {
      const bool kept = std::find(older.begin(), older.end(), static_cast<col>(c)) != older.end();
      // folio_order reads as 0 where the kind has folios, sockets as 1 on
      // the hot path, as the names say.
      EXPECT_EQ(back[i].cell[c], kept || c == folio_order || c == sockets ? run.rows[i].cell[c] : "")
          << column_names[c];
    }
  EXPECT_EQ(tidy_csv_text(back).substr(0, now.find('\n')), now.substr(0, now.find('\n')));
  EXPECT_EQ(back[0][latency_p50_ns], "");
  for (const tidy_row& r : back)
    EXPECT_EQ(r[folio_order], r[kind] == "hotpath" || r[kind] == "removal" ? "0" : "") << r[case_name];
  // The committed reference run reads with the header it was written with.
  EXPECT_FALSE(read_tidy_csv(testing::source_path("results/reference/vm/tidy.csv"), "ref").empty());
}

TEST(TidyCsv, QuotesCommasQuotesAndNewlines) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
  tidy_row r;
  r[kind] = "bare";
  r[subject] = "atomic2";
  r[ns_per_pair] = "1";
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
  EXPECT_EQ(e, "run/tidy.csv:3: expected 62 fields, got 53");
}

TEST(TidyCsv, LineCountsQuotedLineBreaks) {
  std::string e = csv_error_of(header() + row_text("\"multi\nline\",0,0,compact,,,,,,,") + "x,y\n");
  EXPECT_EQ(e.rfind("run/tidy.csv:4: expected 62 fields", 0), 0u) << e;
}

TEST(TidyCsv, NonNumberInNumericColumn) {
  std::string text = header() + row_text("perf,0,0,compact,,,,,,,");
  text.replace(text.find(",100,"), 5, ",many,");
  EXPECT_EQ(csv_error_of(text), "run/tidy.csv:2: hotpath/none/threads:1: column iterations: 'many' is not a number");
}

// No time, rate or count is negative, and a row of a kind lacks its measure
// only when damaged: each names the file, line, case and column.
TEST(TidyCsv, ImpossibleNumbersAreErrors) {
  std::string negative = header() + row_text("perf,0,0,compact,,,,,,,");
  negative.replace(negative.find(",100,5,5,"), 9, ",100,-5,5,");
  EXPECT_EQ(csv_error_of(negative), "run/tidy.csv:2: hotpath/none/threads:1: column real_time_ns: '-5' is negative");
  std::string empty = header() + row_text("perf,0,0,compact,,,,,,,");
  empty.replace(empty.find(",100,5,5,"), 9, ",100,5,,");
  EXPECT_EQ(csv_error_of(empty),
            "run/tidy.csv:2: hotpath/none/threads:1: column ns_per_pair is empty (every hotpath row has one)");
  std::string nan = header() + row_text("perf,0,0,compact,,,,,,,");
  nan.replace(nan.find(",100,5,5,"), 9, ",100,5,nan,");
  EXPECT_EQ(csv_error_of(nan), "run/tidy.csv:2: hotpath/none/threads:1: column ns_per_pair: 'nan' is not a number");
}

TEST(TidyCsv, HeaderAndQuotingErrors) {
  EXPECT_EQ(csv_error_of(""), "run/tidy.csv:1: empty file (expected the tidy header)");
  EXPECT_EQ(csv_error_of("a,b,c\n"), "run/tidy.csv:1: not a tidy.csv header: unknown column 'a'");
  EXPECT_EQ(csv_error_of("host,commit,binary,case,kind\n"),
            "run/tidy.csv:1: not a tidy.csv header: no column 'subject'");
  EXPECT_EQ(csv_error_of("host,commit,binary,case,kind,subject,kind\n"),
            "run/tidy.csv:1: not a tidy.csv header: column 'kind' twice");
  std::string e = csv_error_of(header() + "\"unterminated,x\n");
  EXPECT_EQ(e.rfind("run/tidy.csv:", 0), 0u) << e;
  EXPECT_NE(e.find("malformed CSV"), std::string::npos) << e;
  e = csv_error_of(header() + "a\"b,c\n");
  EXPECT_NE(e.find("run/tidy.csv:2: malformed CSV"), std::string::npos) << e;
}

}  // namespace
}  // namespace pgmap::results
