#include "hw/pmem_node.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace pgmap::hw {
namespace {

namespace fs = std::filesystem;

// A sysfs numa_node file: the node, or why there is none.
std::string read_node(const fs::path& file, const std::string& of) {
  std::ifstream in(file);
  int node = -1;
  if (!(in >> node)) return "unavailable: cannot read " + file.string();
  if (node < 0) return "unavailable: the kernel gives " + of + " no NUMA node (" + file.string() + " is -1)";
  return std::to_string(node);
}

}  // namespace

std::string pmem_numa_node(const pmem_spec& spec, const std::string& sysfs) {
  if (spec.kind == pmem_kind::emulated) return "unavailable: emulated pmem is DRAM";
  std::error_code ec;
  if (spec.kind == pmem_kind::devdax) {
    const std::string name = fs::canonical(spec.path, ec).filename().string();
    if (ec) return "unavailable: " + spec.path + ": " + ec.message();
    return read_node(fs::path(sysfs) / "bus/dax/devices" / name / "numa_node", name);
  }
  struct stat st {};
  if (::stat(spec.path.c_str(), &st) != 0) return "unavailable: " + spec.path + ": " + std::strerror(errno);
  // The block device of the file system (pmemN, or a partition of it): its
  // device link is the namespace, which has the node.
  const std::string dev = std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev));
  const fs::path block = fs::path(sysfs) / "dev/block" / dev;
  fs::path disk = block;
  if (fs::exists(block / "partition", ec)) {
    disk = fs::canonical(block, ec).parent_path();
    if (ec) return "unavailable: " + block.string() + ": " + ec.message();
  }
  return read_node(disk / "device/numa_node", spec.path + " (block device " + dev + ")");
}

int pmem_node_number(const pmem_spec& spec, const std::string& sysfs) {
  return node_number(pmem_numa_node(spec, sysfs));
}

int node_number(std::string_view n) {
  int node = -1;
  const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), node);
  return ec == std::errc{} && end == n.data() + n.size() ? node : -1;
}

}  // namespace pgmap::hw
