// pgmap-suite: runs the benchmark binaries over the profile's grid into a run
// folder. Each repetition of a case runs in a process of its own (the
// process is the unit of replication), processes in a random order from the
// run's seed, each merged into the binary's JSON atomically as it finishes,
// so Ctrl-C or a failing case keeps what was done and --resume runs only
// what is missing. Steps: plan (check every option, list the cases, before
// anything is written), run the processes, finish (machine record, report).
#include <sys/utsname.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <thread>
#include <regex>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/cli.hpp"
#include "common/error.hpp"
#include "hw/collector_factory.hpp"
#include "hw/host_quiet.hpp"
#include "hw/placement.hpp"
#include "hw/pmem_spec.hpp"
#include "hw/readiness.hpp"
#include "hw/topology.hpp"
#include "suite/child.hpp"
#include "suite/disturbed.hpp"
#include "suite/process.hpp"
#include "suite/profile.hpp"
#include "suite/record.hpp"
#include "suite/run_folder.hpp"
#include "suite/units.hpp"

namespace fs = std::filesystem;
using namespace pgmap::suite;

namespace {

using steady = std::chrono::steady_clock;

std::string duration(double s) {
  if (s < 90) return std::to_string(static_cast<int>(std::lround(s))) + " s";
  const long m = std::lround(s / 60);
  return m < 60 ? std::to_string(m) + " min"
                : std::to_string(m / 60) + " h " + std::to_string(m % 60) + " min";
}

double since(steady::time_point t) { return std::chrono::duration<double>(steady::now() - t).count(); }

// <host>-<UTC time>: the default label and run folder name ("host" for a
// machine without a name: the kernel calls it "(none)").
std::string host_and_time() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const std::string name = host[0] && std::string_view(host) != "(none)" ? host : "host";
  char ts[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", std::gmtime(&now));
  return name + "-" + ts;
}

// Options given with --resume must be the run's own: a run has one set.
void check_same_options(const CLI::App& app, const suite_options& given, const suite_options& run) {
  const nlohmann::json g = to_json(given), r = to_json(run);
  for (const CLI::Option* opt : app.get_options()) {
    const std::string name = opt->get_name();
    if (opt->count() == 0 || name == "--resume" || name == "--force-resume" || name == "--yes") continue;
    std::string key = name.substr(2);
    std::replace(key.begin(), key.end(), '-', '_');
    if (!r.contains(key))
      throw pgmap::error(name + ": not recorded by the run; --resume continues with the run's own options");
    if (g[key] != r[key])
      throw pgmap::error(name + " " + g[key].dump() + ": the run has " + r[key].dump() +
                         "; --resume continues with the run's own options");
  }
}

// The binary's cases for its plan, listed by the binary itself: a bad option
// fails here, before anything is written (with its pmem mapped as a run
// maps it; only_plan: nothing mapped, for --check).
std::vector<std::string> list_cases(const fs::path& bin, const binary_plan& p, const std::string& filter,
                                    bool only_plan) {
  std::vector<std::string> argv = {(bin / p.binary).string()};
  argv.insert(argv.end(), p.args.begin(), p.args.end());
  argv.push_back("--benchmark_list_tests=true");
  if (only_plan) argv.push_back("--plan-only");
  if (!filter.empty()) argv.push_back("--benchmark_filter=" + filter);
  const fs::path out = fs::temp_directory_path() /
                       ("pgmap-suite-" + std::to_string(getpid()) + "-" + p.binary + ".list"),
                 err = fs::path(out).replace_extension(".err");
  fs::remove(out);
  fs::remove(err);
  const int rc = run_child(argv, out.string(), err.string());
  std::vector<std::string> cases;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) cases.push_back(line);
  const std::string why = last_line(err.string());
  fs::remove(out);
  fs::remove(err);
  if (rc != 0) throw pgmap::error(why.empty() ? p.binary + " exited with status " + std::to_string(rc) : why);
  return cases;
}

struct plan_result {
  suite_plan plan;
  std::vector<listed_cases> listed;
  std::size_t cases = 0;
};

plan_result plan(const fs::path& bin, const suite_options& o, bool only_plan = false) {
  plan_result p{plan_suite(o), {}, 0};
  for (const binary_plan& b : p.plan.binaries) {
    p.listed.push_back({&b, list_cases(bin, b, o.filter, only_plan), list_cases(bin, b, "", only_plan)});
    if (!b.drop.empty()) {
      const std::regex drop(b.drop);
      std::erase_if(p.listed.back().cases, [&](const std::string& n) { return std::regex_search(n, drop); });
    }
    p.cases += p.listed.back().cases.size();
  }
  if (p.cases == 0) throw pgmap::error("--filter '" + o.filter + "': matches no case");
  return p;
}

