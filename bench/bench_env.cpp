#include "bench/bench_env.hpp"

#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <array>
#include <cstdlib>
#include <cstring>
#include <random>
#include <filesystem>
#include <string_view>
#include <iostream>

#include "common/atomic_file.hpp"
#include "common/cli.hpp"
#include "common/error.hpp"
#include "common/machine_summary.hpp"
#include "common/seed_mix.hpp"
#include "hw/collector_factory.hpp"
#include "hw/disturbance.hpp"
#include "hw/machine_record.hpp"
#include "hw/pmem_node.hpp"
#include "hw/pmem_spec.hpp"
#include "impl/registry.hpp"

namespace pgmap::bench {

bench_env::bench_env(const common_options& o, std::string binary,
                     const std::function<unsigned(unsigned pus)>& max_threads,
                     const process_plan& plan)
    : opt_(o),
      binary_(std::move(binary)),
      topo_(hw::topology::discover()),
      spec_(hw::parse_pmem_spec(o.pmem)),
      home_node_(hw::pmem_node_number(spec_)),
      plan_(hw::plan_placement(topo_, o.placement, max_threads(hw::pu_count(topo_)), home_node_)),
      placement_(hw::parse_memmap_placement(o.memmap)),
      process_(plan) {
  if (process_.seed) {
    // Up to 64 KiB in 64-byte steps: every cache-set and page offset.
    memmap_offset_pages_ = seed_mix(process_.seed ^ 1) % 1024;
    heap_pad_.resize(seed_mix(process_.seed ^ 2) % 65536 + 1);
  }
  hw::collector_options co;
  // Never the current folder: a run must leave the source tree as it found it.
  if (o.counters_dir.empty())
    temp_counters_.path =
        (std::filesystem::temp_directory_path() / ("pgmap-counters-" + std::to_string(getpid())))
            .string();
  co.work_dir = o.counters_dir.empty() ? temp_counters_.path : o.counters_dir;
  collector_ = hw::make_collector(o.counters, co);
}

bench_env::temp_folder::~temp_folder() {
  std::error_code ec;
  if (!path.empty()) std::filesystem::remove_all(path, ec);
}

std::span<page> bench_env::map_memory(std::uint64_t npages, std::uint64_t data_bytes) {
  memmap_.reset();  // a device memmap borrows the mapping: drop it first
  mapping_.reset();
  hw::pmem_options po;
  po.force = opt_.force;
  po.keep = opt_.keep;
  po.allow_page_cache = opt_.allow_page_cache;
  const std::uint64_t placed = npages + memmap_offset_pages_;
  // A plan runs no case: it maps emulated memory in place of the pmem, never
  // the device (whose data a mapping overwrites).
  const hw::pmem_spec spec = process_.plan_only ? hw::parse_pmem_spec("emulated") : spec_;
  const hw::memmap_placement where = process_.plan_only ? hw::memmap_placement::dram : placement_;
  mapping_ = hw::pmem_mapping::open(spec, po, hw::mapping_bytes_needed(where, placed, data_bytes), &topo_);
  memmap_ = hw::place_memmap(*mapping_, where, placed, &topo_);
  const std::uint64_t skip = memmap_offset_pages_ * sizeof(page);
  return init_memmap(static_cast<std::byte*>(memmap_->memmap) + skip, memmap_->memmap_bytes - skip,
                     memmap_.get());
}

int bench_env::pin(unsigned thread_index, const hw::placement_plan& plan) const {
  hw::pin_this_thread(topo_, plan.pus.at(thread_index));
  return hw::current_cpu();
}

const hw::placement_plan& bench_env::cross_plan(unsigned threads) {
  if (!cross_ || cross_->pus.size() < threads)
    cross_ = hw::plan_placement(topo_, "cross", threads, home_node_);
  return *cross_;
}

std::string bench_env::label(std::span<const int> cpus, const hw::counter_values* measured,
                             const hw::placement_plan& plan) const {
  std::string pus, nodes;
  for (int cpu : cpus) {
    if (!pus.empty()) pus += ",", nodes += ",";
    pus += std::to_string(cpu);
    const int node = cpu >= 0 ? hw::numa_node_of_pu(topo_, cpu) : -1;
    nodes += node >= 0 ? std::to_string(node) : "unknown";
  }
  // A tool that could count but gave this case nothing (no sample, none of
  // its columns) is unavailable here, with its reason, not "measured".
  std::string why = collector_->unavailable();
  if (why.empty() && measured) why = measured->unavailable;
  return "counters=" + (why.empty() ? collector_->tool() : why) + "; pus=" + pus +
         "; nodes=" + nodes + "; placement=" + plan.policy +
         "; pmem=" + hw::to_string(spec_.kind);
}

void bench_env::add_counter_values(const hw::counter_values& v, double per,
                                   std::map<std::string, double>& out) const {
  if (!v.unavailable.empty() || per <= 0) return;
  for (const auto& [name, value] : v.values) out["ctr_" + name] = value / per;
}

void bench_env::add_case(std::string name, case_body body, case_setup setup) {
  cases_.push_back({std::move(name), std::move(body), std::move(setup)});
}

void bench_env::register_cases() {
  cases_registered_ = cases_.size();
  if (process_.rotation && !cases_.empty()) {
    std::rotate(cases_.begin(), cases_.begin() + *process_.rotation % cases_.size(), cases_.end());
  } else if (process_.seed) {
    std::shuffle(cases_.begin(), cases_.end(), std::mt19937_64(process_.seed));
  }
  for (unsigned round = 0; round < process_.rounds; ++round)
    for (const pending_case& c : cases_) {
      if (process_.rounds == 1) {
        c.setup(benchmark::RegisterBenchmark(c.name.c_str(), c.body));
        continue;
      }
      // Averaged over the case's threads: each sets it, each to the same round.
      c.setup(benchmark::RegisterBenchmark(c.name.c_str(), [body = c.body, round](benchmark::State& st) {
        body(st);
        st.counters["round"] = benchmark::Counter(round, benchmark::Counter::kAvgThreads);
      }));
    }
  cases_.clear();
}

nlohmann::json bench_env::layout() const {
  const char* pad = std::getenv("PGMAP_ENV_PAD");
  return {{"process_seed", process_.seed},
          {"rounds", process_.rounds},
          {"env_pad_bytes", pad ? std::strlen(pad) : 0},
          {"heap_pad_bytes", heap_pad_.size()},
          {"memmap_offset_bytes", memmap_offset_pages_ * sizeof(page)},
          {"case_order", process_.rotation ? "rotation " + std::to_string(*process_.rotation) + " of " +
                                                 std::to_string(cases_registered_)
                         : process_.seed ? "shuffled"
                                         : "registration"}};
}

nlohmann::json trackers_json() {
  nlohmann::json all = nlohmann::json::array();
  for (const tracker_traits& t : trackers())
    all.push_back({{"name", t.name},
                   {"summary", t.summary},
                   {"rcu", t.rcu},
                   {"baseline", t.baseline},
                   {"knows_users", t.knows_users},
                   {"refuses_dying", t.refuses_dying},
                   {"removal_scans", t.removal_scans},
                   {"sweep_peer", t.sweep_peer},
                   {"kernels", t.kernels},
                   {"kernel_path", t.kernel_path}});
  return all;
}

void bench_env::publish(const nlohmann::json& params) {
  const nlohmann::json pmem = mapping_ ? mapping_->report().to_json() : nlohmann::json();
  const nlohmann::json record = hw::machine_record(topo_, pmem, opt_.pmem);
  const std::string why = collector_->unavailable();
  const std::string counters = why.empty() ? collector_->tool() : why;
  nlohmann::json p = params;
  p["binary"] = binary_;
  p["pmem"] = opt_.pmem;
  p["memmap"] = opt_.memmap;
  p["placement"] = plan_.to_json();
  p["counters"] = counters;
  benchmark::AddCustomContext("pgmap_machine", record.dump());
  benchmark::AddCustomContext("pgmap_params", p.dump());
  benchmark::AddCustomContext("pgmap_counters", counters);
  benchmark::AddCustomContext("pgmap_trackers", trackers_json().dump());
  benchmark::AddCustomContext("pgmap_layout", layout().dump());
  // Which disturbance quantities this kernel offers: "" or why not.
  nlohmann::json disturbance = nlohmann::json::object();
  hw::disturbance_unavailable().each([&](const char* name, const std::string& why) { disturbance[name] = why; });
  benchmark::AddCustomContext("pgmap_disturbance", disturbance.dump());

  std::cerr << binary_ << ": " << pgmap::machine_summary(record) << "\n";
  if (mapping_) std::cerr << binary_ << ": pmem " << mapping_->report().summary() << "\n";
  if (spec_.kind == hw::pmem_kind::emulated)
    std::cerr << binary_ << ": pmem is emulated (DRAM): pmem timings here are DRAM timings\n";
  std::cerr << binary_ << ": counters: " << counters << "\n";
  for (const auto& [k, why] : disturbance.items())
    if (!why.get<std::string>().empty())
      std::cerr << binary_ << ": disturbance " << k << " unavailable: " << why.get<std::string>() << "\n";
  for (const auto& [k, v] : p.items())
    if (k != "placement") std::cerr << binary_ << ": " << k << " = " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
  std::cerr << binary_ << ": placement " << plan_.policy << " on PUs " << plan_.pus_string()
            << " (NUMA nodes " << plan_.nodes_string() << ")\n";
  if (mapping_) {
    if (const std::string w = hw::remote_pmem_warning(topo_, plan_, hw::node_number(mapping_->report().numa_node));
        !w.empty())
      std::cerr << binary_ << ": warning: " << w << "\n";
  }
}

namespace {

// Google Benchmark writes --benchmark_out as it goes: a run stopped by a
// signal would leave half a JSON file under the name readers trust. It writes
// FILE.partial-<pid> instead, renamed to FILE once complete; a signal removes
// the partial file, then ends the process as it would have.
char g_partial[4096];  // a fixed buffer: unlink() in a handler takes no allocation

void drop_partial(int sig) {
  ::unlink(g_partial);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Points argv's --benchmark_out at the partial file; returns its path.
std::string write_out_partially(int argc, char** argv, const std::string& out, std::string& flag) {
  const std::string partial = out + ".partial-" + std::to_string(::getpid());
  if (partial.size() >= sizeof g_partial) throw pgmap::error("--benchmark_out " + out + ": path too long");
  std::memcpy(g_partial, partial.c_str(), partial.size() + 1);
  flag = "--benchmark_out=" + partial;
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]).starts_with("--benchmark_out=")) argv[i] = flag.data();
  struct sigaction sa {};
  sa.sa_handler = drop_partial;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) ::sigaction(sig, &sa, nullptr);
  return partial;
}

