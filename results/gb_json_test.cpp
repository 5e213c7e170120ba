#include "results/gb_json.hpp"

#include <gtest/gtest.h>

#include "common/case_schema.hpp"
#include "common/error.hpp"
#include "results/case_name.hpp"
#include "results/cases.hpp"
#include "results/run_folder.hpp"
#include "results/test_support.hpp"

namespace pgmap::results {
namespace {

using testing::testdata;

const tidy_row* find(const tidy_rows& rows, const std::string& subject_name, const std::string& rep) {
  for (const tidy_row& r : rows)
    if (r[subject] == subject_name && r[repetition] == rep) return &r;
  return nullptr;
}

std::string json_error_of(const std::string& text) {
  return testing::error_text([&] { parse_gb_json(text, "x/bench_hotpath.json", "bench_hotpath"); });
}

TEST(CaseName, ParametersAndBareWords) {
  tidy_row r;
  parse_case_name("removal/sweep/capacity_gib:64/in_use_pct:0.01/hold_us:10/sweepers:2/memmap:device/manual_time/threads:1", r);
  EXPECT_EQ(r[kind], "removal");
  EXPECT_EQ(r[subject], "sweep");
  EXPECT_EQ(r[capacity_gib], "64");
  EXPECT_EQ(r[in_use_pct], "0.01");
  EXPECT_EQ(r[hold_us], "10");
  EXPECT_EQ(r[sweepers], "2");
  EXPECT_EQ(r[memmap], "device");
  EXPECT_EQ(r[threads], "1");
  tidy_row h;
  parse_case_name("hotpath/percpu_ref-memb/work:spin:100/pages:shared/threads:4", h);
  EXPECT_EQ(h[work], "spin:100");
  EXPECT_EQ(h[pages], "shared");
  EXPECT_EQ(h[arm], "");
}

TEST(CaseName, Errors) {
  tidy_row r;
  EXPECT_THROW(parse_case_name("BM_Foo/threads:1", r), pgmap::error);
  EXPECT_THROW(parse_case_name("hotpath/none/colour:red", r), pgmap::error);
  EXPECT_THROW(parse_case_name("hotpath/none/threads:two", r), pgmap::error);
  EXPECT_THROW(parse_case_name("hotpath", r), pgmap::error);
}

TEST(GbJson, HotpathFixtureRowsAndColumns) {
  gb_file f = read_gb_json(testdata("run-alpha/bench_hotpath.json"));
  ASSERT_EQ(f.rows.size(), 7u * 3);  // 7 cases x 3 repetitions; aggregates skipped
  const tidy_row* r = find(f.rows, "percpu_ref-qsbr", "1");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[binary], "bench_hotpath");
  EXPECT_EQ((*r)[kind], "hotpath");
  EXPECT_EQ((*r)[threads], "2");
  EXPECT_EQ((*r)[pages], "private");
  EXPECT_EQ((*r)[work], "none");
  EXPECT_EQ((*r)[memmap], "dram");
  EXPECT_EQ((*r)[ns_per_pair], "25");
  EXPECT_EQ((*r)[pairs_per_s], "80000000");
  EXPECT_EQ((*r)[iterations], "1000000");
  EXPECT_EQ((*r)[percpu_path], "pinned-slot");
  EXPECT_EQ((*r)[pus], "0,1");
  EXPECT_EQ((*r)[placement], "compact");
  EXPECT_EQ((*r)[pmem], "emulated");
  EXPECT_EQ((*r)[counters], "unavailable: perf_event_open: no hardware counters in this VM");
  EXPECT_EQ((*r)[latency_ns], "");  // not a removal: empty, never 0
  EXPECT_EQ((*r)[ctr_cycles], "");
  EXPECT_EQ(f.host_name, "alpha");
  EXPECT_EQ(f.machine["hostname"], "alpha");
}

TEST(GbJson, RemovalTimeUnitAndManualTime) {
  gb_file f = read_gb_json(testdata("run-alpha/bench_removal.json"));
  const tidy_row* r = find(f.rows, "percpu_ref-qsbr", "0");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[real_time_ns], "50000");  // 0.05 ms
  EXPECT_EQ((*r)[latency_ns], "50000");
  EXPECT_EQ((*r)[capacity_gib], "4");
  EXPECT_EQ((*r)[case_name],
            "removal/percpu_ref-qsbr/capacity_gib:4/in_use_pct:0/hold_us:0/sweepers:1/memmap:dram/manual_time/threads:1");
  EXPECT_EQ((*r)[read_gbps], "");
}

