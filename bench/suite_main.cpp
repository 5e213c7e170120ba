// pgmap-suite: runs the benchmark binaries over the profile's grid, one case
// per child process, into a run folder: each finished case is merged into
// the binary's JSON at once (atomically), so Ctrl-C or a failing case keeps
// what was done, and --resume runs only what is missing. At the end the
// results tool turns the folder into tables, the verdict and plots.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <cstring>
#include <iomanip>
#include <iostream>

#include "bench/gb_json_text.hpp"
#include "bench/suite_exec.hpp"
#include "bench/suite_profile.hpp"
#include "bench/suite_record.hpp"
#include "hw/error.hpp"

namespace fs = std::filesystem;
using namespace pgmap::bench;

namespace {

struct suite_case {
  const binary_plan* plan;
  std::string name;
};

std::string duration(double s) {
  if (s < 90) return std::to_string(static_cast<int>(std::lround(s))) + " s";
  const long m = std::lround(s / 60);
  return std::to_string(m / 60 ? m / 60 : m) + (m / 60 ? " h " + std::to_string(m % 60) + " min" : " min");
}

std::string default_run_dir() {
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  char ts[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", std::gmtime(&now));
  return std::string(PGMAP_SOURCE_DIR) + "/results/runs/" + host + "-" + ts;
}

nlohmann::json to_json(const suite_options& o) {
  return {{"profile", o.profile}, {"pmem", o.pmem},       {"memmap", o.memmap},
          {"placement", o.placement}, {"counters", o.counters}, {"filter", o.filter},
          {"repetitions", o.repetitions}, {"force", o.force}, {"keep", o.keep}};
}

suite_options from_json(const nlohmann::json& j) {
  suite_options o;
  o.profile = j.at("profile");
  o.pmem = j.at("pmem");
  o.memmap = j.at("memmap");
  o.placement = j.at("placement");
  o.counters = j.at("counters");
  o.filter = j.at("filter");
  o.repetitions = j.at("repetitions");
  o.force = j.at("force");
  o.keep = j.at("keep");
  return o;
}

// The binary's cases for the plan; a bad option fails here, before any case runs.
std::vector<std::string> list_cases(const fs::path& bin, const binary_plan& p,
                                    const std::string& filter, const fs::path& run) {
  std::vector<std::string> argv = {(bin / p.binary).string()};
  argv.insert(argv.end(), p.args.begin(), p.args.end());
  argv.push_back("--benchmark_list_tests=true");
  if (!filter.empty()) argv.push_back("--benchmark_filter=" + filter);
  const fs::path out = run / ("." + p.binary + ".list"), err = run / ("." + p.binary + ".err");
  fs::remove(out);
  fs::remove(err);
  const int rc = run_child(argv, out.string(), err.string());
  if (rc != 0) {
    const std::string why = last_line(err.string());
    throw pgmap::error(why.empty() ? p.binary + " exited with status " + std::to_string(rc) : why);
  }
  std::vector<std::string> cases;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) cases.push_back(line);
  fs::remove(out);
  fs::remove(err);
  return cases;
}

std::string exact(const std::string& name) {
  std::string re = "^";
  for (char c : name) {
    if (std::strchr(".[]()*+?^$|\\{}", c)) re += '\\';
    re += c;
  }
  return re + "$";
}

int run_suite(suite_options o, const std::string& out, const std::string& resume) {
  const fs::path bin = fs::read_symlink("/proc/self/exe").parent_path();
  fs::path run;
  if (!resume.empty()) {
    run = resume;
    std::ifstream in(run / "suite.json");
    if (!in) throw pgmap::error(resume + ": not a run folder (no suite.json)");
    o = from_json(nlohmann::json::parse(in));
    std::cout << "pgmap-suite: resuming " << run.string() << " with its own options\n";
  } else {
    run = out.empty() ? default_run_dir() : out;
    if (fs::exists(run) && !fs::is_empty(run))
      throw pgmap::error(run.string() + ": exists and is not empty (use --resume to continue it)");
    fs::create_directories(run / "counters");
    write_atomically((run / "suite.json").string(), to_json(o).dump(2) + "\n");
  }
  const std::vector<binary_plan> plans = plan_suite(o);

  std::vector<suite_case> todo;
  std::size_t done_before = 0;
  double estimate = 0;
  for (const binary_plan& p : plans) {
    const suite_record rec((run / (p.binary + ".json")).string());
    for (const std::string& c : list_cases(bin, p, o.filter, run)) {
      if (rec.has(c)) {
        ++done_before;
        continue;
      }
      todo.push_back({&p, c});
      estimate += p.expected_case_s * (o.repetitions ? o.repetitions : 1);
    }
  }
  std::cout << "pgmap-suite: profile " << o.profile << ", pmem " << o.pmem << ", " << todo.size()
            << " cases to run" << (done_before ? " (" + std::to_string(done_before) + " already done)" : "")
            << ", about " << duration(estimate) << "\n"
            << "pgmap-suite: results in " << run.string() << "\n";

  catch_interrupts();
  const std::string log = (run / "run.log").string();
  const auto start = std::chrono::steady_clock::now();
  std::size_t i = 0;
  for (const suite_case& c : todo) {
    ++i;
    const auto t0 = std::chrono::steady_clock::now();
    const fs::path part = run / ("." + c.plan->binary + ".partial.json");
    std::vector<std::string> argv = {(bin / c.plan->binary).string()};
    argv.insert(argv.end(), c.plan->args.begin(), c.plan->args.end());
    argv.push_back("--benchmark_filter=" + exact(c.name));
    argv.push_back("--benchmark_out=" + part.string());
    argv.push_back("--benchmark_out_format=json");
    argv.push_back("--counters-dir=" + (run / "counters").string());
    std::cout << "[" << i << "/" << todo.size() << "] " << c.name << " ..." << std::flush;
    const int rc = run_child(argv, log, log);
    if (interrupted()) {
      fs::remove(part);
      std::cout << " interrupted\n";
      std::cerr << "pgmap-suite: interrupted; " << (i - 1 + done_before)
                << " finished cases kept in " << run.string() << "; continue with --resume "
                << run.string() << "\n";
      return 130;
    }
    nlohmann::json result;
    bool failed = rc != 0;
    std::string why = failed ? last_line(log) : "";
    if (!failed) {
      std::ifstream in(part);
      try {
        result = nlohmann::json::parse(
            json_without_nan(std::string(std::istreambuf_iterator<char>(in), {})));
        for (const auto& b : result.value("benchmarks", nlohmann::json::array()))
          if (b.value("error_occurred", false)) failed = true, why = b.value("error_message", "");
      } catch (const nlohmann::json::exception& e) {
        failed = true;
        why = part.string() + ": " + e.what();
      }
    }
    fs::remove(part);
    if (failed) {
      std::cout << " FAILED\n";
      std::cerr << "pgmap-suite: " << c.name << " failed: " << why << "\n"
                << "pgmap-suite: " << (i - 1 + done_before) << " finished cases kept in "
                << run.string() << " (log: " << log << ")\n";
      return 1;
    }
    suite_record((run / (c.plan->binary + ".json")).string()).add(result);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << " " << std::fixed << std::setprecision(1) << took << " s, about "
              << duration(spent / i * (todo.size() - i)) << " left\n";
  }

  // The machine record, as the binaries saw it.
  for (const binary_plan& p : plans) {
    const suite_record rec((run / (p.binary + ".json")).string());
    if (rec.context().contains("pgmap_machine")) {
      write_atomically((run / "machine.json").string(),
                       nlohmann::json::parse(rec.context()["pgmap_machine"].get<std::string>()).dump(2) + "\n");
      break;
    }
  }
  std::cout << "pgmap-suite: done: " << todo.size() << " cases in "
            << duration(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count())
            << "; results in " << run.string() << "\n";
  const fs::path results = bin.parent_path() / "results" / "pgmap-results";
  if (!fs::exists(results)) {
    std::cout << "pgmap-suite: tables and plots unavailable: " << results.string() << " not built\n";
    return 0;
  }
  std::cout.flush();
  return run_child({results.string(), "report", run.string()}, "", "");
}

}  // namespace