// Whether Google Benchmark will only list the cases: its flag, bare or with
// a value it reads as true (anything but 0, f, n, false, no, off); the
// environment's BENCHMARK_LIST_TESTS is not read (--plan-only is refused
// without the flag).
bool lists_tests(int argc, char** argv) {
  bool on = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i], flag = "--benchmark_list_tests";
    if (a == flag) on = true;
    else if (a.starts_with(flag) && a.size() > flag.size() && a[flag.size()] == '=') {
      std::string v(a.substr(flag.size() + 1));
      std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
      on = !(v == "0" || v == "f" || v == "n" || v == "false" || v == "no" || v == "off");
    }
  }
  return on;
}

}  // namespace

int bench_main(int argc, char** argv, const std::string& binary, const std::string& about,
               const std::function<void(CLI::App&)>& add_options,
               const std::function<unsigned(unsigned pus)>& max_threads,
               const std::function<nlohmann::json(bench_env&)>& register_cases) {
  common_options o;
  process_plan process;
  CLI::App app(about, binary);
  add_common_options(app, o);
  cli::add_whole(app, "--process-seed", process.seed, 0, std::numeric_limits<std::uint64_t>::max(),
                 "vary this process's layout and case order from this seed (pgmap-suite sets it)");
  cli::add_whole(app, "--case-rotation", process.rotation, 0, std::numeric_limits<unsigned>::max(),
                 "run the cases from the N-th (0-based, in the order --benchmark_list_tests "
                 "prints without it) on, cyclically (pgmap-suite sets it: one step per repetition)");
  cli::add_whole(app, "--rounds", process.rounds, 1, 1000,
                 "run every case this many times, round after round (A B C A B C); "
                 "each entry then carries its `round`");
  app.add_flag("--plan-only", process.plan_only,
               "with --benchmark_list_tests: name the cases and touch nothing (no pmem mapped, no memory "
               "checked), as pgmap-suite --check plans");
  add_options(app);
  app.footer(
      "Google Benchmark's own flags work too: --benchmark_filter=REGEX, "
      "--benchmark_repetitions=N, --benchmark_out=FILE --benchmark_out_format=json, "
      "--benchmark_list_tests, --benchmark_min_time=S.");

  pgmap::cli::add_version(app, binary);
  // Our --help and --version first: Google Benchmark would print only its own
  // flags (or refuse ours).
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h") ||
        !std::strcmp(argv[i], "--version"))
      return *pgmap::cli::parse(app, 2, std::array<const char*, 2>{argv[0], argv[i]}.data());
  // Google Benchmark opens --benchmark_out itself, truncating whatever is
  // there: the target is checked here first (it takes the flag only as =FILE).
  std::string bench_out, partial, flag;
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]).starts_with("--benchmark_out=")) bench_out = argv[i] + 16;
  try {
    if (!bench_out.empty()) partial = write_out_partially(argc, argv, bench_out, flag);
  } catch (const pgmap::error& e) {
    return pgmap::cli::usage_error(binary, e.what());
  }
  const bool listing = lists_tests(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (const auto rc = pgmap::cli::parse(app, argc, argv)) return *rc;
  if (process.plan_only && !listing)
    return pgmap::cli::usage_error(binary, "--plan-only: only with --benchmark_list_tests (it maps nothing to run on)");
  try {
    if (!bench_out.empty()) {
      pgmap::check_replaceable(bench_out);
      if (std::filesystem::exists(bench_out) && !o.force)
        throw pgmap::error("--benchmark_out " + bench_out + ": exists; use --force to overwrite it");
    }
    bench_env env(o, binary, max_threads, process);
    const nlohmann::json params = register_cases(env);
    env.register_cases();
    env.publish(params);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    // Whole, under its name at once. Google Benchmark opens the file even
    // when it runs nothing (--benchmark_list_tests, a filter matching no
    // case): an empty file never takes the name.
    if (!partial.empty()) {
      std::error_code ec;
      if (std::filesystem::file_size(partial, ec) > 0 && !ec) std::filesystem::rename(partial, bench_out);
      else ::unlink(partial.c_str());
    }
  } catch (const std::exception& e) {  // pgmap::error and bad tracker names alike
    if (!partial.empty()) ::unlink(partial.c_str());
    std::cerr << binary << ": " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace pgmap::bench
