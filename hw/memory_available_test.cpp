#include "hw/memory_available.hpp"

#include <gtest/gtest.h>

namespace pgmap::hw {
namespace {

TEST(MemoryAvailable, ReadsTheLineInBytes) {
  const memory_figure m = parse_mem_available("MemTotal:       24000000 kB\nMemFree:  100 kB\n"
                                              "MemAvailable:   23000000 kB\nBuffers: 5 kB\n");
  ASSERT_TRUE(m.bytes) << m.why;
  EXPECT_EQ(*m.bytes, 23000000ull * 1024);
}

TEST(MemoryAvailable, MissingOrDamagedIsUnavailableWithTheReason) {
  EXPECT_EQ(parse_mem_available("MemTotal: 5 kB\n").why, "no MemAvailable in /proc/meminfo");
  for (const char* bad : {"MemAvailable: 12x kB\n", "MemAvailable: 12 MB\n", "MemAvailable:\n",
                          "MemAvailable: 99999999999999999999 kB\n"}) {
    const memory_figure m = parse_mem_available(bad);
    EXPECT_FALSE(m.bytes) << bad;
    EXPECT_TRUE(m.why.starts_with("unreadable MemAvailable line")) << m.why;
  }
}

TEST(MemoryAvailable, ThisMachineSaysSomething) {
  const memory_figure m = memory_available();
  EXPECT_TRUE(m.bytes ? *m.bytes > 0 : !m.why.empty());
}

}  // namespace
}  // namespace pgmap::hw
