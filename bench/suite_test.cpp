// The suite runner: its grid, its result writing (atomic, resumable) and a
// tiny end-to-end run of the real binaries.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bench/gb_json_text.hpp"
#include "bench/suite_exec.hpp"
#include "bench/suite_profile.hpp"
#include "bench/suite_record.hpp"
#include "hw/error.hpp"

namespace fs = std::filesystem;

namespace pgmap::bench {
namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("pgmap-suite-test-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool has_arg(const binary_plan& p, const std::string& a) {
  return std::find(p.args.begin(), p.args.end(), a) != p.args.end();
}

TEST(SuiteProfile, QuickCoversEveryBinaryWithItsOptions) {
  suite_options o;
  o.pmem = "emulated:/dev/shm";
  o.force = true;
  const auto plans = plan_suite(o);
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].binary, "bench_hotpath");
  EXPECT_EQ(plans[1].binary, "bench_removal");
  for (const auto& p : plans) {
    EXPECT_TRUE(has_arg(p, "--pmem=emulated:/dev/shm"));
    EXPECT_TRUE(has_arg(p, "--benchmark_repetitions=6"));
    EXPECT_TRUE(has_arg(p, "--force"));
  }
  EXPECT_TRUE(has_arg(plans[0], "--work=none,touch:64"));
  EXPECT_TRUE(has_arg(plans[1], "--capacities=1,8,32"));
}

TEST(SuiteProfile, FullIsLargerAndRepetitionsOverride) {
  suite_options o;
  o.profile = "full";
  EXPECT_TRUE(has_arg(plan_suite(o)[0], "--benchmark_repetitions=10"));
  EXPECT_TRUE(has_arg(plan_suite(o)[1], "--capacities=1,16,64,256"));
  o.repetitions = 4;
  EXPECT_TRUE(has_arg(plan_suite(o)[0], "--benchmark_repetitions=4"));
}

TEST(SuiteProfile, UnknownProfileIsAnError) {
  suite_options o;
  o.profile = "fast";
  try {
    plan_suite(o);
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_STREQ(e.what(), "--profile: 'fast' is not quick or full");
  }
}

TEST(SuiteRecord, WritesAtomicallyLeavingNoTemporaryFile) {
  const fs::path d = temp_dir("atomic");
  write_atomically((d / "f.json").string(), "one");
  write_atomically((d / "f.json").string(), "two");
  EXPECT_EQ(slurp(d / "f.json"), "two");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
  fs::remove_all(d);
}

TEST(SuiteRecord, RemembersFinishedCasesAcrossRuns) {
  const fs::path d = temp_dir("resume");
  const std::string path = (d / "bench_x.json").string();
  {
    suite_record r(path);
    EXPECT_FALSE(r.has("a/b"));
    r.add({{"context", {{"host_name", "h1"}}},
           {"benchmarks", {{{"name", "a/b"}, {"run_name", "a/b"}, {"run_type", "iteration"}}}}});
    r.add({{"context", {{"host_name", "h2"}}},
           {"benchmarks", {{{"name", "c/d"}, {"run_name", "c/d"}, {"run_type", "iteration"}}}}});
  }
  const suite_record again(path);
  EXPECT_TRUE(again.has("a/b"));
  EXPECT_TRUE(again.has("c/d"));
  EXPECT_EQ(again.cases(), 2u);
  EXPECT_EQ(again.context()["host_name"], "h1") << "the first context is kept";
  fs::remove_all(d);
}

TEST(SuiteRecord, ACorruptFileIsNamed) {
  const fs::path d = temp_dir("corrupt");
  std::ofstream(d / "bench_x.json") << "{\"benchmarks\": [";
  try {
    suite_record r((d / "bench_x.json").string());
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_NE(std::string(e.what()).find((d / "bench_x.json").string() + ": not valid JSON"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(d);
}

TEST(GbJsonText, BareNanFromGoogleBenchmarkBecomesNull) {
  EXPECT_EQ(json_without_nan(R"({"cv": NaN, "x": -nan, "y": inf, "name": "nanny"})"),
            R"({"cv": null, "x": null, "y": null, "name": "nanny"})");
}

TEST(SuiteExec, ReportsExitStatusAndOutput) {
  const fs::path d = temp_dir("exec");
  const std::string out = (d / "out").string();
  EXPECT_EQ(run_child({"/bin/sh", "-c", "echo first; echo last line >&2; exit 3"}, out, out), 3);
  EXPECT_EQ(last_line(out), "last line");
  EXPECT_THROW(run_child({"/nonexistent/binary"}, out, out), pgmap::error);
  fs::remove_all(d);
}

// The real runner over two tiny cases: run folder, resume, refusals.
struct SuiteRun : ::testing::Test {
  fs::path suite = fs::path(std::getenv("PGMAP_BINARY_DIR") ? std::getenv("PGMAP_BINARY_DIR") : ".") /
                   "bench" / "pgmap-suite";
  int run(const std::string& args, const fs::path& log) {
    return std::system((suite.string() + " " + args + " >" + log.string() + " 2>&1").c_str()) >> 8;
  }
};

TEST_F(SuiteRun, RunsResumesAndRefusesToOverwrite) {
  if (!fs::exists(suite)) GTEST_SKIP() << suite << " not built";
  const fs::path d = temp_dir("e2e"), run_dir = d / "run", log = d / "log";
  const std::string filter =
      "--filter 'hotpath/(none|sweep)/pages:private/work:none/.*/threads:1$' --repetitions 2 "
      "--counters none";
  ASSERT_EQ(run("--out " + run_dir.string() + " " + filter, log), 0) << slurp(log);
  for (const char* f : {"suite.json", "bench_hotpath.json", "machine.json", "run.log"})
    EXPECT_TRUE(fs::exists(run_dir / f)) << f;
  const std::string json = slurp(run_dir / "bench_hotpath.json");
  EXPECT_NE(json.find("hotpath/sweep/pages:private"), std::string::npos);
  EXPECT_NE(json.find("\"ns_per_pair\""), std::string::npos);
  EXPECT_NE(slurp(log).find("[3/3]"), std::string::npos) << "none twice and sweep: 3 cases";

  ASSERT_EQ(run("--resume " + run_dir.string(), log), 0) << slurp(log);
  EXPECT_NE(slurp(log).find("0 cases to run (3 already done)"), std::string::npos) << slurp(log);

  EXPECT_EQ(run("--out " + run_dir.string() + " " + filter, log), 2);
  EXPECT_NE(slurp(log).find("exists and is not empty"), std::string::npos) << slurp(log);
  fs::remove_all(d);
}

TEST_F(SuiteRun, BadOptionsFailBeforeAnyCaseRuns) {
  if (!fs::exists(suite)) GTEST_SKIP() << suite << " not built";
  const fs::path d = temp_dir("bad"), run_dir = d / "run", log = d / "log";
  EXPECT_EQ(run("--out " + run_dir.string() + " --pmem bogus:x", log), 2);
  EXPECT_NE(slurp(log).find("bogus:x"), std::string::npos) << slurp(log);
  EXPECT_FALSE(fs::exists(run_dir / "bench_hotpath.json"));
  EXPECT_EQ(run("--out " + (d / "run2").string() + " --placement cross", log), 2);
  EXPECT_NE(slurp(log).find("cross"), std::string::npos) << slurp(log);
  fs::remove_all(d);
}

}  // namespace
}  // namespace pgmap::bench
