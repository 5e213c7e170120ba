// Seeds derived from seeds (splitmix64): the suite gives each process a seed,
// and the process derives its layout and case order from it.
#pragma once
#include <cstdint>

namespace pgmap {

constexpr std::uint64_t seed_mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace pgmap
