// Test support for the counters tests: where the test data is, and scratch
// directories that clean up after themselves.
#pragma once
#include <stdlib.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

namespace pgmap::hw::test_support {

// PGMAP_SOURCE_DIR under ctest; else found from this file, so a test binary
// also runs on its own.
inline std::string source_dir() {
  const char* dir = std::getenv("PGMAP_SOURCE_DIR");
  return dir ? dir : std::filesystem::path(__FILE__).parent_path().parent_path().string();
}

// hw/testdata/pcm/<name>
inline std::string pcm_testdata(const std::string& name) { return source_dir() + "/hw/testdata/pcm/" + name; }

// ../shared/fixtures/pcm, the real PCM recordings (absent outside this project's CI).
inline std::string shared_pcm_fixtures() { return source_dir() + "/../shared/fixtures/pcm"; }

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// values[name] is there and equals `expected` to 1e-9 (relative): unit
// scaling multiplies decimal cells, so exact equality would be luck.
inline void expect_close(const std::map<std::string, double>& values, const std::string& name, double expected) {
  const auto it = values.find(name);
  ASSERT_NE(it, values.end()) << name << " missing";
  EXPECT_NEAR(it->second, expected, 1e-9 * expected) << name;
}

struct scratch_dir {
  std::string path;
  scratch_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pgmap-counters-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  std::string operator/(const std::string& name) const { return path + "/" + name; }
};

}  // namespace pgmap::hw::test_support
