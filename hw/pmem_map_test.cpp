#include "hw/pmem_map.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "common/error.hpp"
#include "hw/mounts.hpp"
#include "hw/pmem_test_support.hpp"

namespace pgmap::hw {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using test_support::MiB;

// A fresh directory on the given file system's tree, removed with all it holds.
struct temp_dir {
  fs::path path;
  explicit temp_dir(const std::string& parent = "/tmp") {
    std::string name = parent + "/pgmap-test-XXXXXX";
    if (!mkdtemp(name.data())) throw std::runtime_error("mkdtemp under " + parent);
    path = name;
  }
  ~temp_dir() { fs::remove_all(path); }
  size_t entries() const { return std::distance(fs::directory_iterator(path), fs::directory_iterator()); }
};

std::string open_error(const std::string& spec, const pmem_options& opt, uint64_t required = MiB) {
  return test_support::thrown([&] { pmem_mapping::open(parse_pmem_spec(spec), opt, required, nullptr); });
}

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(PmemMapping, EmulatedReport) {
  temp_dir dir("/dev/shm");
  auto m = pmem_mapping::open(parse_pmem_spec("emulated:" + dir.path.string()), {}, 4 * MiB, nullptr);
  const pmem_report& r = m->report();
  EXPECT_EQ(r.kind, pmem_kind::emulated);
  EXPECT_EQ(r.spec, "emulated:" + dir.path.string());
  EXPECT_THAT(r.path, StartsWith(dir.path.string() + "/pgmap-"));
  EXPECT_TRUE(r.created_file);
  EXPECT_FALSE(r.real_dax);
  EXPECT_FALSE(r.map_sync);
  // The default persists as pmem does (cache-line flush and drain), not
  // with msync, and says that it runs on DRAM.
  EXPECT_EQ(r.granularity, "cache line");
  EXPECT_THAT(r.persist_kind, AllOf(StartsWith("flush+drain ("), HasSubstr("emulated: DRAM")));
  EXPECT_EQ(r.size, 4 * MiB);
  EXPECT_EQ(m->size(), 4 * MiB);
  EXPECT_EQ(r.alignment, 4096u);
  EXPECT_EQ(r.numa_node, "unavailable: no hwloc topology given");
  EXPECT_THAT(r.summary(), AllOf(StartsWith("emulated " + r.path + " 4 MiB, granularity cache line"),
                                 HasSubstr("not DAX (DRAM)"), HasSubstr("persist flush+drain ("),
                                 HasSubstr("node unavailable: no hwloc")));
  const nlohmann::json j = r.to_json();
  EXPECT_EQ(j["kind"], "emulated");
  EXPECT_EQ(j["size"], 4 * MiB);
  EXPECT_EQ(j["granularity"], "cache line");
  EXPECT_EQ(j["persist_kind"], r.persist_kind);
  EXPECT_EQ(j["numa_node"], r.numa_node);
}

// Sets an environment variable for one scope, restoring what was there.
struct scoped_env {
  const char* name;
  std::optional<std::string> saved;
  scoped_env(const char* n, const char* value) : name(n) {
    if (const char* old = std::getenv(n)) saved = old;
    ::setenv(n, value, 1);
  }
  ~scoped_env() {
    if (saved) ::setenv(name, saved->c_str(), 1);
    else ::unsetenv(name);
  }
};

TEST(PmemMapping, EmulatedMsyncWhenAsked) {
  temp_dir dir("/dev/shm");
  // Even when the user's environment forces another granularity.
  const scoped_env user("PMEM2_FORCE_GRANULARITY", "BYTE");
  auto m = pmem_mapping::open(parse_pmem_spec("emulated:" + dir.path.string() + ":persist=msync"), {}, MiB,
                              nullptr);
  const pmem_report& r = m->report();
  EXPECT_EQ(r.spec, "emulated:" + dir.path.string() + ":persist=msync");
  EXPECT_EQ(r.granularity, "page");
  EXPECT_EQ(r.persist_kind, "msync");
  EXPECT_FALSE(r.map_sync);
  EXPECT_THAT(r.summary(), HasSubstr("persist msync"));
  std::memset(m->base(), 3, m->size());
  m->persist(m->base(), m->size());
  EXPECT_STREQ(std::getenv("PMEM2_FORCE_GRANULARITY"), "BYTE") << "the user's value is put back";
}

TEST(PmemMapping, ForcedGranularityLastsOnlyForTheMapping) {
  const char* before = std::getenv("PMEM2_FORCE_GRANULARITY");
  auto m = pmem_mapping::open(parse_pmem_spec("emulated"), {}, MiB, nullptr);
  EXPECT_EQ(m->report().granularity, "cache line");
  EXPECT_EQ(std::getenv("PMEM2_FORCE_GRANULARITY"), before);
}

TEST(PmemMapping, NumaNodeOfAnEmulatedFile) {
  const topology topo = topology::discover();
  auto m = pmem_mapping::open(parse_pmem_spec("emulated"), {}, MiB, &topo);
  // A node list such as "0" or "0,1", never a made-up number.
  EXPECT_THAT(m->report().numa_node, ::testing::MatchesRegex("[0-9]+(,[0-9]+)*"));

  const topology synthetic = topology::from_synthetic("node:2 core:2 pu:1");
  m = pmem_mapping::open(parse_pmem_spec("emulated"), {}, MiB, &synthetic);
  EXPECT_EQ(m->report().numa_node, "unavailable: the hwloc topology is not this machine's");
}

TEST(PmemMapping, WritesPersistAndReachTheFile) {
  temp_dir dir("/dev/shm");
  pmem_options keep;
  keep.keep = true;
  std::string path;
  {
    auto m = pmem_mapping::open(parse_pmem_spec("emulated:" + dir.path.string() + ":2M"), keep, MiB, nullptr);
    path = m->report().path;
    EXPECT_EQ(m->size(), 2 * MiB);
    std::memset(m->base(), 0xab, m->size());
    m->persist(m->base(), m->size());
    std::memcpy(m->base() + 100, "hello", 5);
    m->flush(m->base() + 100, 5);
    m->drain();
    std::memcpy(m->base() + 200, "world", 5);
    m->persist_fn()(m->base() + 200, 5);
  }
  // Kept: the file outlives the mapping with what was written.
  ASSERT_TRUE(fs::exists(path));
  const std::string content = read_file(path);
  ASSERT_EQ(content.size(), 2 * MiB);
  EXPECT_EQ(content.substr(100, 5), "hello");
  EXPECT_EQ(content.substr(200, 5), "world");
  EXPECT_EQ(static_cast<unsigned char>(content[0]), 0xab);
}

TEST(PmemMapping, CreatedFileIsGoneWithoutKeep) {
  temp_dir dir("/dev/shm");
  std::string path;
  {
    auto m = pmem_mapping::open(parse_pmem_spec("emulated:" + dir.path.string()), {}, MiB, nullptr);
    path = m->report().path;
    std::memset(m->base(), 1, m->size());  // the mapping still works once unlinked
    m->persist(m->base(), m->size());
    EXPECT_FALSE(fs::exists(path)) << "unlinked right after mapping, so a crash leaves nothing";
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(PmemMapping, SizeBelowRequiredIsRefused) {
  EXPECT_THAT(open_error("emulated:1M", {}, 4 * MiB),
              AllOf(HasSubstr("'emulated:/dev/shm:1M'"), HasSubstr("1 MiB is below the 4 MiB")));
}

TEST(PmemMapping, TooLittleSpaceIsRefusedUpFront) {
  temp_dir dir("/dev/shm");
  EXPECT_THAT(open_error("emulated:" + dir.path.string() + ":1024T", {}, MiB),
              AllOf(HasSubstr("not enough space"), HasSubstr(dir.path.string())));
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(PmemMapping, MissingDirectoryIsNamed) {
  EXPECT_THAT(open_error("fsdax:/no/such/pmem/dir", {}),
              AllOf(HasSubstr("'/no/such/pmem/dir'"), HasSubstr("does not exist")));
  EXPECT_THAT(open_error("emulated:/no/such/shm", {}), HasSubstr("'/no/such/shm' does not exist"));
}

TEST(PmemMapping, EmulatedOutsideTmpfsIsRefused) {
  temp_dir dir;
  const auto mount = mount_of(dir.path);
  if (mount && mount->fstype == "tmpfs") GTEST_SKIP() << dir.path << " is on tmpfs here";
  EXPECT_THAT(open_error("emulated:" + dir.path.string(), {}),
              AllOf(HasSubstr(dir.path.string()), HasSubstr("not on tmpfs")));
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(PmemMapping, FsdaxOnNonDaxDirectory) {
  temp_dir dir;
  const auto mount = mount_of(dir.path);
  if (mount && mount->dax() != dax_mount::never) GTEST_SKIP() << dir.path << " is on a DAX mount";
  EXPECT_THAT(open_error("fsdax:" + dir.path.string(), {}),
              AllOf(HasSubstr("'" + dir.path.string() + "'"), HasSubstr("not on a DAX-mounted file system"),
                    HasSubstr("--allow-page-cache")));
  EXPECT_EQ(dir.entries(), 0u) << "refused before creating anything";

  pmem_options page_cache;
  page_cache.allow_page_cache = true;
  // A forced granularity left in the environment must not make the page
  // cache look like DAX.
  const scoped_env user("PMEM2_FORCE_GRANULARITY", "CACHE_LINE");
  auto m = pmem_mapping::open(parse_pmem_spec("fsdax:" + dir.path.string()), page_cache, MiB, nullptr);
  const pmem_report& r = m->report();
  EXPECT_EQ(r.kind, pmem_kind::fsdax);
  EXPECT_FALSE(r.real_dax);
  EXPECT_FALSE(r.map_sync);
  EXPECT_EQ(r.granularity, "page");
  EXPECT_EQ(r.persist_kind, "msync");
  EXPECT_THAT(r.summary(), AllOf(StartsWith("fsdax "), HasSubstr("not DAX (page cache)")));
  std::memset(m->base(), 7, m->size());
  m->persist(m->base(), m->size());
}

TEST(PmemMapping, ExistingFileNeedsForce) {
  temp_dir dir("/dev/shm");
  const fs::path file = dir.path / "mine";
  write_file(file, "precious");
  EXPECT_THAT(open_error("emulated:" + file.string(), {}),
              AllOf(HasSubstr("'" + file.string() + "'"), HasSubstr("--force")));
  EXPECT_EQ(read_file(file), "precious");

  pmem_options force;
  force.force = true;
  {
    auto m = pmem_mapping::open(parse_pmem_spec("emulated:" + file.string()), force, MiB, nullptr);
    EXPECT_FALSE(m->report().created_file);
    EXPECT_EQ(m->report().path, file.string());
    EXPECT_EQ(std::memcmp(m->base(), "precious", 8), 0);
  }
  EXPECT_TRUE(fs::exists(file)) << "a file the run did not create stays";
}

TEST(PmemMapping, MissingDevdaxIsNamed) {
  pmem_options force;
  force.force = true;
  EXPECT_THAT(open_error("devdax:/dev/dax97.3", force),
              AllOf(HasSubstr("'/dev/dax97.3'"), HasSubstr("does not exist")));
}

TEST(PmemMapping, CharacterDeviceThatIsNotDevdax) {
  pmem_options force;
  force.force = true;
  EXPECT_THAT(open_error("devdax:/dev/null", force),
              AllOf(HasSubstr("'/dev/null'"), HasSubstr("libpmem2: not a regular file or a device DAX")));
}

TEST(PmemMapping, DevdaxWithoutForceIsRefusedBeforeAnyWrite) {
  temp_dir dir;
  const fs::path dev = dir.path / "fake-dax";
  write_file(dev, "data that must survive");
  EXPECT_THAT(open_error("devdax:" + dev.string(), {}),
              AllOf(HasSubstr("'" + dev.string() + "'"), HasSubstr("--force"), HasSubstr("destroyed")));
  EXPECT_EQ(read_file(dev), "data that must survive");

  pmem_options force;
  force.force = true;
  EXPECT_THAT(open_error("devdax:" + dev.string(), force), HasSubstr("not a character device"));
  EXPECT_EQ(read_file(dev), "data that must survive");
}

}  // namespace
}  // namespace pgmap::hw
