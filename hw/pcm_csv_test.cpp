#include "hw/pcm_csv.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "hw/counters_test_support.hpp"
#include "hw/pmem_test_support.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

using namespace test_support;

double cell(const pcm_table& t, std::size_t row, std::string_view group, std::string_view metric) {
  const auto col = t.column(group, metric);
  if (!col) ADD_FAILURE() << "no column " << group << " / " << metric << " in " << t.path;
  const auto v = col ? t.number(row, *col) : std::nullopt;
  if (!v) ADD_FAILURE() << group << " / " << metric << " row " << row << " is not a number";
  return v.value_or(-1);
}

TEST(PcmNumber, ReadsPaddedAndPercentCellsAndRefusesPlaceholders) {
  EXPECT_EQ(pcm_number("  156.72"), 156.72);
  EXPECT_EQ(pcm_number("4.30 "), 4.30);
  EXPECT_EQ(pcm_number(" 12%"), 12);
  EXPECT_EQ(pcm_number("2.8e+03"), 2800);
  EXPECT_EQ(pcm_number("N/A"), std::nullopt);
  EXPECT_EQ(pcm_number(""), std::nullopt);
  EXPECT_EQ(pcm_number("   "), std::nullopt);
  EXPECT_EQ(pcm_number("-"), std::nullopt);
  EXPECT_EQ(pcm_number("12abc"), std::nullopt);
}

// The project's own copy: this test never depends on ../shared.
TEST(ParsePcmCsv, LegacySemicolonFileWithGroupsOnFirstColumnOnly) {
  const auto t = parse_pcm_csv(pcm_testdata("pcm_snapplugin_1skt_semicolon_2016-11_NA-temp.csv"));
  EXPECT_EQ(t.separator, ';');
  ASSERT_EQ(t.metrics.size(), 48u);  // the trailing separator adds no column
  ASSERT_EQ(t.groups.size(), 48u);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], "2016-11-02");
  EXPECT_EQ(t.rows[0][1], "14:10:27.600");
  EXPECT_EQ(cell(t, 0, "System", "L3MISS"), 0.0925);
  EXPECT_EQ(cell(t, 0, "System", "INST"), 391);
  EXPECT_EQ(cell(t, 0, "System", "TIME(ticks)"), 2800);
  EXPECT_EQ(cell(t, 0, "SKT0 Core C-State", "C0res%"), 1.85);
  EXPECT_EQ(cell(t, 0, "SKT0 Package C-State", "C7res%"), 0);
  const auto temp = t.column("Socket0", "TEMP");
  ASSERT_TRUE(temp);
  EXPECT_EQ(t.rows[0][*temp], "N/A");
  EXPECT_EQ(t.number(0, *temp), std::nullopt);
  EXPECT_EQ(t.column("Socket0", "NOPE"), std::nullopt);
}

TEST(ParsePcmCsv, EveryRealFixture) {
  const auto dir = shared_pcm_fixtures();
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " is absent: real PCM fixtures not tested";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    ++files;
    const auto t = parse_pcm_csv(entry.path().string());
    EXPECT_FALSE(t.rows.empty()) << entry.path();
    EXPECT_EQ(t.metrics[0], "Date");
    EXPECT_EQ(t.metrics[1], "Time");
  }
  EXPECT_GE(files, 3);

  const auto mem = parse_pcm_csv(dir + "/pcm-memory_onvm_2skt_comma_2024.csv");
  EXPECT_EQ(mem.separator, ',');
  ASSERT_EQ(mem.rows.size(), 20u);
  ASSERT_EQ(mem.metrics.size(), 29u);
  EXPECT_EQ(cell(mem, 0, "SKT0", "Ch0Read"), 156.72);
  EXPECT_EQ(cell(mem, 0, "SKT1", "Ch0Read"), 218.37);
  EXPECT_EQ(cell(mem, 0, "SKT0", "P. Write (T/s)"), 2024221560);
  EXPECT_EQ(cell(mem, 19, "System", "Memory"), 1862.80);
  EXPECT_EQ(cell(mem, 19, "SKT1", "Mem Write (MB/s)"), 7.62);
  EXPECT_EQ(mem.rows[19][1], "21:04:27.171");
  const auto absent_channel = mem.column("SKT0", "Ch2Read");
  ASSERT_TRUE(absent_channel);
  EXPECT_EQ(mem.rows[0][*absent_channel], "");
  EXPECT_EQ(mem.number(0, *absent_channel), std::nullopt);

  const auto pcm2017 = parse_pcm_csv(dir + "/pcm_snapplugin_1skt_semicolon_2017-04.csv");
  EXPECT_EQ(pcm2017.separator, ';');
  EXPECT_EQ(cell(pcm2017, 0, "System", "ACYC"), 113);
  EXPECT_EQ(cell(pcm2017, 0, "System", "READ"), 0.761);
  EXPECT_EQ(cell(pcm2017, 0, "Socket0", "TEMP"), 69);
  EXPECT_EQ(cell(pcm2017, 0, "Proc Energy (Joules)", "SKT0"), 2.37);
  // This old pcm.x named the system energy column after the C-state group
  // before it: the group is carried over, as written.
  EXPECT_EQ(cell(pcm2017, 0, "System Pack C-States", "Proc Energy (Joules)"), 2.37);
}

