// The machine's hwloc topology, owned by one object. Placement, memory
// binding and the machine record all read the same instance.
#pragma once
#include <hwloc.h>

#include <memory>
#include <string>
#include <string_view>

namespace pgmap::hw {

class topology {
 public:
  static topology discover();                              // this machine
  static topology from_synthetic(std::string_view desc);   // hwloc synthetic description
  static topology from_xml(const std::string& path);       // an exported XML topology

  hwloc_topology_t raw() const { return topo_.get(); }
  // True when the topology describes the machine we run on (pinning and
  // memory binding are possible); false for synthetic and XML topologies.
  bool is_this_system() const { return this_system_; }

 private:
  struct deleter {
    void operator()(hwloc_topology* t) const { hwloc_topology_destroy(t); }
  };
  topology(hwloc_topology_t t, bool this_system) : topo_(t), this_system_(this_system) {}
  std::unique_ptr<hwloc_topology, deleter> topo_;
  bool this_system_ = false;
};

}  // namespace pgmap::hw
