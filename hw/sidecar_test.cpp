#include "hw/sidecar.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "hw/counters_test_support.hpp"
#include "hw/pmem_test_support.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

using namespace test_support;

// Gone, or a zombie waiting for init to reap it: either way not running.
bool gone(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    if (::kill(pid, 0) != 0) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_text, name, state;
    if (stat >> pid_text >> name >> state && state == "Z") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// Waits until `file` holds `text`: the script has reached that point.
void wait_for(const std::string& file, const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (read_text_file(file).value_or("").find(text) == std::string::npos) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no '" << text << "' in " << file;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

pid_t read_pid(const std::string& file) { return std::stoi(read_text_file(file).value()); }

class Sidecar : public ::testing::Test {
 protected:
  std::string log() const { return dir_ / "log"; }
  scratch_dir dir_;
};

TEST(FindProgram, PathLookup) {
  EXPECT_TRUE(find_program("sh"));
  EXPECT_EQ(find_program("/bin/sh"), "/bin/sh");
  EXPECT_EQ(find_program("pgmap-no-such-program"), std::nullopt);
}

TEST_F(Sidecar, FindProgramNeedsAnExecutableFile) {
  write_file(dir_ / "plain", "#!/bin/sh\n");
  ::chmod((dir_ / "plain").c_str(), 0644);
  EXPECT_EQ(find_program(dir_ / "plain"), std::nullopt);
  EXPECT_EQ(find_program(dir_.path), std::nullopt);  // a directory
}

TEST_F(Sidecar, StopsWithSigintAndKeepsTheOutput) {
  sidecar s({"sh", "-c", "trap 'echo got INT; exit 0' INT; echo ready >&2; while :; do sleep 0.02; done"}, log());
  wait_for(log(), "ready");
  EXPECT_TRUE(s.running());
  EXPECT_EQ(s.stop(2.0), 0);
  EXPECT_FALSE(s.running());
  EXPECT_TRUE(gone(s.pid()));
  EXPECT_EQ(s.log_tail(), "ready\ngot INT");
  EXPECT_EQ(s.log_tail(7), "got INT");
  EXPECT_EQ(s.log_tail(10), "got INT");  // whole lines when it can
  EXPECT_EQ(s.log_tail(3), "INT");
}

TEST_F(Sidecar, EscalatesToSigkillWhenSignalsAreIgnored) {
  sidecar s({"sh", "-c", "trap '' INT TERM; echo ready; while :; do sleep 0.02; done"}, log());
  wait_for(log(), "ready");
  EXPECT_EQ(s.stop(0.1), 128 + SIGKILL);
  EXPECT_TRUE(gone(s.pid()));
}

TEST_F(Sidecar, DestructorKillsTheWholeGroup) {
  pid_t leader, child;
  {
    sidecar s({"sh", "-c", "sleep 30 & echo $! > " + (dir_ / "child") + "; wait"}, log());
    leader = s.pid();
    wait_for(dir_ / "child", "\n");
    child = read_pid(dir_ / "child");
  }
  EXPECT_TRUE(gone(leader));
  EXPECT_TRUE(gone(child));
}

TEST_F(Sidecar, StopAlsoKillsWhatTheToolLeftBehind) {
  // An async child of a non-interactive shell ignores SIGINT: it outlives
  // the leader unless the group is killed. The trap comes first: once the
  // child's pid is written, SIGINT ends the leader with 0 (not 130).
  sidecar s({"sh", "-c", "trap 'exit 0' INT; sleep 30 & echo $! > " + (dir_ / "child") + "; while :; do sleep 0.02; done"},
            log());
  wait_for(dir_ / "child", "\n");
  const pid_t child = read_pid(dir_ / "child");
  EXPECT_EQ(s.stop(2.0), 0);
  EXPECT_TRUE(gone(child));
}

TEST_F(Sidecar, ExitOnItsOwn) {
  sidecar s({"sh", "-c", "echo bye >&2; exit 3"}, log());
  EXPECT_EQ(s.wait(5.0), 3);
  EXPECT_EQ(s.exit_code(), 3);
  EXPECT_EQ(s.stop(), 3);
  EXPECT_EQ(s.log_tail(), "bye");
}

TEST_F(Sidecar, WaitTimesOut) {
  sidecar s({"sleep", "30"}, log());
  EXPECT_EQ(s.wait(0.05), std::nullopt);
}

// PR_SET_PDEATHSIG: the tool gets SIGTERM when the thread that started it
// ends without stopping it (as when the bench crashes).
TEST_F(Sidecar, EndsWhenItsStartingThreadDies) {
  sidecar* leaked = nullptr;
  std::thread([&] { leaked = new sidecar({"sleep", "30"}, log()); }).join();
  const std::unique_ptr<sidecar> s(leaked);
  EXPECT_EQ(s->wait(3.0), 128 + SIGTERM);
}

TEST_F(Sidecar, ProgramThatCannotRun) {
  EXPECT_EQ(thrown([&] { sidecar({"pgmap-no-such-program"}, log()); }).rfind("pgmap-no-such-program: not found", 0),
            0u);
  const auto script = dir_ / "no-shebang";
  write_file(script, "\x7f" "ELF not really\n");
  ::chmod(script.c_str(), 0755);
  EXPECT_EQ(thrown([&] { sidecar({script}, log()); }), script + ": cannot run: Exec format error");
  EXPECT_EQ(thrown([&] { sidecar({"sh"}, dir_ / "no-dir/log"); }),
            dir_ / "no-dir/log" + ": cannot open: No such file or directory");
}

}  // namespace
}  // namespace pgmap::hw
