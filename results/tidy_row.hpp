// One row of the tidy table: one case and repetition of a benchmark run.
// The column list is the tidy CSV's header, in order; an empty cell means
// "does not apply" or "not measured", never zero.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgmap::results {

enum col : std::size_t {
  host, commit, binary, case_name, kind, subject, threads, pages, work, memmap,
  arm, sockets, capacity_gib, in_use_pct, hold_us, sweepers, folio_order, repetition, round, process, attempt, disturbed, iterations,
  real_time_ns, ns_per_pair, pairs_per_s, latency_ns, pages_scanned,
  pages_waited, bytes_read, read_gbps, pages_per_s, grace_ns, release_delay_ns,
  latency_p50_ns, latency_p99_ns, latency_max_ns, ctr_cycles, ctr_instructions, ctr_l2_misses, ctr_l3_misses,
  ctr_mem_read_bytes, ctr_mem_write_bytes, ctr_pmm_read_bytes,
  ctr_pmm_write_bytes, observed_ns, run_delay_ns, invol_cs, steal_ns, others_wait_ns, disturbance_share, counters, pus, nodes, placement, pmem, percpu_path,
  rcu, baseline, knows_users, removal_scans, sweep_peer, column_count
};

inline constexpr std::array<std::string_view, column_count> column_names = {
    "host", "commit", "binary", "case", "kind", "subject", "threads", "pages",
    "work", "memmap", "arm", "sockets", "capacity_gib", "in_use_pct", "hold_us",
    "sweepers", "folio_order", "repetition", "round", "process", "attempt", "disturbed", "iterations", "real_time_ns", "ns_per_pair",
    "pairs_per_s", "latency_ns", "pages_scanned", "pages_waited", "bytes_read",
    "read_gbps", "pages_per_s", "grace_ns", "release_delay_ns",
    "latency_p50_ns", "latency_p99_ns", "latency_max_ns", "ctr_cycles",
    "ctr_instructions", "ctr_l2_misses", "ctr_l3_misses", "ctr_mem_read_bytes",
    "ctr_mem_write_bytes", "ctr_pmm_read_bytes", "ctr_pmm_write_bytes",
    "observed_ns", "run_delay_ns", "invol_cs", "steal_ns", "others_wait_ns", "disturbance_share", "counters", "pus", "nodes", "placement", "pmem", "percpu_path",
    "rcu", "baseline", "knows_users", "removal_scans", "sweep_peer"};

// The parameters that identify a case across runs (host and commit excluded):
// kind, subject and every case-schema parameter (common/case_schema.hpp; a
// test holds the two together).
inline constexpr std::array<col, 13> parameter_columns = {
    kind, subject, threads, pages, work, memmap, arm, sockets, capacity_gib,
    in_use_pct, hold_us, sweepers, folio_order};
// The tracker's traits (impl/registry.hpp), from the binaries' JSON context.
inline constexpr std::array<col, 5> trait_columns = {rcu, baseline, knows_users, removal_scans,
                                                     sweep_peer};

// What every tidy.csv has had since its first version: a header without one
// of these is not a tidy table. Any other column may be missing (an older
// file: empty cells).
inline constexpr std::array<col, 6> required_columns = {host, commit, binary, case_name, kind,
                                                        subject};

// Columns holding measured numbers (user counters and hardware counters).
inline constexpr col first_measure = iterations;
inline constexpr col last_measure = ctr_pmm_write_bytes;
// What could have disturbed the case's threads (bench/OUTPUT.md): the
// conditions of a measurement, not measures of the system under test.
inline constexpr col first_condition = observed_ns;
inline constexpr col last_condition = disturbance_share;
bool is_numeric(col c);

std::optional<col> column_by_name(std::string_view name);

struct tidy_row {
  std::array<std::string, column_count> cell;
  std::string source;  // the run folder or file it came from (not a column)

  const std::string& operator[](col c) const { return cell[c]; }
  std::string& operator[](col c) { return cell[c]; }
  // The cell as a finite number; nullopt when empty (not measured / not
  // applicable) or not a finite number.
  std::optional<double> number(col c) const;
  // Parameter columns joined: equal keys mean the same case.
  std::string case_key() const;
};

using tidy_rows = std::vector<tidy_row>;

}  // namespace pgmap::results

namespace pgmap::results {
// A number as a cell: integers without exponent, others in the shortest form
// that reads back to the same double.
std::string exact_number(double v);
}  // namespace pgmap::results
