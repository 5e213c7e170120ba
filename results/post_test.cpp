#include "results/post.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "results/numbers.hpp"
#include "results/report_checks.hpp"
#include "results/verdict.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Post, MailSized) {
  std::string txt = render(post({load_run(testing::testdata("run-alpha"))}), format::txt);
  testing::expect_narrow(txt);
  EXPECT_LE(line_count(txt), post_max_lines) << txt;
  EXPECT_EQ(txt.rfind("pgmap-bench report: run-alpha\n", 0), 0u) << txt;
  for (const char* part : {"conditions: memmap ", "Hot path, ns per pair: private pages, work none",
                           "1 thread ", "2 threads", "Removal, nothing in use", "Verdict: On alpha",
                           "Unavailable: counters: unavailable"})
    EXPECT_NE(txt.find(part), std::string::npos) << part << "\n" << txt;
}

// Several runs: the verdict table has a row per run, thread count and
// sockets; one socket's N* never takes the place of two sockets'.
TEST(Post, TheMergedVerdictTableKeepsSocketsApart) {
  run_data across = testing::with_copies(
      load_run(testing::testdata("run-gamma")), [](const tidy_row& r) { return r[kind] == "hotpath"; },
      [](tidy_row& r) {
        r[sockets] = "2";
        r[case_name] += "/sockets:2";
      });
  run_data other = across;
  other.label = "other";
  const document d = post({across, other});
  const auto t = std::find_if(d.tables.begin(), d.tables.end(),
                              [](const table& x) { return x.title.starts_with("Verdict: N*"); });
  ASSERT_NE(t, d.tables.end());
  std::multiset<std::pair<std::string, std::string>> rows;
  for (const auto& row : t->rows) rows.insert({row[0], row[1]});
  EXPECT_EQ(rows, (std::multiset<std::pair<std::string, std::string>>{
                      {"run-gamma", "2"}, {"run-gamma", "2 on 2 sockets"}, {"other", "2"}, {"other", "2 on 2 sockets"}}));
}

// A sweep's removal per GiB of device, at the size shown (every size: verdict.md).
TEST(Post, RemovalPerGibOfDevice) {
  run_data run = load_run(testing::testdata("run-gamma"));
  for (tidy_row& r : run.rows)
    if (r[kind] == "removal") r[latency_p50_ns] = r[latency_ns];
  const document d = post({run});
  const auto t = std::find_if(d.tables.begin(), d.tables.end(),
                              [](const table& x) { return x.title == "Removal, nothing in use, 64 GiB device"; });
  ASSERT_NE(t, d.tables.end());
  EXPECT_EQ(t->columns[3], "p50/GiB");
  bool seen = false;
  for (const auto& row : t->rows) {
    if (row[0].starts_with("sweep")) {
      // 64 GiB, median process: grace 1000 (sweep) or 2000 ns (sweep-memb),
      // 4 GB/s over 1 GiB of struct pages.
      const double grace = row[0].starts_with("sweep-memb") ? 2000 : 1000;
      EXPECT_EQ(row[3], duration((grace + 64.0 * (1 << 24) / 4) / 64)) << row[0];
      seen = true;
    } else {
      EXPECT_EQ(row[3], "-") << row[0] << ": reads no struct page";
    }
  }
  EXPECT_TRUE(seen);
}

// The run with every value of these columns times f.
run_data scaled(run_data run, std::initializer_list<col> cs, double f) {
  for (tidy_row& r : run.rows)
    for (col c : cs)
      if (auto v = r.number(c)) r[c] = std::to_string(*v * f);
  return run;
}

