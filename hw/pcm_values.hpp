// PCM's CSV cells as counter_values' names and units: counts are counts and
// bytes are bytes, whatever scale the tool wrote them in.
#pragma once
#include <cstddef>
#include <map>
#include <string>

#include "hw/pcm_csv.hpp"

namespace pgmap::hw {

// `pcm`: the System columns summed over rows [first_row, end). A counter is
// left out when its column is absent or one of those cells is not a number.
std::map<std::string, double> pcm_core_values(const pcm_table&, std::size_t first_row = 0);

// `pcm-memory`: its cells are rates (MB/s), so bytes need the interval each
// row covers (the one the tool was started with).
std::map<std::string, double> pcm_memory_values(const pcm_table&, double interval_seconds,
                                                std::size_t first_row = 0);

// Why the table gave none of the counters ("" when `values` holds one): a
// requested source that yields nothing is unavailable, never "measured".
std::string pcm_no_values_reason(const pcm_table&, const std::map<std::string, double>& values);

}  // namespace pgmap::hw
