#include "hw/host_quiet.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "hw/spinner_test_support.hpp"

namespace pgmap::hw {
namespace {

// A process spinning on the sampled PU is seen twice: the spinner loses
// about half its time to it, and it is named among the busiest tasks.
TEST(HostQuiet, NamesAProcessSpinningOnTheSampledPU) {
  const std::vector<int> cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  const int cpu = cpus.front();
  testing::spinning_process spinner(cpu);
  ASSERT_GT(spinner.pid(), 0);
  usleep(50000);  // the child is running before the window opens
  const host_sample s = sample_host({cpu}, std::chrono::milliseconds(400));
  const pid_t child = spinner.pid();
  spinner.stop();
  const bool named = std::any_of(s.top.begin(), s.top.end(),
                                 [&](const busy_task& t) { return t.pid == child; });
  EXPECT_TRUE(named) << "the spinning process is not among the busiest";
  if (!s.why.empty()) GTEST_SKIP() << "unavailable: " << s.why;
  ASSERT_TRUE(s.share);
  EXPECT_GT(*s.share, 0.2);
}

TEST(HostQuiet, NoCpusSampleNothing) {
  const host_sample s = sample_host({}, std::chrono::milliseconds(1));
  EXPECT_FALSE(s.share);
}

}  // namespace
}  // namespace pgmap::hw
