// How much memory a run may still take: MemAvailable, the kernel's estimate
// of what can be allocated without swapping (/proc/meminfo). Removal cases
// map a memmap of 16 MiB per GiB of modelled device; a size whose memmap
// does not fit is refused before anything runs, never killed halfway.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace pgmap::hw {

struct memory_figure {
  std::optional<std::uint64_t> bytes;  // nullopt: unavailable (why says so)
  std::string why;
  std::string source = "MemAvailable";  // where the figure comes from, as messages name it
};

memory_figure memory_available();
// The MemAvailable line of a /proc/meminfo text (kB), for the tests.
memory_figure parse_mem_available(const std::string& meminfo);

}  // namespace pgmap::hw
