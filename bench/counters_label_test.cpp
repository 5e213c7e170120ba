// A counter tool that could count but gave a case nothing says so in that
// case's label, with its reason: the case is never labelled as measured
// with no counter values (here a fake pcm-memory replays a CSV of core
// columns only, which holds no memory bandwidth).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(CountersLabel, AToolThatMeasuredNothingSaysWhyInTheCase) {
  ASSERT_NE(std::getenv("PGMAP_BINARY_DIR"), nullptr);
  ASSERT_NE(std::getenv("PGMAP_SOURCE_DIR"), nullptr);
  const std::string src = std::getenv("PGMAP_SOURCE_DIR");
  const fs::path bin = fs::path(std::getenv("PGMAP_BINARY_DIR")) / "bench" / "bench_hotpath";
  const fs::path out = fs::temp_directory_path() / ("pgmap-ctrlabel-" + std::to_string(getpid()) + ".json");
  const std::string cmd = "PATH=" + src + "/hw/testdata/fake-pcm:$PATH FAKE_PCM_CSV=" + src +
                          "/hw/testdata/pcm/pcm_synthetic_2skt_optane_comma.csv " + bin.string() +
                          " --counters=pcm-memory --benchmark_filter='bare/atomic2/real_time/threads:1$'"
                          " --benchmark_min_time=0.2 --benchmark_out=" + out.string() +
                          " --benchmark_out_format=json >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(out);
  const nlohmann::json doc = nlohmann::json::parse(in);
  fs::remove(out);
  ASSERT_EQ(doc["benchmarks"].size(), 1u);
  const nlohmann::json& entry = doc["benchmarks"][0];
  EXPECT_EQ(entry["label"].get<std::string>().rfind("counters=unavailable: pcm-memory: ", 0), 0u) << entry["label"];
  for (const auto& [key, value] : entry.items()) EXPECT_FALSE(key.starts_with("ctr_")) << key;
}

}  // namespace
