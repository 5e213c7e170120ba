// What the report writes for a run of the full profile on a 2-socket,
// 112-PU host, over every registered tracker: a synthetic run shaped as
// pgmap-suite plans it there (thread and sweeper counts 1, 2, 4, ..., 56,
// 112; threads on one socket up to 56 and across both from 2; both
// sharings; the other work kinds at 1 and 112 threads; removals
// from 1 GiB to 16 TiB, 4 KiB pages and 2 MiB folios), made from run-gamma's
// rows. The post must stay mail-sized, verdict.md and the plots readable.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "impl/registry.hpp"
#include "results/figures.hpp"
#include "results/numbers.hpp"
#include "results/post.hpp"
#include "results/report_checks.hpp"
#include "results/summary.hpp"
#include "results/test_support.hpp"
#include "results/verdict.hpp"

namespace pgmap::results {
namespace {

const std::vector<unsigned> counts_112 = {1, 2, 4, 8, 16, 32, 56, 112};
// The sockets of a thread count: one while a package (56 PUs) holds them,
// both from 2 threads on.
std::vector<unsigned> sockets_at(unsigned n) {
  std::vector<unsigned> s;
  if (n <= 56) s.push_back(1);
  if (n >= 2) s.push_back(2);
  return s;
}
// Hot-path settings per sharing: every {threads, sockets}.
std::size_t hot_settings() {
  std::size_t n = 0;
  for (unsigned t : counts_112) n += sockets_at(t).size();
  return n;
}

// KIND/SUBJECT/key:value/.../threads:N from the row's parameter columns.
void name_case(tidy_row& r) {
  std::string name = r[kind] + "/" + r[subject];
  for (col c : parameter_columns)
    if (c != kind && c != subject && c != threads && !r[c].empty())
      name += "/" + std::string(column_names[c]) + ":" + r[c];
  r[case_name] = name + "/threads:" + r[threads];
}

void set_traits(tidy_row& r, const tracker_traits& t) {
  r[subject] = std::string(t.name);
  r[rcu] = std::string(t.rcu);
  r[baseline] = t.baseline ? "true" : "false";
  r[knows_users] = t.knows_users ? "true" : "false";
  r[removal_scans] = t.removal_scans ? "true" : "false";
  r[sweep_peer] = std::string(t.sweep_peer);
}

// ns per pair over none: a few ns for the percpu_refs, less for the sweep's
// check, the shared atomic growing with the threads that share its line.
double cost(const tracker_traits& t, unsigned n) {
  if (t.baseline || t.name == "bulk") return 0;
  if (t.removal_scans) return 0.8;
  if (t.name == "atomic") return 10.0 * n;
  return 1.5 + 0.1 * std::log2(n);
}

// A full run at 2 x 56 PUs: every size to 16 TiB at every sweeper count;
// as_planned: what pgmap-suite --profile full plans there with 1 TiB of
// memory (sizes to 4 TiB, from 1 TiB on the sweeps and the plain reads at
// 1 and 112 only).
run_data full_profile_at_112_pus(bool as_planned = false) {
  const std::vector<unsigned> sizes = as_planned ? std::vector<unsigned>{1, 16, 64, 256, 1024, 4096}
                                                 : std::vector<unsigned>{1, 16, 64, 256, 1024, 4096, 16384};
  const auto measured = [&](unsigned gib, unsigned n) { return !as_planned || gib <= 256 || n == 1 || n == 112; };
  const run_data gamma = load_run(testing::testdata("run-gamma"));
  run_data run{gamma.path, "run-112", gamma.machine, {}, {}};
  run.machine["pus"] = 112;
  run.machine["packages"] = 2;
  run.machine["numa_nodes"] = 2;
  auto rows_of = [&](const std::string& k, const std::string& s, const std::string& a = "") {
    tidy_rows out;
    for (const tidy_row& r : gamma.rows)
      if (r[kind] == k && r[subject] == s && r[arm] == a && (k != "removal" || r[capacity_gib] == "4")) out.push_back(r);
    return out;
  };
  const tidy_rows none_arm1 = rows_of("hotpath", "none", "1"), none_arm2 = rows_of("hotpath", "none", "2"),
                  removal_sweep = rows_of("removal", "sweep"), removal_x = rows_of("removal", "atomic");
  // The plain read that bounds the scan, with as many threads as sweepers.
  for (const tidy_row& l : load_run(testing::testdata("run-alpha")).rows)
    if (l[kind] == "limit")
      for (unsigned n : counts_112)
        for (unsigned gib : sizes) {
          if ((!as_planned && gib > 256) || !measured(gib, n)) continue;
          tidy_row r = l;
          r[host] = "gamma";
          r[threads] = std::to_string(n), r[capacity_gib] = std::to_string(gib);
          name_case(r);
          run.rows.push_back(r);
        }
  auto hotpath = [&](const std::string& pg, const std::string& w, const std::string& order, unsigned n,
                     unsigned sk) {
    for (const tracker_traits& t : trackers())
      for (const tidy_rows* arm_rows : {&none_arm1, &none_arm2}) {
        if (arm_rows == &none_arm2 && !t.baseline) continue;
        for (tidy_row r : *arm_rows) {
          set_traits(r, t);
          if (!t.baseline) r[arm].clear();
          r[pages] = pg, r[work] = w, r[folio_order] = order, r[threads] = std::to_string(n);
          r[sockets] = std::to_string(sk);
          const double ns = *r.number(ns_per_pair) + cost(t, n) * sk;
          r[ns_per_pair] = exact_number(ns);
          r[pairs_per_s] = exact_number(1e9 * n / ns);
          name_case(r);
          run.rows.push_back(r);
        }
      }
  };
  for (const char* order : {"0"}) {
    for (unsigned n : counts_112)
      for (unsigned sk : sockets_at(n))
        for (const char* pg : {"private", "shared"}) hotpath(pg, "none", order, n, sk);
    for (const char* w : {"spin:100", "spin:1000", "touch:64", "touch:4096", "lock_page"})
      for (unsigned n : {1u, 112u}) hotpath("private", w, order, n, n > 56 ? 2 : 1);
  }
  // Removals: every tracker and in-use share up to 256 GiB, what the
  // verdict weighs beyond; the sweeps at every sweeper count.
  for (const tracker_traits& t : trackers())
    for (const char* order : {"0"})
      for (unsigned gib : sizes)
        for (const char* in_use : {"0", "0.01", "1"}) {
          const bool weighed = t.removal_scans || !t.sweep_peer.empty();
          if ((gib > 256 && (!weighed || std::string(in_use) != "0")) || t.baseline) continue;
          for (unsigned s : t.removal_scans ? counts_112 : std::vector<unsigned>{1}) {
            if (!measured(gib, s)) continue;
            for (tidy_row r : t.removal_scans ? removal_sweep : removal_x) {
              set_traits(r, t);
              r[capacity_gib] = std::to_string(gib), r[in_use_pct] = in_use, r[folio_order] = order;
              r[sweepers] = std::to_string(s);
              const double ns = *r.number(latency_ns) * (t.removal_scans ? gib / 4.0 / std::sqrt(s) : 1.0);
              r[latency_ns] = r[latency_p50_ns] = r[latency_p99_ns] = r[latency_max_ns] = exact_number(ns);
              name_case(r);
              run.rows.push_back(r);
            }
          }
        }
  return run;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(AtScale, TheReportOfAFullRunAt112PusFitsAMail) {
  const std::string txt = render(post({full_profile_at_112_pus()}), format::txt);
  testing::expect_narrow(txt);
  EXPECT_LE(line_count(txt), post_max_lines) << txt;
  for (const char* part : {"1 thread ", "112 threads on 2 sockets", "Removal, nothing in use, 16 TiB device",
                           "Verdict: On gamma (memb, CONFIG_PREEMPT_RCU=y), 112 threads on 2"})
    EXPECT_NE(txt.find(part), std::string::npos) << part << "\n" << txt;
}

// The same at what the full profile plans with 1 TiB of memory: the report
// speaks of the largest size measured; every sweeper count still has its
// verdict at every size, the middle ones at 1 TiB and beyond extrapolated.
TEST(AtScale, TheFullPlanWithATebibyteReadsTheSame) {
  const run_data run = full_profile_at_112_pus(true);
  const std::string txt = render(post({run}), format::txt);
  testing::expect_narrow(txt);
  EXPECT_LE(line_count(txt), post_max_lines) << txt;
  EXPECT_NE(txt.find("Removal, nothing in use, 4 TiB device"), std::string::npos) << txt;
  const verdict_result v = verdict({run});
  std::size_t weighed = 0;
  for (const tracker_traits& t : trackers()) weighed += !t.sweep_peer.empty();
  EXPECT_EQ(v.doc.tables.at(0).rows.size(), weighed * hot_settings() * 2 * std::size(device_sizes));
  EXPECT_EQ(v.every.tables.at(0).rows.size(), v.doc.tables.at(0).rows.size() * counts_112.size());
  const std::string csv = render(v.every, format::csv);
  EXPECT_NE(csv.find("1 TiB (extrapolated from 16-256 GiB)"), std::string::npos);
  EXPECT_NE(csv.find("16 TiB (extrapolated from 256-4096 GiB)"), std::string::npos);
  const figure_set set = build_figures({run});
  for (const auto& [name, f] : set.figures) EXPECT_LE(f.lines.size(), trackers().size() + 1) << name;
}

// verdict.md: a row per tracker, thread count and sockets, sharing and device size, at
// the sweeper count that costs least CPU time (1 of 8 counts here);
// verdict.csv has every count.
TEST(AtScale, VerdictMdShowsTheCheapestSweeperCountAndTheCsvEveryOne) {
  const verdict_result v = verdict({full_profile_at_112_pus()});
  std::size_t weighed = 0;
  for (const tracker_traits& t : trackers()) weighed += !t.sweep_peer.empty();
  const table& md = v.doc.tables.at(0);
  const table& csv = v.every.tables.at(0);
  EXPECT_EQ(md.rows.size(), weighed * hot_settings() * 2 * std::size(device_sizes));
  EXPECT_EQ(csv.rows.size(), md.rows.size() * counts_112.size());
  for (const auto& row : md.rows) EXPECT_EQ(row[5], "1") << row[0];  // one sweeper: the least CPU time here
  // The sweep's scaling by size the same way: each sweep's sizes once.
  EXPECT_EQ(v.doc.tables.at(1).rows.size() * counts_112.size(), v.every.tables.at(1).rows.size());
  const std::string text = render(v.doc, format::md);
  EXPECT_NE(text.find("every count measured is in verdict.csv"), std::string::npos);
  EXPECT_LE(line_count(text), md.rows.size() + v.doc.tables.at(1).rows.size() + 60);
}

// Every figure's legend fits: no longer than the registry (a line per
// tracker, and the ideal or limit line), whatever the PU count; the
// removal's sweeps at the fewest and the most sweepers; the break-even's
// the kernel's trackers at the fewest and the most threads.
TEST(AtScale, EveryLegendFitsAt112Pus) {
  const figure_set set = build_figures({full_profile_at_112_pus()});
  for (const auto& [name, f] : set.figures) {
    EXPECT_LE(f.lines.size(), trackers().size() + 1) << name;
    // One package and two are figures of their own: 1-56 threads, 2-112.
    if (name == "ns_per_pair") {
      EXPECT_EQ(f.xtics_labels, (std::vector<std::string>{"1", "2", "4", "8", "16", "32", "56"}));
    }
    if (name == "ns_per_pair_sockets2") {
      EXPECT_EQ(f.xtics_labels, (std::vector<std::string>{"2", "4", "8", "16", "32", "56", "112"}));
    }
    if (name == "breakeven") {
      EXPECT_LE(f.lines.size(), 6u);
    }
    if (name != "removal_latency") continue;
    for (const plots::series& s : f.lines) {
      if (s.name.find("sweeper") != std::string::npos) {
        EXPECT_TRUE(s.name.ends_with("(1 sweeper)") || s.name.ends_with("(112 sweepers)")) << s.name;
      }
    }
  }
}

}  // namespace
}  // namespace pgmap::results
