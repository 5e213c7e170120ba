#include "results/figures.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

const plots::figure& named(const figure_set& set, const std::string& name) {
  for (const auto& [n, f] : set.figures)
    if (n == name) return f;
  throw std::runtime_error("no figure " + name);
}

const plots::series& line(const plots::figure& f, const std::string& name) {
  for (const plots::series& s : f.lines)
    if (s.name == name) return s;
  throw std::runtime_error("no series " + name + " in " + f.title);
}

figure_set alpha() { return build_figures({load_run(testing::testdata("run-alpha"))}); }

TEST(Figures, NsPerPairPerTrackerWithSubtitle) {
  figure_set set = alpha();
  const plots::figure& f = named(set, "ns_per_pair");
  EXPECT_EQ(f.xlabel, "threads");
  // The subtitle says what is shown; the counters' status is a footnote.
  EXPECT_EQ(f.subtitle, "private pages, work none, memmap dram, pmem emulated");
  EXPECT_EQ(f.footnote, "counters unavailable: perf_event_open: no hardware counters in this VM");
  const plots::series& none = line(f, "none");
  ASSERT_EQ(none.points.size(), 2u);  // 1 and 2 threads, pass 1 only
  EXPECT_EQ(f.xtics_labels, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(none.points[0].x, 0);  // the first tic: 1 thread
  EXPECT_EQ(none.points[1].y, 21);
  EXPECT_FALSE(none.points[1].lo);  // 3 repetitions: no interval, no bar
  EXPECT_EQ(line(f, "percpu_ref-qsbr").points.at(0).y, 25);
}

// A fixture run as if on 2 x 56 PUs: its 2-thread hot-path cases also at
// the counts a person chooses there (4, 8, ..., 56, 112).
run_data on_112_pus(const std::string& fixture) {
  run_data run = load_run(testing::testdata(fixture));
  tidy_rows more;
  for (const char* t : {"4", "8", "16", "32", "56", "112"})
    for (tidy_row r : run.rows)
      if (r[kind] == "hotpath" && r[threads] == "2") {
        r[threads] = t;
        r[case_name] = r[case_name].substr(0, r[case_name].rfind("threads:")) + "threads:" + t;
        more.push_back(r);
      }
  run.rows.insert(run.rows.end(), more.begin(), more.end());
  return run;
}

// ... whose break-even figure keeps a legend that fits: the kernel's
// trackers (memb here) at the fewest and the most threads (run-gamma's hot
// path starts at 2).
TEST(Figures, TheBreakEvenLegendFitsAt112Pus) {
  const figure_set set = build_figures({on_112_pus("run-gamma")});
  const plots::figure& be = named(set, "breakeven");
  EXPECT_LE(be.lines.size(), 6u);
  EXPECT_GE(be.lines.size(), 2u);
  for (const plots::series& s : be.lines) {
    EXPECT_TRUE(s.name.ends_with(", 2 threads") || s.name.ends_with(", 112 threads")) << s.name;  // gamma's fewest: 2
    EXPECT_EQ(s.name.find("qsbr"), std::string::npos) << s.name;
  }
  run_data qsbr = on_112_pus("run-gamma");  // on a kernel without PREEMPT_RCU: no memb line
  qsbr.machine["kernel_rcu"]["model_flavour"] = "qsbr";
  auto memb_lines = [](const run_data& run) {
    std::size_t n = 0;
    for (const auto& [name, f] : build_figures({run}).figures)
      for (const plots::series& s : f.lines) n += name == "breakeven" && s.name.find("memb") != std::string::npos;
    return n;
  };
  EXPECT_EQ(memb_lines(qsbr), 0u);
  qsbr.machine.erase("kernel_rcu");  // a record that names no flavour: every tracker
  EXPECT_GT(memb_lines(qsbr), 0u);
}

// On 2 x 56 PUs the thread counts a person chooses (1, 2, 4, ..., 56, 112)
// are the axis' tics, evenly spaced, in every figure over threads.
TEST(Figures, TheThreadAxisIsTheCountsMeasured) {
  const figure_set set = build_figures({on_112_pus("run-alpha")});
  const std::vector<std::string> counts{"1", "2", "4", "8", "16", "32", "56", "112"};
  for (const char* name : {"ns_per_pair", "pairs_per_s", "overhead_none"}) {
    const plots::figure& f = named(set, name);
    // The counts with a value there, in order (run-alpha has no paired
    // overhead at 1 thread).
    std::vector<std::string> with_values;
    for (const std::string& c : counts)
      if (std::find(f.xtics_labels.begin(), f.xtics_labels.end(), c) != f.xtics_labels.end()) with_values.push_back(c);
    EXPECT_EQ(f.xtics_labels, with_values) << name;
    EXPECT_GE(f.xtics_labels.size(), 7u) << name;
    for (const plots::series& s : f.lines)
      for (const plots::point& p : s.points) EXPECT_EQ(p.x, std::floor(p.x)) << name << ": " << s.name;
  }
  EXPECT_EQ(line(named(set, "ns_per_pair"), "none").points.back().x, 7);  // 112 threads, the eighth tic
}

// Each folio order its own figures: order 0 keeps its names, order 9's say
// the order, and no series mixes a page's transitions with a folio's.
TEST(Figures, EachFolioOrderItsOwnFigures) {
  const run_data small = load_run(testing::testdata("run-gamma"));
  const figure_set one = build_figures({small});
  const figure_set both = build_figures({testing::with_folio_order_copies(small, "9")});
  ASSERT_EQ(both.figures.size(), 2 * one.figures.size());
  for (const auto& [name, f] : one.figures) {
    const plots::figure& at0 = named(both, name);
    const plots::figure& at9 = named(both, name + "_order9");
    EXPECT_EQ(at0.title, f.title);
    EXPECT_EQ(at9.title, f.title + " (folio order 9)");
    ASSERT_EQ(at9.lines.size(), f.lines.size()) << name;
    for (std::size_t i = 0; i < f.lines.size(); ++i)
      EXPECT_EQ(at9.lines[i].points.size(), f.lines[i].points.size()) << name << ": " << f.lines[i].name;
  }
}

TEST(Figures, IdealScalingIsDashed) {
  figure_set set = alpha();
  const plots::series& ideal = line(named(set, "pairs_per_s"), "ideal linear (none x threads)");
  EXPECT_TRUE(ideal.dashed);
  ASSERT_EQ(ideal.points.size(), 2u);
  EXPECT_EQ(ideal.points[1].y, 1.2e8);  // 2 x 6e7
}

TEST(Figures, OverheadRemovalAndBreakEven) {
  figure_set set = alpha();
  // Per work kind, in ns over none.
  EXPECT_NEAR(line(named(set, "overhead_none"), "percpu_ref-qsbr").points.at(0).y, 4.0, 1e-9);
  // The difference the tables give, with its interval as the error bar
  // (run-gamma: percpu_ref-memb +4 [3.25, 4.75]).
  const plots::figure over = named(build_figures({load_run(testing::testdata("run-gamma"))}), "overhead_none");
  const plots::point& memb = line(over, "percpu_ref-memb").points.at(0);
  EXPECT_DOUBLE_EQ(memb.y, 4);
  EXPECT_DOUBLE_EQ(*memb.lo, 3.25);
  EXPECT_DOUBLE_EQ(*memb.hi, 4.75);
  EXPECT_NE(over.ylabel.find("% CI"), std::string::npos) << over.ylabel;
  const plots::figure& rem = named(set, "removal_latency");
  EXPECT_TRUE(rem.logx && rem.logy);
  EXPECT_EQ(rem.ylabel, "latency (ms)");
  const plots::series& limit = line(rem, "limit: memmap bytes / read bandwidth (1 thread)");
  EXPECT_TRUE(limit.dashed);
  EXPECT_DOUBLE_EQ(limit.points.at(0).y, 4.0 * 16777216 / 5 / 1e6);  // 4 GiB of struct pages at 5 GB/s, in ms
  // Break-evens need resolved overheads: run-gamma has six processes per case.
  figure_set gamma = build_figures({load_run(testing::testdata("run-gamma"))});
  const plots::series& be = line(named(gamma, "breakeven"), "percpu_ref-memb, 2 threads");  // the most threads
  ASSERT_EQ(be.points.size(), 4u);
  EXPECT_EQ(be.points[0].x, 1);
  EXPECT_EQ(be.points[0].y, 1036576);  // (2000 + 16777216 / 4 - 50000) / 4
  EXPECT_TRUE(be.points[3].extrapolated);  // 16 TiB: beyond every measured capacity
}

TEST(Figures, UnavailableCountersAreNotPlotted) {
  figure_set set = alpha();
  for (const auto& [n, f] : set.figures) EXPECT_NE(n, "counters");
  ASSERT_FALSE(set.skipped.empty());
  EXPECT_EQ(set.skipped.back(),
            "counters: no counter measured (run-alpha: unavailable: perf_event_open: no hardware "
            "counters in this VM)");
}

TEST(Figures, TwoHostsShareFigures) {
  figure_set set = build_figures({load_run(testing::testdata("run-alpha")), load_run(testing::testdata("run-beta"))});
  const plots::figure& f = named(set, "ns_per_pair");
  EXPECT_EQ(line(f, "run-beta: percpu_ref-qsbr").points.at(0).y, 37.5);
  EXPECT_NE(f.subtitle.find("run-alpha: private pages"), std::string::npos) << f.subtitle;
  EXPECT_NE(f.subtitle.find(" | run-beta: "), std::string::npos) << f.subtitle;
}

// Two runs of one host (an A/B of two kernels) are two series, never one.
TEST(Figures, TwoRunsOfOneHostAreTwoSeries) {
  testing::scratch s("figures-ab");
  std::string a = s.copy_run("run-alpha");
  std::string b = (s.dir / "alpha-b").string();
  std::filesystem::copy(testing::testdata("run-alpha"), b);
  figure_set set = build_figures(load_runs({a, b}));
  const plots::figure& f = named(set, "ns_per_pair");
  EXPECT_EQ(line(f, "run-alpha: none").points.size(), 2u);
  EXPECT_EQ(line(f, "alpha-b: none").points.size(), 2u);
}

}  // namespace
}  // namespace pgmap::results
