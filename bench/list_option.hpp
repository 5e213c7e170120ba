// Comma-separated option values ("1,2,4", "none,touch:64"), checked one by
// one so that a bad item is named in the error.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace pgmap::bench {

std::vector<std::string> split_list(std::string_view text);
// Whole numbers >= min; throws pgmap::error naming the option and the item.
std::vector<unsigned> parse_uint_list(std::string_view option, std::string_view text,
                                      unsigned min = 0);
// Decimal numbers >= 0 (percentages).
std::vector<double> parse_double_list(std::string_view option, std::string_view text);
// "1..N" for an empty text, else the list; every value in [1, max].
std::vector<unsigned> parse_thread_list(std::string_view option, std::string_view text,
                                        unsigned max);

}  // namespace pgmap::bench