// With cases at folio order 9 the report shows them beside 4 KiB pages: a
// column of each order at its most threads, the sweeps' removal at order 9
// with the lines they read, and a verdict sentence of folio transitions.
// The order-9 cases cost twice as much and read 1/256 of the lines: each
// order-9 cell is that of a run of those values alone (none mixes orders).
TEST(Post, ShowsEachFolioOrderBesideTheOther) {
  const run_data small = load_run(testing::testdata("run-gamma"));
  const run_data other = scaled(scaled(small, {ns_per_pair, latency_ns, read_gbps}, 2), {bytes_read}, 1.0 / 256);
  run_data run = small;
  for (const tidy_row& r : testing::with_folio_order_copies(other, "9").rows)
    if (r[folio_order] == "9") run.rows.push_back(r);
  for (tidy_row r : small.rows)  // 4 KiB pages at 1 thread too: not shown
    if (r[kind] == "hotpath") {
      r[threads] = "1";
      r[case_name] += "/t1";
      run.rows.push_back(r);
    }
  const document d = post({run}), d_small = post({small}), d_other = post({other});
  ASSERT_EQ(d.closing.size(), d_small.closing.size() + 1);
  // 4 KiB pages first, as before
  EXPECT_EQ(d.closing[0] + " " + currency_brief, d_small.closing[0]);
  EXPECT_EQ(d.closing[0].find(currency_brief), std::string::npos) << "said once, at the end";
  EXPECT_EQ(d.closing[1].rfind("Verdict: At folio order 9 (2 MiB), 2 threads, 1 TiB (", 0), 0u) << d.closing[1];
  EXPECT_NE(d.closing[1].find(currency_brief), std::string::npos) << d.closing[1];
  EXPECT_NE(d.closing[1].find("N* in folio transitions: "), std::string::npos) << d.closing[1];
  ASSERT_EQ(d.tables.size(), d_small.tables.size());
  for (std::size_t i = 0; i < d.tables.size(); ++i) {
    const table &t = d.tables[i], &t_small = d_small.tables[i], &t_other = d_other.tables[i];
    if (t.title.starts_with("Removal")) {
      // The small pages' rows, then the sweeps' at order 9, with no read limit.
      std::vector<std::vector<std::string>> like = t_small.rows;
      for (auto row : t_other.rows)
        if (row[0].starts_with("sweep")) {
          like.push_back(row);
          like.back()[0] += " o9";
          like.back().back() = "-";  // limit
        }
      ASSERT_EQ(t.rows.size(), like.size());
      for (std::size_t r = 0; r < t.rows.size(); ++r) EXPECT_EQ(t.rows[r], like[r]);
      EXPECT_EQ(t.columns[4], "lines");  // one size: in the title
      continue;
    }
    // Thread columns: each order at its most threads, its cells as order 0's.
    ASSERT_EQ(t.columns.size(), 3u) << t.title;
    EXPECT_EQ(t.columns[1], "2 threads");
    EXPECT_EQ(t.columns[2], "2 threads, 2 MiB folios");
    ASSERT_EQ(t.rows.size(), t_small.rows.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      EXPECT_EQ(t.rows[r][1], t_small.rows[r].back()) << t.title;
      EXPECT_EQ(t.rows[r][2], t_other.rows[r].back()) << t.title;
      EXPECT_NE(t.rows[r][1], t.rows[r][2]) << t.title;
    }
  }
  const std::string txt = render(d, format::txt);
  testing::expect_narrow(txt);
  EXPECT_LE(line_count(txt), post_max_lines) << txt;
  // Where every thread count is: the closing line, not a note per table.
  EXPECT_EQ(txt.find("thread counts shown"), std::string::npos) << txt;
  EXPECT_NE(d.closing.back().find("every tracker, thread count"), std::string::npos) << d.closing.back();
  // At order 9 only the sweeps' removals: the trackers' scan nothing.
  std::size_t trackers = 0, large = 0;
  for (const table& t : post({testing::with_folio_order_copies(load_run(testing::testdata("run-alpha")), "9")}).tables)
    if (t.title.starts_with("Removal"))
      for (const auto& row : t.rows) {
        trackers += !row[0].starts_with("sweep");
        if (!row[0].ends_with(" o9")) continue;
        EXPECT_TRUE(row[0].starts_with("sweep")) << row[0];
        ++large;
      }
  EXPECT_GT(trackers, 0u);
  EXPECT_GT(large, 0u);
}

