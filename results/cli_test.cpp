// Runs the built pgmap-results binary: exit codes, one-line errors, and that
// inputs are never overwritten.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "results/report_checks.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

namespace fs = std::filesystem;
using testing::scratch;
using testing::slurp;

struct outcome {
  int code;
  std::string out;
};

// Arguments are our own fixture paths (no shell metacharacters).
outcome run(const std::string& args) {
  std::string cmd = (testing::build_results_dir() / "pgmap-results").string() + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Cli, HelpOnEverySubcommand) {
  for (const char* sub : {"tidy", "summary", "verdict", "compare", "report", "plot"}) {
    outcome o = run(std::string(sub) + " --help");
    EXPECT_EQ(o.code, 0) << sub;
    EXPECT_NE(o.out.find("Usage"), std::string::npos) << sub;
  }
  EXPECT_EQ(run("").code, 2);
}

// Usage errors: exit 2, one line "pgmap-results: ..." naming the bad input.
TEST(Cli, UsageErrorsNameTheInput) {
  scratch s("cli-usage");
  const std::string a = s.copy_run("run-alpha");
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"frob", "'frob': no such subcommand"},
      {"--frob", "'--frob': no such option"},
      {"summary " + a + " --frob", "'--frob': no such option"},
      {"summary ''", "RUN: empty value"},
      {"summary " + a + " --out ''", "--out: empty value"},
      {"summary " + a + " " + a, a + ": the same run is given twice"},
      {"compare " + a + " " + a + "/tidy.csv", a + "/tidy.csv: the same run is given twice"},
  };
  for (const auto& [args, names] : bad) {
    outcome o = run(args);
    EXPECT_EQ(o.code, 2) << args << ": " << o.out;
    EXPECT_EQ(o.out.rfind("pgmap-results: ", 0), 0u) << args << ": " << o.out;
    EXPECT_NE(o.out.find(names), std::string::npos) << args << ": " << o.out;
    EXPECT_EQ(o.out.find('\n'), o.out.size() - 1) << args << ": " << o.out;
  }
  outcome v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("pgmap-results 0.2.0 (commit ", 0), 0u) << v.out;
}

// Runs of other commits or machines are compared with a warning saying what differs.
TEST(Cli, WarnsWhenRunsDiffer) {
  scratch s("cli-differ");
  const std::string a = s.copy_run("run-alpha"), b = s.copy_run("run-beta");
  outcome o = run("summary " + a + " " + b + " --format txt");
  ASSERT_EQ(o.code, 0) << o.out;
  EXPECT_NE(o.out.find("pgmap-results: warning: "), std::string::npos) << o.out.substr(0, 400);
}

TEST(Cli, TidyThenSummaryAsText) {
  scratch s("cli-tidy");
  std::string a = s.copy_run("run-alpha");
  outcome t = run("tidy " + a);
  ASSERT_EQ(t.code, 0) << t.out;
  EXPECT_TRUE(fs::exists(a + "/tidy.csv"));
  EXPECT_EQ(run("tidy " + a).code, 0);  // derived file: regenerated
  outcome o = run("summary " + a + " --format txt");
  ASSERT_EQ(o.code, 0) << o.out;
  testing::expect_narrow(o.out);
  EXPECT_NE(o.out.find("Overhead over none"), std::string::npos);
}

TEST(Cli, NeverOverwritesAnInput) {
  scratch s("cli-input");
  std::string a = s.copy_run("run-alpha");
  ASSERT_EQ(run("tidy " + a).code, 0);
  std::string before = slurp(a + "/tidy.csv");
  for (const char* force : {"", " --force"}) {
    outcome o = run("summary " + a + " --out " + a + "/tidy.csv" + force);
    EXPECT_EQ(o.code, 1);
    EXPECT_EQ(o.out, "pgmap-results: " + a + "/tidy.csv: is an input; refusing to overwrite it\n");
    EXPECT_EQ(slurp(a + "/tidy.csv"), before);
  }
  outcome j = run("verdict " + a + " --out " + a + "/bench_hotpath.json --force");
  EXPECT_EQ(j.code, 1);
  EXPECT_NE(j.out.find("is an input"), std::string::npos);
}

TEST(Cli, ExistingOutputNeedsForce) {
  scratch s("cli-force");
  std::string a = s.copy_run("run-alpha");
  std::string out = s.write("summary.md", "old");
  outcome o = run("summary " + a + " --out " + out);
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "pgmap-results: " + out + ": exists; use --force to overwrite it\n");
  EXPECT_EQ(slurp(out), "old");
  EXPECT_EQ(run("summary " + a + " --out " + out + " --force").code, 0);
  EXPECT_NE(slurp(out).find("# pgmap-bench summary"), std::string::npos);
}

TEST(Cli, MalformedInputIsOneLineWithFileAndLine) {
  scratch s("cli-bad");
  std::string a = s.copy_run("run-alpha");
  std::string text = slurp(a + "/bench_hotpath.json");
  s.write("run-alpha/bench_hotpath.json", text.substr(0, text.size() / 2));
  outcome o = run("summary " + a);
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out.rfind("pgmap-results: " + a + "/bench_hotpath.json:", 0), 0u) << o.out;
  EXPECT_EQ(o.out.find('\n'), o.out.size() - 1) << o.out;
  std::string csv = s.write("tidy.csv", "host,commit\n");
  EXPECT_EQ(run("summary " + csv).out, "pgmap-results: " + csv + ":1: not a tidy.csv header\n");
}

TEST(Cli, ReportWritesTheDerivedFiles) {
  scratch s("cli-report");
  std::string a = s.copy_run("run-alpha");
  outcome o = run("report " + a);
  ASSERT_EQ(o.code, 0) << o.out;
  EXPECT_EQ(o.out.rfind("pgmap-bench report: run-alpha\n", 0), 0u) << o.out;
  EXPECT_NE(o.out.find("Removal, nothing in use"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\nVerdict: On alpha (flavour of the running kernel: "), std::string::npos) << o.out;
  testing::expect_narrow(o.out.substr(0, o.out.find("\nWritten to")));
  EXPECT_EQ(o.out.substr(0, o.out.find("\nWritten to")), slurp(a + "/report.txt"));
  for (const char* f : {"tidy.csv", "report.txt", "report.md", "summary.md", "summary.txt", "verdict.md"})
    EXPECT_TRUE(fs::exists(a + "/" + f)) << f;
  testing::expect_narrow(slurp(a + "/summary.txt"));
  EXPECT_NE(slurp(a + "/summary.md").find("Plots: "), std::string::npos);
  EXPECT_EQ(run("report " + a).code, 0);  // regenerates its own files
}

TEST(Cli, CompareTwoHosts) {
  outcome o = run("compare " + testing::testdata("run-alpha") + " " + testing::testdata("run-beta") +
                  " --format csv");
  ASSERT_EQ(o.code, 0) << o.out;
  // Two hosts, two commits: said on stderr, before the table.
  EXPECT_EQ(o.out.rfind("pgmap-results: warning: commit differs: ", 0), 0u) << o.out;
  EXPECT_NE(o.out.find("\nlabel_a,label_b,case,"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\nrun-alpha,run-beta,hotpath/"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace pgmap::results
