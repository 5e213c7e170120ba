#include "hw/probe.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pgmap::hw {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

TEST(Probe, ReadsAndTrimsAFile) {
  const reading r = read_file("/proc/sys/kernel/ostype");
  ASSERT_TRUE(r.ok()) << r.why;
  EXPECT_EQ(r.text, "Linux");
  EXPECT_EQ(r.or_unavailable(), "Linux");
}

TEST(Probe, MissingFileSaysWhy) {
  const reading r = read_file("/nonexistent/pgmap/file");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.why, "/nonexistent/pgmap/file: No such file or directory");
  EXPECT_EQ(r.or_unavailable(), "unavailable: /nonexistent/pgmap/file: No such file or directory");
}

TEST(Probe, RunsACommandWithoutAShell) {
  const reading r = run_command({"echo", "  a;b $(x)  "});
  ASSERT_TRUE(r.ok()) << r.why;
  EXPECT_EQ(r.text, "a;b $(x)");
}

TEST(Probe, CommandFailuresSayWhy) {
  EXPECT_EQ(run_command({"pgmap-no-such-tool"}).why, "pgmap-no-such-tool not installed");
  EXPECT_THAT(run_command({"ls", "/nonexistent/pgmap"}).why,
              HasSubstr("ls exited with status 2: ls: cannot access '/nonexistent/pgmap'"));
  EXPECT_EQ(run_command({"sleep", "5"}, 50ms).why, "sleep timed out after 50 ms");
  // Closing stdout does not count as finishing.
  EXPECT_EQ(run_command({"sh", "-c", "exec >&- 2>&-; sleep 5"}, 50ms).why, "sh timed out after 50 ms");
}

}  // namespace
}  // namespace pgmap::hw
