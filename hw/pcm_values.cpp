#include "hw/pcm_values.hpp"

#include <initializer_list>
#include <optional>
#include <string_view>

namespace pgmap::hw {
namespace {

struct column_rule {
  std::string_view name;                        // in counter_values::values
  std::initializer_list<std::string_view> metrics;  // System metric names, first present wins
  double scale;                                 // cell * scale = the value in counts or bytes
};

std::optional<double> scaled_sum(const pcm_table& table, const column_rule& rule, std::size_t first_row) {
  std::optional<std::size_t> col;
  for (auto metric : rule.metrics)
    if ((col = table.column("System", metric))) break;
  if (!col || first_row >= table.rows.size()) return std::nullopt;  // no sample is not zero
  double sum = 0;
  for (std::size_t row = first_row; row < table.rows.size(); ++row) {
    const auto cell = table.number(row, *col);
    if (!cell) return std::nullopt;
    sum += *cell * rule.scale;
  }
  return sum;
}

std::map<std::string, double> apply(const pcm_table& table, std::initializer_list<column_rule> rules,
                                    std::size_t first_row) {
  std::map<std::string, double> values;
  for (const auto& rule : rules)
    if (const auto sum = scaled_sum(table, rule, first_row)) values.emplace(rule.name, *sum);
  return values;
}

}  // namespace

std::map<std::string, double> pcm_core_values(const pcm_table& table, std::size_t first_row) {
  // pcm.cpp writes counts in millions (value / 1e6: INST, ACYC, L3MISS,
  // L2MISS, and xPI link traffic in MB) and memory traffic in GB per interval
  // (bytes / 1e9: READ, WRITE, PMM_RD, PMM_WR). L3HIT and L2HIT are hit
  // ratios with two decimals: hits derived from them would be too rough, so
  // l2_hits and l3_hits stay absent. TotalUPIin (TotalQPIin before Skylake)
  // is the data arriving over the cross-socket links.
  constexpr double million = 1e6, giga = 1e9;
  return apply(table,
               {{"instructions", {"INST"}, million},
                {"cycles", {"ACYC"}, million},
                {"l3_misses", {"L3MISS"}, million},
                {"l2_misses", {"L2MISS"}, million},
                {"mem_read_bytes", {"READ"}, giga},
                {"mem_write_bytes", {"WRITE"}, giga},
                {"pmm_read_bytes", {"PMM_RD"}, giga},
                {"pmm_write_bytes", {"PMM_WR"}, giga},
                {"upi_bytes", {"TotalUPIin", "TotalQPIin"}, million}},
               first_row);
}

std::map<std::string, double> pcm_memory_values(const pcm_table& table, double interval_seconds,
                                                std::size_t first_row) {
  // pcm-memory.cpp writes MB/s with MB = 1e6 bytes (events * 64 / 1e6 per
  // second). On Optane systems System Read/Write add DRAM and PMM, so DRAM
  // comes from DRAMRead/DRAMWrite when those columns exist.
  const double bytes_per_cell = 1e6 * interval_seconds;
  return apply(table,
               {{"mem_read_bytes", {"DRAMRead", "Read"}, bytes_per_cell},
                {"mem_write_bytes", {"DRAMWrite", "Write"}, bytes_per_cell},
                {"pmm_read_bytes", {"PMMREAD"}, bytes_per_cell},
                {"pmm_write_bytes", {"PMMWrite"}, bytes_per_cell}},
               first_row);
}

std::string pcm_no_values_reason(const pcm_table& table, const std::map<std::string, double>& values) {
  if (!values.empty()) return "";
  for (const std::string& group : table.groups)
    if (group == "System") return "the CSV's System columns hold no number for any counter";
  return "the CSV has no System columns (per-core or per-socket only): no counter read";
}

}  // namespace pgmap::hw
