#include "hw/placement.hpp"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <set>
#include <tuple>

#include "common/error.hpp"

namespace pgmap::hw {
namespace {

constexpr std::string_view list_prefix = "list:";

struct ranked_pu {
  pu p;
  unsigned smt_rank;  // position among the PUs of its core
};

// A PU without a Core (or Package) object above it stands alone: it is its
// own core, and package 0.
unsigned logical_ancestor(hwloc_topology_t t, hwloc_obj_t obj, hwloc_obj_type_t type, unsigned otherwise) {
  hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(t, type, obj);
  return a ? a->logical_index : otherwise;
}

int node_of(hwloc_topology_t t, hwloc_obj_t pu_obj) {
  hwloc_obj_t node = nullptr;
  while ((node = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_NUMANODE, node)))
    if (hwloc_bitmap_isset(node->cpuset, pu_obj->os_index)) return static_cast<int>(node->os_index);
  return -1;
}

// Every PU in hwloc's logical order, where the SMT siblings of a core are
// adjacent: that order is already the "smt" policy.
std::vector<ranked_pu> all_pus(const topology& topo) {
  hwloc_topology_t t = topo.raw();
  std::vector<ranked_pu> out;
  hwloc_obj_t obj = nullptr;
  while ((obj = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, obj))) {
    pu p{obj->os_index, logical_ancestor(t, obj, HWLOC_OBJ_CORE, obj->logical_index),
         logical_ancestor(t, obj, HWLOC_OBJ_PACKAGE, 0), node_of(t, obj)};
    unsigned rank = out.empty() || out.back().p.core != p.core ? 0 : out.back().smt_rank + 1;
    out.push_back({p, rank});
  }
  return out;
}

// Per package, one PU per core first, then the second SMT sibling of each
// core, and so on.
// The package holding the `home` NUMA node first, and in each package that
// node's PUs first at each SMT rank (home < 0: topology order).
std::vector<std::vector<pu>> compact_by_package(std::vector<ranked_pu> all, int home) {
  const auto away = [home](const pu& p) { return home >= 0 && p.numa_node != home; };
  std::stable_sort(all.begin(), all.end(), [&](const ranked_pu& a, const ranked_pu& b) {
    const bool aa = away(a.p), ba = away(b.p);
    return std::tie(a.p.package, a.smt_rank, aa, a.p.core) < std::tie(b.p.package, b.smt_rank, ba, b.p.core);
  });
  std::vector<std::vector<pu>> out;
  for (const ranked_pu& r : all) {
    if (out.size() <= r.p.package) out.resize(r.p.package + 1);
    out[r.p.package].push_back(r.p);
  }
  std::erase_if(out, [](const std::vector<pu>& v) { return v.empty(); });
  std::stable_partition(out.begin(), out.end(), [&](const std::vector<pu>& v) {
    return std::any_of(v.begin(), v.end(), [&](const pu& p) { return home >= 0 && p.numa_node == home; });
  });
  return out;
}

std::vector<pu> concatenated(const std::vector<std::vector<pu>>& by_package) {
  std::vector<pu> out;
  for (const auto& v : by_package) out.insert(out.end(), v.begin(), v.end());
  return out;
}

// One PU from each package in turn, skipping packages already used up.
std::vector<pu> round_robin(const std::vector<std::vector<pu>>& by_package) {
  std::vector<pu> out;
  for (size_t i = 0;; ++i) {
    const size_t before = out.size();
    for (const auto& v : by_package)
      if (i < v.size()) out.push_back(v[i]);
    if (out.size() == before) return out;
  }
}

std::string existing_pus(const topology& topo) {
  char* text = nullptr;
  if (hwloc_bitmap_list_asprintf(&text, hwloc_topology_get_topology_cpuset(topo.raw())) < 0) return "?";
  std::string s(text);
  std::free(text);
  return s;
}

[[noreturn]] void fail(std::string_view policy, const std::string& what) {
  throw error("placement '" + std::string(policy) + "': " + what);
}

std::vector<pu> listed_pus(const topology& topo, std::string_view policy, std::string_view list) {
  std::vector<ranked_pu> all = all_pus(topo);
  std::vector<pu> out;
  std::set<unsigned> seen;
  while (true) {
    const std::string_view item = list.substr(0, list.find(','));
    unsigned os = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), os);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size())
      fail(policy, "'" + std::string(item) + "' is not a PU number (expected e.g. list:0,2,5)");
    auto it = std::find_if(all.begin(), all.end(), [os](const ranked_pu& r) { return r.p.os_index == os; });
    if (it == all.end()) fail(policy, "PU " + std::to_string(os) + " does not exist (PUs: " + existing_pus(topo) + ")");
    if (!seen.insert(os).second) fail(policy, "PU " + std::to_string(os) + " is listed twice");
    out.push_back(it->p);
    if (item.size() == list.size()) return out;
    list.remove_prefix(item.size() + 1);
  }
}

