// A report as data (heading, tables, notes) and its three renderings:
// Markdown, plain text for mail (no line wider than 72 columns) and CSV.
#pragma once
#include <string>
#include <vector>

namespace pgmap::results {

struct table {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each as wide as columns
  std::vector<std::string> notes;              // paragraphs under the table
};

struct document {
  std::string title;
  std::vector<std::string> heading;  // machine summary, commit: one item each
  std::vector<table> tables;
  std::vector<std::string> closing;  // paragraphs after the tables
};

enum class format { md, txt, csv };
inline constexpr std::size_t txt_width = 72;

format parse_format(const std::string& name);  // throws pgmap::error
std::string render(const document& doc, format f);
// Text as Markdown shows it: '<' and '>' as entities (a renderer would take
// "<not supported>" for raw HTML and drop it), '|' escaped, newlines as spaces.
std::string md_text(const std::string& s);

// Word-wraps `text` to `width` columns; continuation lines get `indent`.
// Words longer than a line are cut.
std::vector<std::string> wrap(const std::string& text, std::size_t width,
                              const std::string& indent = "");

}  // namespace pgmap::results
