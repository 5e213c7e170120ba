// The suite's declared grid: for each profile, the arguments each benchmark
// binary gets and how many processes repeat each case. The binaries expand
// the arguments into cases; the runner walks those.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "hw/memory_available.hpp"
#include "suite/options.hpp"

namespace pgmap::suite {

struct binary_plan {
  std::string binary;             // bench_hotpath | bench_removal
  std::vector<std::string> args;  // everything but the case filter, output and seeds
  // Case parameters whose values put cases into one process (a group): the
  // cases of a group are measured side by side, in a random order, in each
  // of the repetitions' processes.
  std::vector<std::string> group_by;
  double expected_case_s;         // one repetition of one case, for the estimate
  unsigned rounds = 1;            // of its cases, in each process (--rounds)
  std::string drop = "";          // cases the plan leaves out: a regex over their names ("": none)
  // A removal's time grows with the device it models: per GiB of its
  // capacity, each case's scans (with one sweeper) and each process's memmap
  // set-up.
  double case_s_per_gib = 0, process_s_per_gib = 0;
  std::string part = "";          // what it measures, as --check names it ("hot path, work none")
};

// What one process of `plan` running `cases` (all of one capacity, as the
// removal's processes are grouped) is expected to take.
double expected_process_s(const binary_plan& plan, const std::vector<std::string>& cases);

struct suite_plan {
  std::vector<binary_plan> binaries;
  unsigned repetitions;  // processes per case
  std::vector<std::string> notes;  // removal sizes left out, and why; said before the run
};

// Removal sizes (GiB of device) whose memmap, 16 MiB per GiB, takes at most
// half of `available` when it is held in memory (the rest stays for the
// system and the run's other memory) and, with the memmap on the device,
// fits `device` (the pmem spec's SIZE, else what the device has, when that
// can be told). One note per size left out, naming it and the figure it
// exceeds.
struct planned_sizes {
  std::vector<unsigned> gib;
  std::vector<std::string> notes;
};
struct device_room {
  std::uint64_t bytes;
  std::string what;  // how a note names it: "its SIZE", "the device's size"
};
planned_sizes sizes_that_fit(const std::vector<unsigned>& gib, const hw::memory_figure& available,
                             const std::optional<device_room>& device = std::nullopt,
                             bool memmap_in_memory = true);

// Throws pgmap::error naming --profile for an unknown profile. Removal sizes
// are planned against o.memory, the memory available when the run began.
suite_plan plan_suite(const suite_options&);
// Thread (and sweeper) counts a person would choose on a host of `pus` PUs,
// `per_package` to a package: 1, 2, 4, ... below one package, one package,
// every PU ("1,2" on 2 PUs; "1,2,4,8,16,32,56,112" on 2 x 56).
std::string default_counts(unsigned pus, unsigned per_package);
// The hot path's work kinds a profile runs when --work does not say.
std::string profile_work(const std::string& profile);
// The removal device sizes (GiB) a profile plans when --capacity-gib does not say.
std::string profile_sizes(const std::string& profile);
std::vector<std::string> profiles();

}  // namespace pgmap::suite