int main(int argc, char** argv) {
  suite_options o;
  std::string out, resume;
  CLI::App app("Runs the pgmap-bench suite: every benchmark binary over the profile's grid, "
               "into a run folder.", "pgmap-suite");
  app.add_option("--profile", o.profile, "quick (minutes, a 2-core VM) | full (a real pmem host)")
      ->capture_default_str();
  app.add_option("--pmem", o.pmem, "pmem spec: emulated[:SIZE] | fsdax:DIR[:SIZE] | devdax:/dev/daxX.Y")
      ->capture_default_str();
  app.add_option("--memmap", o.memmap, "dram | device (default: the profile's, dram)");
  app.add_option("--placement", o.placement, "compact | scatter | cross | smt | list:... (default compact)");
  app.add_option("--counters", o.counters, "auto | pcm | pcm-memory | perf | none")->capture_default_str();
  app.add_option("--filter", o.filter, "only cases whose name matches this regex");
  app.add_option("--repetitions", o.repetitions, "repetitions per case (default: the profile's)");
  app.add_flag("--force", o.force, "allow writing over a devdax device or an existing file");
  app.add_flag("--keep", o.keep, "keep pmem files the run creates");
  app.add_option("--out", out, "run folder (default results/runs/<host>-<UTC time>)");
  app.add_option("--resume", resume, "continue an interrupted run folder, with its own options");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return run_suite(o, out, resume);
  } catch (const std::exception& e) {
    std::cerr << "pgmap-suite: " << e.what() << "\n";
    return 2;
  }
}
