#include "hw/kernel_config.hpp"

#include <sys/utsname.h>
#include <zlib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "hw/counters_test_support.hpp"

namespace pgmap::hw {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using test_support::scratch_dir;
using test_support::source_dir;
using test_support::write_file;

std::string fixture(const std::string& name) { return source_dir() + "/hw/testdata/kernel-config/" + name; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A gzip copy of `from` at `to`, as the kernel's /proc/config.gz is.
void gzip(const std::string& from, const std::string& to) {
  const std::string text = slurp(from);
  gzFile f = gzopen(to.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
  ASSERT_EQ(slurp(to).substr(0, 2), "\x1f\x8b") << "really compressed";
}

TEST(KernelConfigPaths, BootConfigOfTheReleaseThenProc) {
  EXPECT_EQ(kernel_config_paths("6.1.0-57-amd64"),
            (std::vector<std::string>{"/boot/config-6.1.0-57-amd64", "/proc/config.gz"}));
  EXPECT_EQ(kernel_config_paths(""), (std::vector<std::string>{"/proc/config.gz"}));
}

TEST(KernelRcu, PreemptRcuFromAPlainFileIsMemb) {
  const std::string path = fixture("preempt-rcu.config");
  EXPECT_EQ(kernel_rcu({path}), (json{{"preempt_rcu", true},
                                      {"preempt_count", true},
                                      {"preemption", "voluntary"},
                                      {"preempt_dynamic", true},
                                      {"model_flavour", "memb"},
                                      {"source", path}}));
}

TEST(KernelRcu, NoPreemptRcuFromAGzipFileIsQsbr) {
  const scratch_dir dir;
  const std::string gz = dir / "config.gz";
  gzip(fixture("no-preempt-rcu.config"), gz);
  EXPECT_EQ(kernel_rcu({gz}), (json{{"preempt_rcu", false},
                                    {"preempt_count", false},
                                    {"preemption", "none"},
                                    {"preempt_dynamic", false},
                                    {"model_flavour", "qsbr"},
                                    {"source", gz}}));
}

// Lazy preemption without preemptible RCU: the read side counts preemption.
TEST(KernelRcu, CountedPreemptionWithoutPreemptRcuIsPcount) {
  const std::string path = fixture("lazy-no-preempt-rcu.config");
  const json r = kernel_rcu({path});
  EXPECT_EQ(r["preempt_rcu"], false);
  EXPECT_EQ(r["preempt_count"], true);
  EXPECT_EQ(r["preemption"], "lazy");
  EXPECT_EQ(r["model_flavour"], "pcount");
}

TEST(KernelRcu, NotSetLineIsNotSet) {
  const scratch_dir dir;
  write_file(dir / "config", "CONFIG_TREE_RCU=y\n# CONFIG_PREEMPT_RCU is not set\nCONFIG_PREEMPT=y\n");
  const json r = kernel_rcu({dir / "config"});
  EXPECT_EQ(r["preempt_rcu"], false);
  EXPECT_EQ(r["model_flavour"], "qsbr");
  EXPECT_EQ(r["preemption"], "full");
}

TEST(KernelRcu, FirstReadableConfigWins) {
  const scratch_dir dir;
  const std::string gz = dir / "config.gz";
  gzip(fixture("no-preempt-rcu.config"), gz);
  EXPECT_EQ(kernel_rcu({dir / "missing", gz})["source"], gz);
  EXPECT_EQ(kernel_rcu({fixture("preempt-rcu.config"), gz})["model_flavour"], "memb");
}

TEST(KernelRcu, MissingFilesAreUnavailableNamingEach) {
  const scratch_dir dir;
  const json r = kernel_rcu({dir / "config-1", dir / "config.gz"});
  ASSERT_TRUE(r.is_string());
  EXPECT_THAT(r.get<std::string>(),
              AllOf(StartsWith("unavailable: "), HasSubstr(dir / "config-1" + ": No such file or directory"),
                    HasSubstr(dir / "config.gz" + ": No such file or directory")));
  EXPECT_THAT(kernel_rcu({}).get<std::string>(), StartsWith("unavailable: "));
}

TEST(KernelRcu, TextThatIsNoKernelConfigIsUnavailable) {
  const scratch_dir dir;
  write_file(dir / "notes", "CONFIG_PREEMPT_RCU=y is what Debian ships\n");
  EXPECT_THAT(kernel_rcu({dir / "notes"}).get<std::string>(),
              AllOf(StartsWith("unavailable: "), HasSubstr("not a kernel configuration")));
}

TEST(KernelRcu, NoPreemptionModelIsSaid) {
  const scratch_dir dir;
  write_file(dir / "config", "CONFIG_TINY_RCU=y\n");
  const json r = kernel_rcu({dir / "config"});
  EXPECT_EQ(r["model_flavour"], "qsbr");
  EXPECT_THAT(r["preemption"].get<std::string>(),
              AllOf(StartsWith("unavailable: "), HasSubstr("CONFIG_PREEMPT_VOLUNTARY")));
}

TEST(KernelRcu, ThisKernelIsReadOrSaysWhy) {
  utsname u{};
  ASSERT_EQ(uname(&u), 0);
  const json r = kernel_rcu(kernel_config_paths(u.release));
  if (r.is_string()) {
    EXPECT_THAT(r.get<std::string>(), StartsWith("unavailable: /boot/config-"));
  } else {
    EXPECT_TRUE(r["preempt_rcu"].is_boolean());
    EXPECT_EQ(r["model_flavour"], r["preempt_rcu"].get<bool>()     ? "memb"
                                  : r["preempt_count"].get<bool>() ? "pcount"
                                                                   : "qsbr");
  }
}

}  // namespace
}  // namespace pgmap::hw
