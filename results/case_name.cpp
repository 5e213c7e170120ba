#include "results/case_name.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "hw/error.hpp"

namespace pgmap::results {
namespace {

struct key_column {
  std::string_view key;
  col column;
  bool numeric;
};

constexpr key_column keys[] = {
    {"pages", pages, false},        {"work", work, false},
    {"memmap", memmap, false},      {"pass", pass, true},
    {"capacity", capacity_gib, true}, {"in_use", in_use_pct, true},
    {"hold_us", hold_us, true},     {"sweepers", sweepers, true},
    {"threads", threads, true}};

// Parameters Google Benchmark itself appends (->Iterations(n) and the like):
// they describe the harness, not the case, and have no column.
constexpr std::string_view harness_keys[] = {"iterations", "repeats", "min_time",
                                             "min_warmup_time"};

bool is_number(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(v);
}

[[noreturn]] void bad(std::string_view name, const std::string& why) {
  throw pgmap::error("case '" + std::string(name) + "': " + why);
}

}  // namespace

void parse_case_name(std::string_view name, tidy_row& row) {
  std::size_t index = 0, start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    std::string_view token = name.substr(start, slash - start);
    start = slash + 1;
    if (index == 0) {
      if (token != "hotpath" && token != "bare" && token != "removal" && token != "limit")
        bad(name, "unknown kind '" + std::string(token) + "' (hotpath, bare, removal, limit)");
      row[kind] = token;
    } else if (index == 1) {
      if (token.empty()) bad(name, "empty subject");
      row[subject] = token;
    } else if (std::size_t colon = token.find(':'); colon != std::string_view::npos) {
      std::string_view key = token.substr(0, colon), value = token.substr(colon + 1);
      if (std::find(std::begin(harness_keys), std::end(harness_keys), key) != std::end(harness_keys)) {
        ++index;
        continue;
      }
      const key_column* known = nullptr;
      for (const key_column& k : keys)
        if (k.key == key) known = &k;
      if (!known) bad(name, "unknown parameter '" + std::string(key) + "'");
      if (value.empty() || (known->numeric && !is_number(value)))
        bad(name, "bad value '" + std::string(value) + "' for '" + std::string(key) + "'");
      row[known->column] = value;
    }
    ++index;
  }
  if (index < 2) bad(name, "expected KIND/SUBJECT/...");
}

}  // namespace pgmap::results