std::string percent(double share) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(share < 0.1 ? 2 : 1) << share * 100 << " %";
  return s.str();
}

// The host now: what its own tasks take from a thread spinning on each PU.
// nullopt when quiet (or when that is unavailable: said once, here);
// else why it is busy, naming its busiest tasks.
std::optional<std::string> busy_host(bool say_quiet) {
  const pgmap::hw::host_sample h = pgmap::hw::sample_host(pgmap::hw::allowed_cpus(),
                                                         std::chrono::milliseconds(300));
  if (!h.share) {
    if (say_quiet)
      std::cout << "pgmap-suite: disturbance unavailable: " << h.why
                << "; no process is checked for other tasks\n";
    return std::nullopt;
  }
  if (*h.share <= disturbed_share) {
    if (say_quiet)
      std::cout << "pgmap-suite: host quiet: other tasks took " << percent(*h.share)
                << " of a spinning PU; a process is disturbed above " << percent(disturbed_share) << "\n";
    return std::nullopt;
  }
  std::string top;
  for (const pgmap::hw::busy_task& t : h.top) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << t.cpus;
    top += (top.empty() ? "" : ", ") + t.comm + " (pid " + std::to_string(t.pid) + ") " + s.str() + " PUs";
  }
  return "host busy: other tasks took " + percent(*h.share) + " of a spinning PU (busiest: " +
         (top.empty() ? "none seen" : top) + ")";
}

// Before the run: a busy host is a warning, or with --require-quiet an
// error (false: the run must not start).
bool check_host(const suite_options& o) {
  const std::optional<std::string> busy = busy_host(true);
  if (!busy) return true;
  if (o.require_quiet) {
    std::cerr << "pgmap-suite: " << *busy << "; not started (--require-quiet)\n";
    return false;
  }
  std::cout << "pgmap-suite: warning: " << *busy << "; processes it disturbs beyond " << percent(disturbed_share)
            << " will be flagged\n";
  return true;
}

// A unit to run, and which attempt at it this is.
struct pending {
  const run_unit* unit;
  unsigned attempt;
};

// Before a pass of retries: the host quiet in one of three samples a second
// apart (a short burst does not cancel the pass); else why it is busy.
std::optional<std::string> busy_for_retries() {
  std::optional<std::string> busy;
  for (int i = 0; i < 3; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::seconds(1));
    busy = busy_host(false);
    if (!busy) break;
  }
  return busy;
}

// What a unit is expected to take: its cases' time and a process's start.
double expected_s(const run_unit& u) { return expected_process_s(*u.plan, u.cases); }

// What every process of the plan is expected to take together.
double planned_s(const std::vector<run_unit>& units) {
  double s = 0;
  for (const run_unit& u : units) s += expected_s(u);
  return s;
}

// A run planned past a working day starts only when asked to.
constexpr double day_s = 8 * 3600;