// The PUs of `policy` in the order threads take them.
std::vector<pu> policy_order(const topology& topo, std::string_view policy, unsigned threads, int home) {
  if (policy == "compact") return concatenated(compact_by_package(all_pus(topo), home));
  if (policy == "scatter") return round_robin(compact_by_package(all_pus(topo), home));
  if (policy == "cross") {
    const auto by_package = compact_by_package(all_pus(topo), home);
    if (by_package.size() < 2)
      fail(policy, "needs at least 2 packages, the topology has " + std::to_string(by_package.size()));
    std::vector<pu> order = round_robin(by_package);
    for (unsigned i = 1; i < threads && i < order.size(); ++i)
      if (order[i].package == order[i - 1].package)
        fail(policy, std::to_string(threads) + " threads cannot alternate packages: package " +
                         std::to_string(order[i].package) + " would take threads " + std::to_string(i - 1) +
                         " and " + std::to_string(i));
    return order;
  }
  if (policy == "smt") {
    std::vector<ranked_pu> all = all_pus(topo);
    if (std::none_of(all.begin(), all.end(), [](const ranked_pu& r) { return r.smt_rank > 0; }))
      fail(policy, "needs cores with 2 or more PUs (SMT), every core here has 1");
    std::vector<pu> out;
    for (const ranked_pu& r : all) out.push_back(r.p);
    return out;
  }
  std::string_view list = policy;
  if (list.starts_with(list_prefix)) list.remove_prefix(list_prefix.size());
  else if (list.empty() || list[0] < '0' || list[0] > '9')
    fail(policy, "unknown policy (expected compact, scatter, cross, smt or list:N,N,...)");
  return listed_pus(topo, policy, list);
}

std::string joined(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : ",") + i;
  return s;
}

std::string node_text(int node) { return node >= 0 ? std::to_string(node) : "unknown"; }

}  // namespace

placement_plan plan_placement(const topology& topo, std::string_view policy, unsigned threads, int home_node) {
  std::vector<pu> order = policy_order(topo, policy, threads, home_node);
  if (threads > order.size())
    fail(policy, std::to_string(threads) + " threads but only " + std::to_string(order.size()) +
                     " PUs to place them on");
  order.resize(threads);
  placement_plan plan{std::string(policy), std::move(order)};
  if (policy.front() >= '0' && policy.front() <= '9') plan.policy = std::string(list_prefix) + plan.policy;
  return plan;
}

std::vector<std::string> placement_policies() { return {"compact", "scatter", "cross", "smt", "list:N,N,..."}; }

nlohmann::json placement_plan::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const pu& p : pus) {
    nlohmann::json node = p.numa_node >= 0 ? nlohmann::json(p.numa_node)
                                           : nlohmann::json("unavailable: hwloc shows no NUMA node for this PU");
    list.push_back({{"os_index", p.os_index}, {"core", p.core}, {"package", p.package}, {"numa_node", node}});
  }
  return {{"policy", policy}, {"pus", list}};
}

std::string placement_plan::pus_string() const {
  std::vector<std::string> items;
  for (const pu& p : pus) items.push_back(std::to_string(p.os_index));
  return joined(items);
}

std::string placement_plan::nodes_string() const {
  std::vector<std::string> items;
  for (const pu& p : pus)
    if (std::find(items.begin(), items.end(), node_text(p.numa_node)) == items.end())
      items.push_back(node_text(p.numa_node));
  return joined(items);
}

unsigned placement_plan::packages(unsigned threads) const {
  std::set<unsigned> seen;
  for (unsigned i = 0; i < threads && i < pus.size(); ++i) seen.insert(pus[i].package);
  return static_cast<unsigned>(seen.size());
}

std::string remote_pmem_warning(const topology& topo, const placement_plan& plan, int pmem_node) {
  if (pmem_node < 0) return "";
  bool remote = false;
  for (const pu& p : plan.pus) remote = remote || (p.numa_node >= 0 && p.numa_node != pmem_node);
  if (!remote) return "";
  std::vector<std::string> local;
  const int n = hwloc_get_nbobjs_by_type(topo.raw(), HWLOC_OBJ_PU);
  for (int i = 0; i < n; ++i) {
    const unsigned os = hwloc_get_obj_by_type(topo.raw(), HWLOC_OBJ_PU, unsigned(i))->os_index;
    if (numa_node_of_pu(topo, os) == pmem_node) local.push_back(std::to_string(os));
  }
  return "threads on NUMA nodes " + plan.nodes_string() + ", the pmem on node " + std::to_string(pmem_node) +
         ": every access to it is remote" +
         (local.empty() ? "" : "; --placement list:" + joined(local) + " keeps the threads on its node");
}

void pin_this_thread(const topology& topo, const pu& p) {
  const std::string what = "pinning this thread to PU " + std::to_string(p.os_index);
  if (!topo.is_this_system()) throw error(what + ": the hwloc topology is not this machine's");
  hwloc_obj_t obj = hwloc_get_pu_obj_by_os_index(topo.raw(), p.os_index);
  if (!obj) throw error(what + ": no such PU (PUs: " + existing_pus(topo) + ")");
  if (hwloc_set_cpubind(topo.raw(), obj->cpuset, HWLOC_CPUBIND_THREAD) != 0)
    throw error(what + ": " + std::strerror(errno));
}

unsigned pu_count(const topology& topo) {
  return static_cast<unsigned>(hwloc_get_nbobjs_by_type(topo.raw(), HWLOC_OBJ_PU));
}

int numa_node_of_pu(const topology& topo, unsigned os_index) {
  hwloc_obj_t obj = hwloc_get_pu_obj_by_os_index(topo.raw(), os_index);
  return obj ? node_of(topo.raw(), obj) : -1;
}

int current_cpu() { return sched_getcpu(); }

}  // namespace pgmap::hw
