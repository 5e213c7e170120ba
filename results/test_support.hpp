// Shared by the results tests: fixture paths and scratch folders.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "common/error.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results::testing {

// A file of the source tree, by its path from the top.
inline std::string source_path(const std::string& rel) {
  const char* src = std::getenv("PGMAP_SOURCE_DIR");
  return std::string(src ? src : ".") + "/" + rel;
}

inline std::string testdata(const std::string& rel) { return source_path("results/testdata/" + rel); }

// <build>/results: PGMAP_BINARY_DIR/results, else the test binary's folder
// (ctest runs the tests from there).
inline std::filesystem::path build_results_dir() {
  if (const char* bin = std::getenv("PGMAP_BINARY_DIR")) return std::filesystem::path(bin) / "results";
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

// A fresh folder under the build tree, removed by the destructor.
struct scratch {
  std::filesystem::path dir;
  explicit scratch(const std::string& name) {
    dir = build_results_dir() / "scratch" / (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~scratch() { std::filesystem::remove_all(dir); }
  // A copy of testdata/<fixture> as dir/<fixture>.
  std::string copy_run(const std::string& fixture) const {
    std::filesystem::path to = dir / fixture;
    std::filesystem::copy(testdata(fixture), to, std::filesystem::copy_options::recursive);
    return to.string();
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::filesystem::path p = dir / name;
    std::ofstream(p) << text;
    return p.string();
  }
};

// The pgmap::error message `f` throws, or "no error".
template <class F>
std::string error_text(F&& f) {
  try {
    f();
  } catch (const pgmap::error& e) {
    return e.what();
  }
  return "no error";
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The run with each of its hot-path and removal cases also at folio order
// `order` (the same values, the name and column saying the order).
// The run with a copy of each row `pick` admits, changed by `change`.
template <class Pick, class Change>
run_data with_copies(run_data run, Pick pick, Change change) {
  tidy_rows more;
  for (tidy_row r : run.rows)
    if (pick(r)) {
      change(r);
      more.push_back(r);
    }
  run.rows.insert(run.rows.end(), more.begin(), more.end());
  return run;
}

inline run_data with_folio_order_copies(run_data run, const std::string& order) {
  return with_copies(
      std::move(run), [](const tidy_row& r) { return r[kind] == "hotpath" || r[kind] == "removal"; },
      [&](tidy_row& r) {
        r[folio_order] = order;
        r[case_name] += "/folio_order:" + order;
      });
}

}  // namespace pgmap::results::testing
