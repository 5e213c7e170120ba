// Reading the CSV files that Intel PCM tools (`pcm`, `pcm-memory`) write with
// -csv=FILE: two header rows (group, metric) then one row per interval.
// Parsing only; pcm_values.hpp turns cells into counters.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgmap::hw {

struct pcm_table {
  std::string path;
  char separator = ',';
  // groups[i], metrics[i] name column i; a group named only on its first
  // column (older PCM) is carried over the empty cells that follow it.
  std::vector<std::string> groups, metrics;
  std::vector<std::vector<std::string>> rows;  // cells as written, one per column

  // The first column with that group and metric (compared without padding);
  // columns depend on CPU and flags, so never index by position.
  std::optional<std::size_t> column(std::string_view group, std::string_view metric) const;
  std::optional<double> number(std::size_t row, std::size_t column) const;
};

// The cell as a number ("  156.72", "4.30 ", " 12%" -> 12), or nullopt for
// the cells PCM writes when it has none ("N/A", "", "-").
std::optional<double> pcm_number(std::string_view cell);

// Separator detected from the header (',' since PCM 202003, ';' before);
// trailing separators and CRLF accepted. Throws pgmap::error "FILE:LINE: what"
// for an unreadable file, fewer than two header rows or a ragged row.
pcm_table parse_pcm_csv(const std::string& path);

}  // namespace pgmap::hw
