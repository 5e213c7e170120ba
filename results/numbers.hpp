// Numbers as people read them in reports: a few significant digits, times
// with units, and the "n/a (why)" that replaces a figure not measured.
#pragma once
#include <optional>
#include <string>

namespace pgmap::results {

std::string num(double v);            // 4 significant digits, no exponent below 1e7
std::string signed_num(double v);     // with a sign
std::string percent(double v);        // 0.123 -> "+12.3 %"
std::string duration(double ns);      // "12.3 ns", "4.5 us", ..., "2.1 years"
std::string count(double v);          // "3.45e9" style for large counts
std::string not_available(const std::string& why);  // "n/a (why)"

}  // namespace pgmap::results
