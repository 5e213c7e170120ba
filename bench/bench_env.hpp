// What both benchmark binaries share: their common options, the machine they
// run on (placement, pmem mapping, memmap, counters), the run's context in
// the JSON, and main()'s error handling. Nothing here runs in a timed loop.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "hw/counters.hpp"
#include "hw/memmap_place.hpp"
#include "hw/placement.hpp"
#include "hw/pmem_map.hpp"
#include "hw/topology.hpp"
#include "impl/page.hpp"

namespace pgmap::bench {

struct common_options {
  std::string pmem = "emulated";
  std::string memmap = "dram";
  std::string placement = "compact";
  std::string counters = "auto";
  std::string counters_dir;  // empty: a folder of this run under $TMPDIR
  bool force = false;
  bool keep = false;
  bool allow_page_cache = false;
};

class bench_env {
 public:
  // Checks every option against the machine (placement for the most threads
  // a case asks, pmem spec, counters) before any case runs; throws pgmap::error.
  bench_env(const common_options&, std::string binary,
            const std::function<unsigned(unsigned pus)>& max_threads);

  // (Re)maps pmem and places a memmap of npages idle pages, with data_bytes
  // of data pages on pmem.
  std::span<page> map_memory(std::uint64_t npages, std::uint64_t data_bytes);
  std::byte* data() const { return memmap_->data; }
  std::uint64_t data_bytes() const { return memmap_->data_bytes; }
  pmem2_persist_fn persist_fn() const { return mapping_->persist_fn(); }

  // Pins the calling benchmark thread to its PU; returns the CPU it is on.
  int pin(unsigned thread_index) const;
  // The label of a case (see bench/OUTPUT.md) for the CPUs its threads ran on.
  std::string label(std::span<const int> cpus) const;

  hw::collector& counters() const { return *collector_; }
  // Counter values of one case as ctr_* counters, scaled by 1/per.
  void add_counter_values(const hw::counter_values&, double per,
                          std::map<std::string, double>& out) const;
  unsigned pu_count() const { return hw::pu_count(topo_); }
  const common_options& options() const { return opt_; }

  // The machine record, run parameters and counter status into the JSON
  // context; the same, readable, to stderr (as refscale prints its setup).
  void publish(const nlohmann::json& params);

 private:
  common_options opt_;
  std::string binary_;
  hw::topology topo_;
  hw::placement_plan plan_;
  hw::pmem_spec spec_;
  hw::memmap_placement placement_;
  std::unique_ptr<hw::collector> collector_;
  std::unique_ptr<hw::pmem_mapping> mapping_;
  std::unique_ptr<hw::placed_memmap> memmap_;
};

// main() of a benchmark binary: parses Google Benchmark's flags, then the
// common options and those add_options adds, builds the environment, lets
// register_cases register the cases (returning the run's parameters), runs
// them. Bad input: one line on stderr, exit 2, before any case runs.
int bench_main(int argc, char** argv, const std::string& binary, const std::string& about,
               const std::function<void(CLI::App&)>& add_options,
               const std::function<unsigned(unsigned pus)>& max_threads,
               const std::function<nlohmann::json(bench_env&)>& register_cases);

}  // namespace pgmap::bench
