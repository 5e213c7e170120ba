#include "hw/machine_record.hpp"

#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>

#include "common/error.hpp"
#include "hw/kernel_config.hpp"
#include "hw/pmem_spec.hpp"
#include "hw/probe.hpp"

// Build facts passed by hw/record.cmake; empty when CMake did not know them.
#ifndef PGMAP_SOURCE_DIR
#define PGMAP_SOURCE_DIR ""
#endif
#ifndef PGMAP_COMPILER
#define PGMAP_COMPILER ""
#endif
#ifndef PGMAP_CXX_FLAGS
#define PGMAP_CXX_FLAGS ""
#endif
#ifndef PGMAP_BUILD_TYPE
#define PGMAP_BUILD_TYPE ""
#endif
#ifndef PGMAP_BENCHMARK_VERSION
#define PGMAP_BENCHMARK_VERSION ""
#endif
#ifndef PGMAP_PMEM2_VERSION
#define PGMAP_PMEM2_VERSION ""
#endif
#ifndef PGMAP_HWLOC_VERSION
#define PGMAP_HWLOC_VERSION ""
#endif

namespace pgmap::hw {
namespace {

using nlohmann::json;

const std::string cpufreq = "/sys/devices/system/cpu/cpufreq/";

std::string unavailable(const std::string& why) { return "unavailable: " + why; }

std::string build_fact(const char* value, const char* what) {
  return *value ? std::string(value) : unavailable("the build did not record the " + std::string(what));
}

// The first "key : value" line of /proc/cpuinfo with this key.
std::string cpuinfo_field(const reading& cpuinfo, const std::string& key) {
  if (!cpuinfo.ok()) return unavailable(cpuinfo.why);
  std::istringstream in(cpuinfo.text);
  for (std::string line; std::getline(in, line);) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string k = line.substr(0, colon);
    k.erase(k.find_last_not_of(" \t") + 1);
    if (k != key) continue;
    const size_t v = line.find_first_not_of(" \t", colon + 1);
    return v == std::string::npos ? "" : line.substr(v);
  }
  return unavailable("/proc/cpuinfo has no '" + key + "' line");
}

json object_count(const topology& topo, hwloc_obj_type_t type, const char* what) {
  const int n = hwloc_get_nbobjs_by_type(topo.raw(), type);
  return n > 0 ? json(n) : json(unavailable(std::string("hwloc found no ") + what));
}

json numa_memory(const topology& topo) {
  json nodes = json::array();
  hwloc_obj_t node = nullptr;
  while ((node = hwloc_get_next_obj_by_type(topo.raw(), HWLOC_OBJ_NUMANODE, node))) {
    const uint64_t bytes = node->attr ? node->attr->numanode.local_memory : 0;
    nodes.push_back({{"node", node->os_index},
                     {"memory_bytes", bytes ? json(bytes) : json(unavailable("hwloc reports no memory size"))}});
  }
  if (nodes.empty()) return unavailable("hwloc found no NUMA nodes");
  return nodes;
}

// What the cpuinfo flag, the DMI vendor and systemd-detect-virt say.
void virtualization(json& r, const std::string& flags) {
  const reading vendor = read_file("/sys/class/dmi/id/sys_vendor");
  const reading detect = run_command({"systemd-detect-virt"});
  // systemd-detect-virt exits 1 after printing "none" on bare metal.
  const bool detected = detect.ok() && detect.text != "none";
  const bool flag = (" " + flags + " ").find(" hypervisor ") != std::string::npos;
  r["sys_vendor"] = vendor.or_unavailable();
  r["virtualization"] = detect.ok() || detect.why.find("status 1: none") != std::string::npos
                            ? (detected ? detect.text : "none")
                            : unavailable(detect.why);
  r["vm"] = flag || detected;
  std::string evidence;
  if (flag) evidence = "cpuinfo hypervisor flag";
  if (detected) evidence += (evidence.empty() ? "" : ", ") + std::string("systemd-detect-virt: ") + detect.text;
  r["vm_evidence"] = evidence.empty() ? "none found" : evidence;
}

std::string turbo() {
  const reading no_turbo = read_file("/sys/devices/system/cpu/intel_pstate/no_turbo");
  if (no_turbo.ok()) return (no_turbo.text == "1" ? "off" : "on") + std::string(" (intel_pstate no_turbo=") + no_turbo.text + ")";
  const reading boost = read_file(cpufreq + "boost");
  if (boost.ok()) return (boost.text == "1" ? "on" : "off") + std::string(" (cpufreq boost=") + boost.text + ")";
  return unavailable(no_turbo.why + "; " + boost.why);
}

// The bracketed choice in "always [madvise] never".
std::string selected(const std::string& path) {
  const reading r = read_file(path);
  if (!r.ok()) return unavailable(r.why);
  const size_t open = r.text.find('['), close = r.text.find(']');
  if (open == std::string::npos || close < open) return unavailable(path + ": no [selected] value in '" + r.text + "'");
  return r.text.substr(open + 1, close - open - 1);
}

json pmem_namespaces() {
  const reading r = run_command({"ndctl", "list", "-N", "-R"});
  if (!r.ok()) return unavailable(r.why);
  if (r.text.empty()) return unavailable("ndctl lists no regions (no persistent memory)");
  json j = json::parse(r.text, nullptr, false);
  if (j.is_discarded()) return unavailable("ndctl list output is not JSON");
  return j;
}

std::string kind_of_spec(const std::string& spec) {
  if (spec.empty()) return "none";
  try {
    return to_string(parse_pmem_spec(spec).kind);
  } catch (const error& e) {
    return unavailable(e.what());
  }
}

// The release as pkg-config saw it, and the API version of the library
// loaded now (hwloc numbers its API apart from its releases: 2.9 has API 2.8).
std::string hwloc_version() {
  char api[32];
  std::snprintf(api, sizeof api, "API 0x%08x", hwloc_get_api_version());
  return build_fact(PGMAP_HWLOC_VERSION, "hwloc version") + " (" + api + ")";
}

std::string pcm_version() {
  const reading r = run_command({"dpkg-query", "-W", "-f=${Version}", "pcm"});
  return r.ok() ? r.text : unavailable(r.why);
}

std::string git_commit() {
  const std::string dir = PGMAP_SOURCE_DIR;
  if (dir.empty()) return unavailable("the build did not record its source directory");
  const reading head = run_command({"git", "-C", dir, "rev-parse", "HEAD"});
  if (!head.ok()) return unavailable(head.why);
  const reading status = run_command({"git", "-C", dir, "status", "--porcelain", "--untracked-files=no"});
  if (!status.ok()) return head.text + " (" + unavailable(status.why) + ")";
  return head.text + (status.text.empty() ? "" : "-dirty");
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

const std::vector<std::string>& machine_record_keys() {
  static const std::vector<std::string> keys = {
      "hostname", "time", "cpu_model", "microcode", "vm", "vm_evidence", "virtualization", "sys_vendor",
      "packages", "cores", "pus", "numa_nodes", "numa_memory", "kernel", "kernel_version", "kernel_cmdline",
      "kernel_rcu", "cpufreq_driver", "cpufreq_governor", "turbo", "thp", "thp_defrag", "pmem_namespaces",
      "pmem_spec", "pmem_kind", "pmem", "compiler", "compiler_flags", "build_type", "benchmark_version",
      "libpmem2_version", "hwloc_version", "pcm", "git_commit"};
  return keys;
}

json machine_record(const topology& topo, const json& pmem_report, const std::string& pmem_spec) {
  json r;
  utsname u{};
  const bool have_uname = uname(&u) == 0;
  const std::string no_uname = unavailable("uname failed");
  r["hostname"] = have_uname ? std::string(u.nodename) : no_uname;
  r["time"] = utc_now();

  const reading cpuinfo = read_file("/proc/cpuinfo");
  r["cpu_model"] = cpuinfo_field(cpuinfo, "model name");
  r["microcode"] = cpuinfo_field(cpuinfo, "microcode");
  virtualization(r, cpuinfo_field(cpuinfo, "flags"));

  r["packages"] = object_count(topo, HWLOC_OBJ_PACKAGE, "packages");
  r["cores"] = object_count(topo, HWLOC_OBJ_CORE, "cores");
  r["pus"] = object_count(topo, HWLOC_OBJ_PU, "PUs");
  r["numa_nodes"] = object_count(topo, HWLOC_OBJ_NUMANODE, "NUMA nodes");
  r["numa_memory"] = numa_memory(topo);

  r["kernel"] = have_uname ? std::string(u.release) : no_uname;
  r["kernel_version"] = have_uname ? std::string(u.version) : no_uname;
  r["kernel_cmdline"] = read_file("/proc/cmdline").or_unavailable();
  r["kernel_rcu"] = kernel_rcu(kernel_config_paths(have_uname ? u.release : ""));
  r["cpufreq_driver"] = read_file(cpufreq + "policy0/scaling_driver").or_unavailable();
  r["cpufreq_governor"] = read_file(cpufreq + "policy0/scaling_governor").or_unavailable();
  r["turbo"] = turbo();
  r["thp"] = selected("/sys/kernel/mm/transparent_hugepage/enabled");
  r["thp_defrag"] = selected("/sys/kernel/mm/transparent_hugepage/defrag");

  r["pmem_namespaces"] = pmem_namespaces();
  r["pmem_spec"] = pmem_spec.empty() ? "none" : pmem_spec;
  r["pmem_kind"] = kind_of_spec(pmem_spec);
  r["pmem"] = pmem_report.is_null() ? json(unavailable("no pmem mapped")) : pmem_report;

  r["compiler"] = build_fact(PGMAP_COMPILER, "compiler");
  r["compiler_flags"] = build_fact(PGMAP_CXX_FLAGS, "compiler flags");
  r["build_type"] = build_fact(PGMAP_BUILD_TYPE, "build type");
  r["benchmark_version"] = build_fact(PGMAP_BENCHMARK_VERSION, "Google Benchmark version");
  r["libpmem2_version"] = build_fact(PGMAP_PMEM2_VERSION, "libpmem2 version");
  r["hwloc_version"] = hwloc_version();
  r["pcm"] = pcm_version();
  r["git_commit"] = git_commit();
  return r;
}

}  // namespace pgmap::hw
