// Test support for the pmem tests: what a call throws, as text.
#pragma once
#include <cstdint>
#include <string>

#include "common/error.hpp"

namespace pgmap::hw::test_support {

inline constexpr uint64_t MiB = uint64_t{1} << 20;

// The message of the pgmap::error `f` throws, or "no error".
template <class F>
std::string thrown(F&& f) {
  try {
    f();
  } catch (const error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace pgmap::hw::test_support
