// Splits a benchmark case name `KIND/SUBJECT/key:value/.../threads:N`
// (bench/OUTPUT.md) into the tidy table's parameter columns.
#pragma once
#include <string_view>

#include "results/tidy_row.hpp"

namespace pgmap::results {

// Fills kind, subject and every parameter column the name carries. Tokens
// without a colon after the first two (Google Benchmark's `manual_time`,
// `real_time`) are ignored. Throws pgmap::error naming the case on an
// unknown kind or key, or a non-numeric value where a number is due.
void parse_case_name(std::string_view name, tidy_row& row);

}  // namespace pgmap::results
