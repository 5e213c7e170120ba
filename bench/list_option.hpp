// Comma-separated option values ("1,2,4", "none,touch:64"), checked one by
// one so that a bad item is named in the error. A list option is one case
// parameter: its name and help come from the case schema (common/).
#pragma once
#include "common/cli_fwd.hpp"
#include <string>
#include <string_view>
#include <vector>

namespace pgmap::bench {

// Declares the option of case parameter `key` (--key, '_' as '-') with the
// schema's help; `text` keeps its default.
CLI::Option* add_list_option(CLI::App& app, std::string_view key, std::string& text);

// The items of "a,b,c"; an empty item (",", "a,,b", "a,") is refused,
// naming the option: a stray comma is a typo, not a shorter list.
std::vector<std::string> split_list(std::string_view option, std::string_view text);
// Whole numbers >= min; throws pgmap::error naming the option and the item.
std::vector<unsigned> parse_uint_list(std::string_view key, std::string_view text,
                                      unsigned min = 0);
// Decimal numbers >= 0 (percentages).
std::vector<double> parse_double_list(std::string_view key, std::string_view text);
// The hot path's largest folio order: its pool of 4096 folios at order 18
// would take 64 GiB of struct pages.
inline constexpr unsigned hotpath_max_folio_order = 9;

// Folio orders, each one the benchmarks are built for (impl's folio_orders)
// and at most `max`, each once.
std::vector<unsigned> parse_folio_orders(std::string_view text, unsigned max);
// "1..N" for an empty text, else the list; every value in [1, max].
std::vector<unsigned> parse_thread_list(std::string_view key, std::string_view text,
                                        unsigned max);

}  // namespace pgmap::bench
