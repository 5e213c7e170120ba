#include "hw/memmap_place.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "common/error.hpp"
#include "hw/pmem_test_support.hpp"

namespace pgmap::hw {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using test_support::MiB;
using test_support::thrown;

constexpr uint64_t npages = 1024;  // 4 MiB of data pages, a 64 KiB memmap

std::unique_ptr<pmem_mapping> emulated(uint64_t bytes) {
  return pmem_mapping::open(parse_pmem_spec("emulated"), {}, bytes, nullptr);
}

bool all_zero(const void* p, size_t n) {
  const auto* b = static_cast<const unsigned char*>(p);
  return std::all_of(b, b + n, [](unsigned char c) { return c == 0; });
}

// Every byte of memmap and data can be written and read back.
void expect_writable(const placed_memmap& pm) {
  std::memset(pm.memmap, 0x5a, pm.memmap_bytes);
  std::memset(pm.data, 0xa5, pm.data_bytes);
  const auto* mm = static_cast<const unsigned char*>(pm.memmap);
  EXPECT_EQ(mm[0], 0x5a);
  EXPECT_EQ(mm[pm.memmap_bytes - 1], 0x5a);
  EXPECT_EQ(static_cast<unsigned char>(pm.data[0]), 0xa5);
  EXPECT_EQ(static_cast<unsigned char>(pm.data[pm.data_bytes - 1]), 0xa5);
}

TEST(MemmapPlacement, ParseAndName) {
  EXPECT_EQ(parse_memmap_placement("dram"), memmap_placement::dram);
  EXPECT_EQ(parse_memmap_placement("device"), memmap_placement::device);
  EXPECT_STREQ(to_string(memmap_placement::device), "device");
  EXPECT_THAT(thrown([] { parse_memmap_placement("disk"); }),
              AllOf(HasSubstr("'disk'"), HasSubstr("dram or device")));
}

TEST(MemmapPlacement, BytesNeeded) {
  EXPECT_EQ(mapping_bytes_needed(memmap_placement::dram, npages, 4 * MiB), 4 * MiB);
  EXPECT_EQ(mapping_bytes_needed(memmap_placement::device, npages, 4 * MiB), 6 * MiB);
  EXPECT_EQ(mapping_bytes_needed(memmap_placement::device, 32768, 0), 2 * MiB);  // exactly 2 MiB of memmap
  EXPECT_EQ(mapping_bytes_needed(memmap_placement::device, 32769, 0), 4 * MiB);
}

TEST(MemmapPlacement, Dram) {
  auto m = emulated(4 * MiB);
  auto pm = place_memmap(*m, memmap_placement::dram, npages, nullptr);
  EXPECT_EQ(pm->placement, memmap_placement::dram);
  EXPECT_EQ(pm->memmap_bytes, npages * 64);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(pm->memmap) % 4096, 0u);
  EXPECT_TRUE(all_zero(pm->memmap, pm->memmap_bytes));
  EXPECT_EQ(pm->data, m->base());
  EXPECT_EQ(pm->data_bytes, m->size());
  // Without a topology nothing is bound, and the record says why.
  EXPECT_THAT(pm->numa_node, StartsWith("unavailable: memmap not bound: "));
  expect_writable(*pm);
  const nlohmann::json j = pm->to_json();
  EXPECT_EQ(j["placement"], "dram");
  EXPECT_EQ(j["memmap_bytes"], npages * 64);
  EXPECT_EQ(j["data_bytes"], 4 * MiB);
}

TEST(MemmapPlacement, DramOnThePmemNode) {
  const topology topo = topology::discover();
  auto m = pmem_mapping::open(parse_pmem_spec("emulated"), {}, 4 * MiB, &topo);
  auto pm = place_memmap(*m, memmap_placement::dram, npages, &topo);
  EXPECT_EQ(pm->numa_node, m->report().numa_node) << "bound to the pmem's node by default";
  expect_writable(*pm);

  const int first_node = hwloc_get_obj_by_type(topo.raw(), HWLOC_OBJ_NUMANODE, 0)->os_index;
  pm = place_memmap(*m, memmap_placement::dram, npages, &topo, first_node);
  EXPECT_EQ(pm->numa_node, std::to_string(first_node));
  EXPECT_THAT(thrown([&] { place_memmap(*m, memmap_placement::dram, npages, &topo, 4095); }),
              AllOf(HasSubstr("NUMA node 4095"), HasSubstr("does not exist")));
}

TEST(MemmapPlacement, Device) {
  auto m = emulated(mapping_bytes_needed(memmap_placement::device, npages, 4 * MiB));
  std::memset(m->base(), 0xff, m->size());
  auto pm = place_memmap(*m, memmap_placement::device, npages, nullptr);
  EXPECT_EQ(pm->placement, memmap_placement::device);
  EXPECT_EQ(pm->memmap, static_cast<void*>(m->base()));
  EXPECT_EQ(pm->memmap_bytes, npages * 64);
  EXPECT_TRUE(all_zero(pm->memmap, pm->memmap_bytes)) << "a device memmap starts zeroed like the kernel's";
  EXPECT_EQ(pm->data - m->base(), static_cast<ptrdiff_t>(device_memmap_align)) << "data after the memmap";
  EXPECT_EQ(pm->data_bytes, 4 * MiB);
  EXPECT_EQ(pm->numa_node, m->report().numa_node);
  expect_writable(*pm);
}

TEST(MemmapPlacement, DeviceMappingTooSmall) {
  auto m = emulated(2 * MiB);
  EXPECT_THAT(thrown([&] { place_memmap(*m, memmap_placement::device, npages, nullptr); }),
              AllOf(HasSubstr(m->report().path), HasSubstr("leaves no data")));
}

TEST(MemmapPlacement, NodeErrors) {
  auto m = emulated(4 * MiB);
  EXPECT_THROW(place_memmap(*m, memmap_placement::device, npages, nullptr, 0), error);
  EXPECT_THAT(thrown([&] { place_memmap(*m, memmap_placement::dram, npages, nullptr, 0); }),
              AllOf(HasSubstr("NUMA node 0"), HasSubstr("no hwloc topology")));
  EXPECT_THROW(place_memmap(*m, memmap_placement::dram, 0, nullptr), error);
}

}  // namespace
}  // namespace pgmap::hw
