#include "results/tidy_row.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace pgmap::results {

bool is_numeric(col c) {
  return c == threads || c == arm || c == sockets || c == capacity_gib || c == in_use_pct ||
         c == hold_us || c == sweepers || c == folio_order || c == repetition || c == attempt ||
         (c >= first_measure && c <= last_measure) || (c >= first_condition && c <= last_condition);
}

std::optional<col> column_by_name(std::string_view name) {
  for (std::size_t i = 0; i < column_count; ++i)
    if (column_names[i] == name) return static_cast<col>(i);
  return std::nullopt;
}

std::optional<double> tidy_row::number(col c) const {
  const std::string& s = cell[c];
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string exact_number(double v) {
  char buf[64];
  if (v > -1e15 && v < 1e15 && v == std::trunc(v))
    return std::to_string(static_cast<long long>(v));
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string tidy_row::case_key() const {
  std::string key;
  for (col c : parameter_columns) {
    key += cell[c];
    key += '\x1f';  // unit separator: cannot occur in a parameter value
  }
  return key;
}

}  // namespace pgmap::results
