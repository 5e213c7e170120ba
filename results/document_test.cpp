#include "results/document.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "results/report_checks.hpp"

namespace pgmap::results {
namespace {

document sample() {
  document d{"A title", {"AMD EPYC 7B13 (VM), 1 socket, 2 PUs, pmem: emulated, counters: "
                         "unavailable: perf_event_open failed with a rather long reason text",
                         "suite commit: 0123456789abcdef"},
             {}, {"A closing paragraph that goes on for long enough to need wrapping at the "
                  "mail width of seventy-two columns, twice over if possible, yes."}};
  d.tables.push_back({"Narrow", {"a", "b"}, {{"1", "2"}, {"x|y", "4"}}, {"a note"}});
  d.tables.push_back({"Wide", {"case", "median", "95 % CI", "CV", "more", "even more"},
                      {{"hotpath/percpu_ref-qsbr/pages:private/work:none/memmap:dram/threads:2",
                        "25 ns/pair", "n/a (n=3, needs 6 repetitions)", "4 %", "x", "y"}},
                      {}});
  d.tables.push_back({"Empty", {"a"}, {}, {}});
  return d;
}

TEST(Document, TextFitsSeventyTwoColumns) {
  std::string txt = render(sample(), format::txt);
  testing::expect_narrow(txt);
  EXPECT_NE(txt.find("a    b\n---  -\n1    2\nx|y  4\n"), std::string::npos) << txt;
  EXPECT_NE(txt.find("* hotpath/percpu_ref-qsbr"), std::string::npos) << txt;
  EXPECT_NE(txt.find("  95 % CI: n/a (n=3, needs 6 repetitions)"), std::string::npos) << txt;
  EXPECT_NE(txt.find("(no cases)"), std::string::npos);
}

TEST(Document, MarkdownTablesHaveConsistentColumns) {
  std::string md = render(sample(), format::md);
  testing::expect_consistent_tables(md);
  EXPECT_NE(md.find("| x\\|y | 4 |"), std::string::npos) << md;
  EXPECT_NE(md.find("- suite commit: 0123456789abcdef"), std::string::npos);
}

// A Markdown renderer takes <...> for HTML and drops it, and | splits cells.
TEST(Document, MarkdownEscapesAngleBracketsAndPipes) {
  EXPECT_EQ(md_text("perf: cycles <not supported> | a>b"), "perf: cycles &lt;not supported&gt; \\| a&gt;b");
  document d{"t <x>", {"counters: <none>"}, {{"T|1", {"c"}, {{"<v>"}}, {"n <1>"}}}, {"p <2>"}};
  std::string md = render(d, format::md);
  for (const char* raw : {"<x>", "<none>", "<v>", "<1>", "<2>", "T|1"})
    EXPECT_EQ(md.find(raw), std::string::npos) << raw << "\n" << md;
}

TEST(Document, CsvNamesEachTable) {
  std::string csv = render(sample(), format::csv);
  EXPECT_NE(csv.find("table,a,b\nNarrow,1,2\nNarrow,x|y,4\n"), std::string::npos) << csv;
}

TEST(Document, WrapCutsLongWords) {
  auto lines = wrap("short " + std::string(100, 'x'), 72, "  ");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "short " + std::string(66, 'x'));
  EXPECT_EQ(lines[1], "  " + std::string(34, 'x'));
}

TEST(Document, WrapBreaksCaseNamesAfterSlashes) {
  auto lines = wrap("* a/bb/ccc", 6, "  ");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "* a/");
  EXPECT_EQ(lines[1], "  bb/");
  EXPECT_EQ(lines[2], "  ccc");
}

TEST(Document, FormatNames) {
  EXPECT_EQ(parse_format("txt"), format::txt);
  EXPECT_THROW(parse_format("html"), pgmap::error);
}

}  // namespace
}  // namespace pgmap::results