// The report opens with the claim's own number: the sweep's cost over none,
// then each tracker's; a cost not resolved is a bound, never signed.
// run-gamma (see summary_test): sweep = none, [-0.75, +0.75] within the
// resolution 0.875; percpu_ref-memb +4 [3.25, 4.75]; atomic -2, resolved.
TEST(Post, LeadsWithTheSweepsCostOverNone) {
  const document d = post({load_run(testing::testdata("run-gamma"))});
  ASSERT_FALSE(d.tables.empty());
  const table& first = d.tables.front();
  EXPECT_EQ(first.title, "Hot-path cost over none, ns per pair: the sweep, then each tracker");
  ASSERT_GE(first.rows.size(), 2u);
  EXPECT_TRUE(first.rows[0][0].starts_with("sweep")) << first.rows[0][0];
  for (const auto& row : first.rows) {
    if (row[0].starts_with("sweep") || row[0] == "percpu_ref-qsbr") {
      EXPECT_TRUE(row[1].starts_with("at most ")) << row[0] << ": " << row[1];
      EXPECT_EQ(row[1].find_first_of("+-"), std::string::npos) << row[0] << ": " << row[1];
    }
    if (row[0] == "percpu_ref-memb") {
      EXPECT_EQ(row[1], "+4 [3.25, 4.75]");
    }
    if (row[0] == "atomic") {
      EXPECT_EQ(row[1], "-2 [-2.75, -1.25]");
    }
  }
  EXPECT_EQ(first.rows[0][1], "at most 0.875 (97.9 %)");
  // The sentence: this kernel's sweep (memb) against the cheapest tracker
  // that counts every transition and runs here, atomic (needs no RCU) too.
  ASSERT_EQ(first.notes.size(), 2u);
  EXPECT_EQ(first.notes[1].rfind("This kernel (memb, 2 threads, private pages): the sweep's liveness "
                                 "check costs at most 0.875 ns (97.9 %) per pair",
                                 0),
            0u)
      << first.notes[1];
  EXPECT_NE(first.notes[1].find("tracking every transition (atomic) -2 ns [-2.75, -1.25]"), std::string::npos)
      << first.notes[1];
  const std::string txt = render(d, format::txt);
  testing::expect_narrow(txt);
  EXPECT_LE(line_count(txt), post_max_lines) << txt;
  EXPECT_LT(txt.find("Hot-path cost over none"), txt.find("Hot path, ns per pair")) << txt;
}

// A host with many thread counts: the post shows the fewest and the most,
// and stays mail-sized.
TEST(Post, ManyThreadCountsStayMailSized) {
  run_data run = load_run(testing::testdata("run-gamma"));
  tidy_rows more;
  for (const tidy_row& r : run.rows)
    if (r[kind] == "hotpath")
      for (int t : {1, 3, 4, 6, 8, 12, 16}) {
        tidy_row x = r;
        x[threads] = std::to_string(t);
        more.push_back(x);
      }
  run.rows.insert(run.rows.end(), more.begin(), more.end());
  const document d = post({run});
  ASSERT_FALSE(d.tables.empty());
  EXPECT_EQ(d.tables.front().columns,
            (std::vector<std::string>{"tracker", "1 thread", "16 threads"}));
  const std::string txt = render(d, format::txt);
  testing::expect_narrow(txt);
  EXPECT_LE(line_count(txt), post_max_lines) << txt;
  EXPECT_NE(txt.find("2 of 8 thread counts shown; all in summary.txt."), std::string::npos) << txt;
}

// Removal rows of the sweeps at the sweeper count the verdict uses: run-gamma
// with sweep-memb's removal also at 2 sweepers, as fast as 1 (so 1 costs
// less CPU time), shows only "x1" rows.
TEST(Post, RemovalAtTheVerdictsSweeperCount) {
  run_data run = load_run(testing::testdata("run-gamma"));
  tidy_rows extra;
  for (tidy_row r : run.rows)
    if (r[kind] == "removal" && r[subject] == "sweep-memb") {
      r[sweepers] = "2";
      extra.push_back(r);
    }
  ASSERT_FALSE(extra.empty());
  run.rows.insert(run.rows.end(), extra.begin(), extra.end());
  const std::string txt = render(post({run}), format::txt);
  EXPECT_NE(txt.find("\nsweep-memb x1 "), std::string::npos) << txt;
  EXPECT_EQ(txt.find("\nsweep-memb x2 "), std::string::npos) << txt;
}