TEST(GbJson, LabelReasonMayContainSeparator) {
  std::string text = R"({"benchmarks": [{"name": "bare/atomic2/threads:1", "run_type": "iteration",
    "threads": 1, "iterations": 5, "real_time": 1.5, "time_unit": "us", "ns_per_pair": 1,
    "label": "counters=unavailable: no PMU; not even perf; pus=3"}]})";
  gb_file f = parse_gb_json(text, "t.json", "bench_hotpath");
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(f.rows[0][counters], "unavailable: no PMU; not even perf");
  EXPECT_EQ(f.rows[0][pus], "3");
  EXPECT_EQ(f.rows[0][real_time_ns], "1500");
  EXPECT_EQ(f.rows[0][repetition], "0");
}

TEST(GbJson, GoogleBenchmarksBareNanIsNotMeasured) {
  // What bench_removal writes with repetitions when a counter is always 0:
  // a removal that reads no memmap has no read rate.
  std::string text = R"({"benchmarks": [
    {"name": "removal/atomic/capacity_gib:1", "run_type": "iteration",
     "iterations": 2, "real_time": 1.0, "time_unit": "ns", "latency_ns": 5, "read_gbps": NaN, "bytes_read": 64},
    {"name": "removal/atomic/capacity_gib:1_cv", "run_type": "aggregate",
     "iterations": 2, "real_time": 0.5, "time_unit": "ns", "bytes_read": -nan}]})";
  gb_file f = parse_gb_json(text, "t.json", "bench_removal");
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(f.rows[0][read_gbps], "");
  EXPECT_EQ(f.rows[0][bytes_read], "64");
}

