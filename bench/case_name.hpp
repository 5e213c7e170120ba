// Case names carry their parameters (see bench/OUTPUT.md), so Google
// Benchmark's filter and compare.py, and the results tool, can read them.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace pgmap::bench {

using params = std::vector<std::pair<std::string, std::string>>;

// "KIND/SUBJECT/k1:v1/k2:v2"
std::string case_name(const std::string& kind, const std::string& subject, const params& p);

}  // namespace pgmap::bench
