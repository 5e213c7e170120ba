// The command-line convention every pgmap-bench tool follows: --version
// prints the tool, the project version and the commit it was built from;
// --help prints help within 80 columns and does nothing else; a usage error
// is one line "<tool>: <message>" on stderr and exit status 2; an option
// given an empty value is a usage error.
#pragma once
#include "common/cli_fwd.hpp"
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

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

// A whole-number option: decimal digits only (no sign, space, exponent or
// fraction), from `lo` to `hi`; anything else, or a value past either end, is a
// usage error naming the option and its range in plain numbers (never
// saturated, never wrapped).
CLI::Option* add_whole_impl(CLI::App& app, const std::string& name,
                            std::function<void(std::uint64_t)> set, std::uint64_t lo,
                            std::uint64_t hi, const std::string& help);
template <class T>
CLI::Option* add_whole(CLI::App& app, const std::string& name, T& target, std::uint64_t lo,
                       std::uint64_t hi, const std::string& help) {
  static_assert(std::is_unsigned_v<T>);
  if (hi > std::numeric_limits<T>::max()) hi = std::numeric_limits<T>::max();
  return add_whole_impl(app, name, [&target](std::uint64_t v) { target = static_cast<T>(v); }, lo, hi, help);
}
template <class T>
CLI::Option* add_whole(CLI::App& app, const std::string& name, std::optional<T>& target,
                       std::uint64_t lo, std::uint64_t hi, const std::string& help) {
  if (hi > std::numeric_limits<T>::max()) hi = std::numeric_limits<T>::max();
  return add_whole_impl(app, name, [&target](std::uint64_t v) { target = static_cast<T>(v); }, lo, hi, help);
}
// The value of such an option, or why not ("'x' is not a whole number from 1
// to 1000").
std::optional<std::uint64_t> parse_whole(std::string_view text, std::uint64_t lo, std::uint64_t hi,
                                         std::string* why);

// Help text with every line longer than `width` wrapped at spaces, the
// continuation indented to the line's description column.
std::string wrap_help(const std::string& text, std::size_t width = 80);

}  // namespace pgmap::cli
