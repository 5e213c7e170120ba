// Runs the built pgmap-results binary: exit codes, one-line errors, and that
// inputs are never overwritten.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <map>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "results/report_checks.hpp"
#include "results/run_folder.hpp"
#include "results/tidy_csv.hpp"
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
  for (const char* sub : {"tidy", "summary", "verdict", "compare", "agree", "report", "plot"}) {
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

// The memory a run found free is the host's state, not an option: two runs
// that differ only in it are not said to differ; a profile is.
TEST(Cli, MemoryFoundFreeIsNotAnOptionThatDiffers) {
  scratch s("cli-memory");
  const std::string a = s.copy_run("run-gamma"), b = (s.dir / "gamma-b").string();
  fs::copy(a, b, fs::copy_options::recursive);
  auto suite = [](const std::string& dir, const std::string& profile, std::uint64_t memory) {
    nlohmann::json j;
    j["options"] = {{"profile", profile}, {"seed", 1}, {"memory_available_bytes", memory}};
    std::ofstream(dir + "/suite.json") << j.dump();
  };
  suite(a, "quick", 23ull << 30);
  suite(b, "quick", 22ull << 30);
  EXPECT_TRUE(run_differences({a, b}).empty());
  suite(b, "full", 22ull << 30);
  ASSERT_EQ(run_differences({a, b}).size(), 1u);
  EXPECT_TRUE(run_differences({a, b})[0].starts_with("options differs")) << run_differences({a, b})[0];
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

// Nothing to read, compare or summarise is a usage error: exit 2, one line
// naming the input, nothing written.
TEST(Cli, NothingToDoIsAnError) {
  scratch s("cli-nothing");
  const std::string a = s.copy_run("run-alpha");
  ASSERT_EQ(run("tidy " + a).code, 0);
  const std::string text = slurp(a + "/tidy.csv");
  const std::string header = text.substr(0, text.find('\n') + 1);
  // The rows split in two: hot path in one file, the rest in another.
  std::string hot = header, rest = header;
  for (std::size_t at = header.size(); at < text.size();) {
    const std::size_t end = text.find('\n', at) + 1;
    const std::string line = text.substr(at, end - at);
    (line.find(",hotpath,") != std::string::npos ? hot : rest) += line;
    at = end;
  }
  ASSERT_NE(hot, header);
  ASSERT_NE(rest, header);
  fs::create_directories(s.dir / "hot");
  fs::create_directories(s.dir / "rest");
  fs::create_directories(s.dir / "empty");
  const std::string hot_csv = s.write("hot/tidy.csv", hot), rest_csv = s.write("rest/tidy.csv", rest),
                    empty_csv = s.write("empty/tidy.csv", header);
  // A run folder whose JSON holds no case.
  const std::string no_runs = s.copy_run("run-beta");
  for (const auto& e : fs::directory_iterator(no_runs))
    if (e.path().filename().string().starts_with("bench_")) {
      nlohmann::json doc = nlohmann::json::parse(slurp(e.path().string()));
      doc["benchmarks"] = nlohmann::json::array();
      std::ofstream(e.path()) << doc.dump();
    }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"summary " + empty_csv, empty_csv + ": no cases (a header without rows)"},
      {"report " + no_runs, no_runs + ": no cases in its bench_*.json (no measurement to read)"},
      {"compare " + a + " " + empty_csv, empty_csv + ": no cases (a header without rows)"},
      {"compare " + hot_csv + " " + rest_csv + " --out " + (s.dir / "c.md").string(),
       "nothing to compare: " + hot_csv + " and " + rest_csv + " have no case in common ("},
      {"summary " + a + " --filter nosuchcase --out " + (s.dir / "s.md").string(),
       "--filter 'nosuchcase': matches no case"},
  };
  for (const auto& [args, says] : bad) {
    const outcome o = run(args);
    EXPECT_EQ(o.code, 2) << args << ": " << o.out;
    EXPECT_EQ(o.out.rfind("pgmap-results: " + says, 0), 0u) << args << ": " << o.out;
    EXPECT_EQ(o.out.find('\n'), o.out.size() - 1) << args << ": " << o.out;
  }
  EXPECT_FALSE(fs::exists(no_runs + "/report.txt"));
  EXPECT_FALSE(fs::exists(s.dir / "c.md"));
  EXPECT_FALSE(fs::exists(s.dir / "s.md"));
}

