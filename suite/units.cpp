#include "suite/units.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "common/case_schema.hpp"
#include "common/seed_mix.hpp"

namespace pgmap::suite {
namespace {

// Cases sharing the values of the plan's group_by parameters share a unit.
std::string group_key(const binary_plan& p, const std::string& name) {
  const schema::parsed_name parsed = schema::parse_case_name(name);
  std::string key = parsed.kind == "bare" ? "bare" : "";
  for (const std::string& g : p.group_by)
    for (const auto& [param, value] : parsed.values)
      if (param->key == g) key += "/" + g + ":" + value;
  return key;
}

}  // namespace

std::vector<run_unit> plan_units(const std::vector<listed_cases>& listed, unsigned repetitions,
                                 std::uint64_t seed) {
  std::vector<run_unit> units;
  std::uint64_t group_index = 0;
  for (const listed_cases& l : listed) {
    std::map<std::string, std::vector<std::string>> groups;  // ordered: stable unit seeds
    for (const std::string& c : l.cases) groups[group_key(*l.plan, c)].push_back(c);
    const std::vector<std::string>& all = l.all.empty() ? l.cases : l.all;
    for (const auto& [key, cases] : groups) {
      const auto n = static_cast<unsigned>(cases.size());
      const auto first_row = static_cast<unsigned>(seed_mix(seed ^ seed_mix(~++group_index)) % n);
      for (unsigned r = 0; r < repetitions; ++r) {
        // Repetition r starts at the group's case (first_row + r) mod n: the
        // binary's rotation is that case's index among all it registers.
        const std::string& first = cases[(first_row + r) % n];
        const auto at = static_cast<unsigned>(std::find(all.begin(), all.end(), first) - all.begin());
        units.push_back({l.plan, cases, r, 0, at});
      }
    }
  }
  for (std::size_t i = 0; i < units.size(); ++i)
    units[i].process_seed = seed_mix(seed ^ seed_mix(i)) | 1;  // never 0: 0 means "no variation"
  std::mt19937_64 rng(seed);
  std::shuffle(units.begin(), units.end(), rng);
  // Blocks: a drift of the machine over the run then falls on every group alike.
  std::stable_sort(units.begin(), units.end(),
                   [](const run_unit& a, const run_unit& b) { return a.repetition < b.repetition; });
  return units;
}

}  // namespace pgmap::suite
