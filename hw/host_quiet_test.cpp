#include "hw/host_quiet.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

namespace pgmap::hw {
namespace {

// A process spinning on the sampled PU is seen twice: the spinner loses
// about half its time to it, and it is named among the busiest tasks.
TEST(HostQuiet, NamesAProcessSpinningOnTheSampledPU) {
  const std::vector<int> cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  const int cpu = cpus.front();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
    for (;;) {
    }
  }
  usleep(50000);  // the child is running before the window opens
  const host_sample s = sample_host({cpu}, std::chrono::milliseconds(400));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
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
