#include "results/document.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "results/tidy_csv.hpp"

namespace pgmap::results {
namespace {

}  // namespace

std::string md_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '|': out += "\\|"; break;
      case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

namespace {


std::string md_row(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const std::string& c : cells) line += " " + md_text(c) + " |";
  return line + "\n";
}

std::string render_md(const document& doc) {
  std::string out = "# " + md_text(doc.title) + "\n\n";
  for (const std::string& h : doc.heading) out += "- " + md_text(h) + "\n";
  for (const table& t : doc.tables) {
    out += "\n## " + md_text(t.title) + "\n\n";
    if (t.rows.empty()) {
      out += "(no cases)\n";
    } else {
      out += md_row(t.columns);
      out += md_row(std::vector<std::string>(t.columns.size(), "---"));
      for (const auto& r : t.rows) out += md_row(r);
    }
    for (const std::string& n : t.notes) out += "\n" + md_text(n) + "\n";
  }
  for (const std::string& p : doc.closing) out += "\n" + md_text(p) + "\n";
  return out;
}

void add_wrapped(std::string& out, const std::string& text, const std::string& first = "",
                 const std::string& indent = "") {
  std::vector<std::string> lines = wrap(first + text, txt_width, indent);
  for (const std::string& l : lines) out += l + "\n";
}

// Aligned columns when the table fits the width, else one block per row.
void render_txt_table(std::string& out, const table& t) {
  std::vector<std::size_t> width(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    width[c] = t.columns[c].size();
    for (const auto& r : t.rows) width[c] = std::max(width[c], r[c].size());
  }
  std::size_t total = 0;
  for (std::size_t w : width) total += w + 2;
  if (total - 2 <= txt_width) {
    auto line = [&](const std::vector<std::string>& cells) {
      std::string l;
      for (std::size_t c = 0; c < cells.size(); ++c)
        l += cells[c] + std::string(width[c] - cells[c].size() + (c + 1 < cells.size() ? 2 : 0), ' ');
      while (!l.empty() && l.back() == ' ') l.pop_back();
      out += l + "\n";
    };
    line(t.columns);
    std::vector<std::string> rule;
    for (std::size_t w : width) rule.emplace_back(w, '-');
    line(rule);
    for (const auto& r : t.rows) line(r);
    return;
  }
  for (const auto& r : t.rows) {
    add_wrapped(out, r[0], "* ", "  ");
    for (std::size_t c = 1; c < r.size(); ++c)
      add_wrapped(out, r[c], "  " + t.columns[c] + ": ", "    ");
  }
}

std::string render_txt(const document& doc) {
  std::string out;
  add_wrapped(out, doc.title);
  out += std::string(std::min(doc.title.size(), txt_width), '=') + "\n";
  for (const std::string& h : doc.heading) add_wrapped(out, h, "", "  ");
  for (const table& t : doc.tables) {
    out += "\n";
    add_wrapped(out, t.title);
    out += std::string(std::min(t.title.size(), txt_width), '-') + "\n";
    if (t.rows.empty()) out += "(no cases)\n";
    else render_txt_table(out, t);
    for (const std::string& n : t.notes) {
      out += "\n";
      add_wrapped(out, n);
    }
  }
  for (const std::string& p : doc.closing) {
    out += "\n";
    add_wrapped(out, p);
  }
  return out;
}

std::string csv_line(const std::string& first, const std::vector<std::string>& cells) {
  std::string line = csv_field(first);
  for (const std::string& c : cells) line += "," + csv_field(c);
  return line + "\n";
}

// Each table as a block whose first column names the table.
std::string render_csv(const document& doc) {
  std::string out = csv_line("table", {"item"});
  for (const std::string& h : doc.heading) out += csv_line(doc.title, {h});
  for (const table& t : doc.tables) {
    out += "\n" + csv_line("table", t.columns);
    for (const auto& r : t.rows) out += csv_line(t.title, r);
  }
  return out;
}

}  // namespace

format parse_format(const std::string& name) {
  if (name == "md") return format::md;
  if (name == "txt") return format::txt;
  if (name == "csv") return format::csv;
  throw pgmap::error("--format " + name + ": expected md, txt or csv");
}

std::string render(const document& doc, format f) {
  switch (f) {
    case format::md: return render_md(doc);
    case format::txt: return render_txt(doc);
    case format::csv: return render_csv(doc);
  }
  return {};
}

std::vector<std::string> wrap(const std::string& text, std::size_t width,
                              const std::string& indent) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t pos = 0;
  // The first line's leading spaces (a list bullet's indent) are kept.
  while (pos < text.size() && text[pos] == ' ') line += text[pos++];
  bool fresh = true;  // nothing but indentation on `line` yet
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    // A word too long for any line is cut where it stands, else it moves on.
    bool too_long = indent.size() + word.size() > width;
    if (!fresh && (too_long ? line.size() + 2 > width : line.size() + 1 + word.size() > width)) {
      lines.push_back(line);
      line = indent;
      fresh = true;
    }
    if (!fresh) line += ' ';
    while (line.size() + word.size() > width) {
      std::size_t room = width > line.size() ? width - line.size() : 1;
      std::size_t slash = word.rfind('/', room - 1);  // case names break after a '/'
      std::size_t cut = slash != std::string::npos && slash > 0 ? slash + 1 : room;
      lines.push_back(line + word.substr(0, cut));
      word.erase(0, cut);
      line = indent;
    }
    line += word;
    fresh = false;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

}  // namespace pgmap::results
