#include "bench/suite_profile.hpp"

#include "hw/error.hpp"

namespace pgmap::bench {

std::vector<std::string> profiles() { return {"quick", "full"}; }

std::vector<binary_plan> plan_suite(const suite_options& o) {
  const bool full = o.profile == "full";
  if (!full && o.profile != "quick")
    throw pgmap::error("--profile: '" + o.profile + "' is not quick or full");
  // Six at least: the order-statistics interval of a median needs six.
  const unsigned reps = o.repetitions ? o.repetitions : full ? 10 : 6;
  const std::vector<std::string> common = {
      "--pmem=" + o.pmem,
      "--memmap=" + (o.memmap.empty() ? std::string("dram") : o.memmap),
      "--placement=" + (o.placement.empty() ? std::string("compact") : o.placement),
      "--counters=" + o.counters,
      "--benchmark_repetitions=" + std::to_string(reps),
  };
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = common;
    if (o.force) a.push_back("--force");
    if (o.keep) a.push_back("--keep");
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  // Quick: every tracker, threads 1..PUs, both sharings, no work and the DAX
  // touch, three capacities: about three minutes on a 2-core VM. Full: more
  // work kinds, larger capacities, longer and more repetitions.
  binary_plan hot{"bench_hotpath",
                  with({"--work=" + std::string(full ? "none,spin:100,spin:1000,touch:64,touch:4096"
                                                     : "none,touch:64"),
                        "--pages=private,shared",
                        "--benchmark_min_time=" + std::string(full ? "2" : "0.1")}),
                  full ? 25.0 : 0.8};
  binary_plan rem{"bench_removal",
                  with({"--capacities=" + std::string(full ? "1,16,64,256" : "1,8,32"),
                        "--in-use=0,0.01,1", "--hold-us=1000",
                        "--iterations=" + std::string(full ? "10" : "3")}),
                  full ? 20.0 : 0.7};
  return {hot, rem};
}

}  // namespace pgmap::bench
