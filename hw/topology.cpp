#include "hw/topology.hpp"

#include <cerrno>
#include <cstring>

#include "common/error.hpp"

namespace pgmap::hw {
namespace {

hwloc_topology_t new_topology() {
  hwloc_topology_t t = nullptr;
  if (hwloc_topology_init(&t) != 0)
    throw error(std::string("hwloc topology: cannot initialise: ") + std::strerror(errno));
  return t;
}

}  // namespace

topology topology::discover() {
  hwloc_topology_t t = new_topology();
  topology owner(t, true);
  if (hwloc_topology_load(t) != 0)
    throw error(std::string("hwloc topology of this machine: cannot load: ") + std::strerror(errno));
  return owner;
}

topology topology::from_synthetic(std::string_view desc) {
  hwloc_topology_t t = new_topology();
  topology owner(t, false);
  const std::string text(desc);
  // hwloc reports only "invalid" here, so the message names the description.
  if (hwloc_topology_set_synthetic(t, text.c_str()) != 0 || hwloc_topology_load(t) != 0)
    throw error("hwloc synthetic topology '" + text + "': not a valid description");
  return owner;
}

topology topology::from_xml(const std::string& path) {
  hwloc_topology_t t = new_topology();
  topology owner(t, false);
  if (hwloc_topology_set_xml(t, path.c_str()) != 0 || hwloc_topology_load(t) != 0) {
    // hwloc says EINVAL for any file it cannot parse.
    const std::string why = errno == EINVAL ? "not a valid hwloc XML topology (lstopo --of xml writes one)"
                                            : std::strerror(errno);
    throw error("hwloc XML topology '" + path + "': cannot load: " + why);
  }
  return owner;
}

}  // namespace pgmap::hw
