// The trackers' removal over a memmap placed on pmem, as `ndctl
// create-namespace --map=dev` places it: the pmem of PGMAP_TEST_PMEM
// (default emulated; the pmem guest sets devdax:/dev/daxX.Y), memmap carved
// from the start of the mapping.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "hw/memmap_place.hpp"
#include "hw/pmem_map.hpp"
#include "hw/pmem_spec.hpp"
#include "impl/registry.hpp"

namespace pgmap {
namespace {

using namespace std::chrono_literals;
constexpr std::uint64_t npages = 1 << 16;  // 256 MiB modelled, 4 MiB of struct pages

struct device_memmap {
  std::unique_ptr<hw::pmem_mapping> mapping;
  std::unique_ptr<hw::placed_memmap> memmap;
  std::span<page> pages;
};

device_memmap map_on_device() {
  const char* env = std::getenv("PGMAP_TEST_PMEM");
  const hw::pmem_spec spec = hw::parse_pmem_spec(env ? env : "emulated");
  hw::pmem_options o;
  o.force = true;  // naming a device in PGMAP_TEST_PMEM is the consent to write it
  device_memmap d;
  d.mapping = hw::pmem_mapping::open(
      spec, o, hw::mapping_bytes_needed(hw::memmap_placement::device, npages, page_size), nullptr);
  d.memmap = hw::place_memmap(*d.mapping, hw::memmap_placement::device, npages, nullptr);
  d.pages = init_memmap(d.memmap->memmap, d.memmap->memmap_bytes, d.memmap.get());
  return d;
}

template <class T>
struct DeviceMemmap : ::testing::Test {};
using safe = rebind_trackers<::testing::Types, user_tracking_trackers>;
TYPED_TEST_SUITE(DeviceMemmap, safe);

TYPED_TEST(DeviceMemmap, RemovalWaitsForHoldersOfPagesOnPmem) {
  device_memmap d = map_on_device();
  ASSERT_EQ(d.pages.size(), npages);
  ASSERT_EQ(static_cast<void*>(d.pages.data()), static_cast<void*>(d.mapping->base()));
  TypeParam t(d.pages);
  cpu_ctx c = cpu_ctx::fallback();
  const std::size_t held[] = {0, 12345, npages - 1};
  for (std::size_t i : held) ASSERT_EQ(try_get_page(t, d.pages[i], c), get_result::first);
  std::atomic<bool> dropped{false};
  std::jthread holder([&] {
    std::this_thread::sleep_for(20ms);
    cpu_ctx hc = cpu_ctx::fallback();
    dropped = true;
    for (std::size_t i : held) put_page(t, d.pages[i], hc);
  });
  remove_options o;
  o.sweepers = 2;
  const remove_report r = t.remove(o);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(dropped.load()) << "removal completed while pages on pmem were held";
  EXPECT_EQ(try_get_page(t, d.pages[7], c), get_result::refused);
  if (r.pages_scanned) {
    EXPECT_EQ(r.pages_scanned, npages);
    EXPECT_GE(r.pages_waited, 1u);
  }
}

}  // namespace
}  // namespace pgmap
