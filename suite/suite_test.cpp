// The suite runner: its grid, its units (one process per repetition, in a
// seeded random order), its record (atomic, resumable) and an end-to-end run
// of the real binaries.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "common/gb_json_text.hpp"
#include <nlohmann/json.hpp>
#include "hw/spinner_test_support.hpp"
#include "suite/child.hpp"
#include "suite/disturbed.hpp"
#include "suite/process.hpp"
#include "suite/profile.hpp"
#include "suite/record.hpp"
#include "suite/units.hpp"

namespace fs = std::filesystem;

namespace pgmap::suite {
namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("pgmap-suite-test-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool has_arg(const binary_plan& p, const std::string& a) {
  return std::find(p.args.begin(), p.args.end(), a) != p.args.end();
}

// --folio-order reaches both binaries; the hot path gets the orders its
// pool allows, and a plan with none of them is refused.
TEST(SuiteProfile, FolioOrdersReachTheBinaries) {
  suite_options o;
  o.memory.bytes = std::uint64_t{24} << 30;
  EXPECT_TRUE(has_arg(plan_suite(o).binaries[0], "--folio-order=0"));  // the default
  o.folio_order = "0,9,18";
  const suite_plan p = plan_suite(o);
  EXPECT_TRUE(has_arg(p.binaries[0], "--folio-order=0,9"));
  EXPECT_EQ(p.binaries[0].group_by.back(), "folio_order");  // a process per order and setting
  for (std::size_t i = 1; i < p.binaries.size(); ++i) EXPECT_TRUE(has_arg(p.binaries[i], "--folio-order=0,9,18"));
  ASSERT_FALSE(p.notes.empty());
  EXPECT_EQ(p.notes.front().rfind("hot path at folio order 18 left out", 0), 0u) << p.notes.front();
  o.folio_order = "18";
  EXPECT_THROW(plan_suite(o), pgmap::error);
  o.folio_order = "0,5";
  EXPECT_THROW(check_suite_options(o), pgmap::error);
}

// --work replaces the profile's work kinds on the hot path; a kind the
// benchmark does not know, or an empty list, is refused before planning.
TEST(SuiteProfile, WorkReachesTheHotPath) {
  suite_options o;
  o.memory.bytes = std::uint64_t{24} << 30;
  EXPECT_TRUE(has_arg(plan_suite(o).binaries[0], "--work=none,touch:64"));  // quick's
  o.label = "run";
  o.work = "none,lock_page";
  check_suite_options(o);
  EXPECT_TRUE(has_arg(plan_suite(o).binaries[0], "--work=none,lock_page"));
  EXPECT_EQ(options_from_json(to_json(o)).work, "none,lock_page");  // --resume plans the same
  for (const char* bad : {"none,sleep", ",", "lock_page", "none,none"}) {
    o.work = bad;
    EXPECT_THROW(check_suite_options(o), pgmap::error) << bad;
  }
}

// The counts a person would choose: powers of two below a package, a
// package, every PU; they reach the binaries and suite.json.
TEST(SuiteProfile, ThreadAndSweeperCountsAPersonWouldChoose) {
  EXPECT_EQ(default_counts(2, 2), "1,2");
  EXPECT_EQ(default_counts(1, 1), "1");
  EXPECT_EQ(default_counts(112, 56), "1,2,4,8,16,32,56,112");
  EXPECT_EQ(default_counts(48, 24), "1,2,4,8,16,24,48");
  EXPECT_EQ(default_counts(64, 64), "1,2,4,8,16,32,64");
  EXPECT_EQ(default_counts(8, 0), "1,2,4,8");
  suite_options o;
  o.memory.bytes = std::uint64_t{24} << 30;
  o.label = "run";
  o.threads = "1,4";
  o.sweepers = "2";
  check_suite_options(o);
  const suite_plan p = plan_suite(o);
  EXPECT_TRUE(has_arg(p.binaries[0], "--threads=1,4"));
  for (std::size_t i = 1; i < p.binaries.size(); ++i) EXPECT_TRUE(has_arg(p.binaries[i], "--sweepers=2"));
  const suite_options back = options_from_json(to_json(o));
  EXPECT_EQ(back.threads, "1,4");
  EXPECT_EQ(back.sweepers, "2");
  for (const char* bad : {"0", "1,", "x", "1,2,1"}) {
    o.threads = bad;
    EXPECT_THROW(check_suite_options(o), pgmap::error) << bad;
  }
  o.threads = "1,4";
  for (const char* bad : {"0", "16,16", "x"}) {
    o.capacity_gib = bad;
    EXPECT_THROW(check_suite_options(o), pgmap::error) << bad;
  }
  o.capacity_gib = "64";
  EXPECT_EQ(options_from_json(to_json(o)).capacity_gib, "64");
  o.capacity_gib = "";
  // Full: work none at every count and sharing, the other kinds with private
  // pages at the fewest threads and every PU.
  o.profile = "full";
  o.threads = default_counts(112, 56);
  const suite_plan f = plan_suite(o);
  ASSERT_GE(f.binaries.size(), 2u);
  EXPECT_TRUE(has_arg(f.binaries[0], "--work=none"));
  EXPECT_TRUE(has_arg(f.binaries[0], "--threads=1,2,4,8,16,32,56,112"));
  EXPECT_EQ(f.binaries[1].binary, "bench_hotpath");
  EXPECT_TRUE(has_arg(f.binaries[1], "--work=spin:100,spin:1000,touch:64,touch:4096,lock_page"));
  EXPECT_TRUE(has_arg(f.binaries[1], "--threads=1,112"));
  EXPECT_TRUE(has_arg(f.binaries[1], "--pages=private"));
  EXPECT_EQ(f.binaries[0].drop, "");  // one socket: every count
  // On 2 packages: work none on one socket and across two, the latter at 2
  // threads and the two most; the other kinds as the placement puts them.
  o.sockets = "1,2";
  const suite_plan two = plan_suite(o);
  EXPECT_TRUE(has_arg(two.binaries[0], "--sockets=1,2"));
  EXPECT_EQ(two.binaries[0].drop, "/sockets:2/.*/threads:(4|8|16|32)$");
  EXPECT_FALSE(has_arg(two.binaries[1], "--sockets=1,2"));
  EXPECT_NE(std::find(two.notes.begin(), two.notes.end(),
                      "threads across two sockets at 2, 56, 112 threads only (each count on both would take a "
                      "2 x 56 PU host past a working day)"),
            two.notes.end());
  o.sockets = "2";  // across two only: every count
  EXPECT_EQ(plan_suite(o).binaries[0].drop, "");
  // Removal with pages in use: a sweep at the fewest and the most sweepers.
  o.sweepers = default_counts(112, 56);
  const suite_plan r = plan_suite(o);
  const std::regex in_use(r.binaries[2].drop);
  EXPECT_EQ(r.binaries[2].binary, "bench_removal");
  EXPECT_TRUE(std::regex_search("removal/sweep/capacity_gib:256/in_use_pct:1/hold_us:1000/sweepers:16/memmap:dram", in_use));
  EXPECT_TRUE(std::regex_search("removal/sweep/capacity_gib:1/in_use_pct:0.01/hold_us:1000/sweepers:2/memmap:dram", in_use));
  for (const char* kept : {"removal/sweep/capacity_gib:256/in_use_pct:0/hold_us:1000/sweepers:16/memmap:dram",
                           "removal/sweep/capacity_gib:256/in_use_pct:1/hold_us:1000/sweepers:1/memmap:dram",
                           "removal/sweep/capacity_gib:256/in_use_pct:1/hold_us:1000/sweepers:112/memmap:dram",
                           "removal/sweep/capacity_gib:256/in_use_pct:0.011/hold_us:1000/sweepers:2/memmap:dram"})
    EXPECT_FALSE(std::regex_search(kept, in_use)) << kept;
  // From 1 TiB on (nothing in use there) every sweep at the fewest and the
  // most sweepers only.
  o.memory.bytes = std::uint64_t{1} << 40;
  const suite_plan big = plan_suite(o);
  EXPECT_TRUE(has_arg(big.binaries.back(), "--capacity-gib=1024,4096"));
  const std::regex middle(big.binaries.back().drop);
  EXPECT_TRUE(std::regex_search("removal/sweep/capacity_gib:4096/in_use_pct:0/sweepers:56/memmap:dram", middle));
  EXPECT_TRUE(std::regex_search("removal/sweep-memb/capacity_gib:1024/in_use_pct:0/sweepers:2/memmap:dram", middle));
  EXPECT_TRUE(std::regex_search("limit/read/capacity_gib:1024/memmap:dram/threads:56/iterations:3/manual_time", middle));
  for (const char* kept : {"removal/sweep/capacity_gib:4096/in_use_pct:0/sweepers:1/memmap:dram",
                           "removal/sweep/capacity_gib:4096/in_use_pct:0/sweepers:112/memmap:dram",
                           "removal/atomic/capacity_gib:4096/in_use_pct:0/memmap:dram",
                           "limit/read/capacity_gib:1024/memmap:dram/threads:1/iterations:3/manual_time",
                           "limit/read/capacity_gib:1024/memmap:dram/threads:112/iterations:3/manual_time"})
    EXPECT_FALSE(std::regex_search(kept, middle)) << kept;
  EXPECT_NE(std::find(big.notes.begin(), big.notes.end(),
                      "removal at 1024, 4096 GiB: at 1 and 112 sweepers only (every count would take a 2 x 56 PU "
                      "host past a working day)"),
            big.notes.end());
  o.memory.bytes = std::uint64_t{24} << 30;
  o.sweepers = "";
  for (const char* bad : {"3", "1,1", "0"}) {
    o.sockets = bad;
    EXPECT_THROW(check_suite_options(o), pgmap::error) << bad;
  }
  o.sockets = "";
  o.threads = "8,1,4";  // the fewest and the most, in any order
  EXPECT_TRUE(has_arg(plan_suite(o).binaries[1], "--threads=1,8"));
  // A run recorded by a version that skipped empty items resumes.
  nlohmann::json old = to_json(o);
  old["work"] = "none,touch:64,";
  EXPECT_EQ(options_from_json(old).work, "none,touch:64");
  // One from before --capacity-gib: the sizes its profile planned then.
  old.erase("capacity_gib");
  EXPECT_EQ(options_from_json(old).capacity_gib, "1,16,64,256,1024,4096,16384");
}

TEST(SuiteProfile, QuickCoversEveryBinaryWithItsOptions) {
  suite_options o;
  o.common.pmem = "emulated:/dev/shm";
  o.common.force = true;
  o.memory.bytes = std::uint64_t{24} << 30;
  const suite_plan p = plan_suite(o);
  ASSERT_EQ(p.binaries.size(), 3u);
  EXPECT_EQ(p.repetitions, 9u);  // the fewest whose median interval drops both extremes
  EXPECT_EQ(p.binaries[0].binary, "bench_hotpath");
  EXPECT_EQ(p.binaries[1].binary, "bench_removal");
  EXPECT_EQ(p.binaries[2].binary, "bench_removal");
  for (const auto& b : p.binaries) {
    EXPECT_TRUE(has_arg(b, "--pmem=emulated:/dev/shm"));
    EXPECT_TRUE(has_arg(b, "--force"));
  }
  EXPECT_TRUE(has_arg(p.binaries[0], "--work=none,touch:64"));
  // Four sizes up to 256 GiB (4 GiB of struct pages); the two largest with
  // what the verdict weighs, nothing in use.
  EXPECT_TRUE(has_arg(p.binaries[1], "--capacity-gib=1,16"));
  EXPECT_TRUE(has_arg(p.binaries[1], "--in-use-pct=0,0.01,1"));
  EXPECT_TRUE(has_arg(p.binaries[2], "--capacity-gib=64,256"));
  EXPECT_TRUE(has_arg(p.binaries[2], "--in-use-pct=0"));
  EXPECT_TRUE(has_arg(p.binaries[2], "--trackers=atomic,percpu_ref-qsbr,percpu_ref-memb,percpu_ref-pcount,percpu_ref619-qsbr,percpu_ref619-memb,percpu_ref619-pcount,sweep,sweep-memb,sweep-pcount"));
  EXPECT_TRUE(p.notes.empty());
}

TEST(SuiteProfile, FullIsLargerAndRepetitionsOverride) {
  suite_options o;
  o.profile = "full";
  o.memory.bytes = std::uint64_t{1} << 40;
  suite_plan p = plan_suite(o);
  EXPECT_EQ(p.repetitions, 10u);
  EXPECT_TRUE(has_arg(p.binaries[1], "--capacity-gib=1,16,64,256"));
  EXPECT_TRUE(has_arg(p.binaries[2], "--capacity-gib=1024,4096"));
  o.capacity_gib = "16384,1";  // asked: every size given, in order
  p = plan_suite(o);
  EXPECT_TRUE(has_arg(p.binaries[1], "--capacity-gib=1"));
  EXPECT_TRUE(has_arg(p.binaries[2], "--capacity-gib=16384"));
  o.repetitions = 4;
  p = plan_suite(o);
  EXPECT_EQ(p.repetitions, 4u);
}

// A size is planned when its memmap takes at most half of the memory
// available when the run began; each one left out is said, with the figures.
// A removal process's expected time grows with the device it models: its
// memmap's set-up once, its scans in every case, faster with more
// sweepers (twice at most, as measured). At 16 TiB a full process of 31
// sweep cases takes well over half an hour, where one at 1 GiB takes
// seconds.
TEST(SuiteProfile, ARemovalsEstimateGrowsWithItsDevice) {
  suite_options o;
  o.profile = "full";
  o.memory.bytes = std::uint64_t{2} << 40;  // every size fits
  o.capacity_gib = "1,16,64,256,1024,4096,16384";
  const suite_plan p = plan_suite(o);
  ASSERT_EQ(p.binaries.back().binary, "bench_removal");
  const binary_plan& large = p.binaries.back();
  EXPECT_TRUE(has_arg(large, "--capacity-gib=1024,4096,16384"));
  EXPECT_TRUE(has_arg(large, "--iterations=3"));
  const auto at = [&](const binary_plan& b, unsigned gib, std::size_t n, unsigned sweepers = 1) {
    return expected_process_s(b, std::vector<std::string>(n, "removal/sweep/capacity_gib:" + std::to_string(gib) +
                                                                 "/in_use_pct:0/sweepers:" + std::to_string(sweepers)));
  };
  EXPECT_GT(at(large, 16384, 31), 1800);
  EXPECT_LT(at(p.binaries[p.binaries.size() - 2], 1, 31), 120);
  EXPECT_NEAR(at(large, 16384, 31) - at(large, 4096, 31), 12288 * (0.04 + 31 * 3 * 0.00175), 1e-6);
  EXPECT_NEAR(at(large, 16384, 31, 2) - at(large, 4096, 31, 2), 12288 * (0.04 + 31 * 3 * 0.00175 / 2), 1e-6);
  EXPECT_DOUBLE_EQ(at(large, 16384, 31, 112), at(large, 16384, 31, 2));
  // The plain read beside the sweeps (limit) reads the memmap as a scan does.
  EXPECT_DOUBLE_EQ(expected_process_s(large, {"limit/read/capacity_gib:4096/memmap:dram/threads:1"}),
                   0.3 + 4096 * 0.04 + large.expected_case_s + 4096 * 3 * 0.00175);
  // A tracker whose removal reads nothing pays no scan.
  EXPECT_DOUBLE_EQ(expected_process_s(large, {"removal/atomic/capacity_gib:16384/in_use_pct:0"}),
                   0.3 + 16384 * 0.04 + large.expected_case_s);
  EXPECT_DOUBLE_EQ(expected_process_s(p.binaries[0], {"hotpath/none/threads:1", "hotpath/atomic/threads:1"}),
                   2 * p.binaries[0].expected_case_s + 0.3);  // no capacity: no per-GiB part
}

TEST(SuiteProfile, SizesWhoseMemmapDoesNotFitAreLeftOutAndSaid) {
  suite_options o;
  o.profile = "full";
  o.memory.bytes = std::uint64_t{23} << 30;  // a 24 GiB machine: up to 736 GiB modelled
  const suite_plan p = plan_suite(o);
  ASSERT_EQ(p.binaries.size(), 2u) << "no size of 1 TiB or more fits";
  EXPECT_TRUE(has_arg(p.binaries[1], "--capacity-gib=1,16,64,256"));
  ASSERT_EQ(p.notes.size(), 2u);
  EXPECT_EQ(p.notes[0], "removal at 1024 GiB left out: its memmap needs 16 GiB, more than half of the "
                        "23 GiB of memory available (MemAvailable) when the run began");
  EXPECT_TRUE(p.notes[1].starts_with("removal at 4096 GiB left out: its memmap needs 64 GiB"));
  o.memory = {std::uint64_t{100} << 30, "", "--memory"};  // pgmap-suite --check --memory 100G
  EXPECT_EQ(plan_suite(o).notes[0], "removal at 4096 GiB left out: its memmap needs 64 GiB, more than half of the "
                                    "100 GiB of memory available (--memory)");
  // The boundary: 16 GiB of memmap fits in 32 GiB available, not in one byte less.
  EXPECT_EQ(sizes_that_fit({1024}, {std::uint64_t{32} << 30, ""}).gib, std::vector<unsigned>{1024});
  EXPECT_TRUE(sizes_that_fit({1024}, {(std::uint64_t{32} << 30) - 1, ""}).gib.empty());
  // A memmap on the device must fit the pmem spec's SIZE: 1 GiB for 64 GiB.
  suite_options dev;
  dev.memory.bytes = std::uint64_t{23} << 30;
  dev.common.pmem = "emulated:/dev/shm:256M";
  dev.common.memmap = "device";
  const suite_plan d = plan_suite(dev);
  ASSERT_EQ(d.binaries.size(), 2u) << "no large size fits 256 MiB";
  EXPECT_TRUE(has_arg(d.binaries[1], "--capacity-gib=1"));
  ASSERT_EQ(d.notes.size(), 3u);
  EXPECT_EQ(d.notes[0], "removal at 16 GiB left out: its memmap needs 258 MiB on the device, more than its "
                        "SIZE of 256 MiB (--pmem)");  // 256 MiB of struct pages and 2 MiB of data
  // A memmap on real pmem takes none of the memory: only the device's room
  // limits it, named as it was told.
  suite_options real;
  real.memory.bytes = std::uint64_t{1} << 30;
  real.common.pmem = "fsdax:/mnt/pmem:2G";
  real.common.memmap = "device";
  const suite_plan r = plan_suite(real);
  EXPECT_TRUE(has_arg(r.binaries.back(), "--capacity-gib=64")) << "1 GiB of memory would refuse 64 GiB";
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "removal at 256 GiB left out: its memmap needs 4.0 GiB on the device, more than its "
                        "SIZE of 2 GiB (--pmem)");
  EXPECT_EQ(sizes_that_fit({1024}, {std::uint64_t{1} << 30, ""}, device_room{std::uint64_t{1} << 40, "the device's size"},
                           false)
                .gib,
            std::vector<unsigned>{1024});
  EXPECT_EQ(sizes_that_fit({1024}, {std::uint64_t{1} << 30, ""}, device_room{std::uint64_t{1} << 30, "the device's size"},
                           false)
                .notes.at(0),
            "removal at 1024 GiB left out: its memmap needs 16.0 GiB on the device, more than the device's size of "
            "1 GiB (--pmem)");
  // Unknown memory: every size, and that it was not checked.
  const planned_sizes u = sizes_that_fit({1, 1024}, {std::nullopt, "no MemAvailable in /proc/meminfo"});
  EXPECT_EQ(u.gib, (std::vector<unsigned>{1, 1024}));
  ASSERT_EQ(u.notes.size(), 1u);
  EXPECT_EQ(u.notes[0], "memory check unavailable: no MemAvailable in /proc/meminfo; every removal size planned");
  suite_options unknown;
  unknown.memory = {std::nullopt, "no MemAvailable in /proc/meminfo"};
  EXPECT_EQ(plan_suite(unknown).notes, std::vector<std::string>{u.notes[0]}) << "said once for the run";
}