// agree: exit 0 when every headline row agrees, 1 when one does not.
TEST(Cli, AgreeExitsOneWhenTheHeadlineDisagrees) {
  scratch s("cli-agree");
  const std::string a = s.copy_run("run-gamma");
  const std::string same = (s.dir / "gamma-again").string();
  fs::copy(a, same, fs::copy_options::recursive);
  const outcome ok = run("agree " + a + " " + same + " --format txt");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("\nagree: "), std::string::npos) << ok.out;
  // B: the same rows, percpu_ref-memb 20 ns dearer per pair, as a tidy.csv.
  tidy_rows rows = load_run(a).rows;
  for (tidy_row& r : rows)
    if (r[kind] == "hotpath" && r[subject] == "percpu_ref-memb")
      r[ns_per_pair] = exact_number(*r.number(ns_per_pair) + 20);
  fs::create_directories(s.dir / "shifted");
  fs::copy_file(fs::path(a) / "machine.json", s.dir / "shifted" / "machine.json");
  const std::string shifted = s.write("shifted/tidy.csv", tidy_csv_text(rows));
  const outcome no = run("agree " + a + " " + shifted + " --format txt");
  EXPECT_EQ(no.code, 1) << no.out;
  EXPECT_NE(no.out.find("DISAGREE: "), std::string::npos) << no.out;
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
  EXPECT_EQ(o.code, 2);  // damaged input is the user's to fix, as a usage error
  EXPECT_EQ(o.out.rfind("pgmap-results: " + a + "/bench_hotpath.json:", 0), 0u) << o.out;
  EXPECT_EQ(o.out.find('\n'), o.out.size() - 1) << o.out;
  std::string csv = s.write("tidy.csv", "host,commit\n");
  EXPECT_EQ(run("summary " + csv).out, "pgmap-results: " + csv + ":1: not a tidy.csv header: no column 'binary'\n");
}