// The kind's own measure NaN, or any number negative, is damage: the error
// names the file, the line, the case and the field.
TEST(GbJson, ImpossibleNumbersAreErrors) {
  auto entry = [](const std::string& counters) {
    return R"({"benchmarks": [
    {"name": "hotpath/none/threads:1", "run_type": "iteration", "iterations": 2, "real_time": 1.0,
     "time_unit": "ns", )" + counters + "}]}";
  };
  auto error_of = [](const std::string& text) -> std::string {
    try {
      parse_gb_json(text, "t.json", "bench_hotpath");
    } catch (const pgmap::bad_input& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NO_THROW(parse_gb_json(entry(R"("ns_per_pair": 11.5, "read_gbps": NaN)"), "t.json", "b"));
  EXPECT_EQ(error_of(entry(R"("ns_per_pair": NaN)")),
            "t.json:2: hotpath/none/threads:1: 'ns_per_pair' is missing or not a number (every hotpath entry has one)");
  EXPECT_EQ(error_of(entry(R"("pairs_per_s": 5)")),
            "t.json:2: hotpath/none/threads:1: 'ns_per_pair' is missing or not a number (every hotpath entry has one)");
  EXPECT_EQ(error_of(entry(R"("ns_per_pair": -6.5)")), "t.json:2: hotpath/none/threads:1: 'ns_per_pair' is negative (-6.5)");
  EXPECT_EQ(error_of(entry(R"("ns_per_pair": 1, "run_delay_ns": -1)")),
            "t.json:2: hotpath/none/threads:1: 'run_delay_ns' is negative (-1)");
  EXPECT_EQ(error_of(entry(R"("ns_per_pair": Infinity)")),
            "t.json:2: hotpath/none/threads:1: 'ns_per_pair' is not a number (\"inf\")");
}

TEST(GbJson, TruncatedJsonNamesFileAndLine) {
  std::string e = json_error_of("{\n  \"benchmarks\": [\n    {\"name\": ");
  EXPECT_EQ(e.rfind("x/bench_hotpath.json:3: malformed JSON", 0), 0u) << e;
}

TEST(GbJson, BadEntryNamesItsLine) {
  std::string e = json_error_of(
      "{\"benchmarks\": [\n{\"name\": \"bare/atomic2/threads:1\", \"threads\": 1, \"ns_per_pair\": 1},\n"
      "{\"name\": \"bare/atomic2/threads:2\",\n \"real_time\": \"fast\"}\n]}");
  EXPECT_EQ(e.rfind("x/bench_hotpath.json:3: ", 0), 0u) << e;
  EXPECT_NE(e.find("real_time"), std::string::npos) << e;
  EXPECT_NE(json_error_of("[1, 2]").find(":1: "), std::string::npos);
  EXPECT_NE(json_error_of("{\"benchmarks\": [7]}").find("not an object"), std::string::npos);
}

TEST(GbJson, LineOf) {
  EXPECT_EQ(line_of("a\nb\nc", 0), 1u);
  EXPECT_EQ(line_of("a\nb\nc", 2), 2u);
  EXPECT_EQ(line_of("a\nb\nc", 99), 3u);
}

TEST(RunFolder, TidyRunFillsHostAndCommit) {
  run_data run = tidy_run(testdata("run-alpha"));
  EXPECT_EQ(run.rows.size(), 21u + 4 * 3);
  for (const tidy_row& r : run.rows) {
    EXPECT_EQ(r[host], "alpha");
    EXPECT_EQ(r[commit], "0123456789abcdef0123456789abcdef01234567");
  }
  EXPECT_EQ(run.counters(), "unavailable: perf_event_open: no hardware counters in this VM");
}

TEST(RunFolder, HostFromContextWithoutRecord) {
  testing::scratch s("ctx-host");
  s.write("bench_hotpath.json",
          R"({"context": {"host_name": "gamma"}, "benchmarks": [{"name": "bare/atomic2/threads:1",
          "run_type": "iteration", "threads": 1, "iterations": 5, "real_time": 1, "time_unit": "ns",
          "ns_per_pair": 1}]})");
  run_data run = tidy_run(s.dir.string());
  ASSERT_EQ(run.rows.size(), 1u);
  EXPECT_EQ(run.rows[0][host], "gamma");
  EXPECT_EQ(run.rows[0][commit].rfind("unavailable: ", 0), 0u);
}

// One name per quantity: every case-schema key is a tidy parameter column of
// the same name, numeric exactly when the schema says it is a number.
TEST(TidyColumns, HoldEveryCaseSchemaParameter) {
  for (const schema::parameter& p : schema::parameters()) {
    const std::optional<col> c = column_by_name(p.key);
    ASSERT_TRUE(c) << p.key;
    EXPECT_NE(std::find(parameter_columns.begin(), parameter_columns.end(), *c), parameter_columns.end())
        << p.key;
    EXPECT_EQ(is_numeric(*c), p.type != schema::value_type::text) << p.key;
  }
  EXPECT_EQ(parameter_columns.size(), schema::parameters().size() + 2) << "kind, subject, parameters";
}

// What a tracker is comes from the binary's context, not from its name.
TEST(GbJson, TrackerTraitsFromTheContext) {
  const gb_file f = parse_gb_json(
      R"({"context": {"pgmap_trackers": "[{\"name\": \"mine\", \"summary\": \"s\", \"rcu\": \"memb\", \"baseline\": false, \"knows_users\": true, \"removal_scans\": true, \"sweep_peer\": \"\", \"kernel_path\": \"k\"}]"},
          "benchmarks": [{"name": "removal/mine/capacity_gib:1/sweepers:2/manual_time", "run_type": "iteration",
          "iterations": 1, "real_time": 1, "time_unit": "ns", "latency_ns": 1}]})",
      "t.json", "bench_removal");
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(f.rows[0][rcu], "memb");
  EXPECT_EQ(f.rows[0][removal_scans], "true");
  EXPECT_EQ(f.rows[0][baseline], "false");
  EXPECT_THROW(parse_gb_json(R"({"context": {"pgmap_trackers": "[{\"name\": 1}]"}, "benchmarks": []})",
                             "t.json", "b"),
               pgmap::error);
}

