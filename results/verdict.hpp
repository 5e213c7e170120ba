// The break-even between the sweep (no hot-path cost, a memmap scan per
// removal) and a tracker X (hot-path cost, cheap removal): how rare removals
// must be for the sweep to win. The model is stated in the output.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/case_stats.hpp"
#include "results/document.hpp"
#include "results/run_folder.hpp"
#include "results/stats.hpp"

namespace pgmap::results {

inline constexpr std::uint64_t gib = 1ull << 30;
inline constexpr std::uint64_t device_sizes[] = {gib, 64 * gib, 1024 * gib, 16384 * gib};
// "2 MiB", "64 GiB", "1 TiB": a size as tables name it (whole units).
std::string size_name(std::uint64_t bytes);

// What a row concludes. wins: o_X resolved above 0, N* given; always: o_X
// resolved above 0 and the sweep's removal no slower; never: o_X resolved
// below 0; unresolved: |o_X| within the run's resolution (or its interval
// spans 0), so o_X is only bounded (overhead_bound) and N* only from below
// (n_star_min); unavailable: a figure is missing (why says which).
enum class verdict_class { wins, always, never, unresolved, unavailable };

struct breakeven {
  std::string host, tracker, sweep, memmap, pages;  // sweep: the tracker's sweep peer
  std::string rcu;                   // the tracker's RCU flavour trait
  unsigned threads = 0, sweepers = 0;
  unsigned sockets = 1;              // packages the hot path's threads spanned
  unsigned folio_order = 0;          // of the hot path and the removals weighed (transitions per folio)
  std::uint64_t size = 0;            // device bytes
  std::optional<double> overhead;    // o_X, ns per pair over sweep
  bool overhead_paired = false;      // o_X from per-process differences (else unpaired)
  std::optional<double> r_sweep;     // ns of CPU time: grace + sweepers x scan
  std::optional<double> r_sweep_wall;  // ns of wall time: grace + scan
  std::optional<double> r_x;         // ns
  std::optional<double> n_star;      // transitions per removal, when a number applies
  std::optional<double> interval_ns; // time between removals at full rate
  // Intervals of the above, each with its level (nullopt: too few processes or not measured).
  std::optional<interval> overhead_ci, r_sweep_ci, r_x_ci, n_star_ci, interval_ci;
  std::optional<double> resolution;  // ns, from the A/A check at X's setting
  std::size_t processes = 0;         // per A/A arm, that gave the resolution
  verdict_class cls = verdict_class::unavailable;
  std::optional<cost_bound> overhead_bound;  // unresolved: o_X is at most this
  // Unresolved: N* >= (R_sweep_lo - R_X_hi) / the bound, at the one-sided
  // level of its three parts jointly (nullopt: no such N follows).
  std::optional<double> n_star_min;
  double n_star_min_level = 0;
  std::string why;                   // unavailable: what is missing
  // R_sweep not measured at this size: "extrapolated from 16-256 GiB" (or
  // "interpolated"), and the fitted line; empty when measured.
  std::string fitted, fit;
  std::string sweep_why;             // why there is no R_sweep
};

// A row's conclusion as a table cell: N* [interval; level], "never",
// "always", ">= N (level)" or "no N follows", "n/a (why)"; `brief` leaves
// out the reasons (the report's table), else they follow in parentheses.
std::string outcome_cell(const breakeven& b, bool brief);

// Rows of the trackers on the running kernel's RCU flavour come first.
std::vector<breakeven> breakevens(const run_data& run);

// "memb, CONFIG_PREEMPT_RCU=y" ("pcount, CONFIG_PREEMPT_RCU=n,
// CONFIG_PREEMPT_COUNT=y"), or "unavailable: <why>" from the record.
std::string kernel_flavour_line(const nlohmann::json& machine);
// "memb"/"pcount"/"qsbr", or "" when the record does not say.
std::string kernel_flavour(const nlohmann::json& machine);
// True when a tracker of RCU flavour `rcu` is one of the kernel's: of its
// flavour, or needing none (every one when the record names no flavour).
bool of_kernel(const nlohmann::json& machine, const std::string& rcu);

struct verdict_result {
  document doc;    // verdict.md: each folio order at its cheapest sweeper count
  document every;  // verdict.csv: every setting
  std::vector<std::string> sentences;  // one per host
  std::vector<std::string> brief_sentences;  // the same without the time between removals
};

verdict_result verdict(const std::vector<run_data>& runs);

// The sweeper count whose R_sweep (CPU time) at 1 TiB is lowest among the
// rows of one folio order, fewer on a tie; the fewest measured when no
// R_sweep is known. What the verdict's sentence, the report's verdict table
// and the break-even plot show.
unsigned cheapest_sweepers(const std::vector<breakeven>& all, unsigned order = 0);

// The rows a verdict sentence speaks of, at one folio order (the headline: 0):
// the most threads, the cheapest sweeper count, 1 TiB, private pages and a
// DRAM memmap where the run has them.
std::vector<const breakeven*> headline_rows(const std::vector<breakeven>& all, unsigned order = 0);

// The same, short, for the report.
inline constexpr const char* currency_brief = "In CPU time: k sweepers cost k scans.";

// The line under every verdict: which currency N* is in.
inline constexpr const char* currency_line =
    "Currency: CPU time. o_X is CPU time per transition pair (each pair runs on one thread); "
    "R_sweep charges k sweepers k x the scan's wall time, plus the grace period once, as R_X "
    "(X's removal runs on one thread).";

}  // namespace pgmap::results