TEST(SuiteProfile, UnknownProfileIsAnError) {
  suite_options o;
  o.profile = "fast";
  try {
    plan_suite(o);
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_STREQ(e.what(), "--profile: 'fast' is not quick or full");
  }
}

// Cases that differ only in tracker and arm share a process; every case gets
// one process per repetition; the order and seeds replay from the run's seed.
TEST(SuiteUnits, OneProcessPerGroupAndRepetitionReplayedBySeed) {
  binary_plan hot{"bench_hotpath", {}, {"threads", "pages", "work", "memmap"}, 0.1};
  const std::vector<std::string> cases = {
      "bare/atomic2/threads:1",
      "hotpath/none/pages:private/work:none/memmap:dram/arm:1/threads:1",
      "hotpath/sweep/pages:private/work:none/memmap:dram/threads:1",
      "hotpath/none/pages:private/work:none/memmap:dram/arm:2/threads:1",
      "hotpath/none/pages:shared/work:none/memmap:dram/arm:1/threads:1"};
  const auto a = plan_units({{&hot, cases}}, 3, 42), b = plan_units({{&hot, cases}}, 3, 42);
  ASSERT_EQ(a.size(), 9u) << "3 groups x 3 repetitions";
  std::multiset<std::pair<std::string, unsigned>> seen;
  std::set<std::uint64_t> seeds;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].cases, b[i].cases);
    EXPECT_EQ(a[i].repetition, b[i].repetition);
    EXPECT_EQ(a[i].process_seed, b[i].process_seed);
    EXPECT_NE(a[i].process_seed, 0u);
    seeds.insert(a[i].process_seed);
    for (const std::string& c : a[i].cases) seen.insert({c, a[i].repetition});
  }
  EXPECT_EQ(seeds.size(), a.size()) << "each process has a seed of its own";
  for (const std::string& c : cases)
    for (unsigned r = 0; r < 3; ++r) EXPECT_EQ(seen.count({c, r}), 1u) << c << " rep " << r;
  const auto c = plan_units({{&hot, cases}}, 3, 43);
  bool same_order = true;
  for (std::size_t i = 0; i < a.size(); ++i) same_order = same_order && a[i].cases == c[i].cases && a[i].repetition == c[i].repetition;
  EXPECT_FALSE(same_order) << "another seed, another order";
}

