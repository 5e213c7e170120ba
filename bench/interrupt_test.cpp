// A benchmark binary stopped by Ctrl-C leaves no half-written output: Google
// Benchmark's --benchmark_out goes to a partial file, renamed only when whole
// and removed on a signal.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  return out;
}

TEST(Interrupt, CtrlCLeavesNoPartialOutput) {
  ASSERT_NE(std::getenv("PGMAP_BINARY_DIR"), nullptr);
  const fs::path bin = fs::path(std::getenv("PGMAP_BINARY_DIR")) / "bench" / "bench_hotpath";
  const fs::path dir = fs::temp_directory_path() / ("pgmap-interrupt-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string out = "--benchmark_out=" + (dir / "out.json").string();
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // One case timed for a minute: still running when the signal comes.
    execl(bin.c_str(), bin.c_str(), "--benchmark_filter=bare/atomic2/real_time/threads:1$",
          "--benchmark_min_time=60", out.c_str(), "--benchmark_out_format=json", "--counters=perf",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Google Benchmark opens its output (and writes the context) when the
  // cases start: wait for the partial file, then stop the run.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (files_in(dir).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::vector<std::string> running = files_in(dir);
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_EQ(running.size(), 1u);
  EXPECT_TRUE(running[0].starts_with("out.json.partial-")) << running[0];
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  EXPECT_TRUE(files_in(dir).empty()) << files_in(dir).front();
  // Run to its end, the output is whole, under its own name alone.
  const std::string cmd = bin.string() + " --benchmark_filter='bare/atomic2/real_time/threads:1$' " +
                          "--benchmark_min_time=0.01 " + out + " --benchmark_out_format=json >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(files_in(dir), std::vector<std::string>{"out.json"});
  fs::remove_all(dir);
}

}  // namespace
