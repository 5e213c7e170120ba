#include "results/agree.hpp"

#include <cmath>
#include <map>
#include <tuple>

#include "common/error.hpp"
#include "results/numbers.hpp"
#include "results/summary.hpp"
#include "results/verdict.hpp"

namespace pgmap::results {
namespace {

using row_key =
    std::tuple<std::string, unsigned, unsigned, std::string, std::string, unsigned, unsigned, std::uint64_t>;

row_key key_of(const breakeven& b) {
  return {b.tracker, b.threads, b.sockets, b.pages, b.memmap, b.sweepers, b.folio_order, b.size};
}

bool overlap(const interval& x, const interval& y) { return x.lo <= y.hi && y.lo <= x.hi; }

// "" when the rows agree, else why not; nullopt when they cannot be compared.
std::optional<std::string> disagreement(const breakeven& a, const breakeven& b) {
  if (!a.overhead || !b.overhead) return std::nullopt;
  const bool opposite = (a.cls == verdict_class::never && (b.cls == verdict_class::wins || b.cls == verdict_class::always)) ||
                        (b.cls == verdict_class::never && (a.cls == verdict_class::wins || a.cls == verdict_class::always));
  if (opposite) return "one run resolves the tracker as cheaper, the other as dearer";
  const bool o_overlap = a.overhead_ci && b.overhead_ci && overlap(*a.overhead_ci, *b.overhead_ci);
  const double within = a.resolution.value_or(0) + b.resolution.value_or(0);
  if (!o_overlap && std::fabs(*a.overhead - *b.overhead) > within)
    return "o_X " + signed_num(*a.overhead) + " against " + signed_num(*b.overhead) +
           " ns: the intervals are apart and the difference exceeds the resolutions (" + num(within) + " ns)";
  if (a.n_star_ci && b.n_star_ci && !overlap(*a.n_star_ci, *b.n_star_ci))
    return "N* intervals apart";
  return "";
}

}  // namespace

agreement agree(const run_data& a, const run_data& b) {
  const std::vector<breakeven> va = breakevens(a), vb = breakevens(b);
  std::map<row_key, const breakeven*> in_b;
  for (const breakeven& x : vb) in_b.emplace(key_of(x), &x);
  std::vector<row_key> headline;
  for (const breakeven* x : headline_rows(va)) headline.push_back(key_of(*x));
  agreement out;
  out.doc = {"pgmap-bench agreement: A = " + a.label + ", B = " + b.label, run_heading({a, b}), {}, {}};
  table t{"Verdict rows, A and B",
          {"tracker", "threads", "pages", "sweepers", "device", "A", "B", "agree"}, {}, {}};
  for (const breakeven& x : va) {
    const auto it = in_b.find(key_of(x));
    if (it == in_b.end()) continue;
    const breakeven& y = *it->second;
    ++out.rows;
    const bool head = std::find(headline.begin(), headline.end(), key_of(x)) != headline.end();
    const std::optional<std::string> why = disagreement(x, y);
    std::string verdict;
    if (!why) {
      ++out.not_compared;
      verdict = "not compared (o_X missing)";
    } else if (why->empty()) {
      verdict = "yes";
    } else {
      ++out.disagree;
      out.headline_disagrees = out.headline_disagrees || head;
      verdict = "NO: " + *why;
    }
    t.rows.push_back({x.tracker + folio_order_suffix(x.folio_order) + (head ? " *" : ""), threads_cell(x.threads, x.sockets), x.pages.empty() ? "-" : x.pages,
                      std::to_string(x.sweepers), size_name(x.size), outcome_cell(x, true), outcome_cell(y, true),
                      verdict});
  }
  if (out.rows == 0)
    throw pgmap::nothing_to_do("nothing to check: " + a.path + " and " + b.path + " have no verdict row in common");
  t.notes.push_back("* a row of the verdict's sentence (the headline). A row agrees when its o_X intervals "
                    "overlap, or its o_X differ by no more than the two runs' resolutions together, and, "
                    "where both give N*, their N* intervals overlap; \"never\" against \"wins\" never does.");
  out.summary = std::string(out.headline_disagrees ? "DISAGREE" : out.disagree ? "agree on the headline" : "agree") +
                ": " + std::to_string(out.rows - out.disagree - out.not_compared) + " of " +
                std::to_string(out.rows) + " verdict rows agree, " + std::to_string(out.disagree) + " disagree" +
                (out.headline_disagrees ? " (a headline row among them)" : "") +
                (out.not_compared ? ", " + std::to_string(out.not_compared) + " not compared" : "") + ".";
  t.notes.push_back(out.summary);
  out.doc.tables.push_back(std::move(t));
  return out;
}

}  // namespace pgmap::results
