// Reading one value from the machine: a /proc or /sys file, or the output of
// a command. Either gives the text, or the reason it could not be read, so
// records can say "unavailable: <why>" instead of inventing a value.
#pragma once
#include <chrono>
#include <string>
#include <vector>

namespace pgmap::hw {

struct reading {
  std::string text;  // the value, surrounding whitespace trimmed
  std::string why;   // empty when the value was read

  bool ok() const { return why.empty(); }
  std::string or_unavailable() const { return ok() ? text : "unavailable: " + why; }
};

// Why: "<path>: <strerror>".
reading read_file(const std::string& path);

// Runs argv[0] from PATH with no shell, so arguments are never interpreted.
// stdout is the value; on failure why is "<prog> not installed",
// "<prog> timed out after N ms", or "<prog> exited with status N: <stderr>".
reading run_command(const std::vector<std::string>& argv,
                    std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace pgmap::hw
