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

// Input that parses but gives nothing to work on (no cases, nothing in
// common, a filter that keeps nothing): the user's to fix, so the tools
// exit 2, as for a usage error.
struct nothing_to_do : error {
  using error::error;
  ~nothing_to_do() override;
};

// An input file that cannot be what it claims (malformed, cut short, a key
// missing or of the wrong type, an impossible number): the user's to fix, so
// the tools exit 2 with its one line, before writing anything.
struct bad_input : error {
  using error::error;
  ~bad_input() override;
};

}  // namespace pgmap
