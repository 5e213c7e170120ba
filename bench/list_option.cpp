#include "bench/list_option.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "common/case_schema.hpp"
#include "common/error.hpp"
#include "impl/struct_page.hpp"

namespace pgmap::bench {
namespace {

std::string option(std::string_view key) { return schema::option_name(schema::at(key)); }

[[noreturn]] void bad(std::string_view key, std::string_view item, std::string_view want) {
  throw pgmap::error(option(key) + ": '" + std::string(item) + "' is not " + std::string(want));
}

}  // namespace

CLI::Option* add_list_option(CLI::App& app, std::string_view key, std::string& text) {
  CLI::Option* o = app.add_option(option(key), text, schema::option_help(schema::at(key)));
  if (!text.empty()) o->capture_default_str();
  return o;
}

std::vector<std::string> split_list(std::string_view option, std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    if (end == start)
      throw pgmap::error(std::string(option) + ": '" + std::string(text) + "' has an empty item (a stray comma)");
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<unsigned> parse_uint_list(std::string_view key, std::string_view text,
                                      unsigned min) {
  std::vector<unsigned> out;
  for (const std::string& item : split_list(option(key), text)) {
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || p != item.data() + item.size() || v < min)
      bad(key, item, "a whole number from " + std::to_string(min) + " to " +
                         std::to_string(std::numeric_limits<unsigned>::max()));
    out.push_back(v);
  }
  if (out.empty()) bad(key, text, "a comma-separated list");
  return out;
}

std::vector<double> parse_double_list(std::string_view key, std::string_view text) {
  std::vector<double> out;
  for (const std::string& item : split_list(option(key), text)) {
    double v = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || end != item.data() + item.size() || !std::isfinite(v) || v < 0)
      bad(key, item, "a number >= 0");
    out.push_back(v);
  }
  if (out.empty()) bad(key, text, "a comma-separated list");
  return out;
}

std::vector<unsigned> parse_thread_list(std::string_view key, std::string_view text,
                                        unsigned max) {
  std::vector<unsigned> out;
  if (text.empty()) {
    for (unsigned i = 1; i <= max; ++i) out.push_back(i);
    return out;
  }
  out = parse_uint_list(key, text, 1);
  for (unsigned v : out)
    if (v > max)
      throw pgmap::error(option(key) + ": " + std::to_string(v) +
                         " threads asked, the machine has " + std::to_string(max) +
                         " processing units");
  return out;
}

std::vector<unsigned> parse_folio_orders(std::string_view text, unsigned max) {
  std::string known;
  for (unsigned o : folio_orders)
    if (o <= max) known += (known.empty() ? "" : " or ") + std::to_string(o);
  std::vector<unsigned> out;
  for (unsigned v : parse_uint_list("folio_order", text)) {
    if (v > max || std::find(std::begin(folio_orders), std::end(folio_orders), v) == std::end(folio_orders))
      bad("folio_order", std::to_string(v), known);
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);  // each case once
  }
  return out;
}

}  // namespace pgmap::bench
