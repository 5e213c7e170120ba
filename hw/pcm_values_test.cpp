#include "hw/pcm_values.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hw/counters_test_support.hpp"

namespace pgmap::hw {
namespace {

using namespace test_support;

// pcm writes counts in millions and memory traffic in GB per interval.
TEST(PcmCoreValues, RealLegacyRowInCountsAndBytes) {
  const auto t = parse_pcm_csv(pcm_testdata("pcm_snapplugin_1skt_semicolon_2016-11_NA-temp.csv"));
  const auto v = pcm_core_values(t);
  expect_close(v, "instructions", 391e6);     // INST 391
  expect_close(v, "cycles", 347e6);           // ACYC 347
  expect_close(v, "l3_misses", 92'500);       // L3MISS 0.0925
  expect_close(v, "l2_misses", 617'000);      // L2MISS 0.617
  expect_close(v, "mem_read_bytes", 36.1e6);  // READ 0.0361
  expect_close(v, "mem_write_bytes", 15.7e6); // WRITE 0.0157
  // Not in this file, or only as a ratio: absent, never 0.
  for (const char* name : {"pmm_read_bytes", "pmm_write_bytes", "upi_bytes", "l3_hits", "l2_hits"})
    EXPECT_FALSE(v.contains(name)) << name;
}

// A CSV without System columns (cores only) yields no counter, and says why:
// the case must not be labelled as measured by pcm.
TEST(PcmCoreValues, CoreOnlyCsvGivesNoValueAndAReason) {
  const auto fixture = shared_pcm_fixtures() + "/pcm_snapplugin_1skt_semicolon_2017-04.csv";
  if (!std::filesystem::exists(fixture)) GTEST_SKIP() << fixture << " is absent";
  std::ifstream in(fixture);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  ASSERT_EQ(text.rfind("System;", 0), 0u);
  text.replace(0, 6, "Core0 (Socket 0)");  // the System group becomes one core's
  const auto path = std::filesystem::temp_directory_path() / "pgmap-pcm-core-only.csv";
  std::ofstream(path) << text;
  const auto t = parse_pcm_csv(path.string());
  std::filesystem::remove(path);
  const auto v = pcm_core_values(t);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(pcm_no_values_reason(t, v),
            "the CSV has no System columns (per-core or per-socket only): no counter read");
  const auto full = parse_pcm_csv(fixture);
  EXPECT_EQ(pcm_no_values_reason(full, pcm_core_values(full)), "");
}

TEST(PcmCoreValues, SyntheticOptaneTwoSocketRowsAreSummed) {
  const auto t = parse_pcm_csv(pcm_testdata("pcm_synthetic_2skt_optane_comma.csv"));
  const auto v = pcm_core_values(t);
  expect_close(v, "l3_misses", 22.5e6);        // 12.50 + 10.00
  expect_close(v, "l2_misses", 70.75e6);       // 40.25 + 30.50
  expect_close(v, "mem_read_bytes", 10e9);     // "4.30 " + 5.70 GB
  expect_close(v, "mem_write_bytes", 2.5e9);   // 1.20 + 1.30
  expect_close(v, "pmm_read_bytes", 6e9);      // 2.75 + 3.25
  expect_close(v, "pmm_write_bytes", 1.25e9);  // 0.50 + 0.75
  expect_close(v, "instructions", 7850e6);
  expect_close(v, "cycles", 8250e6);
  expect_close(v, "upi_bytes", 2e6);           // TotalUPIin 1.25 + 0.75 MB
  expect_close(pcm_core_values(t, 1), "l3_misses", 10e6);  // from the second row on
}

TEST(PcmCoreValues, NonNumericCellOrNoRowLeavesTheCounterOut) {
  pcm_table t;
  t.groups = {"System", "System", "System", "System"};
  t.metrics = {"Date", "Time", "INST", "L3MISS"};
  t.rows = {{"d", "t", "1.5", "2"}, {"d", "t", "N/A", "3"}};
  auto v = pcm_core_values(t);
  EXPECT_FALSE(v.contains("instructions"));
  expect_close(v, "l3_misses", 5e6);
  EXPECT_TRUE(pcm_core_values(t, 2).empty());
}

// pcm-memory writes MB/s (1e6 bytes per second): bytes need the interval.
TEST(PcmMemoryValues, RealRowInBytes) {
  const auto t = parse_pcm_csv(pcm_testdata("pcm-memory_onvm_2skt_comma_2024_first5.csv"));
  const auto last = pcm_memory_values(t, 1.0, 4);  // 21:04:12.169: Read 896.48, Write 465.77
  expect_close(last, "mem_read_bytes", 896.48e6);
  expect_close(last, "mem_write_bytes", 465.77e6);
  EXPECT_FALSE(last.contains("pmm_read_bytes"));
  const auto half = pcm_memory_values(t, 0.5, 4);
  expect_close(half, "mem_read_bytes", 448.24e6);
}

TEST(PcmMemoryValues, SystemTotalsMatchTheSocketsInTheRealRecording) {
  const auto path = shared_pcm_fixtures() + "/pcm-memory_onvm_2skt_comma_2024.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const auto t = parse_pcm_csv(path);
  double sockets = 0;
  for (std::size_t row = 0; row < t.rows.size(); ++row)
    for (const char* skt : {"SKT0", "SKT1"}) sockets += *t.number(row, *t.column(skt, "Mem Read (MB/s)"));
  const auto v = pcm_memory_values(t, 1.0);
  EXPECT_NEAR(v.at("mem_read_bytes"), sockets * 1e6, 0.01e6 * double(t.rows.size()));  // rounding per row
}

TEST(PcmMemoryValues, SyntheticOptaneSplitsDramAndPmm) {
  const auto t = parse_pcm_csv(pcm_testdata("pcm-memory_synthetic_1skt_optane_comma.csv"));
  const auto v = pcm_memory_values(t, 0.5);
  expect_close(v, "mem_read_bytes", 1.5e9);     // DRAMRead (1000 + 2000) MB/s * 0.5 s, not Read
  expect_close(v, "mem_write_bytes", 300e6);    // DRAMWrite 500 + 100
  expect_close(v, "pmm_read_bytes", 500e6);     // PMMREAD 250 + 750
  expect_close(v, "pmm_write_bytes", 75.25e6);  // PMMWrite 125.50 + 25.00
}

}  // namespace
}  // namespace pgmap::hw
