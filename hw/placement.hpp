// Which processing units (PUs) benchmark threads run on, chosen from the
// hwloc topology by a named policy, and pinning a thread to one of them.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hw/topology.hpp"

namespace pgmap::hw {

// core and package are hwloc logical indexes (unique, in topology order);
// os_index is the kernel's CPU number.
struct pu {
  unsigned os_index;
  unsigned core;
  unsigned package;
  int numa_node;  // OS index of the NUMA node; -1 when unknown
};

struct placement_plan {
  std::string policy;   // the policy name, or "list:0,2,5"
  std::vector<pu> pus;  // thread i runs on pus[i]

  nlohmann::json to_json() const;
  std::string pus_string() const;    // "0,1"
  std::string nodes_string() const;  // distinct NUMA nodes in thread order: "0" or "0,1"
  unsigned packages(unsigned threads) const;  // distinct packages of threads 0 .. threads - 1
};

// policy: "compact" (fill the cores of one package first, one PU per core
// before SMT siblings), "scatter" (round-robin across packages), "cross"
// (threads alternate packages: needs >= 2 packages), "smt" (SMT siblings of
// one core first: needs cores with >= 2 PUs), or an explicit list of OS PU
// indexes "list:0,2,5" / "0,2,5". compact, scatter and cross start on the
// package of NUMA node `home_node` (the pmem's; -1: unknown), with that
// node's cores first at each SMT rank, so threads and memory share a node by
// default. Throws
// pgmap::error naming the policy and what is missing when the topology
// cannot give `threads` PUs that way.
placement_plan plan_placement(const topology&, std::string_view policy, unsigned threads, int home_node = -1);
// "" when every thread of the plan is on the pmem's NUMA node (or a node is
// unknown); else a warning naming the nodes, and the placement that keeps
// the threads local: list: of the node's PUs.
std::string remote_pmem_warning(const topology&, const placement_plan&, int pmem_node);
std::vector<std::string> placement_policies();  // names, for help text

// Binds the calling thread to the PU; throws pgmap::error with strerror, or
// when the topology is not this machine's.
void pin_this_thread(const topology&, const pu&);
unsigned pu_count(const topology&);
int numa_node_of_pu(const topology&, unsigned os_index);  // -1 when unknown
int current_cpu();  // sched_getcpu(); -1 on failure

}  // namespace pgmap::hw
