#include "hw/pcm_csv.hpp"

#include <csv.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/error.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

struct numbered_line {
  std::size_t number;  // 1-based, as an editor shows it
  std::string_view text;
};

// Non-blank lines without their CR; blank lines carry no data in PCM files.
std::vector<numbered_line> split_lines(std::string_view text) {
  std::vector<numbered_line> lines;
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!trim(line).empty()) lines.push_back({number, line});
  }
  return lines;
}

char detect_separator(std::string_view header) {
  const auto count = [&](char c) { return std::count(header.begin(), header.end(), c); };
  return count(';') > count(',') ? ';' : ',';
}

// One line through libcsv (which also drops the padding around cells).
class line_splitter {
 public:
  explicit line_splitter(char separator) {
    if (csv_init(&parser_, 0) != 0) throw std::bad_alloc();
    csv_set_delim(&parser_, static_cast<unsigned char>(separator));
  }
  ~line_splitter() { csv_free(&parser_); }
  line_splitter(const line_splitter&) = delete;
  line_splitter& operator=(const line_splitter&) = delete;

  std::vector<std::string> split(std::string_view line) {
    cells_.clear();
    if (csv_parse(&parser_, line.data(), line.size(), on_cell, nullptr, this) != line.size() ||
        csv_fini(&parser_, on_cell, nullptr, this) != 0)
      throw std::runtime_error(csv_strerror(csv_error(&parser_)));
    return std::move(cells_);
  }

 private:
  static void on_cell(void* data, std::size_t size, void* self) {
    static_cast<line_splitter*>(self)->cells_.emplace_back(static_cast<const char*>(data), size);
  }
  csv_parser parser_{};
  std::vector<std::string> cells_;
};

}  // namespace

std::optional<double> pcm_number(std::string_view cell) {
  auto text = trim(cell);
  if (!text.empty() && text.back() == '%') text = trim(text.substr(0, text.size() - 1));
  if (text.empty() || text == "-" || text == "N/A") return std::nullopt;
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

std::optional<std::size_t> pcm_table::column(std::string_view group, std::string_view metric) const {
  for (std::size_t i = 0; i < metrics.size(); ++i)
    if (trim(groups[i]) == trim(group) && trim(metrics[i]) == trim(metric)) return i;
  return std::nullopt;
}

std::optional<double> pcm_table::number(std::size_t row, std::size_t col) const {
  return pcm_number(rows.at(row).at(col));
}

pcm_table parse_pcm_csv(const std::string& path) {
  const auto text_or_none = read_text_file(path);
  if (!text_or_none) throw error(path + ": cannot read: " + std::strerror(errno));
  const std::string& text = *text_or_none;
  const auto lines = split_lines(text);
  const auto fail = [&](std::size_t line, const std::string& what) -> error {
    return error(path + ":" + std::to_string(line) + ": " + what);
  };
  if (lines.empty()) throw fail(1, "empty file: no header rows");

  pcm_table table;
  table.path = path;
  table.separator = detect_separator(lines[0].text);
  line_splitter splitter(table.separator);
  // PCM ends every row with a separator, or none: the metric row tells which.
  const bool trailing = lines.size() > 1 && lines[1].text.ends_with(table.separator);
  const auto cells = [&](const numbered_line& line) {
    auto body = line.text;
    if (trailing && body.ends_with(table.separator)) body.remove_suffix(1);
    try {
      return splitter.split(body);
    } catch (const std::runtime_error& e) {
      throw fail(line.number, e.what());
    }
  };

  auto group_row = cells(lines[0]);
  if (!group_row.empty() && group_row[0] == "Date")
    throw fail(lines[0].number, "first header row (group names) is missing: the file starts with the metric row");
  if (lines.size() < 2) throw fail(lines[0].number + 1, "second header row (metric names) is missing");
  table.metrics = cells(lines[1]);
  if (table.metrics.empty() || table.metrics[0] != "Date")
    throw fail(lines[1].number, "second header row (metric names) is missing: expected it to start with Date");
  if (group_row.size() > table.metrics.size())
    throw fail(lines[0].number, "group row has " + std::to_string(group_row.size()) +
                                    " cells but the metric row has " + std::to_string(table.metrics.size()));

  std::string group;
  for (std::size_t i = 0; i < table.metrics.size(); ++i) {
    if (i < group_row.size() && !group_row[i].empty()) group = group_row[i];
    table.groups.push_back(group);
    table.metrics[i] = std::string(trim(table.metrics[i]));
  }
  for (std::size_t i = 2; i < lines.size(); ++i) {
    auto row = cells(lines[i]);
    if (row.size() != table.metrics.size())
      throw fail(lines[i].number, "row has " + std::to_string(row.size()) + " cells but the header has " +
                                      std::to_string(table.metrics.size()) + " (ragged or truncated row)");
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace pgmap::hw