// Blocks: no process of repetition k+1 before the last of repetition k.
// Balance: over as many repetitions as a group has cases, each case takes
// each position in its process once.
TEST(SuiteUnits, BlocksByRepetitionAndRotatesEachCaseThroughEveryPosition) {
  binary_plan hot{"bench_hotpath", {}, {"threads"}, 0.1};
  const std::vector<std::string> cases = {
      "hotpath/none/pages:private/work:none/memmap:dram/arm:1/threads:1",
      "hotpath/none/pages:private/work:none/memmap:dram/arm:2/threads:1",
      "hotpath/sweep/pages:private/work:none/memmap:dram/threads:1",
      "hotpath/none/pages:private/work:none/memmap:dram/arm:1/threads:2",
      "hotpath/none/pages:private/work:none/memmap:dram/arm:2/threads:2",
      "hotpath/sweep/pages:private/work:none/memmap:dram/threads:2"};
  // All the binary registers: the run's cases among others the filter left out.
  std::vector<std::string> all;
  for (const std::string& c : cases) {
    all.push_back(c);
    all.push_back(c + "/left-out");
  }
  for (std::uint64_t seed : {1u, 42u, 7777u}) {
    const auto units = plan_units({{&hot, cases, all}}, 6, seed);
    ASSERT_EQ(units.size(), 12u);
    for (std::size_t i = 1; i < units.size(); ++i)
      EXPECT_LE(units[i - 1].repetition, units[i].repetition) << "seed " << seed << ", process " << i;
    // The order the binary runs them in: all its cases from the rotation-th
    // on, cyclically, of which the filter keeps the unit's.
    std::map<std::string, std::multiset<unsigned>> positions;
    for (const run_unit& u : units) {
      ASSERT_EQ(u.cases.size(), 3u);
      std::vector<std::string> order = all;
      std::rotate(order.begin(), order.begin() + u.rotation % order.size(), order.end());
      unsigned pos = 0;
      for (const std::string& c : order)
        if (std::find(u.cases.begin(), u.cases.end(), c) != u.cases.end()) positions[c].insert(pos++);
    }
    for (const auto& [c, p] : positions)
      for (unsigned pos = 0; pos < 3; ++pos)
        EXPECT_EQ(p.count(pos), 2u) << c << " at position " << pos << ", seed " << seed;
  }
}

