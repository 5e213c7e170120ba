#include "bench/suite_record.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "hw/error.hpp"

namespace pgmap::bench {

void write_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw pgmap::error(tmp + ": cannot create: " + std::strerror(errno));
  std::size_t off = 0;
  while (off < content.size()) {
    const ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw pgmap::error(tmp + ": write failed: " + std::strerror(e));
    }
    off += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    throw pgmap::error(path + ": cannot write: " + std::strerror(e));
  }
}

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
    if (b.contains("run_name")) done_.insert(b["run_name"].get<std::string>());
}

void suite_record::add(const nlohmann::json& out) {
  if (doc_["context"].empty() && out.contains("context")) doc_["context"] = out["context"];
  for (const auto& b : out.value("benchmarks", nlohmann::json::array())) {
    doc_["benchmarks"].push_back(b);
    if (b.contains("run_name")) done_.insert(b["run_name"].get<std::string>());
  }
  write_atomically(path_, doc_.dump(2) + "\n");
}

}  // namespace pgmap::bench
