#include "hw/pmem_node.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace pgmap::hw {
namespace {

namespace fs = std::filesystem;

// A scratch tree standing in for /dev and /sys.
struct fake_sysfs {
  fs::path root = fs::temp_directory_path() / ("pgmap-pmem-node-" + std::to_string(::getpid()));
  fake_sysfs() {
    fs::remove_all(root);
    fs::create_directories(root / "sys");
  }
  ~fake_sysfs() { fs::remove_all(root); }
  void write(const fs::path& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
  std::string sys() const { return (root / "sys").string(); }
};

TEST(PmemNode, DevdaxFromTheDaxBus) {
  const fake_sysfs f;
  f.write("dev/dax1.0", "");
  const pmem_spec spec{pmem_kind::devdax, (f.root / "dev/dax1.0").string(), std::nullopt};
  f.write("sys/bus/dax/devices/dax1.0/numa_node", "1\n");
  EXPECT_EQ(pmem_numa_node(spec, f.sys()), "1");
  EXPECT_EQ(pmem_node_number(spec, f.sys()), 1);
  f.write("sys/bus/dax/devices/dax1.0/numa_node", "-1\n");
  EXPECT_EQ(pmem_numa_node(spec, f.sys()).rfind("unavailable: the kernel gives dax1.0 no NUMA node", 0), 0u);
  EXPECT_EQ(pmem_node_number(spec, f.sys()), -1);
}

// What a run may map, told before mapping: SIZE when given, else the
// device's size on the dax bus or the directory's free space; nothing for
// what cannot be told.
TEST(PmemCapacity, SizeElseTheDevicesSizeElseFreeSpace) {
  const fake_sysfs f;
  f.write("dev/dax1.0", "");
  const pmem_spec dax{pmem_kind::devdax, (f.root / "dev/dax1.0").string(), std::nullopt};
  EXPECT_FALSE(pmem_capacity(dax, f.sys()).has_value()) << "no size on the bus";
  f.write("sys/bus/dax/devices/dax1.0/size", "1054867456\n");
  EXPECT_EQ(pmem_capacity(dax, f.sys()), std::uint64_t{1054867456});
  EXPECT_EQ(pmem_capacity(pmem_spec{pmem_kind::devdax, dax.path, std::uint64_t{1} << 30}, f.sys()),
            std::uint64_t{1} << 30);
  EXPECT_FALSE(pmem_capacity(pmem_spec{pmem_kind::devdax, "/dev/no-such-dax", std::nullopt}, f.sys()).has_value());
  const std::optional<std::uint64_t> free_space = pmem_capacity(parse_pmem_spec("emulated:/tmp"));
  ASSERT_TRUE(free_space.has_value());
  EXPECT_NEAR(static_cast<double>(*free_space), static_cast<double>(std::filesystem::space("/tmp").available),
              64.0 * (1 << 20));
  EXPECT_FALSE(pmem_capacity(parse_pmem_spec("fsdax:/no/such/dir")).has_value());
}

// fsdax: the namespace behind the file system's block device, through a
// partition to its disk when DIR sits on one.
TEST(PmemNode, FsdaxFromTheBlockDevicesNamespace) {
  const fake_sysfs f;
  struct stat st {};
  ASSERT_EQ(::stat(f.root.c_str(), &st), 0);
  const std::string dev = std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev));
  const pmem_spec spec{pmem_kind::fsdax, f.root.string(), std::nullopt};
  EXPECT_EQ(pmem_numa_node(spec, f.sys()).rfind("unavailable: cannot read ", 0), 0u);
  f.write("sys/dev/block/" + dev + "/device/numa_node", "0\n");
  EXPECT_EQ(pmem_numa_node(spec, f.sys()), "0");
  fs::remove_all(f.root / "sys/dev/block" / dev);
  f.write("sys/devices/pmem1/pmem1p1/partition", "1\n");
  f.write("sys/devices/pmem1/device/numa_node", "1\n");
  fs::create_directory_symlink(f.root / "sys/devices/pmem1/pmem1p1", f.root / "sys/dev/block" / dev);
  EXPECT_EQ(pmem_numa_node(spec, f.sys()), "1");
}

TEST(PmemNode, EmulatedOrMissingIsUnavailable) {
  EXPECT_EQ(pmem_numa_node({pmem_kind::emulated, "/dev/shm", std::nullopt}), "unavailable: emulated pmem is DRAM");
  EXPECT_EQ(pmem_numa_node({pmem_kind::fsdax, "/no/such/dir", std::nullopt}),
            "unavailable: /no/such/dir: No such file or directory");
  EXPECT_EQ(pmem_node_number({pmem_kind::devdax, "/dev/no-such-dax", std::nullopt}), -1);
}

}  // namespace
}  // namespace pgmap::hw
