// Google Benchmark's JSON as it writes it: NaN and inf appear as bare words
// (invalid JSON), e.g. the `cv` aggregate of a counter that is always 0.
// Every reader of that JSON (the suite runner, the results tool) parses it
// through this, which turns them into null: a value not measured.
#pragma once
#include <regex>
#include <string>

namespace pgmap {

inline std::string json_without_nan(const std::string& text) {
  static const std::regex bare(R"((:\s*)-?(nan|NaN|inf|Infinity|Inf)\b)");
  return std::regex_replace(text, bare, "$1null");
}

}  // namespace pgmap
