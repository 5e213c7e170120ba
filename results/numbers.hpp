// Numbers as people read them in reports: a few significant digits, times
// with units, and the "n/a (why)" that replaces a figure not measured.
#pragma once
#include <optional>
#include <string>

namespace pgmap::results {

std::string num(double v);            // 4 significant digits; "5.75e6" from 1e5 on
std::string signed_num(double v);     // with a sign
// The same with fewer digits, where a table must stay narrow.
std::string num_digits(double v, int digits);
std::string signed_num_digits(double v, int digits);
std::string percent(double v);        // 0.123 -> "+12.3 %"
std::string duration(double ns);      // "12.3 ns", "4.5 us", ..., "2.1 years"
std::string count(double v);          // the same as num (one format everywhere)
std::string not_available(const std::string& why);  // "n/a (why)"
std::string plural(const std::string& n, const std::string& word);  // "1 thread", "2 threads"

}  // namespace pgmap::results
