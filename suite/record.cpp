#include "suite/record.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/error.hpp"

namespace pgmap::suite {
namespace {

// An entry is one round of one attempt at one repetition of a case (round
// 0 when a process ran one round and wrote none; attempt 0 when the suite
// ran it once).
record_key key_of(const nlohmann::json& b) {
  return {b.value("run_name", std::string()), b.value("repetition_index", 0u),
          b.value("attempt", 0u), static_cast<unsigned>(b.value("round", 0.0))};
}

}  // namespace


suite_record::suite_record(std::string path) : path_(std::move(path)) {
  std::ifstream in(path_);
  if (!in) {
    doc_ = {{"context", nlohmann::json::object()}, {"benchmarks", nlohmann::json::array()}};
    return;
  }
  try {
    doc_ = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw pgmap::error(path_ + ": not valid JSON (" + e.what() + ")");
  }
  if (!doc_.is_object() || !doc_.contains("benchmarks") || !doc_["benchmarks"].is_array())
    throw pgmap::error(path_ + ": not a Google Benchmark JSON file (no \"benchmarks\" array)");
  if (!doc_.contains("context")) doc_["context"] = nlohmann::json::object();
  for (const auto& b : doc_["benchmarks"])
    if (b.contains("run_name")) {
      entries_.insert(key_of(b));
      count_attempt(b);
    }
}

void suite_record::count_attempt(const nlohmann::json& b) {
  attempts& a = attempts_[{b.value("run_name", std::string()), b.value("repetition_index", 0u)}];
  a.count = std::max(a.count, b.value("attempt", 0u) + 1);
  a.clean = a.clean || !b.value("disturbed", false);
}

void suite_record::add(const nlohmann::json& out) {
  if (doc_["context"].empty() && out.contains("context")) doc_["context"] = out["context"];
  for (const auto& b : out.value("benchmarks", nlohmann::json::array()))
    if (!b.contains("run_name") || entries_.insert(key_of(b)).second) {
      doc_["benchmarks"].push_back(b);
      if (b.contains("run_name")) count_attempt(b);
    }
  write_atomically(path_, doc_.dump(2) + "\n");
}

}  // namespace pgmap::suite