TEST(Cli, ReportWritesTheDerivedFiles) {
  scratch s("cli-report");
  std::string a = s.copy_run("run-alpha");
  outcome o = run("report " + a);
  ASSERT_EQ(o.code, 0) << o.out;
  EXPECT_EQ(o.out.rfind("pgmap-bench report: run-alpha\n", 0), 0u) << o.out;
  EXPECT_NE(o.out.find("Removal, nothing in use"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\nVerdict: On alpha ("), std::string::npos) << o.out;
  testing::expect_narrow(o.out.substr(0, o.out.find("\nWritten to")));
  EXPECT_EQ(o.out.substr(0, o.out.find("\nWritten to")), slurp(a + "/report.txt"));
  for (const char* f : {"tidy.csv", "report.txt", "report.md", "summary.md", "summary.txt", "verdict.md", "verdict.csv"})
    EXPECT_TRUE(fs::exists(a + "/" + f)) << f;
  testing::expect_narrow(slurp(a + "/summary.txt"));
  EXPECT_NE(slurp(a + "/summary.md").find("Plots: "), std::string::npos);
  EXPECT_EQ(run("report " + a).code, 0);  // regenerates its own files
}

// What --out X --force may never replace: a character device (when this
// test may make one: root), a FIFO, a symbolic link. Each survives every
// writing subcommand, with one line naming it.
TEST(Cli, ForceNeverReplacesWhatIsNotARegularFile) {
  scratch s("cli-special");
  const std::string a = s.copy_run("run-alpha"), b = testing::testdata("run-beta");
  const std::string target = s.write("target.md", "kept");
  const auto make = [&](const std::string& kind, const fs::path& p) {
    fs::create_directories(p.parent_path());
    if (kind == "fifo") return ::mkfifo(p.c_str(), 0600) == 0;
    if (kind == "link") return ::symlink(target.c_str(), p.c_str()) == 0;
    return ::mknod(p.c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0;  // root only
  };
  const auto refused = [&](const std::string& args, const fs::path& p) {
    const fs::file_type before = fs::symlink_status(p).type();
    outcome o = run(args + " --force");
    EXPECT_NE(o.code, 0) << args << ": " << o.out;
    EXPECT_NE(o.out.find(p.string() + ": is "), std::string::npos) << args << ": " << o.out;
    EXPECT_EQ(fs::symlink_status(p).type(), before) << args;
    return o.out;
  };
  for (const std::string kind : {"fifo", "link", "dev"}) {
    const fs::path out = s.dir / kind / "out.md", merged = s.dir / kind / "merged" / "report.txt",
                   figure = s.dir / kind / "plots" / "removal_latency.svg";
    if (!make(kind, out) || !make(kind, merged) || !make(kind, figure)) {
      EXPECT_EQ(kind, "dev") << "cannot make a " << kind;
      continue;
    }
    for (const std::string& sub : {"summary " + a, "verdict " + a, "compare " + a + " " + b}) {
      // One line (after compare's warnings about the two runs).
      const std::string said = refused(sub + " --out " + out.string(), out);
      const std::string last = said.substr(said.rfind('\n', said.size() - 2) + 1);
      EXPECT_EQ(last.rfind("pgmap-results: " + out.string() + ": is ", 0), 0u) << said;
    }
    refused("report " + a + " " + b + " --out " + merged.parent_path().string(), merged);
    refused("plot " + a + " --out " + figure.parent_path().string(), figure);
  }
  EXPECT_EQ(slurp(target), "kept");
}

// tidy.csv is derived from the bench JSON: a folder is read from its JSON,
// and a tidy.csv named on its own that the JSON beside it no longer gives
// (changed since, or cut short) is refused.
TEST(Cli, StaleOrTruncatedTidyIsNeverRead) {
  scratch s("cli-stale");
  const std::string a = s.copy_run("run-alpha");
  ASSERT_EQ(run("tidy " + a).code, 0);
  ASSERT_EQ(run("summary " + a + "/tidy.csv --format csv").code, 0);  // fresh: read
  const std::string csv = slurp(a + "/tidy.csv");
  // Cut short at a line boundary: still a valid CSV, fewer rows.
  s.write("run-alpha/tidy.csv", csv.substr(0, csv.rfind('\n', csv.size() - 2) + 1));
  const std::string refused = "pgmap-results: " + a + "/tidy.csv: is not what the bench_*.json beside it give";
  outcome cut = run("summary " + a + "/tidy.csv");
  EXPECT_EQ(cut.code, 1) << cut.out;
  EXPECT_EQ(cut.out.rfind(refused, 0), 0u) << cut.out;
  EXPECT_EQ(cut.out.find('\n'), cut.out.size() - 1) << cut.out;
  // The folder reads its JSON: every row.
  const outcome whole = run("summary " + a + " --format csv");
  s.write("run-alpha/tidy.csv", csv);
  // The same tables as the whole tidy.csv gives (headings name the path read).
  std::string from_csv = run("summary " + a + "/tidy.csv --format csv").out;
  for (std::size_t at; (at = from_csv.find(a + "/tidy.csv")) != std::string::npos;)
    from_csv.replace(at, a.size() + 9, a);
  EXPECT_EQ(whole.out, from_csv);
  // A newer bench JSON (one value changed): the old tidy.csv is refused, the folder sees the change.
  std::string json = slurp(a + "/bench_hotpath.json");
  const std::size_t at = json.find("\"ns_per_pair\": ");
  ASSERT_NE(at, std::string::npos);
  json.insert(at + 15, "9");
  s.write("run-alpha/bench_hotpath.json", json);
  EXPECT_EQ(run("summary " + a + "/tidy.csv").out.rfind(refused, 0), 0u);
  EXPECT_NE(run("summary " + a + " --format csv").out, whole.out);
  ASSERT_EQ(run("tidy " + a).code, 0);  // rebuilt: read again
  EXPECT_EQ(run("summary " + a + "/tidy.csv --format csv").code, 0);
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

// Every file the results tool reads from a run folder, damaged as a disk,
// an editor or a killed writer damages it: each is one line naming the file,
// exit 2, and the folder left as it was (report writes nothing first).
TEST(Cli, EveryDamagedInputIsOneLineExitTwoNothingWritten) {
  scratch s("cli-damage");
  const std::string alpha = s.copy_run("run-alpha");
  ASSERT_EQ(run("tidy " + alpha).code, 0);
  const std::string tidy_text = slurp(alpha + "/tidy.csv");
  fs::remove(alpha + "/tidy.csv");
  const std::string suite_text = R"({"build": {}, "options": {"label": "alpha", "seed": 3}})";
  auto first = [](std::string text, const std::string& pattern, const std::string& with) {
    return std::regex_replace(text, std::regex(pattern), with, std::regex_constants::format_first_only);
  };
  auto half = [](const std::string& text) { return text.substr(0, text.size() / 2); };
  using edit = std::function<std::string(const std::string&)>;
  struct damage {
    std::string file, how;
    edit change;
  };
  std::vector<damage> all;
  for (const auto& [file, measure] : {std::pair{"bench_hotpath.json", "ns_per_pair"},
                                      std::pair{"bench_removal.json", "latency_ns"}}) {
    const std::string field = "\"" + std::string(measure) + "\": [-0-9.e+]+";
    const std::string key = "\"" + std::string(measure) + "\": ";
    all.push_back({file, "truncated", half});
    all.push_back({file, "empty", [](const std::string&) { return std::string(); }});
    all.push_back({file, "NaN", [=](const std::string& t) { return first(t, field, key + "NaN"); }});
    all.push_back({file, "infinite", [=](const std::string& t) { return first(t, field, key + "inf"); }});
    all.push_back({file, "negative", [=](const std::string& t) { return first(t, field, key + "-6.5"); }});
    all.push_back({file, "wrong type", [=](const std::string& t) { return first(t, field, key + "\"fast\""); }});
    all.push_back({file, "missing key", [=](const std::string& t) { return first(t, field, "\"x\": 1"); }});
    all.push_back({file, "no benchmarks", [=](const std::string& t) { return first(t, "\"benchmarks\"", "\"b\""); }});
  }
  // tidy.csv is read where a run has no JSON (an archived run).
  const std::string row = ",hotpath/[^,]*,hotpath,[^\n]*";
  all.push_back({"tidy.csv", "truncated", half});
  all.push_back({"tidy.csv", "empty", [](const std::string&) { return std::string(); }});
  all.push_back({"tidy.csv", "NaN", [=](const std::string& t) { return first(t, ",10.5,", ",nan,"); }});
  all.push_back({"tidy.csv", "negative", [=](const std::string& t) { return first(t, ",10.5,", ",-10.5,"); }});
  all.push_back({"tidy.csv", "wrong type", [=](const std::string& t) { return first(t, ",10.5,", ",fast,"); }});
  all.push_back({"tidy.csv", "missing value", [=](const std::string& t) { return first(t, ",10.5,", ",,"); }});
  all.push_back({"tidy.csv", "missing key", [=](const std::string& t) { return first(t, ",subject,", ",subjekt,"); }});
  all.push_back({"machine.json", "truncated", half});
  all.push_back({"machine.json", "empty", [](const std::string&) { return std::string(); }});
  all.push_back({"machine.json", "wrong type", [=](const std::string& t) { return first(t, "\"hostname\": \"[^\"]*\"", "\"hostname\": 5"); }});
  all.push_back({"machine.json", "negative", [=](const std::string& t) { return first(t, "\"pus\": [0-9]+", "\"pus\": -2"); }});
  all.push_back({"machine.json", "not an object", [](const std::string&) { return std::string("[1, 2]"); }});
  all.push_back({"suite.json", "truncated", half});
  all.push_back({"suite.json", "empty", [](const std::string&) { return std::string(); }});
  all.push_back({"suite.json", "wrong type", [=](const std::string& t) { return first(t, "\"alpha\"", "7"); }});
  all.push_back({"suite.json", "missing key", [=](const std::string& t) { return first(t, "\"options\"", "\"opts\""); }});

  for (const damage& d : all) {
    const std::string dir = (s.dir / "d").string();
    fs::remove_all(dir);
    fs::copy(alpha, dir);
    s.write("d/suite.json", suite_text);
    if (d.file == "tidy.csv") {
      fs::remove(dir + "/bench_hotpath.json");
      fs::remove(dir + "/bench_removal.json");
      s.write("d/tidy.csv", tidy_text);
    }
    const std::string path = dir + "/" + d.file;
    const std::string before = slurp(path), after = d.change(before);
    ASSERT_NE(before, after) << d.file << ", " << d.how << ": the damage changed nothing";
    s.write("d/" + d.file, after);
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(dir)) files[e.path().filename()] = slurp(e.path().string());
    // An archived run (tidy.csv, no JSON) is read by the merged report.
    const outcome o = run(d.file == "tidy.csv" ? "report " + path + " --out " + dir + "/merged" : "report " + dir);
    const std::string what = d.file + ", " + d.how + ": ";
    EXPECT_EQ(o.code, 2) << what << o.out;
    EXPECT_EQ(o.out.rfind("pgmap-results: " + path, 0), 0u) << what << o.out;
    EXPECT_EQ(o.out.find('\n'), o.out.size() - 1) << what << o.out;
    std::map<std::string, std::string> now;
    for (const auto& e : fs::directory_iterator(dir)) now[e.path().filename()] = slurp(e.path().string());
    EXPECT_EQ(now, files) << what << "the report wrote into the folder";
  }
}

}  // namespace
}  // namespace pgmap::results
