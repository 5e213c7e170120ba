#include "hw/kernel_config.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>

namespace pgmap::hw {
namespace {

using nlohmann::json;

// The whole file, through zlib: gzread passes a file that is not gzip
// through unchanged, so /boot/config-* and /proc/config.gz read alike.
std::optional<std::string> read_maybe_gzip(const std::string& path, std::string& why) {
  errno = 0;
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) {
    why = path + ": " + (errno ? std::strerror(errno) : "zlib cannot open it");
    return std::nullopt;
  }
  std::string text;
  char buf[1 << 14];
  int n = 0;
  while ((n = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  if (n < 0) {
    int code = 0;
    why = path + ": " + gzerror(f, &code);
    gzclose(f);
    return std::nullopt;
  }
  gzclose(f);
  return text;
}

// CONFIG_ name -> value for "CONFIG_X=value" lines; "# CONFIG_X is not set"
// and absent options are both not set (options without a prompt, such as
// PREEMPT_RCU, are simply absent when off).
std::map<std::string, std::string> set_options(const std::string& text) {
  std::map<std::string, std::string> options;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("CONFIG_")) continue;
    const size_t eq = line.find('=');
    if (eq != std::string::npos) options[line.substr(7, eq - 7)] = line.substr(eq + 1);
  }
  return options;
}

// The Kconfig choice "Preemption Model": exactly one of these is y.
json preemption_model(const std::map<std::string, std::string>& o, const std::string& source) {
  static const std::pair<const char*, const char*> models[] = {
      {"PREEMPT_NONE", "none"}, {"PREEMPT_VOLUNTARY", "voluntary"}, {"PREEMPT", "full"},
      {"PREEMPT_LAZY", "lazy"}, {"PREEMPT_RT", "rt"}};
  std::string tried;
  for (const auto& [option, model] : models) {
    if (const auto it = o.find(option); it != o.end() && it->second == "y") return model;
    tried += (tried.empty() ? "CONFIG_" : ", CONFIG_") + std::string(option);
  }
  return "unavailable: " + source + " sets none of " + tried;
}

std::optional<json> rcu_of(const std::string& text, const std::string& source, std::string& why) {
  const auto o = set_options(text);
  auto is_y = [&](const char* name) {
    const auto it = o.find(name);
    return it != o.end() && it->second == "y";
  };
  // Every kernel selects one RCU implementation: without either line this
  // is no kernel configuration, and "not set" would be a guess.
  if (!is_y("TREE_RCU") && !is_y("TINY_RCU")) {
    why = source + ": neither CONFIG_TREE_RCU nor CONFIG_TINY_RCU is set (not a kernel configuration?)";
    return std::nullopt;
  }
  // PREEMPT_COUNT is selected by every preemptible model and by debug options.
  const bool preempt_rcu = is_y("PREEMPT_RCU"), preempt_count = is_y("PREEMPT_COUNT");
  return json{{"preempt_rcu", preempt_rcu},
              {"preempt_count", preempt_count},
              {"preemption", preemption_model(o, source)},
              {"preempt_dynamic", is_y("PREEMPT_DYNAMIC")},
              {"model_flavour", model_flavour(preempt_rcu, preempt_count)},
              {"source", source}};
}

}  // namespace

std::string model_flavour(bool preempt_rcu, bool preempt_count) {
  // Without preemptible RCU, rcu_read_lock() is preempt_disable(): a count
  // when the kernel keeps one, else nothing at all.
  return preempt_rcu ? "memb" : preempt_count ? "pcount" : "qsbr";
}

std::vector<std::string> kernel_config_paths(const std::string& release) {
  std::vector<std::string> paths;
  if (!release.empty()) paths.push_back("/boot/config-" + release);
  paths.push_back("/proc/config.gz");
  return paths;
}

json kernel_rcu(const std::vector<std::string>& paths) {
  std::string reasons;
  for (const std::string& path : paths) {
    std::string why;
    if (const auto text = read_maybe_gzip(path, why))
      if (auto rcu = rcu_of(*text, path, why)) return *rcu;
    reasons += (reasons.empty() ? "" : "; ") + why;
  }
  return "unavailable: " + (reasons.empty() ? std::string("no kernel configuration file to read") : reasons);
}

}  // namespace pgmap::hw
