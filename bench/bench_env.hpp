// What both benchmark binaries share: their common options, the machine they
// run on (placement, pmem mapping, memmap, counters), the run's context in
// the JSON, and main()'s error handling. Nothing here runs in a timed loop.
#pragma once
#include "common/cli_fwd.hpp"
#include <benchmark/benchmark.h>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/common_options.hpp"
#include "hw/counters.hpp"
#include "hw/memmap_place.hpp"
#include "hw/placement.hpp"
#include "hw/pmem_map.hpp"
#include "hw/topology.hpp"
#include "impl/page.hpp"

namespace pgmap::bench {

// How one process runs its cases (pgmap-suite sets all three).
struct process_plan {
  // Varies this process's layout (the memmap's offset, the heap) and, with
  // no rotation, the case order; 0: none.
  std::uint64_t seed = 0;
  // Runs the registered cases from this index on, cyclically (see
  // register_cases).
  std::optional<unsigned> rotation;
  // Runs every case this many times, round after round (A B C A B C ...);
  // each round's entry carries a `round` counter when there are several.
  unsigned rounds = 1;
  // --plan-only (with --benchmark_list_tests): the process names its cases
  // and touches nothing, no pmem mapped and no memory checked (pgmap-suite
  // --check, planning for this host or another).
  bool plan_only = false;
};

class bench_env {
 public:
  // Checks every option against the machine (placement for the most threads
  // a case asks, pmem spec, counters) before any case runs; throws pgmap::error.
  // The process plan's seed varies this process's layout (the suite also
  // pads the environment, which moves the stack).
  bench_env(const common_options&, std::string binary,
            const std::function<unsigned(unsigned pus)>& max_threads, const process_plan& plan);

  // (Re)maps pmem and places a memmap of npages idle pages, with data_bytes
  // of data pages on pmem.
  std::span<page> map_memory(std::uint64_t npages, std::uint64_t data_bytes);
  std::byte* data() const { return memmap_->data; }
  std::uint64_t data_bytes() const { return memmap_->data_bytes; }
  pmem2_persist_fn persist_fn() const { return mapping_->persist_fn(); }

  // Pins the calling benchmark thread to its PU (of `plan`: the process's
  // placement unless given); returns the CPU it is on.
  int pin(unsigned thread_index) const { return pin(thread_index, plan_); }
  int pin(unsigned thread_index, const hw::placement_plan& plan) const;
  const hw::placement_plan& placement() const { return plan_; }
  // Threads alternating packages (hwloc "cross", the pmem's package first)
  // for up to `threads` threads: the hot path's 2-socket cases. Throws
  // pgmap::error when the host has one package.
  const hw::placement_plan& cross_plan(unsigned threads);
  // How many PUs the placement plan holds (threads 0 .. this - 1).
  unsigned placed_threads() const { return static_cast<unsigned>(plan_.pus.size()); }
  // The label of a case (see bench/OUTPUT.md) for the CPUs its threads ran
  // on; its counters cell says why when the case's counters measured nothing.
  std::string label(std::span<const int> cpus, const hw::counter_values* measured) const {
    return label(cpus, measured, plan_);
  }
  std::string label(std::span<const int> cpus, const hw::counter_values* measured,
                    const hw::placement_plan& plan) const;

  hw::collector& counters() const { return *collector_; }
  // Counter values of one case as ctr_* counters, scaled by 1/per.
  void add_counter_values(const hw::counter_values&, double per,
                          std::map<std::string, double>& out) const;
  unsigned pu_count() const { return hw::pu_count(topo_); }
  const common_options& options() const { return opt_; }
  bool plan_only() const { return process_.plan_only; }
  // Keeps what registered cases use (trackers, records) alive until the run ends.
  template <class T>
  auto* keep(std::shared_ptr<T> p) {
    kept_.push_back(p);
    return p.get();
  }

  // Cases are collected, then registered with Google Benchmark at once, as
  // many times as the plan has rounds. With a rotation R, in registration
  // order starting from the R-th (mod their number), cyclically: whatever
  // subset the filter keeps then runs cyclically from its first case at or
  // after R (the suite picks R so that each case of a process takes each
  // position in turn). Without one, in an order drawn from the seed
  // (registration order without a seed either).
  using case_body = std::function<void(benchmark::State&)>;
  using case_setup = std::function<void(benchmark::internal::Benchmark*)>;
  void add_case(std::string name, case_body body, case_setup setup);
  void register_cases();
  // What this process's layout was (bench/OUTPUT.md: pgmap_layout).
  nlohmann::json layout() const;

  // The machine record, run parameters and counter status into the JSON
  // context; the same, readable, to stderr (as refscale prints its setup).
  void publish(const nlohmann::json& params);

 private:
  common_options opt_;
  std::string binary_;
  hw::topology topo_;
  hw::pmem_spec spec_;
  int home_node_;  // the pmem's NUMA node (-1: unknown); before plan_: threads start there
  hw::placement_plan plan_;
  std::optional<hw::placement_plan> cross_;
  hw::memmap_placement placement_;
  // The counters folder this process made under $TMPDIR (when no
  // --counters-dir): removed at exit, after the collector that writes in it.
  struct temp_folder {
    std::string path;
    ~temp_folder();
  } temp_counters_;
  std::unique_ptr<hw::collector> collector_;
  std::unique_ptr<hw::pmem_mapping> mapping_;
  std::unique_ptr<hw::placed_memmap> memmap_;
  std::vector<std::shared_ptr<void>> kept_;
  struct pending_case {
    std::string name;
    case_body body;
    case_setup setup;
  };
  std::vector<pending_case> cases_;
  process_plan process_;
  std::size_t cases_registered_ = 0;
  std::uint64_t memmap_offset_pages_ = 0;  // struct pages skipped before the memmap
  std::vector<char> heap_pad_;
};

// Every registered tracker's traits (impl/registry.hpp), as published in the
// JSON context under pgmap_trackers (bench/OUTPUT.md).
nlohmann::json trackers_json();

// main() of a benchmark binary: parses Google Benchmark's flags, then the
// common options and those add_options adds, builds the environment, lets
// register_cases register the cases (returning the run's parameters), runs
// them. Bad input: one line on stderr, exit 2, before any case runs.
int bench_main(int argc, char** argv, const std::string& binary, const std::string& about,
               const std::function<void(CLI::App&)>& add_options,
               const std::function<unsigned(unsigned pus)>& max_threads,
               const std::function<nlohmann::json(bench_env&)>& register_cases);

}  // namespace pgmap::bench
