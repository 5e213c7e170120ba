#include "hw/topology.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/error.hpp"

namespace pgmap::hw {
namespace {

using ::testing::HasSubstr;

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Topology, DiscoversThisMachine) {
  const topology t = topology::discover();
  EXPECT_TRUE(t.is_this_system());
  EXPECT_GE(hwloc_get_nbobjs_by_type(t.raw(), HWLOC_OBJ_PU), 1);
}

TEST(Topology, SyntheticIsNotThisMachine) {
  const topology t = topology::from_synthetic("pack:2 core:3 pu:2");
  EXPECT_FALSE(t.is_this_system());
  EXPECT_EQ(hwloc_get_nbobjs_by_type(t.raw(), HWLOC_OBJ_PU), 12);
}

TEST(Topology, Errors) {
  EXPECT_THAT(error_of([] { topology::from_synthetic("pack:two"); }),
              HasSubstr("hwloc synthetic topology 'pack:two': not a valid description"));
  EXPECT_THAT(error_of([] { topology::from_xml("/nonexistent/topo.xml"); }),
              HasSubstr("hwloc XML topology '/nonexistent/topo.xml': cannot load: No such file"));
  const char* source_dir = std::getenv("PGMAP_SOURCE_DIR");
  const std::string self = std::string(source_dir ? source_dir : ".") + "/hw/topology.hpp";
  EXPECT_THAT(error_of([&] { topology::from_xml(self); }), HasSubstr("not a valid hwloc XML topology"));
}

}  // namespace
}  // namespace pgmap::hw