// Runs every unit not yet recorded; returns the exit status. A process whose
// threads other tasks kept off their PUs beyond disturbed_share is flagged
// and run again after the others, in passes of up to --retries attempts, a
// pass only when the host is quiet before it (a disturbance that lasts
// gains nothing from another try); every attempt is recorded. A resumed run
// goes on with the retries of processes disturbed in every attempt so far.
int run_all(const fs::path& bin, const fs::path& run, const suite_options& o, const plan_result& p) {
  std::vector<pending> todo, again;
  const std::vector<run_unit> units = plan_units(p.listed, p.plan.repetitions, o.seed);
  std::size_t done_before = 0;
  double estimate = 0;
  for (const run_unit& u : units) {
    const suite_record rec((run / (u.plan->binary + ".json")).string());
    bool done = true, clean = true;
    unsigned tried = 0;
    for (const std::string& c : u.cases) {
      done = done && rec.has(c, u.repetition);
      const suite_record::attempts a = rec.attempts_of(c, u.repetition);
      clean = clean && a.clean;
      tried = std::max(tried, a.count);
    }
    if (!done) {
      todo.push_back({&u, 0});
      estimate += expected_s(u);
      continue;
    }
    ++done_before;
    if (!clean) again.push_back({&u, tried});
  }
  std::cout << "pgmap-suite: profile " << o.profile << ", pmem " << o.common.pmem << ", " << p.cases
            << " cases x " << p.plan.repetitions << " processes each, seed " << o.seed << "\n"
            << "pgmap-suite: " << todo.size() << " processes to run"
            << (done_before ? " (" + std::to_string(done_before) + " already done)" : "")
            << ", about " << duration(estimate) << "\n"
            << "pgmap-suite: results in " << run.string() << "\n";

  const std::string log = (run / "run.log").string();
  const auto start = steady::now();
  std::size_t finished = done_before, disturbed = 0;
  const std::size_t processes = todo.size();
  for (unsigned pass = 0;; ++pass) {
    if (pass > 0) {
      std::vector<pending> spent;  // no retry left: kept flagged
      std::erase_if(again, [&](const pending& q) {
        if (q.attempt <= o.retries) return false;
        spent.push_back(q);
        return true;
      });
      if (!again.empty()) {
        if (const auto busy = busy_for_retries()) {
          std::cout << "pgmap-suite: " << *busy << ": disturbed processes not run again\n";
          again.insert(again.end(), spent.begin(), spent.end());
          break;
        }
        std::cout << "pgmap-suite: running " << again.size()
                  << (again.size() == 1 ? " disturbed process" : " disturbed processes") << " again\n";
      }
      todo = std::move(again);
      again = std::move(spent);
      if (todo.empty()) break;
    }
    const auto pass_start = steady::now();
    for (std::size_t i = 0; i < todo.size(); ++i) {
      const run_unit& u = *todo[i].unit;
      const unsigned attempt = todo[i].attempt;
      const auto t0 = steady::now();
      std::cout << "[" << i + 1 << "/" << todo.size() << "] " << u.plan->binary << " rep "
                << u.repetition + 1 << (attempt ? " attempt " + std::to_string(attempt + 1) : "") << ": "
                << u.cases.size() << " cases (" << u.cases.front() << (u.cases.size() > 1 ? ", ..." : "")
                << ") ..." << std::flush;
      process_result r = run_process(bin, u, p.plan.repetitions, run, log);
      const std::string kept = std::to_string(finished) + " finished processes kept in " + run.string();
      if (r.interrupted) {
        std::cout << " interrupted\n";
        std::cerr << "pgmap-suite: interrupted; " << kept << "; continue with --resume " << run.string()
                  << "\n";
        return 130;
      }
      if (!r.ok) {
        std::cout << " FAILED\n";
        std::cerr << "pgmap-suite: " << u.plan->binary << " failed: " << r.why << "\npgmap-suite: "
                  << kept << " (log: " << log << ")\n";
        return 1;
      }
      // Without a run delay (the kernel does not offer it) nothing is
      // flagged either way: the entries carry no verdict.
      const std::optional<double> share = process_disturbance(r.output);
      for (auto& b : r.output["benchmarks"]) {
        b["attempt"] = attempt;
        if (!share) continue;
        b["disturbed"] = *share > disturbed_share;
        b["disturbance_share"] = *share;
      }
      suite_record((run / (u.plan->binary + ".json")).string()).add(r.output);
      if (attempt == 0) ++finished;
      if (share && *share > disturbed_share) {
        ++disturbed;
        again.push_back({&u, attempt + 1});
        std::cout << " disturbed (other tasks took " << percent(*share) << " of its threads' time)";
      }
      std::cout << " " << std::fixed << std::setprecision(1) << since(t0) << " s, about "
                << duration(since(pass_start) / double(i + 1) * double(todo.size() - i - 1)) << " left\n";
    }
  }
  std::cout << "pgmap-suite: done: " << processes << " processes in " << duration(since(start))
            << "; results in " << run.string() << "\n";
  if (disturbed || !again.empty())
    std::cout << "pgmap-suite: " << disturbed << " disturbed attempts, kept and flagged; "
              << again.size() << " processes disturbed in every attempt\n";
  return 0;
}

// The machine record as the binaries saw it, then the tables and plots.
int finish(const fs::path& bin, const fs::path& run, const plan_result& p) {
  for (const binary_plan& b : p.plan.binaries) {
    const suite_record rec((run / (b.binary + ".json")).string());
    if (rec.context().contains("pgmap_machine")) {
      pgmap::write_atomically(
          (run / "machine.json").string(),
          nlohmann::json::parse(rec.context()["pgmap_machine"].get<std::string>()).dump(2) + "\n");
      break;
    }
  }
  const fs::path results = bin.parent_path() / "results" / "pgmap-results";
  if (!fs::exists(results)) {
    std::cout << "pgmap-suite: tables and plots unavailable: " << results.string() << " not built\n";
    return 0;
  }
  std::cout.flush();
  return run_child({results.string(), "report", run.string()}, "", "");
}

