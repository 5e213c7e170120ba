// A size rounded up to a multiple of an alignment (any alignment above 0,
// not only powers of two: device memmap alignments need not be).
#pragma once
#include <cstdint>

namespace pgmap::hw {

constexpr std::uint64_t round_up(std::uint64_t n, std::uint64_t align) { return (n + align - 1) / align * align; }

}  // namespace pgmap::hw
