// Google Benchmark's JSON as it writes it: NaN and inf appear as bare words
// (invalid JSON), e.g. the `cv` aggregate of a counter that is always 0.
// Every reader of that JSON (the suite runner, the results tool) parses it
// through this, which turns NaN into null (a value not measured) and an
// infinity into the text "inf" or "-inf", which no reader takes as a number:
// no time, rate or count is infinite.
#pragma once
#include <regex>
#include <string>

namespace pgmap {

inline std::string json_without_nan(const std::string& text) {
  // A value follows a key's closing quote and colon; text inside a string
  // ("label": "... : inf") is left as it is.
  static const std::regex nan(R"(("\s*:\s*)-?(nan|NaN)\b)"), inf(R"(("\s*:\s*)(-?)(inf|Infinity|Inf)\b)");
  return std::regex_replace(std::regex_replace(text, nan, "$1null"), inf, "$1\"$2inf\"");
}

}  // namespace pgmap