// The processes run in a random order; the rows do not keep it: tracker in
// the registry's order (here b before a), then threads by value (2 before 10).
TEST(RunFolder, RowsInTheRegistrysOrderWhateverTheSeed) {
  testing::scratch s("order");
  nlohmann::json trackers = nlohmann::json::array(), entries = nlohmann::json::array();
  for (const char* name : {"b", "a"})
    trackers.push_back({{"name", name}, {"summary", "s"}, {"rcu", "none"}, {"baseline", false},
                        {"knows_users", true}, {"removal_scans", false}, {"sweep_peer", ""},
                        {"kernel_path", "k"}});
  for (const char* name : {"a/pages:private/work:none/threads:10", "a/pages:private/work:none/threads:2",
                           "b/pages:private/work:none/threads:10", "b/pages:private/work:none/threads:2"})
    entries.push_back({{"name", std::string("hotpath/") + name}, {"run_type", "iteration"},
                       {"iterations", 1}, {"real_time", 1}, {"time_unit", "ns"}, {"ns_per_pair", 1}});
  const nlohmann::json doc = {{"context", {{"pgmap_trackers", trackers.dump()}}}, {"benchmarks", entries}};
  s.write("bench_hotpath.json", doc.dump());
  run_data run = tidy_run(s.dir.string());
  std::vector<std::string> order;
  for (const tidy_row& r : run.rows) order.push_back(r[subject] + "/" + r[threads]);
  EXPECT_EQ(order, (std::vector<std::string>{"b/2", "b/10", "a/2", "a/10"}));
}

TEST(RunFolder, EmptyFolderIsAnError) {
  testing::scratch s("empty");
  EXPECT_THROW(tidy_run(s.dir.string()), pgmap::error);
  EXPECT_THROW(load_run((s.dir / "missing").string()), pgmap::error);
}

// Rounds: each is an entry with its `round`; a case's value for a process
// is the median of that process's rounds, and the processes are counted.
TEST(GbJson, RoundsOfAProcessGiveOneValueTheirMedian) {
  std::string entries;
  const double ns[2][3] = {{10, 30, 11}, {20, 21, 90}};  // process 0, process 1; rounds 0..2
  for (unsigned rep = 0; rep < 2; ++rep)
    for (unsigned round = 0; round < 3; ++round)
      entries += std::string(entries.empty() ? "" : ",") +
                 R"({"name": "hotpath/none/pages:private/work:none/memmap:dram/real_time/threads:1",)"
                 R"( "run_type": "iteration", "repetition_index": )" + std::to_string(rep) +
                 R"(, "iterations": 100, "real_time": 1, "time_unit": "ns", "ns_per_pair": )" +
                 std::to_string(ns[rep][round]) + R"(, "round": )" + std::to_string(round) + "}";
  const gb_file f = parse_gb_json(R"({"context": {}, "benchmarks": [)" + entries + "]}", "t.json", "bench_hotpath");
  ASSERT_EQ(f.rows.size(), 6u);
  EXPECT_EQ(f.rows[4][round], "1");
  const std::vector<case_samples> cases = group_cases(f.rows);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].processes(), 2u);
  EXPECT_EQ(cases[0].values(ns_per_pair), (std::vector<double>{11, 21}));
  // Without rounds, each entry is a process of its own (older data).
  tidy_rows plain = f.rows;
  for (tidy_row& r : plain) r[round].clear();
  EXPECT_EQ(group_cases(plain)[0].values(ns_per_pair).size(), 6u);
}