TEST(SuiteProcess, FilterMatchesExactlyTheNames) {
  EXPECT_EQ(exact_filter({"a/b:1", "c(d)"}), "^(a/b:1|c\\(d\\))$");
  EXPECT_LE(env_padding(7).size(), std::string("PGMAP_ENV_PAD=").size() + 4095);
}

TEST(SuiteRecord, RemembersFinishedRepetitionsAcrossRuns) {
  const fs::path d = temp_dir("resume");
  const std::string path = (d / "bench_x.json").string();
  auto entry = [](const char* name, unsigned rep) {
    return nlohmann::json{{"name", name}, {"run_name", name}, {"run_type", "iteration"},
                          {"repetition_index", rep}};
  };
  {
    suite_record r(path);
    EXPECT_FALSE(r.has("a/b", 0));
    r.add({{"context", {{"host_name", "h1"}}}, {"benchmarks", {entry("a/b", 0)}}});
    r.add({{"context", {{"host_name", "h2"}}}, {"benchmarks", {entry("a/b", 1), entry("a/b", 0)}}});
  }
  const suite_record again(path);
  EXPECT_TRUE(again.has("a/b", 0));
  EXPECT_TRUE(again.has("a/b", 1));
  EXPECT_FALSE(again.has("a/b", 2));
  EXPECT_EQ(again.entries(), 2u) << "a repetition already recorded is not added twice";
  EXPECT_EQ(again.context()["host_name"], "h1") << "the first context is kept";
  fs::remove_all(d);
}

// Rounds of one repetition are entries of their own; a repetition is done
// when any of its rounds is recorded, and only that repetition.
TEST(SuiteRecord, KeepsEveryRoundAndKnowsWhichRepetitionsAreDone) {
  const fs::path d = temp_dir("rounds");
  const std::string path = (d / "bench_x.json").string();
  auto entry = [](const char* name, unsigned rep, unsigned round) {
    return nlohmann::json{{"name", name}, {"run_name", name}, {"run_type", "iteration"},
                          {"repetition_index", rep}, {"round", static_cast<double>(round)}};
  };
  suite_record r(path);
  r.add({{"benchmarks", {entry("a/b", 1, 0), entry("a/c", 0, 0), entry("a/b", 1, 1), entry("a/b", 1, 2)}}});
  r.add({{"benchmarks", {entry("a/b", 1, 1)}}});
  EXPECT_EQ(r.entries(), 4u) << "three rounds of a/b, one of a/c; a round recorded twice is kept once";
  EXPECT_FALSE(r.has("a/b", 0));
  EXPECT_TRUE(r.has("a/b", 1));
  EXPECT_FALSE(r.has("a/b", 2));
  EXPECT_TRUE(r.has("a/c", 0));
  fs::remove_all(d);
}

