#include "results/compare.hpp"

#include <map>

#include "results/case_stats.hpp"
#include "results/numbers.hpp"
#include "results/stats.hpp"
#include "results/summary.hpp"
#include "results/mann_whitney.hpp"

namespace pgmap::results {
namespace {

std::map<std::string, const case_samples*> by_parameters(const std::vector<case_samples>& cases) {
  std::map<std::string, const case_samples*> out;
  for (const case_samples& c : cases) out.emplace(c.params().case_key(), &c);
  return out;
}

std::string p_cell(const std::vector<double>& a, const std::vector<double>& b) {
  auto u = mann_whitney(a, b);
  if (!u) return not_available("test cannot run: needs " + std::to_string(u_test_min_n) +
                               " repetitions each");
  return num(u->p) + (u->exact ? " (exact)" : " (normal approx.)") +
         (u->p < significance ? " *" : "");
}

void add_metric(table& t, const std::string& name, col m, const std::vector<double>& a,
                const std::vector<double>& b) {
  double ma = median(a), mb = median(b);
  t.rows.push_back({name, std::string(column_names[m]), with_unit(ma, m), with_unit(mb, m),
                    signed_num(mb - ma),
                    ma != 0 ? percent((mb - ma) / ma) : not_available("A is 0"),
                    difference_ci_cell(a, b), p_cell(a, b)});
}

}  // namespace

document compare(const run_data& a, const run_data& b) {
  document doc{"pgmap-bench comparison: A = " + a.path + ", B = " + b.path,
               run_heading({a, b}), {}, {interval_methods_note()}};
  table t{"Changes from A to B",
          {"case", "metric", "A", "B", "change", "change %", "95 % CI", "p (U test)"}, {}, {}};
  std::vector<case_samples> ca = group_cases(a.rows), cb = group_cases(b.rows);
  auto ib = by_parameters(cb);
  std::vector<std::string> only_a, only_b;
  for (const auto& [key, sa] : by_parameters(ca)) {
    auto it = ib.find(key);
    if (it == ib.end()) {
      only_a.push_back(display_name(sa->params()));
      continue;
    }
    for (std::size_t m = first_measure + 1; m <= last_measure; ++m) {
      std::vector<double> va = sa->values(static_cast<col>(m)), vb = it->second->values(static_cast<col>(m));
      if (!va.empty() && !vb.empty())
        add_metric(t, display_name(sa->params()), static_cast<col>(m), va, vb);
    }
    ib.erase(it);
  }
  for (const auto& [key, sb] : ib) only_b.push_back(display_name(sb->params()));
  t.notes.push_back("Cases match on every parameter column except host and commit. "
                    "p: two-sided Mann-Whitney U test over the repetitions (exact when no "
                    "ties and the smaller sample has at most 8, else normal approximation "
                    "with tie and continuity correction); * marks p < 0.05.");
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  if (!only_a.empty()) t.notes.push_back("Only in A: " + list(only_a) + ".");
  if (!only_b.empty()) t.notes.push_back("Only in B: " + list(only_b) + ".");
  doc.tables.push_back(std::move(t));
  return doc;
}

}  // namespace pgmap::results
