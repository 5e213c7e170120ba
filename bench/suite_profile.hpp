// The suite's declared grid: for each profile, the arguments each benchmark
// binary gets. The binaries expand them into cases; the runner walks those.
#pragma once
#include <string>
#include <vector>

namespace pgmap::bench {

struct suite_options {
  std::string profile = "quick";
  std::string pmem = "emulated";
  std::string memmap;        // empty: the profile's
  std::string placement;     // empty: the profile's
  std::string counters = "auto";
  std::string filter;        // a regex over case names, as --benchmark_filter
  unsigned repetitions = 0;  // 0: the profile's
  bool force = false;
  bool keep = false;
};

struct binary_plan {
  std::string binary;             // bench_hotpath | bench_removal
  std::vector<std::string> args;  // everything but the case filter and output
  double expected_case_s;         // for the estimate before the run
};

// Throws pgmap::error for an unknown profile.
std::vector<binary_plan> plan_suite(const suite_options&);
std::vector<std::string> profiles();

}  // namespace pgmap::bench
