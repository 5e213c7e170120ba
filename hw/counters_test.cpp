#include "hw/collector_factory.hpp"

#include <dirent.h>
#include <time.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "hw/counters_test_support.hpp"
#include "hw/perf_collector.hpp"
#include "hw/pmem_test_support.hpp"
#include "hw/sidecar.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

using namespace test_support;

// Live (non-zombie) processes whose command line mentions `text`.
int processes_mentioning(const std::string& text) {
  int count = 0;
  DIR* proc = ::opendir("/proc");
  while (const dirent* e = ::readdir(proc)) {
    const std::string pid = e->d_name;
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = read_text_file("/proc/" + pid + "/cmdline").value_or("");
    std::ifstream stat("/proc/" + pid + "/stat");
    std::string id, name, state;
    stat >> id >> name >> state;
    if (state != "Z" && cmdline.find(text) != std::string::npos) ++count;
  }
  ::closedir(proc);
  return count;
}

// SIGKILL takes effect when the target next runs: give the group a moment.
bool none_left(const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (processes_mentioning(text) > 0) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(Collectors, KindsAndUnknownKind) {
  EXPECT_EQ(collector_kinds(), (std::vector<std::string>{"auto", "pcm", "pcm-memory", "perf", "none"}));
  EXPECT_EQ(thrown([] { make_collector("papi", {}); }),
            "counters: unknown kind 'papi' (expected one of: auto, pcm, pcm-memory, perf, none)");
}

TEST(Collectors, NoneSaysWhy) {
  const auto c = make_collector("none", {});
  EXPECT_EQ(c->tool(), "none");
  c->start();
  const auto v = c->stop();
  EXPECT_EQ(v.unavailable, "unavailable: no counter tool requested (counters: none)");
  const nlohmann::json expected{{"tool", "none"}, {"unavailable", v.unavailable}};
  EXPECT_EQ(v.to_json(), expected);
}

TEST(Collectors, WorkDirThatCannotBeCreated) {
  collector_options o;
  o.work_dir = "/proc/pgmap-counters";
  EXPECT_EQ(thrown([&] { make_collector("pcm", o); }).rfind("counters work_dir: /proc/pgmap-counters: cannot create", 0),
            0u);
}

// This machine (AMD, VM without PMU): the real tools must say why they
// cannot count, in their own words, and never hand out numbers.
class RealTools : public ::testing::Test {
 protected:
  collector_options options() const {
    collector_options o;
    o.work_dir = dir_.path;
    o.expected_seconds = 0.5;
    return o;
  }
  void expect_unavailable(collector& c, const std::string& prefix) {
    if (c.unavailable().empty()) return;  // it can count on this machine
    EXPECT_EQ(c.unavailable().rfind(prefix, 0), 0u) << c.unavailable();
    EXPECT_GT(c.unavailable().size(), prefix.size() + 5) << "no reason given";
    c.start();
    const auto v = c.stop();
    EXPECT_EQ(v.unavailable, c.unavailable());
    EXPECT_TRUE(v.values.empty());
    EXPECT_FALSE(v.to_json().contains("values"));
  }
  scratch_dir dir_;
};

TEST_F(RealTools, EachSaysWhy) {
  for (const char* kind : {"pcm", "pcm-memory", "perf"}) {
    SCOPED_TRACE(kind);
    const auto c = make_collector(kind, options());
    expect_unavailable(*c, "unavailable: " + std::string(kind) + ": ");
    std::cout << c->unavailable() << "\n";
  }
}

TEST_F(RealTools, AutoNamesBothReasons) {
  const auto c = make_collector("auto", options());
  if (c->tool() != "none") GTEST_SKIP() << c->tool() << " can count on this machine";
  EXPECT_EQ(c->unavailable().rfind("unavailable: pcm: ", 0), 0u) << c->unavailable();
  EXPECT_NE(c->unavailable().find("; perf: "), std::string::npos) << c->unavailable();
  std::cout << c->unavailable() << "\n";
}

TEST_F(RealTools, PerfSidecarCountsASoftwareEvent) {
  if (!find_program("perf")) GTEST_SKIP() << "no perf";
  const auto c = make_perf_collector(options(), {"task-clock"});
  if (!c->unavailable().empty()) GTEST_SKIP() << c->unavailable();
  c->start();
  // 30 ms of this process's CPU time, however busy the machine is.
  const auto cpu_ms = [] {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
  };
  for (const double until = cpu_ms() + 30; cpu_ms() < until;) {
  }
  const auto v = c->stop();
  EXPECT_EQ(v.unavailable, "");
  EXPECT_GE(v.values.at("task_clock"), 25.0);  // msec of this process
  EXPECT_GT(v.seconds, 0.025);
  EXPECT_TRUE(none_left(dir_.path));
}

// A fake `pcm` / `pcm-memory` first in PATH replays fixture rows
// (hw/testdata/fake-pcm/pcm says how).
class FakePcm : public ::testing::Test {
 protected:
  FakePcm() : old_path_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    ::setenv("PATH", (source_dir() + "/hw/testdata/fake-pcm:" + old_path_).c_str(), 1);
    ::unsetenv("FAKE_PCM_MODE");
  }
  ~FakePcm() override {
    ::setenv("PATH", old_path_.c_str(), 1);
    ::unsetenv("FAKE_PCM_MODE");
    ::unsetenv("FAKE_PCM_CSV");
  }
  std::unique_ptr<collector> make(std::string_view kind, const std::string& csv, const char* mode = "replay") {
    ::setenv("FAKE_PCM_CSV", pcm_testdata(csv).c_str(), 1);
    ::setenv("FAKE_PCM_MODE", mode, 1);
    collector_options o;
    o.work_dir = dir_.path;
    o.expected_seconds = 1.0;  // interval 0.1 s
    return make_collector(kind, o);
  }
  std::string old_path_;
  scratch_dir dir_;
};

