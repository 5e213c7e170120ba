// The pmem mapping and memmap placement on real DAX. Skipped unless the
// machine has it: the pmem guest suite (scripts/pmem-vm test) runs this with
// PGMAP_TEST_PMEM=devdax:/dev/daxN.M and PGMAP_FSDAX_DIR set to a DAX mount.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common/error.hpp"
#include "hw/memmap_place.hpp"
#include "hw/pmem_map.hpp"
#include "hw/pmem_test_support.hpp"

namespace pgmap::hw {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using test_support::MiB;
using test_support::thrown;

std::optional<pmem_spec> devdax_under_test() {
  const char* text = std::getenv("PGMAP_TEST_PMEM");
  if (!text) return std::nullopt;
  pmem_spec spec = parse_pmem_spec(text);
  if (spec.kind != pmem_kind::devdax) return std::nullopt;
  return spec;
}

std::optional<pmem_spec> fsdax_under_test() {
  const char* dir = std::getenv("PGMAP_FSDAX_DIR");
  if (!dir) return std::nullopt;
  return pmem_spec{pmem_kind::fsdax, dir, std::nullopt};
}

pmem_options forced() {
  pmem_options opt;
  opt.force = true;
  return opt;
}

// What libpmem2 gives on DAX: MAP_SYNC, finer than page granularity, and a
// persist that really flushes (or, with eADR, only drains).
void expect_real_dax(const pmem_mapping& m) {
  const pmem_report& r = m.report();
  EXPECT_TRUE(r.real_dax);
  EXPECT_TRUE(r.map_sync);
  EXPECT_THAT(r.granularity, AnyOf("cache line", "byte"));
  EXPECT_THAT(r.persist_kind, AnyOf(StartsWith("flush+drain ("), StartsWith("drain only")));
  EXPECT_THAT(r.summary(), HasSubstr(", DAX"));
  std::memcpy(m.base(), "pgmap", 5);
  m.persist(m.base(), 5);
  EXPECT_EQ(std::memcmp(m.base(), "pgmap", 5), 0);
}

TEST(RealDax, Devdax) {
  const auto spec = devdax_under_test();
  if (!spec) GTEST_SKIP() << "PGMAP_TEST_PMEM names no devdax device";
  auto m = pmem_mapping::open(*spec, forced(), 2 * MiB, nullptr);
  expect_real_dax(*m);
  const pmem_report& r = m->report();
  EXPECT_FALSE(r.created_file);
  EXPECT_EQ(r.path, spec->path);
  ASSERT_GT(r.alignment, 0u);
  EXPECT_EQ(r.size % r.alignment, 0u);
  EXPECT_THAT(r.summary(), HasSubstr("DAX (device)"));
  EXPECT_FALSE(r.numa_node.empty());
}

TEST(RealDax, DevdaxSizeMustFollowTheAlignment) {
  auto spec = devdax_under_test();
  if (!spec) GTEST_SKIP() << "PGMAP_TEST_PMEM names no devdax device";
  const uint64_t align = pmem_mapping::open(*spec, forced(), 0, nullptr)->report().alignment;
  if (align <= 4096) GTEST_SKIP() << "alignment " << align << " leaves no unaligned page size";
  spec->size = align + 4096;
  EXPECT_THAT(thrown([&] { pmem_mapping::open(*spec, forced(), 0, nullptr); }),
              HasSubstr("not a multiple of the device's alignment"));
  spec->size = uint64_t{1} << 50;
  EXPECT_THROW(pmem_mapping::open(*spec, forced(), 0, nullptr), error);
}

TEST(RealDax, DevdaxMemmapOnTheDevice) {
  auto spec = devdax_under_test();
  if (!spec) GTEST_SKIP() << "PGMAP_TEST_PMEM names no devdax device";
  spec->size = 4 * MiB;
  auto m = pmem_mapping::open(*spec, forced(), 4 * MiB, nullptr);
  auto pm = place_memmap(*m, memmap_placement::device, 1024, nullptr);
  EXPECT_EQ(pm->memmap, static_cast<void*>(m->base()));
  EXPECT_EQ(pm->data, m->base() + device_memmap_align);
  EXPECT_EQ(pm->data_bytes, 2 * MiB);
  std::memset(pm->data, 0x11, pm->data_bytes);
  m->persist(pm->data, pm->data_bytes);
}

TEST(RealDax, Fsdax) {
  const auto spec = fsdax_under_test();
  if (!spec) GTEST_SKIP() << "PGMAP_FSDAX_DIR is not set";
  std::string path;
  {
    auto m = pmem_mapping::open(*spec, {}, 4 * MiB, nullptr);
    expect_real_dax(*m);
    EXPECT_TRUE(m->report().created_file);
    EXPECT_EQ(m->size(), 4 * MiB);
    path = m->report().path;
    auto pm = place_memmap(*m, memmap_placement::dram, 1024, nullptr);
    std::memset(pm->memmap, 0x22, pm->memmap_bytes);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace pgmap::hw
