#include "hw/tool_message.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace pgmap::hw {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool reports_failure(std::string_view line) {
  static constexpr std::array words = {"error",      "unsupported", "not supported", "denied",   "permission",
                                       "cannot",     "can't",       "doesn't exist", "no such",  "not found",
                                       "not allowed", "failed",     "not counted",   "<not"};
  const auto l = lower(line);
  if (l.starts_with("pcm info")) return false;  // e.g. a harmless setrlimit warning
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return l.find(w) != std::string::npos; });
}

// PCM's "unsupported processor" line lists some 40 CPUs in parentheses:
// a long line keeps what comes before its first long aside.
std::string shortened(std::string_view line) {
  constexpr std::size_t max_chars = 160;
  if (line.size() <= max_chars) return std::string(line);
  const auto aside = line.find(" (");
  if (aside != std::string_view::npos && aside < max_chars) return std::string(line.substr(0, aside)) + " (...)";
  return std::string(line.substr(0, max_chars)) + "...";
}

}  // namespace

std::string tool_message(std::string_view log) {
  std::vector<std::string_view> lines;
  while (!log.empty()) {
    const auto end = log.find('\n');
    auto line = log.substr(0, end);
    log = end == std::string_view::npos ? std::string_view{} : log.substr(end + 1);
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    lines.push_back(line);
  }
  std::string message;
  for (auto line : lines) {
    if (!reports_failure(line)) continue;
    if (!message.empty()) message += " / ";
    message += shortened(line);
  }
  if (message.empty() && !lines.empty()) message = shortened(lines.back());
  return message;
}

}  // namespace pgmap::hw
