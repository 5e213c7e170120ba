#include "results/gb_json.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/case_schema.hpp"
#include "common/gb_json_text.hpp"
#include "common/error.hpp"
#include "results/case_name.hpp"

namespace pgmap::results {
namespace {

using nlohmann::json;

constexpr col label_keys[] = {counters, pus, nodes, placement, pmem, percpu_path};

double time_unit_ns(const std::string& unit) {
  if (unit == "ns") return 1;
  if (unit == "us") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  throw pgmap::error("unknown time_unit '" + unit + "'");
}

std::optional<col> label_key(std::string_view piece) {
  std::size_t eq = piece.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  for (col c : label_keys)
    if (column_names[c] == piece.substr(0, eq)) return c;
  return std::nullopt;
}

// `key=value; key=value`: a piece that does not start with a known key
// belongs to the previous value (a reason may itself contain "; ").
void parse_label(std::string_view label, tidy_row& row) {
  std::optional<col> last;
  while (!label.empty()) {
    std::size_t sep = label.find("; ");
    std::string_view piece = label.substr(0, sep);
    label = sep == std::string_view::npos ? std::string_view() : label.substr(sep + 2);
    if (auto c = label_key(piece)) {
      row[*c] = piece.substr(piece.find('=') + 1);
      last = c;
    } else if (last) {
      row[*last] += "; ";
      row[*last] += piece;
    }
  }
}

// Google Benchmark writes one entry per object; the entry's line is found by
// its name, searched forward from the previous entry.
// Lines are counted on from the previous entry, never from the top again
// (that was quadratic: 25 s for a 12 MB file).
class entry_locator {
 public:
  explicit entry_locator(std::string_view text) : text_(text) {}
  std::size_t line(const std::string& name) {
    std::string needle = json(name).dump();
    std::size_t at = text_.find(needle, from_);
    if (at == std::string_view::npos) return line_at(from_);
    from_ = at + needle.size();
    return line_at(at);
  }

 private:
  // 1-based line of pos; pos never moves back.
  std::size_t line_at(std::size_t pos) {
    pos = std::min(pos, text_.size());
    line_ += static_cast<std::size_t>(std::count(text_.begin() + counted_, text_.begin() + pos, '\n'));
    counted_ = pos;
    return line_;
  }
  std::string_view text_;
  std::size_t from_ = 0, counted_ = 0, line_ = 1;
};

const json* member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key, const std::string& fallback) {
  const json* v = member(object, key);
  if (!v) return fallback;
  if (!v->is_string()) throw pgmap::error(std::string("'") + key + "' is not a string");
  return v->get<std::string>();
}

std::optional<double> number_member(const json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;  // null: Google Benchmark's NaN
  if (!it->is_number()) throw pgmap::error("'" + std::string(key) + "' is not a number (" + it->dump() + ")");
  if (!std::isfinite(it->get<double>())) throw pgmap::error("'" + std::string(key) + "' is not a finite number");
  // Every number the binaries write is a time, rate, count, share or index.
  if (it->get<double>() < 0) throw pgmap::error("'" + std::string(key) + "' is negative (" + it->dump() + ")");
  return it->get<double>();
}

// The process that ran an entry: its layout's process seed (exact, as
// written), from the entry (the suite stamps each) or else the file's context
// (a binary run alone: one process). Empty when the seed is 0 (not varied:
// processes cannot be told apart) or absent (older files).
std::string process_id(const json* layout) {
  if (!layout || !layout->is_object()) return "";
  const json* seed = member(*layout, "process_seed");
  if (!seed || !seed->is_number_unsigned() || seed->get<std::uint64_t>() == 0) return "";
  return seed->dump();
}

std::string trait_cell(const json& t, const char* key) {
  const json* v = member(t, key);
  if (!v) throw pgmap::error(std::string("context.pgmap_trackers: no '") + key + "'");
  if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
  if (v->is_string()) return v->get<std::string>();
  throw pgmap::error(std::string("context.pgmap_trackers: '") + key + "' is neither text nor true/false");
}

// The registry's traits as the binary published them (bench/OUTPUT.md).
void read_traits(const std::string& text, gb_file& out) {
  if (text.empty()) return;
  json all;
  try {
    all = json::parse(text);
  } catch (const json::exception& e) {
    throw pgmap::error("context.pgmap_trackers is not JSON: " + std::string(e.what()));
  }
  if (!all.is_array()) throw pgmap::error("context.pgmap_trackers is not an array");
  for (const json& t : all) {
    if (!t.is_object()) throw pgmap::error("context.pgmap_trackers: an entry is not an object");
    const std::string name = trait_cell(t, "name");
    out.tracker_order.push_back(name);
    auto& cells = out.traits[name];
    for (std::size_t i = 0; i < trait_columns.size(); ++i)
      cells[i] = trait_cell(t, std::string(column_names[trait_columns[i]]).c_str());
  }
}

void read_context(const json& doc, gb_file& out) {
  const json* context = member(doc, "context");
  if (!context) return;
  if (!context->is_object()) throw pgmap::error("'context' is not an object");
  out.host_name = string_member(*context, "host_name", "");
  out.counters = string_member(*context, "pgmap_counters", "");
  read_traits(string_member(*context, "pgmap_trackers", ""), out);
  if (std::string d = string_member(*context, "pgmap_disturbance", ""); !d.empty()) {
    const json parsed = json::parse(d, nullptr, false);
    if (!parsed.is_object()) throw pgmap::error("context.pgmap_disturbance is not a JSON object");
    for (const auto& [name, why] : parsed.items()) {
      if (!why.is_string()) throw pgmap::error("context.pgmap_disturbance: '" + name + "' is not text");
      if (!why.get<std::string>().empty()) out.disturbance_unavailable.push_back(name + ": " + why.get<std::string>());
    }
  }
  if (std::string layout = string_member(*context, "pgmap_layout", ""); !layout.empty()) {
    try {
      const json parsed = json::parse(layout);
      out.process = process_id(&parsed);
    } catch (const json::exception& e) {
      throw pgmap::error("context.pgmap_layout is not JSON: " + std::string(e.what()));
    }
  }
  std::string machine = string_member(*context, "pgmap_machine", "");
  if (machine.empty()) return;
  try {
    out.machine = json::parse(machine);
  } catch (const json::exception& e) {
    throw pgmap::error("context.pgmap_machine is not JSON: " + std::string(e.what()));
  }
}

tidy_row read_entry(const json& entry, const gb_file& file, const std::string& binary) {
  if (!entry.is_object()) throw pgmap::error("entry is not an object");
  tidy_row row;
  row[col::binary] = binary;
  std::string name = string_member(entry, "run_name", string_member(entry, "name", ""));
  if (name.empty()) throw pgmap::error("entry without a name");
  row[case_name] = name;
  parse_case_name(name, row);
  // A `threads:N` in the name (limit's reading threads) says more than
  // Google Benchmark's own thread count, which is 1 there.
  if (auto t = number_member(entry, "threads"); t && row[threads].empty())
    row[threads] = exact_number(*t);
  row[repetition] = exact_number(number_member(entry, "repetition_index").value_or(0));
  if (auto r = number_member(entry, "round")) row[round] = exact_number(*r);  // absent: one round
  // An entry with a layout of its own is judged by it alone (a merged file's
  // context is one process's).
  const json* stamp = member(entry, "pgmap_layout");
  row[process] = stamp ? process_id(stamp) : file.process;
  // The suite's attempts at a process it ran again because other tasks
  // disturbed it (absent: run once, unchecked).
  if (auto a = number_member(entry, "attempt")) row[attempt] = exact_number(*a);
  if (const json* d = member(entry, "disturbed")) {
    if (!d->is_boolean()) throw pgmap::error("'disturbed' is not true or false");
    row[disturbed] = d->get<bool>() ? "true" : "false";
  }
  if (auto n = number_member(entry, "iterations")) row[iterations] = exact_number(*n);
  if (auto t = number_member(entry, "real_time"))
    row[real_time_ns] = exact_number(*t * time_unit_ns(string_member(entry, "time_unit", "ns")));
  for (std::size_t c = ns_per_pair; c <= last_measure; ++c)
    if (auto v = number_member(entry, column_names[c])) row.cell[c] = exact_number(*v);
  for (std::size_t c = first_condition; c <= last_condition; ++c)
    if (auto v = number_member(entry, column_names[c])) row.cell[c] = exact_number(*v);
  // A user counter written null (NaN) is "not measured", except the one the
  // kind is measured by: without it the entry is damaged, not smaller.
  if (const schema::case_kind* k = schema::find_kind(row[kind]))
    if (const std::optional<col> m = column_by_name(k->measure); m && row[*m].empty())
      throw pgmap::error("'" + std::string(k->measure) + "' is missing or not a number (every " +
                         row[kind] + " entry has one)");
  parse_label(string_member(entry, "label", ""), row);
  if (auto t = file.traits.find(row[subject]); t != file.traits.end())
    for (std::size_t i = 0; i < trait_columns.size(); ++i) row[trait_columns[i]] = t->second[i];
  if (row[counters].empty()) row[counters] = file.counters;
  return row;
}

}  // namespace

