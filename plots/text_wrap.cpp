#include "plots/text_wrap.hpp"

#include <sstream>

namespace pgmap::plots {
namespace {

using words = std::vector<std::string>;

// Runs of words that end at a separator ("|" or a word ending in ';').
std::vector<words> segments(const std::string& text) {
  std::vector<words> out(1);
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    out.back().push_back(w);
    if (w == "|" || w.back() == ';') out.emplace_back();
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

std::string joined(const words& ws) {
  std::string s;
  for (const std::string& w : ws) s += (s.empty() ? "" : " ") + w;
  return s;
}

}  // namespace

std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string cur;
  auto append = [&](const std::string& piece) {
    if (cur.empty()) cur = piece;
    else if (cur.size() + 1 + piece.size() <= width) cur += " " + piece;
    else {
      lines.push_back(cur);
      cur = piece;
    }
  };
  for (const words& seg : segments(text)) {
    std::string s = joined(seg);
    if (s.size() <= width) {
      append(s);
      continue;
    }
    for (const std::string& w : seg) append(w);  // longer than a line: by words
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

}  // namespace pgmap::plots
