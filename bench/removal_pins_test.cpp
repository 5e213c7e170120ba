// bench_removal runs each sweeper and each limit thread on a PU of its own:
// every case records the CPUs its threads were on, each read from inside the
// thread, and no two may be the same (threads that inherit the caller's pin
// would all say CPU 0).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The `pus=` value of a case's label, split at commas.
std::vector<std::string> pus_of(const std::string& label) {
  const std::size_t at = label.find("pus=");
  if (at == std::string::npos) return {};
  const std::string list = label.substr(at + 4, label.find(';', at) - at - 4);
  std::vector<std::string> out;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

// The built bench_removal, and a fresh folder for its output and log.
struct removal_run {
  fs::path bin, dir, out, log;
  explicit removal_run(const std::string& name) {
    const char* bin_dir = std::getenv("PGMAP_BINARY_DIR");
    bin = fs::path(bin_dir ? bin_dir : ".") / "bench" / "bench_removal";
    dir = fs::temp_directory_path() / ("pgmap-" + name + "-" + std::to_string(getpid()));
    fs::create_directories(dir);
    out = dir / "removal.json";
    log = dir / "log";
  }
  ~removal_run() { fs::remove_all(dir); }
};

TEST(RemovalPins, EachSweeperAndLimitThreadRunsOnAPuOfItsOwn) {
  if (sysconf(_SC_NPROCESSORS_ONLN) < 2) GTEST_SKIP() << "needs 2 PUs";
  ASSERT_NE(std::getenv("PGMAP_BINARY_DIR"), nullptr);
  const removal_run r("pins");
  const fs::path &bin = r.bin, &out = r.out, &log = r.log;
  const std::string cmd = bin.string() +
                          " --trackers sweep,percpu_ref-qsbr --capacity-gib 1 --in-use-pct 0,1"
                          " --sweepers 1,2 --iterations 2 --counters none --benchmark_out=" +
                          out.string() + " --benchmark_out_format=json >" + log.string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << slurp(log);
  const nlohmann::json doc = nlohmann::json::parse(slurp(out));
  std::size_t checked = 0;
  for (const nlohmann::json& b : doc.at("benchmarks")) {
    const std::string name = b.at("name"), label = b.value("label", "");
    const std::vector<std::string> pus = pus_of(label);
    const bool two = name.find("/sweepers:2/") != std::string::npos ||
                     name.find("/threads:2/") != std::string::npos;
    ASSERT_EQ(pus.size(), two ? 2u : 1u) << name << ": " << label;
    std::set<std::string> distinct;
    for (const std::string& p : pus) {
      EXPECT_NE(p.find_first_not_of("0123456789"), 0u) << name << ": no CPU: " << label;
      distinct.insert(p);
    }
    EXPECT_EQ(distinct.size(), pus.size()) << name << ": threads share a PU: " << label;
    checked += two;
  }
  EXPECT_EQ(checked, 3u) << "sweep x2 with 0 % and 1 % in use, limit x2: " << doc.dump();
}

}  // namespace

// A capacity whose memmap cannot fit in memory is refused before anything
// runs or is written (exit 2, the option named): never an out-of-memory kill.
TEST(RemovalMemory, AMemmapLargerThanMemoryIsRefusedUpFront) {
  ASSERT_NE(std::getenv("PGMAP_BINARY_DIR"), nullptr);
  const removal_run r("oversize");
  const fs::path &bin = r.bin, &out = r.out, &log = r.log;
  // 4 PiB of device: 64 TiB of struct pages.
  const std::string cmd = bin.string() + " --capacity-gib 1,4194304 --counters none --benchmark_out=" +
                          out.string() + " >" + log.string() + " 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 2) << slurp(log);
  EXPECT_NE(slurp(log).find("--capacity-gib 4194304: its memmap needs 64 TiB, more than the "),
            std::string::npos)
      << slurp(log);
  EXPECT_FALSE(fs::exists(out));
}

// Folio order is a case parameter: at order 9 the sweep reads each folio's
// head and first tail (2 of its 512 lines); every tracker removes a pgmap of
// 2 MiB and 1 GiB folios with some in use; an order the binary is not built
// for is refused up front.
TEST(RemovalFolios, TheSweepReadsTwoLinesPerLargeFolio) {
  ASSERT_NE(std::getenv("PGMAP_BINARY_DIR"), nullptr);
  const removal_run r("folios");
  const std::string cmd = r.bin.string() +
                          " --capacity-gib 1 --in-use-pct 0,1 --folio-order 0,9,18 --sweepers 1"
                          " --iterations 1 --counters none --benchmark_out=" +
                          r.out.string() + " --benchmark_out_format=json >" + r.log.string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << slurp(r.log);
  const nlohmann::json doc = nlohmann::json::parse(slurp(r.out));
  std::map<std::string, double> sweep_bytes;  // at 0 % in use, by order
  std::set<std::string> orders_seen;
  for (const nlohmann::json& b : doc.at("benchmarks")) {
    const std::string name = b.at("name");
    EXPECT_FALSE(b.contains("error_message")) << name << ": " << b.dump();
    if (name.rfind("removal/", 0) != 0) continue;
    const std::size_t at = name.find("/folio_order:");
    ASSERT_NE(at, std::string::npos) << name;
    const std::string order = name.substr(at + 13, name.find('/', at + 1) - at - 13);
    orders_seen.insert(order);
    if (name.rfind("removal/sweep/", 0) == 0 && name.find("/in_use_pct:0/") != std::string::npos)
      sweep_bytes[order] = b.at("bytes_read").get<double>();
  }
  EXPECT_EQ(orders_seen, (std::set<std::string>{"0", "9", "18"}));
  EXPECT_EQ(sweep_bytes["0"], (1u << 18) * 64.0);  // every line of 1 GiB's memmap
  EXPECT_EQ(sweep_bytes["9"], 512 * 2 * 64.0);     // head and first tail of 512 folios
  EXPECT_EQ(sweep_bytes["18"], 2 * 64.0);          // one folio

  const std::string bad = r.bin.string() + " --folio-order 0,5 --counters none >" + r.log.string() + " 2>&1";
  const int rc = std::system(bad.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 2) << slurp(r.log);
  EXPECT_NE(slurp(r.log).find("--folio-order: '5' is not 0 or 9 or 18"), std::string::npos) << slurp(r.log);
}

