// The readiness check's findings from the files and tool output that decide
// them: every "unavailable" comes with the command that fixes it.
#include "hw/readiness.hpp"

#include <gtest/gtest.h>

#include "hw/counters_test_support.hpp"

namespace pgmap::hw {
namespace {

using test_support::scratch_dir;
using test_support::write_file;

TEST(Readiness, PmemNamespacesWithModeNodeAndAlignment) {
  const nlohmann::json ndctl = nlohmann::json::parse(R"({"regions": [
    {"dev": "region0", "size": 137438953472, "numa_node": 0, "namespaces": [
      {"dev": "namespace0.0", "mode": "fsdax", "size": 135291469824, "blockdev": "pmem0", "align": 2097152}]},
    {"dev": "region1", "size": 137438953472, "numa_node": 1, "namespaces": [
      {"dev": "namespace1.0", "mode": "raw", "size": 137438953472, "blockdev": "pmem1"}]},
    {"dev": "region2", "size": 68719476736, "numa_node": 1}]})");
  const std::vector<finding> f = pmem_findings(ndctl);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].state, "region0/namespace0.0: fsdax /dev/pmem0, 126 GiB, NUMA node 0, align 2097152");
  EXPECT_EQ(f[0].fix, "");
  EXPECT_EQ(f[1].state, "region1/namespace1.0: raw /dev/pmem1, 128 GiB, NUMA node 1");
  EXPECT_EQ(f[1].fix, "ndctl create-namespace -f -e namespace1.0 -m fsdax (or -m devdax): raw mode has no DAX");
  EXPECT_EQ(f[2].fix, "ndctl create-namespace -r region2 -m fsdax (or -m devdax)");
  const std::vector<finding> none = pmem_findings(nlohmann::json());
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].state, "unavailable: ndctl lists no regions");
  EXPECT_NE(none[0].fix.find("memmap=4G!12G"), std::string::npos);
}

TEST(Readiness, CounterAccessSaysWhatToChange) {
  scratch_dir d;
  pmu_files f{d / "cpuinfo", d / "paranoid", d / "msr", d / "nmi", d / "lockdown"};
  write_file(f.cpuinfo, "processor\t: 0\nvendor_id\t: GenuineIntel\n");
  write_file(f.paranoid, "2\n");
  write_file(f.nmi_watchdog, "1\n");
  write_file(f.lockdown, "none [integrity] confidentiality\n");
  std::map<std::string, finding> by;
  for (const finding& x : pmu_findings(f)) by[x.topic] = x;
  EXPECT_EQ(by["PCM"].fix, "");
  EXPECT_EQ(by["perf_event_paranoid"].fix, "sudo sysctl kernel.perf_event_paranoid=0 (or run as root)");
  EXPECT_EQ(by["msr"].fix, "sudo modprobe msr");
  EXPECT_EQ(by["nmi_watchdog"].fix, "sudo sysctl kernel.nmi_watchdog=0");
  EXPECT_NE(by["lockdown"].fix.find("lockdown=none"), std::string::npos);
  write_file(f.cpuinfo, "vendor_id\t: AuthenticAMD\n");
  write_file(f.paranoid, "-1\n");
  write_file(f.nmi_watchdog, "0\n");
  write_file(f.lockdown, "[none] integrity confidentiality\n");
  by.clear();
  for (const finding& x : pmu_findings(f)) by[x.topic] = x;
  EXPECT_EQ(by["PCM"].state, "unavailable: PCM needs an Intel CPU");
  EXPECT_EQ(by.count("msr"), 0u);  // PCM's alone
  EXPECT_EQ(by["perf_event_paranoid"].fix, "");
  EXPECT_EQ(by["nmi_watchdog"].fix, "");
  EXPECT_EQ(by["lockdown"].fix, "");
  EXPECT_NE(counters_fix("unavailable: perf: cycles <not supported>").find("virtual PMU"), std::string::npos);
  EXPECT_EQ(counters_fix("unavailable: perf: perf not installed"), "sudo apt-get install linux-perf");
}

TEST(Readiness, KernelModuleHeadersAndAReservedRange) {
  scratch_dir d;
  kmod_files f{d / "modules", d / "iomem", d / "cmdline"};
  // 4 GiB at 4 GiB kept by memmap=, within a larger reserved range; 4 GiB
  // at 8 GiB claimed by the module; a firmware hole of 12 GiB not offered.
  write_file(f.cmdline, "BOOT_IMAGE=/vmlinuz root=/dev/sda1 memmap=4G$0x100000000,1G!16G memmap=4G$8G quiet\n");
  write_file(f.iomem,
             "00000000-00000fff : Reserved\n"
             "f0000000-1ffffffff : Reserved\n"
             "200000000-2ffffffff : Reserved\n"
             "  200000000-2ffffffff : pgmap_kmod\n"
             "300000000-33fffffff : System RAM\n"
             "fd00000000-ffffffffff : Reserved\n");
  std::vector<finding> k = kmod_findings("6.1.0-test", f);
  ASSERT_EQ(k.size(), 2u);
  EXPECT_EQ(k[0].fix, "sudo apt-get install linux-headers-6.1.0-test");
  EXPECT_EQ(k[1].state, "reserved, unclaimed: 0x100000000+4 GiB (memmap=4G$0x100000000)");
  EXPECT_EQ(k[1].fix, "");
  // Only the claimed one: said, with what to do.
  write_file(f.cmdline, "memmap=4G$8G\n");
  k = kmod_findings("6.1.0-test", f);
  EXPECT_EQ(k[1].state, "unavailable: claimed by a driver, or not reserved: 0x200000000+4 GiB (memmap=4G$8G)");
  // None on the command line: the firmware's reserved ranges are not offered.
  write_file(f.cmdline, "root=/dev/sda1 memmap=1G!16G\n");
  k = kmod_findings("6.1.0-test", f);
  EXPECT_EQ(k[1].state, "unavailable: no memmap=SIZE$START on the kernel command line");
  EXPECT_NE(k[1].fix.find("memmap=4G$64G"), std::string::npos);
  std::filesystem::remove(f.cmdline);
  EXPECT_TRUE(kmod_findings("6.1.0-test", f)[1].state.starts_with("unavailable: ")) << "not 'no memmap='";
  EXPECT_NE(kmod_findings("6.1.0-test", f)[1].state.find("cmdline"), std::string::npos);
  std::filesystem::create_directories(f.modules + "/6.1.0-test/build");
  write_file(f.iomem, "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n");
  k = kmod_findings("6.1.0-test", f);
  EXPECT_EQ(k[0].fix, "");
  EXPECT_EQ(k[1].fix, "run the check as root");
}

TEST(Readiness, MemmapReservationsAsTheKernelParsesThem) {
  const std::vector<memmap_reservation> r =
      memmap_reservations("a=1 memmap=1G$5G,2M@0 memmap=0x40000000$0x140000000 memmap=512m$1g memmap=1X$2G "
                          "memmap=$4G memmap=0$4G xmemmap=1G$9G memmap=2G$0xffffffffc0000000");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].start, std::uint64_t{5} << 30);
  EXPECT_EQ(r[0].size, std::uint64_t{1} << 30);
  EXPECT_EQ(r[0].text, "1G$5G");
  EXPECT_EQ(r[1].start, 0x140000000u);
  EXPECT_EQ(r[1].size, 0x40000000u);
  EXPECT_EQ(r[2].start, std::uint64_t{1} << 30);
  EXPECT_EQ(r[2].size, std::uint64_t{512} << 20);
}

}  // namespace
}  // namespace pgmap::hw
