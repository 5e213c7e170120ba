// One binary's results in a run folder: the Google Benchmark JSON of every
// finished case, merged into one file that is rewritten atomically after each
// case, so an interrupted run keeps what it finished and can resume.
#pragma once
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace pgmap::bench {

// Writes content to path through a temporary file in the same folder,
// flushed and renamed over path: readers see the old file or the new one.
void write_atomically(const std::string& path, const std::string& content);

class suite_record {
 public:
  // Loads path if it exists (throws pgmap::error naming it if it is not a
  // Google Benchmark JSON file), else starts empty.
  explicit suite_record(std::string path);
  bool has(const std::string& case_name) const { return done_.count(case_name) > 0; }
  std::size_t cases() const { return done_.size(); }
  const nlohmann::json& context() const { return doc_["context"]; }
  // Adds one case's output (a whole Google Benchmark JSON document); keeps the
  // first context; writes the file.
  void add(const nlohmann::json& case_output);

 private:
  std::string path_;
  nlohmann::json doc_;
  std::set<std::string> done_;
};

}  // namespace pgmap::bench
