#include "hw/memory_available.hpp"

#include <charconv>
#include <sstream>

#include "hw/text_file.hpp"

namespace pgmap::hw {

memory_figure parse_mem_available(const std::string& meminfo) {
  std::istringstream in(meminfo);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("MemAvailable:")) continue;
    std::istringstream fields(line.substr(13));
    std::string value, unit;
    fields >> value >> unit;
    std::uint64_t kb = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), kb);
    if (ec != std::errc{} || end != value.data() + value.size() || unit != "kB" || kb > (UINT64_MAX >> 10))
      return {std::nullopt, "unreadable MemAvailable line in /proc/meminfo: '" + line + "'"};
    return {kb << 10, {}};
  }
  return {std::nullopt, "no MemAvailable in /proc/meminfo"};
}

memory_figure memory_available() {
  const std::optional<std::string> text = read_text_file("/proc/meminfo");
  if (!text) return {std::nullopt, "cannot read /proc/meminfo"};
  return parse_mem_available(*text);
}

}  // namespace pgmap::hw
