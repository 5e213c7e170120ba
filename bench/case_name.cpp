#include "bench/case_name.hpp"

namespace pgmap::bench {

std::string case_name(const std::string& kind, const std::string& subject, const params& p) {
  std::string s = kind + "/" + subject;
  for (const auto& [k, v] : p) s += "/" + k + ":" + v;
  return s;
}

}  // namespace pgmap::bench