TEST(SuiteRecord, ACorruptFileIsNamed) {
  const fs::path d = temp_dir("corrupt");
  std::ofstream(d / "bench_x.json") << "{\"benchmarks\": [";
  try {
    suite_record r((d / "bench_x.json").string());
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_NE(std::string(e.what()).find((d / "bench_x.json").string() + ": not valid JSON"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(d);
}

TEST(GbJsonText, BareNanFromGoogleBenchmarkBecomesNull) {
  EXPECT_EQ(json_without_nan(R"({"cv": NaN, "x": -nan, "y": inf, "z": -Infinity, "name": "nanny"})"),
            R"({"cv": null, "x": null, "y": "inf", "z": "-inf", "name": "nanny"})");
  // Text inside a string stays: a label may say ": inf".
  EXPECT_EQ(json_without_nan(R"({"label": "limit: inf; cv: nan"})"), R"({"label": "limit: inf; cv: nan"})");
}

TEST(SuiteChild, ReportsExitStatusOutputAndEnvironment) {
  const fs::path d = temp_dir("exec");
  const std::string out = (d / "out").string();
  EXPECT_EQ(run_child({"/bin/sh", "-c", "echo first; echo \"$PAD\" >&2; exit 3"}, out, out,
                      {"PAD=last line"}),
            3);
  EXPECT_EQ(last_line(out), "last line");
  EXPECT_THROW(run_child({"/nonexistent/binary"}, out, out), pgmap::error);
  fs::remove_all(d);
}

// The real runner over a few tiny cases: run folder, one process per
// repetition, resume, refusals.
struct SuiteRun : ::testing::Test {
  fs::path suite = fs::path(std::getenv("PGMAP_BINARY_DIR") ? std::getenv("PGMAP_BINARY_DIR") : ".") /
                   "bench" / "pgmap-suite";
  // env: "NAME=value " words before the command (a private TMPDIR, say).
  std::string env;
  int run(const std::string& args, const fs::path& log) { return run_tool(suite, args, log, env); }
  static int run_tool(const fs::path& tool, const std::string& args, const fs::path& log,
                      const std::string& env = "") {
    return std::system((env + tool.string() + " " + args + " >" + log.string() + " 2>&1").c_str()) >> 8;
  }
};

TEST_F(SuiteRun, RunsEachRepetitionInItsOwnProcessAndResumes) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("e2e"), run_dir = d / "run", log = d / "log";
  const std::string filter =
      "--filter 'hotpath/(none|sweep)/pages:private/work:none/.*/threads:1$' --repetitions 2 "
      "--counters none --seed 5 --label e2e-label --rounds 3 --retries 0";
  ASSERT_EQ(run("--out " + run_dir.string() + " " + filter, log), 0) << slurp(log);
  for (const char* f : {"suite.json", "bench_hotpath.json", "machine.json", "run.log"})
    EXPECT_TRUE(fs::exists(run_dir / f)) << f;
  const nlohmann::json doc = nlohmann::json::parse(slurp(run_dir / "bench_hotpath.json"));
  std::set<std::uint64_t> process_seeds;
  std::multiset<std::string> names;
  // Each process: its cases round after round (A B C A B C A B C).
  std::map<std::uint64_t, std::vector<std::pair<double, std::string>>> by_process;
  for (const auto& b : doc["benchmarks"]) {
    names.insert(b["run_name"].get<std::string>());
    const std::uint64_t seed = b["pgmap_layout"]["process_seed"].get<std::uint64_t>();
    process_seeds.insert(seed);
    by_process[seed].emplace_back(b["round"].get<double>(), b["run_name"].get<std::string>());
    EXPECT_EQ(b["repetitions"], 2);
  }
  EXPECT_EQ(names.size(), 18u) << "none twice and sweep, 2 repetitions each, 3 rounds each";
  EXPECT_EQ(process_seeds.size(), 2u) << "one process per repetition";
  for (const auto& [seed, entries] : by_process) {
    ASSERT_EQ(entries.size(), 9u);
    for (std::size_t i = 0; i < 9; ++i) {
      EXPECT_EQ(entries[i].first, static_cast<double>(i / 3)) << "entry " << i;
      EXPECT_EQ(entries[i].second, entries[i % 3].second) << "entry " << i << ": the same order each round";
    }
  }
  EXPECT_NE(slurp(log).find("[2/2]"), std::string::npos) << slurp(log);

  ASSERT_EQ(run("--resume " + run_dir.string(), log), 0) << slurp(log);
  EXPECT_NE(slurp(log).find("0 processes to run (2 already done)"), std::string::npos) << slurp(log);

  EXPECT_EQ(run("--out " + run_dir.string() + " " + filter, log), 2);
  EXPECT_NE(slurp(log).find("exists and is not empty"), std::string::npos) << slurp(log);

  // Options given with --resume must be the run's own.
  EXPECT_EQ(run("--resume " + run_dir.string() + " --placement scatter", log), 2);
  EXPECT_NE(slurp(log).find("--placement \"scatter\": the run has \"compact\""), std::string::npos)
      << slurp(log);

  // A folder written by another build is refused: data of two builds never
  // mix, unless forced, and a forced resume is recorded.
  nlohmann::json s = nlohmann::json::parse(slurp(run_dir / "suite.json"));
  EXPECT_EQ(s["options"]["label"], "e2e-label");
  const std::string this_commit = s["build"]["commit"];
  s["build"]["binaries"]["bench_hotpath"] = "0000000000000000";
  s["build"]["commit"] = "0123456789ab";
  std::ofstream(run_dir / "suite.json") << s.dump();
  EXPECT_EQ(run("--resume " + run_dir.string(), log), 2);
  EXPECT_EQ(slurp(log),
            "pgmap-suite: --resume " + run_dir.string() +
                ": written by another build or host: commit 0123456789ab (this is " + this_commit +
                "); bench_hotpath was rebuilt (data of two builds must not mix; --force-resume "
                "runs it anyway)\n")
      << slurp(log);
  ASSERT_EQ(run("--resume " + run_dir.string() + " --force-resume", log), 0) << slurp(log);
  s = nlohmann::json::parse(slurp(run_dir / "suite.json"));
  ASSERT_EQ(s["forced_resumes"].size(), 1u) << s.dump();
  EXPECT_NE(s["forced_resumes"][0]["differs"].get<std::string>().find("bench_hotpath was rebuilt"),
            std::string::npos);
  fs::remove_all(d);
}

// --check says what this host offers and what each profile would run, every
// missing part with its fix, and writes nothing: no run folder, and its own
// TMPDIR (the counter probe's, the case lists') left empty.
TEST_F(SuiteRun, CheckSaysWhatThisHostOffersAndWritesNothing) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("check"), log = d / "log", tmp = d / "tmp";
  fs::create_directories(tmp);
  env = "TMPDIR=" + tmp.string() + " ";
  const fs::path runs = fs::path(std::getenv("PGMAP_SOURCE_DIR") ? std::getenv("PGMAP_SOURCE_DIR") : ".") / "results" / "runs";
  auto listing = [&] {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(runs, ec)) names.insert(e.path().filename().string());
    return names;
  };
  const std::set<std::string> before = listing();
  ASSERT_EQ(run("--check", log), 0) << slurp(log);
  const std::string text = slurp(log);
  for (const char* part : {"  PUs: ", "  pmem: ", "  counters (--counters auto): ", "  perf_event_paranoid: ",
                           "  kernel module: ", "  kernel module range: ", "  memory: ", "  profile quick: ",
                           "  profile full: "})
    EXPECT_NE(text.find(part), std::string::npos) << part << " in:\n" << text;
  // Each line that says unavailable is followed by its fix.
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(": unavailable: ") == std::string::npos) continue;
    EXPECT_TRUE(i + 1 < lines.size() && lines[i + 1].rfind("    fix: ", 0) == 0) << lines[i];
  }
  EXPECT_TRUE(fs::is_empty(tmp)) << fs::directory_iterator(tmp)->path();
  EXPECT_EQ(listing(), before);
  EXPECT_EQ(run("--check --resume " + d.string(), log), 2);  // a check runs nothing to resume
  fs::remove_all(d);
}