std::size_t line_of(std::string_view text, std::size_t pos) {
  pos = std::min(pos, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + pos, '\n'));
}

gb_file parse_gb_json(std::string_view raw, const std::string& path, const std::string& binary) {
  const std::string text = pgmap::json_without_nan(std::string(raw));  // lines stay where they were
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    std::size_t cut = what.find("; last read");
    throw pgmap::bad_input(path + ":" + std::to_string(line_of(text, byte)) +
                       ": malformed JSON: " + what.substr(0, cut));
  } catch (const json::exception& e) {  // e.g. a number too large: no position given
    throw pgmap::bad_input(path + ": malformed JSON: " + e.what());
  }
  gb_file out;
  try {
    if (!doc.is_object()) throw pgmap::bad_input("not a Google Benchmark JSON object");
    read_context(doc, out);
  } catch (const pgmap::error& e) {
    throw pgmap::bad_input(path + ":1: " + e.what());
  }
  const json* benchmarks = member(doc, "benchmarks");
  if (!benchmarks || !benchmarks->is_array())
    throw pgmap::bad_input(path + ":1: no 'benchmarks' array");
  entry_locator locate(text);
  for (const json& entry : *benchmarks) {
    std::string name;
    if (entry.is_object()) {
      const json* n = member(entry, "name");
      if (n && n->is_string()) name = n->get<std::string>();
    }
    std::size_t line = locate.line(name);
    try {
      if (entry.is_object() && entry.value("run_type", "iteration") != "iteration") continue;
      if (entry.is_object() && entry.value("error_occurred", false)) continue;
      out.rows.push_back(read_entry(entry, out, binary));
    } catch (const std::exception& e) {  // pgmap::error and json::exception alike
      throw pgmap::bad_input(path + ":" + std::to_string(line) + ": " + (name.empty() ? "" : name + ": ") +
                             e.what());
    }
  }
  return out;
}

gb_file read_gb_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw pgmap::bad_input(path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_gb_json(text.str(), path, std::filesystem::path(path).stem().string());
}

}  // namespace pgmap::results
