#include "hw/mounts.hpp"

#include <gtest/gtest.h>

namespace pgmap::hw {
namespace {

constexpr std::string_view table =
    "/dev/vda / ext4 rw,relatime 0 0\n"
    "tmpfs /dev/shm tmpfs rw,relatime,size=1024k 0 0\n"
    "/dev/pmem0 /mnt/pmem ext4 rw,relatime,dax 0 0\n"
    "/dev/pmem1 /mnt/pmem1 xfs rw,attr2,dax=always 0 0\n"
    "/dev/pmem2 /mnt/pm\\040two xfs rw,dax=inode 0 0\n"
    "/dev/sdb /mnt/pmem1 ext4 rw 0 0\n";  // mounted over /mnt/pmem1

TEST(MountOf, LongestContainingMountPoint) {
  auto m = mount_of("/dev/shm/pgmap-1", table);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->point, "/dev/shm");
  EXPECT_EQ(m->fstype, "tmpfs");

  m = mount_of("/mnt/pmemx", table);  // a prefix of the name is not a parent
  ASSERT_TRUE(m);
  EXPECT_EQ(m->point, "/");

  m = mount_of("/mnt/pmem", table);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->dax(), dax_mount::always);
}

TEST(MountOf, DaxOptions) {
  EXPECT_EQ(mount_of("/tmp", table)->dax(), dax_mount::never);
  EXPECT_EQ(mount_of("/mnt/pm two/dir", table)->dax(), dax_mount::per_inode);
  EXPECT_EQ(mount_of("/mnt/pmem1/a", table)->dax(), dax_mount::never);  // the later mount wins
  EXPECT_EQ(mount_entry({"/", "xfs", "rw,dax=always"}).dax(), dax_mount::always);
}

TEST(MountOf, ThisMachine) {
  const auto m = mount_of("/");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->point, "/");
  EXPECT_FALSE(mount_of("/no/such/path/here"));
}

}  // namespace
}  // namespace pgmap::hw