// On a 2 x 56 PU host (hwloc's synthetic topology) the full profile fits a
// working day: threads on one socket and across two, every count a person
// would choose (the estimate is from per-case times, not this host's clock).
TEST_F(SuiteRun, TheFullProfileAt112PusFitsAWorkingDay) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("day"), log = d / "log";
  env = "HWLOC_SYNTHETIC='pack:2 l3:1 core:28 pu:2' ";
  ASSERT_EQ(run("--check", log), 0) << slurp(log);
  const std::string out = slurp(log);
  const std::size_t at = out.find("  profile full: threads 1,2,4,8,16,32,56,112, sweepers 1,2,4,8,16,32,56,112, "
                                  "sockets 1,2: ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string line = out.substr(at, out.find('\n', at) - at);
  EXPECT_NE(line.find(" processes, about "), std::string::npos) << line;
  EXPECT_EQ(line.find("past 8 h"), std::string::npos) << line;
  EXPECT_NE(out.find("threads across two sockets at 2, 56, 112 threads only"), std::string::npos) << out;
  // Planned for such a host, from its lstopo XML (a NUMA node a package),
  // with 1 TiB of memory available (its removals at 1 and 4 TiB too; more
  // than this machine has: the binaries list their cases without mapping
  // them), each part's time said.
  const char* src = std::getenv("PGMAP_SOURCE_DIR");
  env = "HWLOC_XMLFILE=" + std::string(src ? src : ".") + "/hw/testdata/two_packages_112_pus.xml ";
  ASSERT_EQ(run("--check --memory 1T", log), 0) << slurp(log);
  const std::string big = slurp(log);
  EXPECT_NE(big.find("  PUs: 112 (2 packages, 2 NUMA nodes)\n"), std::string::npos) << big;
  EXPECT_NE(big.find("  memory: 1 TiB available (--memory)\n"), std::string::npos) << big;
  const std::size_t full = big.find("  profile full: ");
  ASSERT_NE(full, std::string::npos) << big;
  const std::string planned = big.substr(full, big.find('\n', full) - full);
  EXPECT_EQ(planned.find("past 8 h"), std::string::npos) << planned;
  EXPECT_NE(big.find("    removal at 1024,4096 GiB, the verdict's trackers: 20 processes, about "), std::string::npos)
      << big;
  EXPECT_NE(big.find("    hot path, work none, private and shared pages, threads 1,2,4,8,16,32,56,112: "),
            std::string::npos)
      << big;
  fs::remove_all(d);
}

// ... and planned past 8 h (more processes), does not start without --yes,
// and writes nothing.
TEST_F(SuiteRun, ARunPastAWorkingDayAsksForYes) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  // An --out no run can create: without the gate the suite fails there at
  // once ("cannot create"), never starting 1000 processes a case.
  const fs::path d = temp_dir("yes"), log = d / "log", out = "/proc/pgmap-no-such-folder/run";
  env = "HWLOC_SYNTHETIC='pack:2 l3:1 core:28 pu:2' ";
  ASSERT_EQ(run("--profile full --repetitions 1000 --out " + out.string(), log), 2) << slurp(log);
  EXPECT_NE(slurp(log).find("more than 8 h: --yes starts it"), std::string::npos) << slurp(log);
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(d);
}

// Every bad input: exit 2, one line "pgmap-suite: ..." naming it, and no run
// folder, counters folder or temporary file left behind.
TEST_F(SuiteRun, BadOptionsFailBeforeAnythingIsWritten) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("bad"), log = d / "log", out = d / "run";
  const std::string o = "--out " + out.string() + " ";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {o + "--pmem bogus:x", "bogus:x"},
      {o + "--placement diagonal", "diagonal"},
      {o + "--filter 'no-such-case'", "--filter 'no-such-case': matches no case"},
      {o + "--filter 'a('", "--filter 'a(': not a valid regular expression"},
      {o + "--label a/b", "--label 'a/b'"},
      {o + "--label ''", "--label: empty value"},
      {o + "--frob", "'--frob': no such option"},
      {o + "--trackers none", "'--trackers': no such option"},
      {o + "--profile fast", "--profile: 'fast' is not quick or full"},
      {o + "--memory 1T", "--memory requires --check"},
      {"--check --memory 12X", "--memory: size '12X': unknown suffix 'X'"},
      {"--check --memory 0G", "--memory 0G: no memory to plan for"},
      {o + "--capacity-gib 16,16", "--capacity-gib '16,16': a value twice"},
      {o + "--filter ''", "--filter: empty value"},
      {o + "--pmem ''", "--pmem: empty value"},
      {"--out ''", "--out: empty value"},
      {"--resume ''", "--resume: empty value"},
      {"--resume " + (d / "nothing").string(), "not a run folder"},
      {"--force-resume", "--force-resume requires --resume"},
  };
  // A TMPDIR of its own: other runs at the same time cannot leave files in it.
  const fs::path tmp = d / "tmp";
  fs::create_directories(tmp);
  env = "TMPDIR=" + tmp.string() + " ";
  for (const auto& [args, names] : bad) {
    EXPECT_EQ(run(args, log), 2) << args;
    const std::string text = slurp(log);
    EXPECT_EQ(text.rfind("pgmap-suite: ", 0), 0u) << args << ": " << text;
    EXPECT_NE(text.find(names), std::string::npos) << args << ": " << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << args << ": " << text;
    EXPECT_FALSE(fs::exists(out)) << args;
  }
  for (const auto& e : fs::directory_iterator(tmp)) ADD_FAILURE() << "left behind: " << e.path();
  fs::remove_all(d);
}

// A FIFO, a character device (when the test may make one: root) and a
// symbolic link at a path: the kinds no tool may ever replace.
std::vector<fs::path> special_files(const fs::path& d) {
  std::vector<fs::path> out;
  fs::create_directories(d / "empty");
  if (::mkfifo((d / "fifo").c_str(), 0600) == 0) out.push_back(d / "fifo");
  if (::mknod((d / "dev").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0) out.push_back(d / "dev");
  fs::create_symlink(d / "empty", d / "link");
  out.push_back(d / "link");
  return out;
}

// --out of the suite and --benchmark_out of the binaries: a special file
// survives, --force or not, with one line naming it; a regular file is
// replaced only with --force.
TEST_F(SuiteRun, OutputsThatAreNotRegularFilesSurvive) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("special"), log = d / "log", bin = suite.parent_path();
  const std::vector<fs::path> specials = special_files(d);
  // A reader on the FIFO, so that a tool that wrongly writes into it fails
  // this test instead of blocking it.
  const int reader = ::open((d / "fifo").c_str(), O_RDONLY | O_NONBLOCK);
  for (const fs::path& p : specials) {
    const fs::file_type type = fs::symlink_status(p).type();
    EXPECT_EQ(run("--out " + p.string() + " --filter 'hotpath/none/.*/threads:1$'", log), 2) << p;
    EXPECT_EQ(slurp(log).rfind("pgmap-suite: --out " + p.string() + ": ", 0), 0u) << slurp(log);
    for (const char* b : {"bench_hotpath", "bench_removal"}) {
      EXPECT_EQ(run_tool(bin / b, "--force --benchmark_out=" + p.string() + " --benchmark_filter=x", log), 2)
          << b << " " << p;
      EXPECT_EQ(slurp(log), std::string(b) + ": " + p.string() +
                                (p.filename() == "link"
                                     ? ": is a symbolic link; refusing to write through it (name the file itself)\n"
                                     : ": is " + std::string(p.filename() == "fifo" ? "a FIFO" : "a character device") +
                                           "; only a regular file is ever replaced\n"));
    }
    // pgmap-kmod writes OUT/bench_kernel.json: checked before it loads a module.
    const fs::path kd = d / ("kmod-" + p.filename().string()), kp = kd / "bench_kernel.json";
    fs::create_directories(kd);
    fs::rename(p, kp);
    EXPECT_EQ(run_tool(bin / "kmod" / "pgmap-kmod",
                       "--module /nonexistent.ko --range 5G+1G --force --out " + kd.string(), log), 2);
    EXPECT_EQ(slurp(log).rfind("pgmap-kmod: " + kp.string() + ": is ", 0), 0u) << slurp(log);
    EXPECT_EQ(fs::symlink_status(kp).type(), type) << kp;
    fs::rename(kp, p);
    EXPECT_EQ(fs::symlink_status(p).type(), type) << p;
  }
  const fs::path old = d / "old.json";
  std::ofstream(old) << "old";
  EXPECT_EQ(run_tool(bin / "bench_hotpath", "--benchmark_out=" + old.string() + " --benchmark_filter=x", log), 2);
  EXPECT_EQ(slurp(log), "bench_hotpath: --benchmark_out " + old.string() + ": exists; use --force to overwrite it\n");
  EXPECT_EQ(slurp(old), "old");
  ::close(reader);
  fs::remove_all(d);
}

