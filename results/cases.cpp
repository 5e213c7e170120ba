#include "results/cases.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "results/numbers.hpp"
#include "results/stats.hpp"

namespace pgmap::results {

namespace {

// The process a row belongs to: its process id; without one (older data),
// its repetition when it is one of several rounds, else a process of its own.
std::string process_of(const tidy_row& r, std::size_t index) {
  if (!r[process].empty()) return "process " + r[process];
  return r[round].empty() ? "row " + std::to_string(index) : "rep " + r[repetition];
}

}  // namespace

std::vector<process_rounds> case_samples::by_process(col c) const {
  std::map<std::string, std::size_t> index;
  std::vector<process_rounds> out;  // processes, as first seen
  for (std::size_t i = 0; i < reps.size(); ++i) {
    std::string id = process_of(*reps[i], i);
    auto [it, fresh] = index.try_emplace(id, out.size());
    if (fresh) out.push_back({id, !reps[i]->cell[process].empty(), {}, {}});
    if (auto v = reps[i]->number(c)) {
      out[it->second].rounds.push_back(*v);
      out[it->second].round_ids.push_back(reps[i]->cell[round]);
    }
  }
  std::erase_if(out, [](const process_rounds& p) { return p.rounds.empty(); });
  return out;
}

std::vector<std::vector<double>> case_samples::rounds(col c) const {
  std::vector<std::vector<double>> out;
  for (process_rounds& p : by_process(c)) out.push_back(std::move(p.rounds));
  return out;
}

std::vector<double> case_samples::values(col c) const {
  std::vector<double> out;
  for (const std::vector<double>& r : rounds(c)) out.push_back(median(r));
  return out;
}

std::size_t case_samples::processes() const {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < reps.size(); ++i) seen.insert(process_of(*reps[i], i));
  return seen.size();
}

namespace {

// One attempt per repetition: the undisturbed one, else the last.
void keep_one_attempt(case_samples& c) {
  struct seen {
    bool clean = false;
    double last = 0;
  };
  std::map<std::string, seen> reps;
  for (const tidy_row* r : c.reps) {
    seen& s = reps[r->cell[repetition]];
    s.clean = s.clean || r->cell[disturbed] != "true";
    s.last = std::max(s.last, r->number(attempt).value_or(0));
  }
  std::erase_if(c.reps, [&](const tidy_row* r) {
    const seen& s = reps[r->cell[repetition]];
    return s.clean ? r->cell[disturbed] == "true" : r->number(attempt).value_or(0) != s.last;
  });
  for (const auto& [rep, s] : reps) c.disturbed_used += !s.clean;
}

}  // namespace

std::vector<case_samples> group_cases(const tidy_rows& rows) {
  std::vector<case_samples> cases;
  std::map<std::string, std::size_t> index;
  for (const tidy_row& r : rows) {
    std::string key = r.source + '\x1e' + r[host] + '\x1e' + r.case_key();
    auto [it, fresh] = index.emplace(key, cases.size());
    if (fresh) cases.emplace_back();
    cases[it->second].reps.push_back(&r);
  }
  for (case_samples& c : cases) keep_one_attempt(c);
  return cases;
}

std::string preferred(const tidy_rows& rows, col c, const std::string& want,
                      std::initializer_list<std::string_view> kinds) {
  std::string first;
  for (const tidy_row& r : rows) {
    if (std::find(kinds.begin(), kinds.end(), r[kind]) == kinds.end()) continue;
    if (r[c] == want) return want;
    if (first.empty()) first = r[c];
  }
  return first;
}

col primary_metric(const std::string& k) {
  if (k == "removal") return latency_ns;
  if (k == "limit") return read_gbps;
  return ns_per_pair;
}

std::string display_name(const tidy_row& row) {
  const std::string& name = row[case_name];
  std::string out;
  std::size_t start = 0, index = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    if (slash == std::string::npos) slash = name.size();
    std::string token = name.substr(start, slash - start);
    if (index < 2 || token.find(':') != std::string::npos) out += (out.empty() ? "" : "/") + token;
    start = slash + 1;
    ++index;
  }
  return out;
}

bool same_setting(const tidy_row& a, const tidy_row& b, std::initializer_list<col> same) {
  if (a.source != b.source || a[host] != b[host]) return false;
  for (col c : same)
    if (a[c] != b[c]) return false;
  return true;
}

bool same_hotpath_setting(const tidy_row& a, const tidy_row& b) {
  return same_setting(a, b, {threads, pages, work, memmap, folio_order, sockets});
}

unsigned threads_of(const tidy_row& r) { return static_cast<unsigned>(r.number(threads).value_or(1)); }
unsigned sockets_of(const tidy_row& r) { return static_cast<unsigned>(r.number(sockets).value_or(1)); }

namespace {
std::string on_sockets(unsigned s) { return s > 1 ? " on " + std::to_string(s) + " sockets" : ""; }
}  // namespace

std::string threads_phrase(unsigned n, unsigned s) { return plural(std::to_string(n), "thread") + on_sockets(s); }

std::string threads_cell(unsigned n, unsigned s) { return std::to_string(n) + on_sockets(s); }

std::string folio_order_suffix(unsigned order) {
  return order ? " (folio order " + std::to_string(order) + ")" : "";
}

std::string folio_order_suffix(const tidy_row& r) {
  return folio_order_suffix(folio_order_of(r));
}

}  // namespace pgmap::results
