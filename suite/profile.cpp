#include "suite/profile.hpp"

#include "bench/common_options.hpp"
#include "common/error.hpp"

namespace pgmap::suite {

std::vector<std::string> profiles() { return {"quick", "full"}; }

suite_plan plan_suite(const suite_options& o) {
  const bool full = o.profile == "full";
  if (!full && o.profile != "quick")
    throw pgmap::error("--profile: '" + o.profile + "' is not quick or full");
  // Six at least: the order-statistics interval of a median needs six values.
  // Nine: the fewest whose interval leaves out the extreme value on each side
  // (x(2), x(8): 96.0 %, rounded down), so one spike does not set a bound; with six it is
  // [min, max]. A/A resolution at 1 thread, private pages, on a 2-PU VM:
  // 0.023-0.071 ns with six, 0.034 with nine.
  const unsigned reps = o.repetitions ? o.repetitions : full ? 10 : 9;
  // Rounds share the case's time: each is 1/rounds of the minimum time. 24:
  // on a 2-PU VM the A/A arms' per-process differences spread over 0.2-1 ns
  // with 3 rounds of a 0.1 s case, 0.09 ns with 24 (six processes, 1 thread,
  // private pages), at the same process time (the cases' alternation, not
  // their length, cancels the host's slow drifts).
  const unsigned rounds = o.rounds ? o.rounds : 24;
  // Quick: nine processes of 0.06 s a case take about the time six of 0.1 s did.
  const double min_time_s = (full ? 2.0 : 0.06) / rounds;
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = bench::common_args(o.common);
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  // Quick: every tracker, threads 1..PUs, both sharings, no work and the DAX
  // touch, three capacities: minutes on a 2-core VM. Full: more work kinds,
  // larger capacities, longer cases and more processes.
  binary_plan hot{"bench_hotpath",
                  with({"--work=" + std::string(full ? "none,spin:100,spin:1000,touch:64,touch:4096"
                                                     : "none,touch:64"),
                        "--pages=private,shared",
                        "--benchmark_min_time=" + std::to_string(min_time_s)}),
                  {"threads", "pages", "work", "memmap"},
                  full ? 2.5 : 0.1,
                  rounds};
  binary_plan rem{"bench_removal",
                  with({"--capacity-gib=" + std::string(full ? "1,16,64,256" : "1,8,32"),
                        "--in-use-pct=0,0.01,1", "--hold-us=1000",
                        "--iterations=" + std::string(full ? "10" : "3")}),
                  {"capacity_gib", "memmap"},
                  full ? 2.0 : 0.12};
  return {{hot, rem}, reps};
}

}  // namespace pgmap::suite