// A process's disturbance is the share of its threads' time others took,
// over every entry: a quiet synthetic process stays below the threshold, a
// disturbed one does not; a process without run delays has none.
TEST(Disturbed, QuietProcessesPassAndDisturbedOnesDoNot) {
  auto entry = [](double delay, double threads) {  // 0.1 s a thread
    return nlohmann::json{{"observed_ns", threads * 1e8}, {"run_delay_ns", delay}, {"steal_ns", 0.0}};
  };
  const nlohmann::json calm = {{"benchmarks", {entry(1e5, 1), entry(2e5, 2)}}};
  ASSERT_TRUE(process_disturbance(calm));
  EXPECT_NEAR(*process_disturbance(calm), 3e5 / 3e8, 1e-12);
  EXPECT_LT(*process_disturbance(calm), disturbed_share);
  const nlohmann::json busy = {{"benchmarks", {entry(1e5, 1), entry(1e8, 2)}}};
  EXPECT_GT(*process_disturbance(busy), disturbed_share);
  EXPECT_FALSE(process_disturbance(nlohmann::json{{"benchmarks", {{{"run_delay_ns", 1.0}}}}}));
}

// A process spinning on the measured PU during the run: the host check names
// it (an error with --require-quiet, before anything is written), and the
// processes are flagged; while it spins they are not run again (another try
// would gain nothing); once it is gone, a resumed run runs them again and
// keeps the new attempt beside the flagged one.
TEST_F(SuiteRun, AProcessSpinningOnTheMeasuredPUIsSeen) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("busy"), log = d / "log";
  const std::string filter =
      "--filter 'hotpath/none/pages:private/work:none/.*/threads:1$' --repetitions 1 --rounds 1 "
      "--counters none --seed 9 --placement compact --retries 1";
  auto attempts = [](const fs::path& run) {
    std::map<unsigned, unsigned> flagged;  // attempt -> its disturbed entries
    const nlohmann::json doc = nlohmann::json::parse(slurp(run / "bench_hotpath.json"));
    for (const auto& b : doc["benchmarks"]) flagged[b.value("attempt", 9u)] += b.value("disturbed", false);
    return flagged;
  };
  hw::testing::spinning_process spinner(0);  // compact placement puts thread 0 on the first PU
  ASSERT_GT(spinner.pid(), 0);
  EXPECT_EQ(run("--out " + (d / "refused").string() + " --require-quiet " + filter, log), 1) << slurp(log);
  EXPECT_NE(slurp(log).find("host busy: other tasks took"), std::string::npos) << slurp(log);
  EXPECT_NE(slurp(log).find("(pid " + std::to_string(spinner.pid()) + ")"), std::string::npos) << slurp(log);
  EXPECT_FALSE(fs::exists(d / "refused"));

  int rc = run("--out " + (d / "busy").string() + " " + filter, log);
  spinner.stop();
  ASSERT_EQ(rc, 0) << slurp(log);
  EXPECT_NE(slurp(log).find("disturbed (other tasks took"), std::string::npos) << slurp(log);
  EXPECT_NE(slurp(log).find(": disturbed processes not run again"), std::string::npos) << slurp(log);
  EXPECT_EQ(attempts(d / "busy"), (std::map<unsigned, unsigned>{{0, 2}})) << "both arms flagged, once";

  // The spinner gone, --resume runs the disturbed process again.
  ASSERT_EQ(run("--resume " + (d / "busy").string(), log), 0) << slurp(log);
  if (slurp(log).find(": disturbed processes not run again") != std::string::npos)
    GTEST_SKIP() << "another task kept the host busy after the spinner stopped:\n" << slurp(log);
  EXPECT_NE(slurp(log).find("running 1 disturbed process again"), std::string::npos) << slurp(log);
  EXPECT_NE(slurp(log).find("rep 1 attempt 2: 2 cases"), std::string::npos) << slurp(log);
  EXPECT_EQ(attempts(d / "busy"), (std::map<unsigned, unsigned>{{0, 2}, {1, 0}})) << slurp(log);
}