// The heading says how the host behaved: quiet; or how many processes the
// suite found disturbed, set aside, or kept (their costs marked) when every
// attempt was; and where the A/A resolution misses its target (run-gamma's
// 0.875 ns at 2 threads against 0.15).
TEST(Post, SaysHowTheHostBehaved) {
  run_data run = load_run(testing::testdata("run-gamma"));
  auto has = [](const document& d, const std::string& line) {
    return std::find(d.heading.begin(), d.heading.end(), line) != d.heading.end();
  };
  // No process checked (no run delay recorded): never called quiet.
  EXPECT_TRUE(has(post({run}), "host: unchecked: the run recorded no run delay of its threads"));
  for (tidy_row& r : run.rows) {
    r[attempt] = "0";
    r[disturbed] = "false";
    r[disturbance_share] = "0.003";
  }
  document d = post({run});
  EXPECT_TRUE(has(d, "host: quiet: other tasks took at most 0.3 % of a process's time"));
  EXPECT_TRUE(has(d, "A/A misses its target at 1 of 1 thread count, worst 0.875 ns at 2 threads (5.833x "
                     "0.15): smaller costs are bounds"));
  // Hot-path repetition `rep` disturbed at its first attempt and run again,
  // disturbed again or not.
  auto run_again = [&](const std::string& rep, bool still) {
    tidy_rows again;
    for (tidy_row& r : run.rows) {
      if (r[binary] != "bench_hotpath" || r[repetition] != rep) continue;
      r[disturbed] = "true";
      r[disturbance_share] = "0.3";
      tidy_row next = r;
      next[attempt] = "1";
      next[disturbed] = still ? "true" : "false";
      again.push_back(next);
    }
    run.rows.insert(run.rows.end(), again.begin(), again.end());
  };
  run_again("0", false);  // 1 of 12 processes (6 hot path, 6 removal): the data used are quiet
  d = post({run});
  EXPECT_TRUE(has(d, "host: quiet; 1/12 processes disturbed (up to 30 %) ran again"));
  ASSERT_FALSE(d.tables.empty());
  for (const auto& row : d.tables.front().rows) EXPECT_FALSE(row.front().ends_with(" !")) << row.front();
  run_again("1", true);  // 2 of 12, one of them in both attempts
  d = post({run});
  EXPECT_TRUE(has(d, "host: busy: 2/12 processes disturbed (up to 30 %), 1 in every attempt, kept (!)"));
  ASSERT_FALSE(d.tables.empty());
  for (const auto& row : d.tables.front().rows) EXPECT_TRUE(row.front().ends_with(" !")) << row.front();
  ASSERT_FALSE(d.closing.empty());
  EXPECT_EQ(d.closing.front().rfind("Verdict (busy host, see above): ", 0), 0u) << d.closing.front();
  // What the kernel did not offer is said with the rest that is unavailable.
  run.disturbance_unavailable = {"others_wait_ns: no /proc/schedstat"};
  d = post({run});
  const bool said = std::any_of(d.closing.begin(), d.closing.end(), [](const std::string& l) {
    return l.starts_with("Unavailable: ") && l.find("; others_wait_ns: unavailable: no /proc/schedstat") != std::string::npos;
  });
  EXPECT_TRUE(said);
}

// Without the kernel's RCU flavour in the record, the sentence says so.
TEST(Post, KernelFlavourUnknownIsSaid) {
  const document d = post({load_run(testing::testdata("run-alpha"))});
  ASSERT_FALSE(d.tables.empty());
  const auto& notes = d.tables.front().notes;
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[1], "This kernel's RCU flavour is unavailable: the machine record has no kernel_rcu: "
                      "read the sweep row of the flavour it uses.");
}

// The post shows this kernel's trackers: its RCU flavour's and those that
// need none; every one when the record does not name the flavour.
TEST(Post, ShowsTheTrackersOfThisKernel) {
  run_data run = load_run(testing::testdata("run-gamma"));  // memb
  auto subjects = [](const document& d) {
    std::set<std::string> out;
    for (const table& t : d.tables)
      for (const auto& row : t.rows) out.insert(row[0].substr(0, row[0].find(' ')));
    return out;
  };
  const document d = post({run});
  const std::set<std::string> memb = subjects(d);
  EXPECT_TRUE(memb.count("sweep-memb") && memb.count("percpu_ref-memb") && memb.count("atomic")) << memb.size();
  EXPECT_FALSE(memb.count("sweep") || memb.count("percpu_ref-qsbr"));
  EXPECT_NE(d.closing[0].find("against percpu_ref-memb"), std::string::npos) << d.closing[0];
  EXPECT_EQ(d.closing[0].find("percpu_ref-qsbr"), std::string::npos) << d.closing[0];
  run.machine.erase("kernel_rcu");
  const document d_all = post({run});
  const std::set<std::string> all = subjects(d_all);
  EXPECT_TRUE(all.count("sweep") && all.count("percpu_ref-qsbr") && all.count("sweep-memb"));
  EXPECT_NE(d_all.closing[0].find("against percpu_ref-qsbr"), std::string::npos) << d_all.closing[0];
}

