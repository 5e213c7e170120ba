// The command-line convention every pgmap-bench tool follows: --version
// prints the tool, the project version and the commit it was built from;
// --help prints help within 80 columns and does nothing else; a usage error
// is one line "<tool>: <message>" on stderr and exit status 2; an option
// given an empty value is a usage error.
#pragma once
#include "common/cli_fwd.hpp"
#include <optional>
#include <string>

namespace pgmap::cli {

// "<tool> 0.2.0 (commit <sha>|unknown)".
std::string version_line(const std::string& tool);

// The commit this build was configured from ("unknown" outside git).
std::string build_commit();

// Adds --version to the app.
void add_version(CLI::App& app, const std::string& tool);

// Prints "<tool>: <message>" on stderr and returns 2.
int usage_error(const std::string& tool, const std::string& message);

// Parses argv. Returns nothing when the tool should go on; otherwise the exit
// status: 0 after --help or --version (printed), 2 after a usage error
// (printed as one line). Any option or argument given as '' is refused.
std::optional<int> parse(CLI::App& app, int argc, const char* const* argv);

// Help text with every line longer than `width` wrapped at spaces, the
// continuation indented to the line's description column.
std::string wrap_help(const std::string& text, std::size_t width = 80);

}  // namespace pgmap::cli