// The disturbance counters the kernel did not offer, with why, from the
// context; a context that is not an object of texts is an error.
TEST(GbJson, DisturbanceUnavailableFromTheContext) {
  const std::string ctx = R"({"context": {"pgmap_disturbance": "{\"run_delay_ns\": \"\", )"
                          R"(\"others_wait_ns\": \"no /proc/schedstat\"}"}, "benchmarks": []})";
  EXPECT_EQ(parse_gb_json(ctx, "t.json", "bench_hotpath").disturbance_unavailable,
            (std::vector<std::string>{"others_wait_ns: no /proc/schedstat"}));
  for (const char* bad : {R"({"context": {"pgmap_disturbance": "[1]"}, "benchmarks": []})",
                          R"({"context": {"pgmap_disturbance": "{\"a\": 1}"}, "benchmarks": []})"})
    EXPECT_THROW(parse_gb_json(bad, "t.json", "bench_hotpath"), pgmap::error) << bad;
}

// Attempts: the suite ran repetition 0 again after a disturbed first
// attempt, and repetition 1 was disturbed in both. The statistics use the
// undisturbed attempt of 0 and the last of 1, and count what they did.
TEST(GbJson, DisturbedAttemptsAreSetAsideWhereACleanOneExists) {
  std::string entries;
  const struct {
    unsigned rep, attempt;
    bool disturbed;
    double ns;
  } e[] = {{0, 0, true, 50}, {0, 1, false, 10}, {1, 0, true, 60}, {1, 1, true, 40}};
  for (const auto& x : e)
    entries += std::string(entries.empty() ? "" : ",") +
               R"({"name": "hotpath/none/pages:private/work:none/memmap:dram/real_time/threads:1",)"
               R"( "iterations": 100, "real_time": 1, "time_unit": "ns", "repetition_index": )" +
               std::to_string(x.rep) + R"(, "attempt": )" + std::to_string(x.attempt) +
               R"(, "disturbed": )" + (x.disturbed ? "true" : "false") +
               R"(, "disturbance_share": 0.3, "ns_per_pair": )" + std::to_string(x.ns) + "}";
  const gb_file f = parse_gb_json(R"({"context": {}, "benchmarks": [)" + entries + "]}", "t.json", "bench_hotpath");
  ASSERT_EQ(f.rows.size(), 4u);
  EXPECT_EQ(f.rows[0][disturbed], "true");
  EXPECT_EQ(f.rows[1][attempt], "1");
  EXPECT_EQ(f.rows[1].number(disturbance_share), 0.3);
  const std::vector<case_samples> cases = group_cases(f.rows);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].values(ns_per_pair), (std::vector<double>{10, 40}));
  EXPECT_EQ(cases[0].disturbed_used, 1u);
  const std::string bad = R"({"context": {}, "benchmarks": [{"name": "hotpath/none/threads:1", "disturbed": 1}]})";
  EXPECT_THROW(parse_gb_json(bad, "t.json", "bench_hotpath"), pgmap::error);
}

// The process an entry ran in: the suite's stamp (the layout's process seed,
// exact beyond a double's 53 bits), else the file's own context (a binary
// run alone); seed 0 (not varied) or none leaves it unknown.
TEST(GbJson, ProcessIdFromTheSuitesStampOrTheContext) {
  auto process_of = [](const std::string& context, const std::string& stamp) {
    const std::string entry =
        R"({"name": "hotpath/none/pages:private/work:none/memmap:dram/real_time/threads:1",)"
        R"( "run_type": "iteration", "iterations": 1, "real_time": 1, "time_unit": "ns", "ns_per_pair": 1)" +
        stamp + "}";
    return parse_gb_json(R"({"context": {)" + context + R"(}, "benchmarks": [)" + entry + "]}", "t.json",
                         "bench_hotpath").rows.at(0)[process];
  };
  const std::string ctx7 = R"("pgmap_layout": "{\"process_seed\": 7}")";
  EXPECT_EQ(process_of(ctx7, R"(, "pgmap_layout": {"process_seed": 18446744073709551557})"),
            "18446744073709551557");
  EXPECT_EQ(process_of(ctx7, ""), "7");
  EXPECT_EQ(process_of(R"("pgmap_layout": "{\"process_seed\": 0}")", ""), "");
  EXPECT_EQ(process_of("", ""), "");
  EXPECT_NE(json_error_of(R"({"context": {"pgmap_layout": "{"}, "benchmarks": []})"), "no error");
}

}  // namespace
}  // namespace pgmap::results
