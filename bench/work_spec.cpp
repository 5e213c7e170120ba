#include "bench/work_spec.hpp"

#include "common/error.hpp"

namespace pgmap::bench {

work_spec parse_work(const std::string& text) {
  if (text == "none") return {text};
  if (text == "touch:64") return {text, 0, 64};
  if (text == "touch:4096") return {text, 0, 4096};
  if (text == "lock_page") return {text};
  if (text.starts_with("spin:")) {
    const std::string ns = text.substr(5);
    if (!ns.empty() && ns.size() < 7 && ns.find_first_not_of("0123456789") == std::string::npos)
      return {text, static_cast<unsigned>(std::stoul(ns))};
  }
  throw pgmap::error("--work: '" + text +
                     "' is not one of none, spin:<ns>, touch:64, touch:4096, lock_page");
}

}  // namespace pgmap::bench
