// The tidy table as CSV: the header names the columns, one row per case and
// repetition. Written by hand (quoting as RFC 4180), read with libcsv.
#pragma once
#include <string>
#include <string_view>

#include "results/tidy_row.hpp"

namespace pgmap::results {

std::string tidy_csv_text(const tidy_rows& rows);

// `path` names the input in errors ("PATH:LINE: what"); rows get `source`.
// The header may hold the known columns in any order and lack any but the
// required ones (a file from an older version: those cells are empty); the
// text is always written with every column, in `column_names` order.
// Throws pgmap::error on an unknown, repeated or missing required column, a
// row with the wrong number of fields, malformed quoting or a non-number in
// a numeric column.
tidy_rows parse_tidy_csv(std::string_view text, const std::string& path,
                         const std::string& source);
tidy_rows read_tidy_csv(const std::string& path, const std::string& source);

// One CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view s);

}  // namespace pgmap::results
