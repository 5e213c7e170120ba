#include "suite/options.hpp"

#include "common/error.hpp"

namespace pgmap::suite {

void add_suite_options(CLI::App& app, suite_options& o) {
  app.add_option("--profile", o.profile, "quick (minutes, a 2-core VM) | full (a real pmem host)")
      ->capture_default_str();
  bench::add_common_options(app, o.common);
  app.add_option("--filter", o.filter, "only cases whose name matches this regex");
  app.add_option("--repetitions", o.repetitions,
                 "processes per case (default: the profile's, 6 or 10)")
      ->check(CLI::Range(1u, 1000u));
  app.add_option("--seed", o.seed, "replay the case order and layouts of a run (see suite.json)")
      ->check(CLI::PositiveNumber);
}

nlohmann::json to_json(const suite_options& o) {
  nlohmann::json j = bench::to_json(o.common);
  j["profile"] = o.profile;
  j["filter"] = o.filter;
  j["repetitions"] = o.repetitions;
  j["seed"] = o.seed;
  return j;
}

suite_options options_from_json(const nlohmann::json& j) {
  try {
    suite_options o;
    o.common = bench::common_options_from_json(j);
    o.profile = j.at("profile");
    o.filter = j.at("filter");
    o.repetitions = j.at("repetitions");
    o.seed = j.at("seed");
    return o;
  } catch (const nlohmann::json::exception& e) {
    throw pgmap::error(std::string("not the options of a pgmap-suite run (") + e.what() + ")");
  }
}

}  // namespace pgmap::suite
