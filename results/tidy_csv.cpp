#include "results/tidy_csv.hpp"

#include <csv.h>

#include <array>
#include <algorithm>
#include <fstream>
#include <optional>
#include <memory>
#include <sstream>
#include <vector>

#include "common/case_schema.hpp"
#include "common/error.hpp"

namespace pgmap::results {
namespace {

// What libcsv's callbacks fill: the fields of the row being read, and the
// rows finished so far with the line each started on.
struct reader_state {
  std::size_t line = 1;        // line of the chunk being fed
  std::size_t row_line = 0;    // line where the current row started (0: none yet)
  std::vector<std::string> fields;
  std::vector<std::pair<std::size_t, std::vector<std::string>>> done;
};

void on_field(void* data, std::size_t len, void* st) {
  auto* s = static_cast<reader_state*>(st);
  if (s->row_line == 0) s->row_line = s->line;
  s->fields.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* st) {
  auto* s = static_cast<reader_state*>(st);
  s->done.emplace_back(s->row_line ? s->row_line : s->line, std::move(s->fields));
  s->fields.clear();
  s->row_line = 0;
}

struct parser_deleter {
  void operator()(csv_parser* p) const {
    csv_free(p);
    delete p;
  }
};

// Splits the text into rows of fields, each with its first line.
std::vector<std::pair<std::size_t, std::vector<std::string>>> split(std::string_view text,
                                                                     const std::string& path) {
  std::unique_ptr<csv_parser, parser_deleter> p(new csv_parser);
  if (csv_init(p.get(), CSV_STRICT | CSV_STRICT_FINI) != 0)
    throw pgmap::bad_input(path + ": cannot start the CSV parser");
  reader_state state;
  // Fed line by line so that a row's line number is known.
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::size_t len = nl == std::string_view::npos ? text.size() : nl + 1;
    if (csv_parse(p.get(), text.data(), len, on_field, on_row, &state) != len)
      throw pgmap::bad_input(path + ":" + std::to_string(state.line) +
                         ": malformed CSV: " + csv_strerror(csv_error(p.get())));
    text.remove_prefix(len);
    if (nl != std::string_view::npos) ++state.line;
  }
  if (csv_fini(p.get(), on_field, on_row, &state) != 0)
    throw pgmap::bad_input(path + ":" + std::to_string(state.line) +
                       ": malformed CSV: " + csv_strerror(csv_error(p.get())));
  return std::move(state.done);
}

}  // namespace

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

std::string tidy_csv_text(const tidy_rows& rows) {
  std::string out;
  for (std::size_t c = 0; c < column_count; ++c) {
    if (c) out += ',';
    out += column_names[c];
  }
  out += '\n';
  for (const tidy_row& row : rows) {
    for (std::size_t c = 0; c < column_count; ++c) {
      if (c) out += ',';
      out += csv_field(row.cell[c]);
    }
    out += '\n';
  }
  return out;
}

namespace {

// The header's columns in file order. Any known columns in any order: a file
// written before a column existed lacks it (read as empty), so every archived
// run still reads; a name this version does not know is refused (a newer
// writer's column must not vanish silently).
std::vector<col> header_columns(const std::vector<std::string>& header, const std::string& path) {
  const std::string at = path + ":1: ";
  std::vector<col> cols;
  std::array<bool, column_count> seen{};
  for (const std::string& name : header) {
    const std::optional<col> c = column_by_name(name);
    if (!c) throw pgmap::bad_input(at + "not a tidy.csv header: unknown column '" + name + "'");
    if (seen[*c]) throw pgmap::bad_input(at + "not a tidy.csv header: column '" + name + "' twice");
    seen[*c] = true;
    cols.push_back(*c);
  }
  for (col c : required_columns)
    if (!seen[c])
      throw pgmap::bad_input(at + "not a tidy.csv header: no column '" + std::string(column_names[c]) + "'");
  return cols;
}

}  // namespace

tidy_rows parse_tidy_csv(std::string_view text, const std::string& path,
                         const std::string& source) {
  auto records = split(text, path);
  if (records.empty()) throw pgmap::bad_input(path + ":1: empty file (expected the tidy header)");
  const std::vector<col> cols = header_columns(records.front().second, path);
  // A parameter column the file predates: its cases had the schema's `before`
  // value (order 0 before folio_order), as their names would say.
  std::vector<std::pair<col, const schema::parameter*>> older;
  for (const schema::parameter& p : schema::parameters())
    if (const std::optional<col> c = column_by_name(p.key);
        c && !p.before.empty() && std::find(cols.begin(), cols.end(), *c) == cols.end())
      older.emplace_back(*c, &p);
  tidy_rows rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& [line, fields] = records[r];
    std::string at = path + ":" + std::to_string(line) + ": ";
    if (fields.size() != cols.size())
      throw pgmap::bad_input(at + "expected " + std::to_string(cols.size()) + " fields, got " +
                         std::to_string(fields.size()));
    tidy_row row;
    row.source = source;
    for (std::size_t i = 0; i < cols.size(); ++i) row.cell[cols[i]] = fields[i];
    if (row[kind].empty() || row[subject].empty())
      throw pgmap::bad_input(at + "empty kind or subject");
    if (!row[case_name].empty()) at += row[case_name] + ": ";
    for (std::size_t c = 0; c < column_count; ++c) {
      if (!is_numeric(static_cast<col>(c))) continue;
      if (row.cell[c].empty()) continue;
      const std::string name(column_names[c]);
      const std::optional<double> v = row.number(static_cast<col>(c));
      if (!v) throw pgmap::bad_input(at + "column " + name + ": '" + row.cell[c] + "' is not a number");
      // Times, rates, counts, shares and indexes: none is below zero.
      if (*v < 0)
        throw pgmap::bad_input(at + "column " + name + ": '" + row.cell[c] + "' is negative");
    }
    // Empty is "not measured", except in the column the kind is measured by.
    if (const schema::case_kind* k = schema::find_kind(row[kind]))
      if (const std::optional<col> m = column_by_name(k->measure); m && row[*m].empty())
        throw pgmap::bad_input(at + "column " + std::string(k->measure) + " is empty (every " + row[kind] +
                               " row has one)");
    for (const auto& [c, p] : older)
      if (schema::carried_by(*p, row[kind])) row[c] = p->before;
    rows.push_back(std::move(row));
  }
  return rows;
}

tidy_rows read_tidy_csv(const std::string& path, const std::string& source) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw pgmap::bad_input(path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_tidy_csv(text.str(), path, source);
}

}  // namespace pgmap::results
