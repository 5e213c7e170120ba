#include "hw/mounts.hpp"

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pgmap::hw {
namespace {

// /proc/mounts writes space, tab, newline and backslash in paths as \ooo.
std::string unescape(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      const std::string_view oct = field.substr(i + 1, 3);
      if (oct.find_first_not_of("01234567") == std::string_view::npos) {
        out += static_cast<char>(std::stoi(std::string(oct), nullptr, 8));
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

bool contains_path(const std::string& point, const std::string& path) {
  if (point == "/") return true;
  return path.compare(0, point.size(), point) == 0 &&
         (path.size() == point.size() || path[point.size()] == '/');
}

}  // namespace

dax_mount mount_entry::dax() const {
  std::istringstream in(options);
  dax_mount mode = dax_mount::never;
  for (std::string opt; std::getline(in, opt, ',');) {
    if (opt == "dax" || opt == "dax=always") mode = dax_mount::always;
    else if (opt == "dax=inode") mode = dax_mount::per_inode;
    else if (opt == "dax=never") mode = dax_mount::never;
  }
  return mode;
}

std::optional<mount_entry> mount_of(const std::string& resolved_path, std::string_view mounts_text) {
  std::optional<mount_entry> best;
  std::istringstream in{std::string(mounts_text)};
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string device, point, fstype, options;
    if (!(fields >> device >> point >> fstype >> options)) continue;
    point = unescape(point);
    // Later lines mount over earlier ones at the same point, hence >=.
    if (contains_path(point, resolved_path) && (!best || point.size() >= best->point.size()))
      best = mount_entry{point, fstype, options};
  }
  return best;
}

std::optional<mount_entry> mount_of(const std::string& path) {
  char resolved[PATH_MAX];
  if (!realpath(path.c_str(), resolved)) return std::nullopt;
  std::ifstream in("/proc/self/mounts");
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return mount_of(resolved, text.str());
}

}  // namespace pgmap::hw