// The thread and sweeper counts a new run records: the host's defaults
// where the options do not say; and the full profile's sockets on a host of
// several packages: threads on one and across two, rows of their own.
void with_host_counts(suite_options& o, const pgmap::hw::topology& topo) {
  const int packages = hwloc_get_nbobjs_by_type(topo.raw(), HWLOC_OBJ_PACKAGE);
  if (o.sockets.empty() && o.profile == "full" && packages >= 2) o.sockets = "1,2";
  if (!o.threads.empty() && !o.sweepers.empty()) return;
  const unsigned pus = pgmap::hw::pu_count(topo);
  const std::string counts = default_counts(pus, packages > 0 ? pus / unsigned(packages) : pus);
  if (o.threads.empty()) o.threads = counts;
  if (o.sweepers.empty()) o.sweepers = counts;
}

void say(const pgmap::hw::finding& f) {
  std::cout << "  " << f.topic << ": " << f.state << "\n";
  if (!f.fix.empty()) std::cout << "    fix: " << f.fix << "\n";
}

// --check: what this host offers and what each profile would run on it,
// with nothing written (the counter probe's files go to a temporary folder,
// removed after).
int check(const fs::path& bin, const suite_options& given, const std::string& memory) {
  namespace hw = pgmap::hw;
  std::cout << "pgmap-suite --check: what this host can run (nothing is written)\n";
  const hw::topology topo = hw::topology::discover();
  auto count = [&](hwloc_obj_type_t type, const std::string& what) {
    const int n = hwloc_get_nbobjs_by_type(topo.raw(), type);
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  std::cout << "  PUs: " << hw::pu_count(topo) << " (" << count(HWLOC_OBJ_PACKAGE, "package") << ", "
            << count(HWLOC_OBJ_NUMANODE, "NUMA node") << ")\n";
  for (const hw::finding& f : hw::pmem_findings()) say(f);
  {
    const fs::path probe = fs::temp_directory_path() / ("pgmap-check-" + std::to_string(getpid()));
    hw::collector_options co;
    co.work_dir = probe.string();
    std::string why;
    std::string tool;
    {
      const auto c = hw::make_collector(given.common.counters, co);
      why = c->unavailable();
      tool = c->tool();
    }
    fs::remove_all(probe);
    say({"counters (--counters " + given.common.counters + ")", why.empty() ? tool : why, hw::counters_fix(why)});
  }
  for (const hw::finding& f : hw::pmu_findings()) say(f);
  struct utsname u {};
  ::uname(&u);
  for (const hw::finding& f : hw::kmod_findings(u.release)) say(f);
  const hw::memory_figure mem =
      memory.empty() ? hw::memory_available() : hw::memory_figure{hw::parse_size(memory), "", "--memory"};
  say({"memory", mem.bytes ? hw::human_size(*mem.bytes) + " available (" + mem.source + ")" : "unavailable: " + mem.why,
       mem.bytes ? "" : "a kernel whose /proc/meminfo has MemAvailable (3.14 or later); every removal size is planned"});
  for (const std::string& profile : profiles()) {
    suite_options o = given;
    o.profile = profile;
    if (o.work.empty()) o.work = profile_work(profile);
    if (o.capacity_gib.empty()) o.capacity_gib = profile_sizes(profile);
    with_host_counts(o, topo);
    o.memory = mem;
    if (o.seed == 0) o.seed = 1;
    const plan_result p = plan(bin, o, true);
    const std::vector<run_unit> units = plan_units(p.listed, p.plan.repetitions, o.seed);
    const std::size_t processes = units.size();
    const double s = planned_s(units);
    std::cout << "  profile " << profile << ": threads " << o.threads << ", sweepers " << o.sweepers
              << (o.sockets.empty() ? "" : ", sockets " + o.sockets) << ": "
              << p.cases << " cases x " << p.plan.repetitions << " processes each: " << processes
              << " processes, about " << duration(s) << (s > day_s ? " (past 8 h: it asks for --yes)" : "") << "\n";
    for (const binary_plan& b : p.plan.binaries) {
      std::size_t n = 0;
      double part_s = 0;
      for (const run_unit& u : units)
        if (u.plan == &b) ++n, part_s += expected_s(u);
      std::cout << "    " << b.part << ": " << n << " processes, about " << duration(part_s) << "\n";
    }
    for (const std::string& note : p.plan.notes) std::cout << "    " << note << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  suite_options o;
  std::string out, resume;
  bool force_resume = false;
  CLI::App app("Runs the pgmap-bench suite: every benchmark binary over the profile's grid, "
               "each repetition in its own process, into a run folder.", "pgmap-suite");
  pgmap::cli::add_version(app, "pgmap-suite");
  add_suite_options(app, o);
  app.add_option("--out", out, "run folder, new or empty, not a symlink (default results/runs/<host>-<UTC time>); locked while the suite writes it");
  auto* resume_opt = app.add_option("--resume", resume,
                                    "continue an interrupted run folder, with its own options")
                         ->excludes("--out");
  app.add_flag("--force-resume", force_resume,
               "resume a run written by another build or host (recorded in suite.json)")
      ->needs(resume_opt);
  bool check_only = false, yes = false;
  std::string memory;
  app.add_flag("--yes", yes, "start a run planned to take more than 8 hours");
  app.add_flag("--check", check_only,
               "print what this host offers (pmem, counters, kernel module, memory, PUs), each "
               "missing part with its fix, and each profile's cases, processes and time; write nothing")
      ->excludes(resume_opt);
  app.add_option("--memory", memory,
                 "with --check: plan for a host with SIZE of memory available (e.g. 768G; default this "
                 "host's MemAvailable); with HWLOC_XMLFILE=<that host's lstopo .xml>, for its PUs too")
      ->needs("--check");
  if (const auto rc = pgmap::cli::parse(app, argc, argv)) return *rc;
  try {
    const fs::path bin = fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "bench";
    const std::vector<std::string> binaries = {"bench_hotpath", "bench_removal"};
    if (check_only) {
      if (!app.count("--label")) o.label = host_and_time();
      check_suite_options(o);
      if (!memory.empty()) {
        std::uint64_t bytes = 0;
        try {
          bytes = pgmap::hw::parse_size(memory);
        } catch (const pgmap::error& e) {
          throw pgmap::error("--memory: " + std::string(e.what()));
        }
        if (bytes == 0) throw pgmap::error("--memory " + memory + ": no memory to plan for");
      }
      return check(bin, o, memory);
    }
    const nlohmann::json identity = build_identity(bin, binaries);
    fs::path run;
    std::string differs;  // how a forced resume's build or host differs
    std::optional<folder_lock> lock;  // held until the run is written
    if (app.count("--resume")) {
      run = resume;
      std::error_code ec;  // nothing, not even the lock, is written into a folder not a run's
      if (!fs::is_regular_file(run / "suite.json", ec))
        throw pgmap::error("--resume " + run.string() + ": not a run folder (no suite.json)");
      lock.emplace(run, "--resume");  // before anything is read: a second writer stops here
      opened_run was = open_run_folder(run, identity, force_resume);
      check_same_options(app, o, was.options);
      o = was.options;
      if (o.label.empty()) o.label = run.filename().string();  // a run from before labels
      differs = was.differs;
      std::cout << "pgmap-suite: resuming " << run.string() << " with its own options\n";
    } else {
      const std::string stamp = host_and_time();
      if (!app.count("--label")) o.label = stamp;
      run = out.empty() ? std::string(PGMAP_SOURCE_DIR) + "/results/runs/" + stamp : out;
      if (o.seed == 0) o.seed = std::random_device{}() | 1;
      if (o.work.empty()) o.work = profile_work(o.profile);  // suite.json says what ran
      if (o.capacity_gib.empty()) o.capacity_gib = profile_sizes(o.profile);
      with_host_counts(o, pgmap::hw::topology::discover());
      o.memory = pgmap::hw::memory_available();
    }
    check_suite_options(o);
    catch_interrupts();  // from here, Ctrl-C stops cleanly
    const plan_result p = plan(bin, o);  // every option checked: nothing written before this
    for (const std::string& note : p.plan.notes) std::cout << "pgmap-suite: " << note << "\n";
    if (resume.empty()) check_new_run_folder(run);
    if (const double s = planned_s(plan_units(p.listed, p.plan.repetitions, o.seed)); resume.empty() && s > day_s && !yes)
      throw pgmap::error("planned to take about " + duration(s) + ", more than 8 h: --yes starts it; fewer "
                         "--threads, --sweepers or --repetitions, or a --filter, make it shorter");
    if (!check_host(o)) return 1;
    if (interrupted()) return 130;
    if (resume.empty()) lock.emplace(create_run_folder(run, o, identity));
    else if (!differs.empty()) record_forced_resume(run, differs);
    const int rc = run_all(bin, run, o, p);
    return rc != 0 ? rc : finish(bin, run, p);
  } catch (const std::exception& e) {
    return pgmap::cli::usage_error("pgmap-suite", e.what());
  }
}
