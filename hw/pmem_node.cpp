#include "hw/pmem_node.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
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

// A devdax device's folder on the dax bus (its numa_node, its size).
std::optional<fs::path> dax_bus_dir(const pmem_spec& spec, const std::string& sysfs, std::string& why) {
  std::error_code ec;
  const std::string name = fs::canonical(spec.path, ec).filename().string();
  if (ec) {
    why = spec.path + ": " + ec.message();
    return std::nullopt;
  }
  return fs::path(sysfs) / "bus/dax/devices" / name;
}

}  // namespace

std::string pmem_numa_node(const pmem_spec& spec, const std::string& sysfs) {
  if (spec.kind == pmem_kind::emulated) return "unavailable: emulated pmem is DRAM";
  std::error_code ec;
  if (spec.kind == pmem_kind::devdax) {
    std::string why;
    const std::optional<fs::path> dir = dax_bus_dir(spec, sysfs, why);
    if (!dir) return "unavailable: " + why;
    return read_node(*dir / "numa_node", dir->filename().string());
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

std::optional<std::uint64_t> pmem_capacity(const pmem_spec& spec, const std::string& sysfs) {
  if (spec.size) return spec.size;
  if (spec.kind == pmem_kind::devdax) {
    std::string why;
    const std::optional<fs::path> dir = dax_bus_dir(spec, sysfs, why);
    std::uint64_t bytes = 0;
    std::ifstream in(dir ? *dir / "size" : fs::path());
    return dir && in >> bytes ? std::optional<std::uint64_t>(bytes) : std::nullopt;
  }
  struct statvfs vfs {};
  if (::statvfs(spec.path.c_str(), &vfs) != 0) return std::nullopt;
  return std::uint64_t(vfs.f_bavail) * vfs.f_frsize;
}

int node_number(std::string_view n) {
  int node = -1;
  const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), node);
  return ec == std::errc{} && end == n.data() + n.size() ? node : -1;
}

}  // namespace pgmap::hw
