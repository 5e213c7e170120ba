#include "common/atomic_file.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/error.hpp"

namespace pgmap {
namespace {

namespace fs = std::filesystem;

TEST(AtomicFile, ReplacesWholeAndLeavesNoTemporary) {
  const fs::path d = fs::temp_directory_path() / ("pgmap-atomic-" + std::to_string(::getpid()));
  fs::create_directories(d);
  write_atomically((d / "f.json").string(), "one");
  write_atomically((d / "f.json").string(), "two");
  std::ifstream in(d / "f.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "two");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
  fs::remove_all(d);
}

TEST(AtomicFile, NamesThePathOnFailure) {
  try {
    write_atomically("/nonexistent-dir/x.json", "x");
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent-dir/x.json: cannot write", 0), 0u);
  }
}

}  // namespace
}  // namespace pgmap