constexpr const char* memory_csv = "pcm-memory_onvm_2skt_comma_2024_first5.csv";
constexpr const char* core_csv = "pcm_synthetic_2skt_optane_comma.csv";

TEST_F(FakePcm, MemoryBandwidthFromTheRowsAfterStart) {
  const auto c = make("pcm-memory", memory_csv);
  ASSERT_EQ(c->unavailable(), "");
  c->start();
  EXPECT_GE(processes_mentioning(dir_.path), 1);  // a fork about to exec also shows
  const auto v = c->stop();
  EXPECT_TRUE(none_left(dir_.path));
  ASSERT_EQ(v.unavailable, "");
  EXPECT_EQ(v.tool, "pcm-memory");
  // Rows 2-5 (row 1 was written before start) at 0.1 s each, MB/s * 1e6 * 0.1.
  EXPECT_NEAR(v.seconds, 0.4, 1e-12);
  expect_close(v.values, "mem_read_bytes", (1179.69 + 1230.82 + 981.78 + 896.48) * 1e5);
  expect_close(v.values, "mem_write_bytes", (640.34 + 681.79 + 515.11 + 465.77) * 1e5);
  EXPECT_NE(v.tool_log.find("fake pcm-memory: stopped"), std::string::npos) << v.tool_log;
  const auto j = v.to_json();
  EXPECT_EQ(j["tool"], "pcm-memory");
  EXPECT_EQ(j["values"].size(), 2u);
  EXPECT_FALSE(j.contains("unavailable"));
}

TEST_F(FakePcm, CoreCountersAndRepeatedCases) {
  const auto c = make("pcm", core_csv);
  ASSERT_EQ(c->unavailable(), "");
  for (int round = 0; round < 2; ++round) {
    c->start();
    const auto v = c->stop();
    ASSERT_EQ(v.unavailable, "");
    EXPECT_NEAR(v.seconds, 0.1, 1e-12);
    expect_close(v.values, "l3_misses", 10e6);
    expect_close(v.values, "mem_read_bytes", 5.7e9);
    expect_close(v.values, "upi_bytes", 0.75e6);
  }
}

TEST_F(FakePcm, NoSampleDuringTheCase) {
  const auto c = make("pcm", core_csv, "no-sample");
  ASSERT_EQ(c->unavailable(), "");
  c->start();
  const auto v = c->stop();
  EXPECT_EQ(v.unavailable, "unavailable: pcm: pcm wrote no sample (case shorter than one interval of 0.1 s)");
  EXPECT_TRUE(v.values.empty());
  EXPECT_TRUE(none_left(dir_.path));
}

TEST_F(FakePcm, ToolThatFailsSaysSoInItsOwnWords) {
  const auto c = make("pcm", core_csv, "fail");
  EXPECT_EQ(c->unavailable(),
            "unavailable: pcm: Error: fake processor. Only Intel(R) processors are supported. / Access to Intel(r) "
            "Performance Counter Monitor has denied (no MSR or PCI CFG space access). (exit status 1)");
  c->start();
  EXPECT_EQ(c->stop().unavailable, c->unavailable());
}

TEST_F(FakePcm, ToolThatWritesNothing) {
  const auto c = make("pcm-memory", memory_csv, "silent");
  EXPECT_EQ(c->unavailable().rfind("unavailable: pcm-memory: its probe wrote no sample: fake pcm-memory: ", 0), 0u)
      << c->unavailable();
}

TEST_F(FakePcm, DestroyedWithoutStop) {
  {
    const auto c = make("pcm-memory", memory_csv);
    c->start();
    EXPECT_GE(processes_mentioning(dir_.path), 1);  // a fork about to exec also shows
  }
  EXPECT_TRUE(none_left(dir_.path));
}

TEST_F(FakePcm, OneToolAtATime) {
  const auto first = make("pcm", core_csv);
  const auto second = make("pcm-memory", memory_csv);
  first->start();
  EXPECT_EQ(thrown([&] { second->start(); }),
            "counters: cannot start pcm-memory while pcm runs: two counter tools at once corrupt each other's values");
  EXPECT_EQ(thrown([&] { make("pcm-memory", memory_csv); }).rfind("counters: cannot start pcm-memory while pcm", 0),
            0u);
  EXPECT_EQ(thrown([&] { first->start(); }), "pcm collector: start() called twice without stop()");
  first->stop();
  second->start();
  EXPECT_EQ(second->stop().unavailable, "");
  EXPECT_EQ(thrown([&] { second->stop(); }), "pcm-memory collector: stop() called without start()");
}

}  // namespace
}  // namespace pgmap::hw
