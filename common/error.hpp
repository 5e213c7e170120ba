// The one error type users see: its message is a single line that names the
// input at fault (a path, an option, a spec), so command-line tools print it
// as is and exit non-zero.
#pragma once
#include <stdexcept>
#include <string>

namespace pgmap {

struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
  ~error() override;  // out of line: one vtable, in common/error.cpp
};

}  // namespace pgmap
