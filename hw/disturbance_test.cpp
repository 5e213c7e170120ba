#include "hw/disturbance.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace pgmap::hw {
namespace {

TEST(Disturbance, ParsesTheKernelsFiles) {
  EXPECT_EQ(parse_schedstat_run_delay("8123456 4567 12\n"), 4567u);
  EXPECT_EQ(parse_schedstat_run_delay("8123456\n"), std::nullopt);
  const char* stat =
      "cpu  10 0 20 30 0 0 0 7 0 0\n"
      "cpu0 1 0 2 3 0 0 0 5 0 0\n"
      "cpu1 1 0 2 3 0 0 0 9 0 0\n"
      "cpu10 1 0 2 3 0 0 0 11 0 0\n"
      "intr 1 2 3\n";
  EXPECT_EQ(parse_stat_steal_ticks(stat, 1), 9u);
  EXPECT_EQ(parse_stat_steal_ticks(stat, 10), 11u);  // not cpu1's line
  EXPECT_EQ(parse_stat_steal_ticks(stat, 2), std::nullopt);
  EXPECT_EQ(parse_stat_steal_ticks(stat, -1), std::nullopt);
  const char* schedstat =
      "version 15\ntimestamp 4295\n"
      "cpu0 0 0 0 0 0 0 900 333 7\n"
      "domain0 3 1 2 3\n"
      "cpu1 0 0 0 0 0 0 800 444 7\n";
  EXPECT_EQ(parse_schedstat_cpu_wait(schedstat, 1), 444u);
  EXPECT_EQ(parse_schedstat_cpu_wait("cpu0 0 0 x 0 0 0 900 333 7\n", 0), 333u);
  EXPECT_EQ(parse_schedstat_cpu_wait("cpu0 0 0 0\n", 0), std::nullopt);
}

TEST(Disturbance, DifferenceKeepsWhatIsMissingMissing) {
  sched_snapshot a{10, 2, std::nullopt, 100}, b{40, 5, 7, 180};
  const disturbance d = b - a;
  EXPECT_EQ(d.run_delay_ns, 30.0);
  EXPECT_EQ(d.invol_cs, 3.0);
  EXPECT_EQ(d.steal_ns, std::nullopt);
  EXPECT_EQ(d.others_wait_ns, 50.0);  // the CPU's 80 less the thread's own 30
  EXPECT_EQ((a - b).run_delay_ns, std::nullopt);  // went back: measured nothing
  const disturbance sum = d + d;
  EXPECT_EQ(sum.run_delay_ns, 60.0);
  EXPECT_EQ(sum.steal_ns, std::nullopt);  // missing once, missing from the total
  std::string names;
  sum.each([&](const char* name, const std::optional<double>&) { names += std::string(name) + " "; });
  EXPECT_EQ(names, "run_delay_ns invol_cs steal_ns others_wait_ns ");  // the JSON's and tidy.csv's names
}

void pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof set, &set), 0);
}

// A spinning thread planted on the measured thread's PU keeps it waiting
// for about half the time; the measurement must see it.
TEST(Disturbance, SeesAThreadSpinningOnTheSamePU) {
  const disturbance_status why = disturbance_unavailable();
  if (!why.run_delay_ns.empty()) GTEST_SKIP() << "unavailable: " << why.run_delay_ns;
  const int cpu = sched_getcpu();
  ASSERT_GE(cpu, 0);
  pin_to(cpu);
  std::atomic<bool> stop{false}, started{false};
  std::thread spinner([&] {
    pin_to(cpu);
    started = true;
    while (!stop.load(std::memory_order_relaxed)) {
    }
  });
  while (!started) std::this_thread::yield();
  using clock = std::chrono::steady_clock;
  const sched_snapshot before = read_sched(cpu);
  const auto t0 = clock::now();
  while (clock::now() - t0 < std::chrono::milliseconds(300)) {
  }
  const sched_snapshot after = read_sched(cpu);
  stop = true;
  spinner.join();
  const disturbance d = after - before;
  ASSERT_TRUE(d.run_delay_ns);
  EXPECT_GT(*d.run_delay_ns, 0.2 * 300e6) << "a spinner on the same PU went unseen";
  ASSERT_TRUE(d.invol_cs);
  EXPECT_GT(*d.invol_cs, 0);
}

}  // namespace
}  // namespace pgmap::hw
