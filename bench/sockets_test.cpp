// The hot path's sockets: on a 2-package topology (hwloc's synthetic one,
// listed, not run: its PUs are not this machine's) --sockets 1,2 gives each
// thread count a case on one package while one package holds it, and one
// with threads alternating packages from 2 threads on.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

struct result {
  int exit_code;
  std::string out;
};

// bench_hotpath's stdout (stderr too when `with_errors`) and exit status.
result hotpath(const std::string& topology, const std::string& args, bool with_errors = false) {
  const std::string bin = std::string(std::getenv("PGMAP_BINARY_DIR")) + "/bench/bench_hotpath";
  const std::string cmd = "HWLOC_SYNTHETIC='" + topology + "' " + bin +
                          " --trackers=atomic --work=none --pages=private --benchmark_list_tests " + args +
                          (with_errors ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

bool lists(const result& r, const std::string& sockets, const std::string& threads) {
  return r.out.find("hotpath/atomic/pages:private/work:none/memmap:dram/sockets:" + sockets +
                    "/folio_order:0/real_time/threads:" + threads + "\n") != std::string::npos;
}

TEST(Sockets, OnePackageWhileItHoldsTheThreadsAndAcrossTwo) {
  ASSERT_NE(std::getenv("PGMAP_BINARY_DIR"), nullptr);
  const result both = hotpath("pack:2 core:2 pu:1", "--sockets=1,2");
  ASSERT_EQ(both.exit_code, 0) << both.out;
  EXPECT_TRUE(lists(both, "1", "1"));
  EXPECT_TRUE(lists(both, "1", "2"));
  EXPECT_FALSE(lists(both, "1", "3")) << "3 threads do not fit one package of 2 PUs";
  EXPECT_FALSE(lists(both, "2", "1")) << "one thread is on one package";
  EXPECT_TRUE(lists(both, "2", "2"));
  EXPECT_TRUE(lists(both, "2", "4"));
  // Without --sockets each case says what the placement gave it.
  const result own = hotpath("pack:2 core:2 pu:1", "");
  EXPECT_TRUE(lists(own, "1", "2"));
  EXPECT_TRUE(lists(own, "2", "3"));
  EXPECT_FALSE(lists(own, "1", "3"));
}

TEST(Sockets, TwoOnOnePackageOrThreeIsAUsageError) {
  ASSERT_NE(std::getenv("PGMAP_BINARY_DIR"), nullptr);
  const result one = hotpath("pack:1 core:2 pu:1", "--sockets=2", true);
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.out.find("--sockets 2: placement 'cross': needs at least 2 packages, the topology has 1"),
            std::string::npos) << one.out;
  const result three = hotpath("pack:2 core:2 pu:1", "--sockets=1,3", true);
  EXPECT_EQ(three.exit_code, 2);
  EXPECT_NE(three.out.find("--sockets: '3' is not 1 (one package) or 2 (threads alternating packages)"),
            std::string::npos) << three.out;
}

}  // namespace