// A folio order with removals and no hot path (no verdict to choose a
// sweeper count) still shows its sweeps.
TEST(Post, SweepsOfAnOrderWithoutAVerdict) {
  run_data run = testing::with_folio_order_copies(load_run(testing::testdata("run-gamma")), "18");
  std::erase_if(run.rows, [](const tidy_row& r) { return r[kind] == "hotpath" && r[folio_order] == "18"; });
  std::size_t shown = 0;
  for (const table& t : post({run}).tables)
    for (const auto& row : t.rows) shown += row[0].ends_with(" o18");
  EXPECT_GT(shown, 0u);
}

TEST(Post, MarkdownEscapesWhatARendererWouldEat) {
  run_data run = load_run(testing::testdata("run-alpha"));
  for (tidy_row& r : run.rows) r[counters] = "perf: cycles <not supported> | x";
  std::string md = render(post({run}), format::md);
  EXPECT_EQ(md.find("<not"), std::string::npos) << md;
  EXPECT_NE(md.find("&lt;not supported&gt; \\| x"), std::string::npos) << md;
  testing::expect_consistent_tables(md);
}

TEST(Post, SeveralRunsARowPerLabel) {
  testing::scratch s("post-merged");
  std::string a = s.copy_run("run-alpha");
  std::string b = (s.dir / "second").string();
  std::filesystem::copy(testing::testdata("run-alpha"), b);
  s.write("second/suite.json", R"({"options": {"label": "alpha-kernel-b"}})");
  std::vector<run_data> runs = load_runs({a, b});
  ASSERT_EQ(runs[1].label, "alpha-kernel-b");
  std::string txt = render(post(runs), format::txt);
  testing::expect_narrow(txt);
  EXPECT_NE(txt.find("run-alpha: none"), std::string::npos) << txt;
  EXPECT_NE(txt.find("alpha-kernel-b: none"), std::string::npos) << txt;
  // The verdict: one row per label and thread count.
  EXPECT_NE(txt.find("\nrun-alpha       2"), std::string::npos) << txt;
  EXPECT_NE(txt.find("\nalpha-kernel-b  2"), std::string::npos) << txt;
}

// Runs whose memmaps live in different places: the title claims neither.
TEST(Post, SettingsThatDifferAreGivenPerRun) {
  std::vector<run_data> runs = {load_run(testing::testdata("run-alpha")), load_run(testing::testdata("run-alpha"))};
  runs[1].label = "on-device";
  for (tidy_row& r : runs[1].rows) r[memmap] = "device";
  std::string txt = render(post(runs), format::txt);
  testing::expect_narrow(txt);
  EXPECT_EQ(txt.find("Hot path, ns per pair: private pages"), std::string::npos) << txt;
  EXPECT_NE(txt.find("Hot path, ns per pair: settings per run (below)"), std::string::npos) << txt;
  EXPECT_NE(txt.find("on-device: private pages, work none, memmap device"), std::string::npos) << txt;
}

TEST(Labels, FolderNameSuiteLabelAndRepeats) {
  testing::scratch s("labels");
  std::string a = s.copy_run("run-alpha");
  EXPECT_EQ(load_run(a).label, "run-alpha");
  EXPECT_EQ(load_run(a + "/").label, "run-alpha");
  std::vector<run_data> twice = load_runs({a, a});
  EXPECT_EQ(twice[0].label, "run-alpha");
  EXPECT_EQ(twice[1].label, "run-alpha (2)");
  s.write("run-alpha/suite.json", R"({"options": {"label": "vm-20261130T140000Z"}})");
  EXPECT_EQ(load_run(a).label, "vm-20261130T140000Z");
}

}  // namespace
}  // namespace pgmap::results
