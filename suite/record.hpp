// One binary's results in a run folder: the Google Benchmark JSON of every
// finished process, merged into one file that is rewritten atomically after
// each process, so an interrupted run keeps what it finished and can resume.
#pragma once
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace pgmap::suite {

using record_key = std::tuple<std::string, unsigned, unsigned, unsigned>;  // case, repetition, attempt, round

class suite_record {
 public:
  // Loads path if it exists (throws pgmap::error naming it if it is not a
  // Google Benchmark JSON file), else starts empty.
  explicit suite_record(std::string path);
  // Whether repetition `rep` (repetition_index) of the case is recorded.
  bool has(const std::string& case_name, unsigned rep) const {
    const auto it = entries_.lower_bound({case_name, rep, 0, 0});
    return it != entries_.end() && std::get<0>(*it) == case_name && std::get<1>(*it) == rep;
  }
  // The attempts recorded at repetition `rep` of the case: how many, and
  // whether one of them was not flagged disturbed (the suite's retries).
  struct attempts {
    unsigned count = 0;
    bool clean = false;
  };
  attempts attempts_of(const std::string& case_name, unsigned rep) const {
    const auto it = attempts_.find({case_name, rep});
    return it == attempts_.end() ? attempts{} : it->second;
  }
  std::size_t entries() const { return entries_.size(); }
  const nlohmann::json& context() const { return doc_["context"]; }
  // Adds one process's output (a whole Google Benchmark JSON document),
  // skipping entries already recorded; keeps the first context; writes the file.
  void add(const nlohmann::json& process_output);

 private:
  std::string path_;
  nlohmann::json doc_;
  std::set<record_key> entries_;
  std::map<std::pair<std::string, unsigned>, attempts> attempts_;
  void count_attempt(const nlohmann::json& entry);
};

}  // namespace pgmap::suite