// One writer per run folder: a second suite is refused at once, naming the
// first's pid, and the first finishes whole; a killed run's lock blocks no
// resume (the kernel drops it with the process).
TEST_F(SuiteRun, ASecondWriterIsRefusedAndAKilledRunBlocksNothing) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("lock"), log = d / "log";
  const std::string filter =
      "--filter 'hotpath/none/pages:private/work:none/.*/threads:1$' --repetitions 4 --rounds 1 --counters none "
      "--seed 7 --retries 0";
  // The suite in a process group of its own (its benchmark children too).
  const auto start = [&](const fs::path& run_dir, const fs::path& first_log) {
    const std::string cmd = "exec " + suite.string() + " --out " + run_dir.string() + " " + filter + " >" +
                            first_log.string() + " 2>&1";
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid, pid);
    return pid;
  };
  // The lock file names its holder once the lock is taken; suite.json follows.
  const auto wait_locked = [&](const fs::path& run_dir, pid_t pid) {
    const auto locked = [&] {
      return slurp(run_dir / ".lock") == std::to_string(pid) + "\n" && fs::exists(run_dir / "suite.json");
    };
    for (int i = 0; i < 6000 && !locked(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return locked();
  };
  const auto exit_code = [](pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  const auto complete = [&](const fs::path& run_dir) {
    const nlohmann::json doc = nlohmann::json::parse(slurp(run_dir / "bench_hotpath.json"));
    return doc["benchmarks"].size() == 8u;  // none's two arms, 4 processes each
  };

  const fs::path first = d / "first";
  const pid_t pid = start(first, d / "first.log");
  ASSERT_TRUE(wait_locked(first, pid)) << slurp(d / "first.log");
  ::kill(-pid, SIGSTOP);  // the first writer holds the folder for as long as this takes
  EXPECT_EQ(run("--resume " + first.string(), log), 2);
  EXPECT_EQ(slurp(log), "pgmap-suite: --resume " + first.string() + ": in use by pid " + std::to_string(pid) +
                            " (another pgmap-suite is writing it; wait for it, or stop it and resume)\n");
  ::kill(-pid, SIGCONT);
  ASSERT_EQ(exit_code(pid), 0) << slurp(d / "first.log");
  EXPECT_TRUE(complete(first)) << slurp(first / "bench_hotpath.json");

  const fs::path killed = d / "killed";
  const pid_t victim = start(killed, d / "killed.log");
  ASSERT_TRUE(wait_locked(killed, victim)) << slurp(d / "killed.log");
  ::kill(-victim, SIGKILL);
  exit_code(victim);
  ASSERT_EQ(run("--resume " + killed.string(), log), 0) << slurp(log);
  EXPECT_TRUE(complete(killed)) << slurp(killed / "bench_hotpath.json");
  fs::remove_all(d);
}

// The binaries run their cases from the rotation-th on, cyclically, of
// which the filter keeps some: they then start at the first kept case at or
// after the rotation.
TEST_F(SuiteRun, BinariesRunTheirCasesInTheRotatedOrder) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("rotation"), log = d / "log", bin = suite.parent_path();
  const auto names = [&](const std::string& args) {
    EXPECT_EQ(run_tool(bin / "bench_hotpath", args + " --benchmark_list_tests=true", log), 0);
    std::vector<std::string> out;  // the names, without the set-up lines on stderr
    std::istringstream in(slurp(log));
    for (std::string line; std::getline(in, line);)
      if (!line.starts_with("bench_hotpath: ")) out.push_back(line);
    return out;
  };
  const std::vector<std::string> all = names("");
  const std::string kept[] = {"hotpath/none/pages:private/work:none/memmap:dram/arm:1/sockets:1/folio_order:0/real_time/threads:1",
                              "hotpath/atomic/pages:private/work:none/memmap:dram/sockets:1/folio_order:0/real_time/threads:1",
                              "hotpath/sweep/pages:private/work:none/memmap:dram/sockets:1/folio_order:0/real_time/threads:1"};
  std::vector<std::size_t> at;
  for (const std::string& k : kept) {
    at.push_back(std::find(all.begin(), all.end(), k) - all.begin());
    ASSERT_LT(at.back(), all.size()) << k;
  }
  const std::string filter = "--benchmark_filter='^(" + kept[0] + "|" + kept[1] + "|" + kept[2] + ")$'";
  for (std::size_t i = 0; i < 3; ++i) {
    const std::vector<std::string> order = names(filter + " --case-rotation " + std::to_string(at[i]));
    EXPECT_EQ(order, (std::vector<std::string>{kept[i], kept[(i + 1) % 3], kept[(i + 2) % 3]})) << i;
  }
  // Past the last kept case: round to the first.
  EXPECT_EQ(names(filter + " --case-rotation " + std::to_string(at[2] + 1)).front(), kept[0]);
  fs::remove_all(d);
}

TEST_F(SuiteRun, VersionNamesToolVersionAndCommit) {
  ASSERT_TRUE(fs::exists(suite)) << suite;
  const fs::path d = temp_dir("version"), log = d / "log";
  const fs::path bin = suite.parent_path();
  for (const fs::path& tool : {suite, bin / "bench_hotpath", bin / "bench_removal"}) {
    EXPECT_EQ(run_tool(tool, "--version", log), 0) << tool;
    EXPECT_EQ(slurp(log).rfind(tool.filename().string() + " 0.2.0 (commit ", 0), 0u) << slurp(log);
    EXPECT_EQ(run_tool(tool, "--help", log), 0) << tool;
    std::istringstream help(slurp(log));
    for (std::string line; std::getline(help, line);) EXPECT_LE(line.size(), 80u) << tool << ": " << line;
  }
  // The binaries: usage errors and empty values exit 2 on one line.
  for (const std::string args : {"--frob", "--trackers ''", "--threads ''", "--placement diagonal"}) {
    EXPECT_EQ(run_tool(bin / "bench_hotpath", args + " --benchmark_list_tests=true", log), 2) << args;
    EXPECT_EQ(slurp(log).rfind("bench_hotpath: ", 0), 0u) << args << ": " << slurp(log);
  }
  EXPECT_EQ(run_tool(bin / "bench_removal", "--sweepers '' --benchmark_list_tests=true", log), 2);
  EXPECT_EQ(slurp(log), "bench_removal: --sweepers: empty value (see --help)\n");
  fs::remove_all(d);
}

// suite.json keeps the memory figure the sizes were planned against, so a
// resumed run plans the same sizes whatever the memory is then.
TEST(SuiteOptions, TheMemoryFigureRoundTripsThroughSuiteJson) {
  suite_options o;
  o.memory.bytes = std::uint64_t{23} << 30;
  EXPECT_EQ(options_from_json(to_json(o)).memory.bytes, o.memory.bytes);
  o.memory = {std::nullopt, "no MemAvailable in /proc/meminfo"};
  const suite_options back = options_from_json(to_json(o));
  EXPECT_FALSE(back.memory.bytes);
  EXPECT_EQ(back.memory.why, "no MemAvailable in /proc/meminfo");
  nlohmann::json j = to_json(o);
  j["memory_available_bytes"] = -5;
  EXPECT_THROW(options_from_json(j), pgmap::error);
  j.erase("memory_available_bytes");  // a run from before: the memory now
  const suite_options old = options_from_json(j);
  EXPECT_TRUE(old.memory.bytes || !old.memory.why.empty());
}

// A suite.json edited or written by another version: the error names the
// key, and a key this version does not write is refused, not ignored.
TEST(SuiteOptions, AWrongKeyInSuiteJsonIsNamed) {
  auto error_of = [](const nlohmann::json& j) -> std::string {
    try {
      options_from_json(j);
    } catch (const pgmap::error& e) {
      return e.what();
    }
    return "no error";
  };
  const nlohmann::json good = to_json(suite_options{});
  EXPECT_EQ(error_of(good), "no error");
  nlohmann::json j = good;
  j["repetitions"] = "many";
  EXPECT_EQ(error_of(j), "options.repetitions: \"many\" is not a whole number from 0 to 1000");
  j = good;
  j["repetitions"] = -1;
  EXPECT_EQ(error_of(j), "options.repetitions: -1 is not a whole number from 0 to 1000");
  j = good;
  j.erase("repetitions");
  EXPECT_EQ(error_of(j), "options.repetitions: missing");
  j = good;
  j["repetitions"] = 4000000000u;  // the command line's range: 1 to 1000
  EXPECT_EQ(error_of(j), "options.repetitions: 4000000000 is not a whole number from 0 to 1000");
  j = good;
  j["colour"] = "blue";
  EXPECT_EQ(error_of(j), "options.colour: not a key this version writes (a newer or edited record)");
  j = good;
  j["keep"] = "yes";
  EXPECT_EQ(error_of(j), "options.keep: \"yes\" is not true or false");
  EXPECT_EQ(error_of(nlohmann::json::array()), "options: not an object");
}

}  // namespace
}  // namespace pgmap::suite