TEST(ParsePcmCsv, ModernLayoutWithPaddingPercentAndTrailingSeparators) {
  const auto t = parse_pcm_csv(pcm_testdata("pcm_synthetic_2skt_optane_comma.csv"));  // synthetic
  EXPECT_EQ(t.separator, ',');
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.metrics.size(), 82u);
  EXPECT_EQ(cell(t, 0, "System", "READ"), 4.30);  // written "4.30 ,"
  EXPECT_EQ(cell(t, 1, "System", "TotalUPIin"), 0.75);
  EXPECT_EQ(cell(t, 0, "SKT0dataIn (percent)", "UPI1"), 13);  // written "  13%"
  EXPECT_EQ(cell(t, 0, "Socket 1", "TEMP"), 62);
  EXPECT_EQ(t.number(0, *t.column("Socket 0", "L3OCC")), std::nullopt);  // N/A
}

TEST(ParsePcmCsv, CrlfLinesAndBlankLines) {
  const scratch_dir dir;
  const auto original = pcm_testdata("pcm-memory_onvm_2skt_comma_2024_first5.csv");
  std::string text = read_text_file(original).value();
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n\r\n") : std::string(1, c);
  write_file(dir / "crlf.csv", crlf);
  const auto a = parse_pcm_csv(original);
  const auto b = parse_pcm_csv(dir / "crlf.csv");
  EXPECT_EQ(a.groups, b.groups);
  EXPECT_EQ(a.metrics, b.metrics);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.rows.size(), 5u);
}

class MalformedPcmCsv : public ::testing::Test {
 protected:
  std::string error_for(const std::string& text) {
    write_file(dir_ / "bad.csv", text);
    return thrown([&] { parse_pcm_csv(dir_ / "bad.csv"); });
  }
  std::string path() const { return dir_ / "bad.csv"; }
  scratch_dir dir_;
};

TEST_F(MalformedPcmCsv, RaggedRowNamesFileAndLine) {
  EXPECT_EQ(error_for(",,S0,S0\nDate,Time,A,B\nd,t,1,2\nd,t,1\n"),
            path() + ":4: row has 3 cells but the header has 4 (ragged or truncated row)");
  EXPECT_EQ(error_for(",,S0,S0\nDate,Time,A,B\nd,t,1,2,3\n"),
            path() + ":3: row has 5 cells but the header has 4 (ragged or truncated row)");
}

TEST_F(MalformedPcmCsv, TruncatedFileNamesItsLastLine) {
  const auto full = read_text_file(pcm_testdata("pcm-memory_onvm_2skt_comma_2024_first5.csv")).value();
  const auto cut = full.substr(0, full.size() - 40);  // in the middle of row 5 (line 7)
  EXPECT_EQ(error_for(cut).rfind(path() + ":7: row has ", 0), 0u) << error_for(cut);
}

TEST_F(MalformedPcmCsv, MissingHeaderRows) {
  EXPECT_EQ(error_for(",,S0,S0\n2024-02-12,21:04:08.168,1,2\n"),
            path() + ":2: second header row (metric names) is missing: expected it to start with Date");
  EXPECT_EQ(error_for("System;System;System\n"), path() + ":2: second header row (metric names) is missing");
  EXPECT_EQ(error_for("Date,Time,A\nd,t,1\n"),
            path() + ":1: first header row (group names) is missing: the file starts with the metric row");
  EXPECT_EQ(error_for(""), path() + ":1: empty file: no header rows");
  EXPECT_EQ(error_for("a,b,c,d,e\nDate,Time,A\n"), path() + ":1: group row has 5 cells but the metric row has 3");
}

TEST_F(MalformedPcmCsv, UnreadableFile) {
  EXPECT_EQ(thrown([&] { parse_pcm_csv(dir_ / "missing.csv"); }),
            dir_ / "missing.csv" + ": cannot read: No such file or directory");
}

}  // namespace
}  // namespace pgmap::hw
