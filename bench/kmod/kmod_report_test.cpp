#include "bench/kmod/kmod_report.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "impl/registry.hpp"
#include "results/gb_json.hpp"

namespace pgmap::kmod {
namespace {

// What the module writes for one run (a shortened real example).
const char* module_text(bool preempt_rcu) {
  return preempt_rcu
             ? "kernel release=6.1.0-57-amd64 preempt_rcu=1 preemption=1 preempt_dynamic=1 "
               "config_preempt_none=0 config_preempt_voluntary=1 config_preempt=0 "
               "preempt_model=voluntary page_size=4096 struct_page=64\n"
               "params range_start=0x140000000 range_size=1073741824 trackers=none,percpu_ref,sweep,none "
               "cpus=1,2 loops=1000 pages=private sweepers=2 timeout_ms=10000 runs=1 checks=0\n"
               "hotpath tracker=none pass=1 pages=private threads=2 run=0 loops=1000 cpus=0,1 "
               "elapsed_ns_sum=40000 elapsed_ns_max=21000 firsts=2000 refused=0\n"
               "hotpath tracker=percpu_ref pass=1 pages=private threads=2 run=0 loops=1000 cpus=0,1 "
               "elapsed_ns_sum=60000 elapsed_ns_max=31000 firsts=2000 refused=0\n"
               "removal tracker=percpu_ref run=0 sweepers=1 pages=262144 latency_ns=5000000 "
               "grace_ns=0 unmap_ns=5000000 pages_scanned=0 pages_waited=0 stuck=0\n"
               "removal tracker=sweep run=0 sweepers=2 pages=262144 latency_ns=2000000 "
               "grace_ns=500000 unmap_ns=4000000 pages_scanned=262144 pages_waited=1 stuck=0\n"
               "hotpath tracker=none pass=2 pages=private threads=2 run=0 loops=1000 cpus=0,1 "
               "elapsed_ns_sum=41000 elapsed_ns_max=21000 firsts=2000 refused=0\n"
               "pgmaps created=3 released=3 atomic_releases=0 checks_failed=0\n"
             : "kernel release=6.1.0 preempt_rcu=0 preemption=0 preempt_dynamic=0 config_preempt_none=1 "
               "config_preempt_voluntary=0 config_preempt=0 preempt_model=none page_size=4096 struct_page=64\n"
               "params range_start=0x140000000 range_size=268435456 runs=1\n"
               "removal tracker=sweep run=0 sweepers=1 pages=65536 latency_ns=1000 grace_ns=10 "
               "unmap_ns=10 pages_scanned=65536 pages_waited=1 stuck=1 stuck_pfns=0x140007\n";
}

run_context test_context() {
  run_context ctx;
  ctx.gb_context = {{"host_name", "guest"}};
  ctx.machine = {{"hostname", "guest"}, {"git_commit", "abc"}};
  ctx.pmem_kind = "emulated (qemu TCG guest)";
  ctx.cmdline = "console=ttyS0 memmap=1G$5G";
  ctx.label = "pmem=" + ctx.pmem_kind;
  return ctx;
}

TEST(KmodReport, NamesFollowTheSuiteAndTheKernelsRcuFlavour) {
  EXPECT_EQ(kernel_case_name("hotpath", "percpu_ref", "memb", {{"pages", "private"}}),
            "hotpath/percpu_ref-memb/pages:private");
  EXPECT_EQ(kernel_case_name("hotpath", "percpu_ref", "qsbr", {}), "hotpath/percpu_ref-qsbr");
  EXPECT_EQ(kernel_case_name("hotpath", "percpu_ref", "pcount", {}), "hotpath/percpu_ref-pcount");
  EXPECT_EQ(kernel_case_name("removal", "sweep", "memb", {}), "removal/sweep-memb");
  EXPECT_EQ(kernel_case_name("removal", "sweep", "qsbr", {}), "removal/sweep");
  EXPECT_EQ(kernel_case_name("removal", "sweep", "pcount", {}), "removal/sweep-pcount");
  EXPECT_EQ(kernel_case_name("hotpath", "atomic", "memb", {}), "hotpath/atomic");
  // Each name is a tracker of the model.
  for (const char* f : {"qsbr", "memb", "pcount"})
    for (const char* t : {"percpu_ref", "sweep"}) {
      const std::string n = kernel_case_name("removal", t, f, {});
      EXPECT_TRUE(is_tracker(n.substr(n.find('/') + 1))) << n;
    }
}

// The flavour from the module's kernel line: preemptible RCU first, then a
// preemption count; a line from before preempt_count was written is qsbr's.
TEST(KmodReport, FlavourFromTheKernelLine) {
  auto flavour = [](const char* line) { return kernel_flavour(parse_results(line).at(0)); };
  EXPECT_EQ(flavour("kernel preempt_rcu=1 preempt_count=1\n"), "memb");
  EXPECT_EQ(flavour("kernel preempt_rcu=0 preempt_count=1\n"), "pcount");
  EXPECT_EQ(flavour("kernel preempt_rcu=0 preempt_count=0\n"), "qsbr");
  EXPECT_EQ(flavour("kernel preempt_rcu=0\n"), "qsbr");
}

TEST(KmodReport, TheResultsToolReadsTheDocument) {
  const nlohmann::json doc = gb_document(parse_results(module_text(true)), test_context());
  const results::gb_file f = results::parse_gb_json(doc.dump(2), "bench_kernel.json", "bench_kernel");
  ASSERT_EQ(f.rows.size(), 5u);
  const results::tidy_row& none = f.rows[0];
  EXPECT_EQ(none[results::kind], "hotpath");
  EXPECT_EQ(none[results::subject], "none");
  EXPECT_EQ(none[results::baseline], "true") << "the registry's traits travel with the document";
  EXPECT_EQ(none[results::arm], "1");
  EXPECT_EQ(none[results::threads], "2");
  EXPECT_EQ(none[results::memmap], "dram");
  EXPECT_EQ(none[results::ns_per_pair], "20");       // 40000 ns / (2 x 1000)
  EXPECT_EQ(none[results::pus], "0,1");
  EXPECT_EQ(none[results::pmem], "emulated (qemu TCG guest)");
  EXPECT_EQ(f.rows[1][results::subject], "percpu_ref-memb");
  EXPECT_EQ(f.rows[2][results::kind], "removal");
  EXPECT_EQ(f.rows[2][results::capacity_gib], "1");
  EXPECT_EQ(f.rows[2][results::latency_ns], "5000000");
  EXPECT_EQ(f.rows[3][results::subject], "sweep-memb");
  EXPECT_EQ(f.rows[3][results::sweepers], "2");
  EXPECT_EQ(f.rows[3][results::bytes_read], "16777216");  // 262144 struct pages of 64 bytes
  EXPECT_EQ(f.rows[4][results::arm], "2");
  EXPECT_EQ(f.machine["pmem_kind"], "emulated (qemu TCG guest)");
  const auto& ctx = doc["context"];
  EXPECT_EQ(ctx["kernel_version"], "6.1.0-57-amd64");
  EXPECT_NE(ctx["kernel_preemption"].get<std::string>().find("CONFIG_PREEMPT_RCU=y"), std::string::npos);
  EXPECT_EQ(ctx["kernel_cmdline"], "console=ttyS0 memmap=1G$5G");
}

TEST(KmodReport, ATimedOutRemovalIsAnErrorNotAFigure) {
  const nlohmann::json doc = gb_document(parse_results(module_text(false)), test_context());
  ASSERT_EQ(doc["benchmarks"].size(), 1u);
  const auto& e = doc["benchmarks"][0];
  EXPECT_EQ(e["name"],
            "removal/sweep/capacity_gib:0.25/in_use_pct:0/sweepers:1/memmap:dram/folio_order:0/iterations:1/manual_time");
  EXPECT_TRUE(e["error_occurred"].get<bool>());
  EXPECT_NE(e["error_message"].get<std::string>().find("0x140007"), std::string::npos);
  // The results tool skips entries in error.
  EXPECT_TRUE(results::parse_gb_json(doc.dump(), "f.json", "bench_kernel").rows.empty());
}

TEST(KmodReport, MalformedTextIsRefusedWithTheLine) {
  EXPECT_THROW(parse_results("hotpath tracker\n"), pgmap::error);
  const auto lines = parse_results("params runs=x\nkernel preempt_rcu=1\n");
  EXPECT_THROW(gb_document(lines, test_context()), pgmap::error);
}

}  // namespace
}  // namespace pgmap::kmod
