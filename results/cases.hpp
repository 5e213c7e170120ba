// The repetitions of each case, grouped: the unit every statistic works on.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "results/tidy_row.hpp"

namespace pgmap::results {

// One process's values of a column: its rounds' (one without rounds).
struct process_rounds {
  std::string id;          // unique within a run
  bool identified = false; // from a recorded process id (else a stand-in)
  std::vector<double> rounds;
  std::vector<std::string> round_ids;  // each value's round cell ("" without rounds)
};

struct case_samples {
  // Same source, host and parameters: one row per process, or per round of
  // each process when the processes ran several.
  std::vector<const tidy_row*> reps;
  const tidy_row& params() const { return *reps.front(); }
  // The column's value for each process that has it: the median of its
  // rounds' non-empty values (the process is the unit of replication).
  std::vector<double> values(col c) const;
  // Each process's rounds' non-empty values (one value each without rounds),
  // processes without any left out.
  std::vector<std::vector<double>> rounds(col c) const;
  // The same, with each process's id, so cases that shared a process pair up.
  std::vector<process_rounds> by_process(col c) const;
  // How many processes (repetitions) the case has.
  std::size_t processes() const;
  // Processes disturbed in every attempt, used (their last attempt).
  std::size_t disturbed_used = 0;
};

// Groups rows by run (source), host and parameters, in first-seen order.
// Of a repetition the suite ran again, only the undisturbed attempt is kept,
// or, when every attempt was disturbed, the last (counted in the case).
// The rows must outlive the result.
std::vector<case_samples> group_cases(const tidy_rows& rows);

// The figure a case is judged by: ns_per_pair (hotpath, bare), latency_ns
// (removal) or read_gbps (limit).
col primary_metric(const std::string& kind);
// The case name without Google Benchmark's bare words (`manual_time`).
std::string display_name(const tidy_row& row);

// Cases of folios larger than a page (folio_order above 0; empty: 0).
inline bool large_folios(const tidy_row& r) { return !r[folio_order].empty() && r[folio_order] != "0"; }
// A case's folio order (empty: 0, as the kinds that have none).
inline unsigned folio_order_of(const tidy_row& r) {
  return static_cast<unsigned>(r.number(folio_order).value_or(0));
}
// " (folio order 9)" after a case's tracker; nothing at order 0.
std::string folio_order_suffix(const tidy_row& r);
std::string folio_order_suffix(unsigned order);

// The tracker's traits, as its binary published them (empty cells: false).
inline bool is_baseline(const tidy_row& r) { return r[baseline] == "true"; }
inline bool removal_scans_memmap(const tidy_row& r) { return r[removal_scans] == "true"; }
// The alternatives to the sweep: trackers that know their users without
// scanning, i.e. count at every transition (weighed against their sweep_peer).
inline bool counts_transitions(const tidy_row& r) {
  return r[knows_users] == "true" && !removal_scans_memmap(r) && !r[sweep_peer].empty();
}

// `want` when a row of one of `kinds` has it in column c, else the first
// value seen there: the setting reports show when a run has several.
std::string preferred(const tidy_rows& rows, col c, const std::string& want,
                      std::initializer_list<std::string_view> kinds);

// True when the two rows share run, host and every parameter in `same`.
bool same_setting(const tidy_row& a, const tidy_row& b, std::initializer_list<col> same);
// The same for two hot-path cases: threads, pages, work, memmap, folio order
// and sockets (what a tracker is compared with `none` and its sweep at).
bool same_hotpath_setting(const tidy_row& a, const tidy_row& b);
// A case's threads, and the packages a hot-path case's threads span (1 when
// not recorded).
unsigned threads_of(const tidy_row&);
unsigned sockets_of(const tidy_row&);
// "2 threads", "112 threads on 2 sockets": threads as tables and sentences
// name them (the sockets only when more than one).
std::string threads_phrase(unsigned threads, unsigned sockets);
// The same in a table's threads column: "2", "112 on 2 sockets".
std::string threads_cell(unsigned threads, unsigned sockets);

}  // namespace pgmap::results
