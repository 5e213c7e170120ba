// Splits a benchmark case name `KIND/SUBJECT/key:value/.../threads:N`
// (bench/OUTPUT.md) into the tidy table's parameter columns.
#pragma once
#include <string_view>

#include "results/tidy_row.hpp"

namespace pgmap::results {

// Fills kind, subject and every parameter column the name carries, as the
// case schema (common/case_schema.hpp) declares them. Throws pgmap::error
// naming the case on an unknown kind or key, or a value of the wrong type.
void parse_case_name(std::string_view name, tidy_row& row);

}  // namespace pgmap::results
