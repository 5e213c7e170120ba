#include "suite/run_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <ctime>
#include <fstream>

#include "common/atomic_file.hpp"
#include "common/cli.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace pgmap::suite {

namespace fs = std::filesystem;

namespace {

// FNV-1a over the file: changes whenever the binary does.
std::string content_hash(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw pgmap::error(file.string() + ": cannot read (is it built?)");
  std::uint64_t h = 0xcbf29ce484222325ull;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buf[i]);
      h *= 0x100000001b3ull;
    }
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::string host_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

}  // namespace

nlohmann::json build_identity(const fs::path& bin, const std::vector<std::string>& binaries) {
  nlohmann::json id = {{"host", host_name()},
                       {"commit", pgmap::cli::build_commit()},
                       {"binaries", nlohmann::json::object()}};
  for (const std::string& b : binaries) id["binaries"][b] = content_hash(bin / b);
  return id;
}

folder_lock::folder_lock(const fs::path& run, const std::string& option) {
  const std::string what = option + " " + run.string();
  const fs::path file = run / ".lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0) throw pgmap::error(what + ": cannot lock (" + file.string() + ": " + std::strerror(errno) + ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    char pid[32] = {};
    const ssize_t n = ::pread(fd_, pid, sizeof pid - 1, 0);
    ::close(fd_);
    fd_ = -1;
    if (e != EWOULDBLOCK)
      throw pgmap::error(what + ": cannot lock (" + file.string() + ": " + std::strerror(e) + ")");
    std::string holder = n > 0 ? std::string(pid, static_cast<std::size_t>(n)) : "unknown";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    throw pgmap::error(what + ": in use by pid " + holder +
                       " (another pgmap-suite is writing it; wait for it, or stop it and resume)");
  }
  const std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size())) {
    const int e = errno;
    ::close(fd_);
    fd_ = -1;
    throw pgmap::error(what + ": cannot lock (" + file.string() + ": " + std::strerror(e) + ")");
  }
}

folder_lock::~folder_lock() {
  if (fd_ >= 0) ::close(fd_);  // the kernel drops the flock with the last descriptor
}

void check_new_run_folder(const fs::path& run) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(run, ec);
  if (fs::is_symlink(st))
    throw pgmap::error("--out " + run.string() + ": is a symbolic link; name the folder itself");
  if (fs::exists(st) && !fs::is_directory(st))
    throw pgmap::error("--out " + run.string() + ": exists and is not a folder");
  if (fs::exists(st) && !fs::is_empty(run, ec))
    throw pgmap::error("--out " + run.string() + ": exists and is not empty (use --resume to continue it)");
}

folder_lock create_run_folder(const fs::path& run, const suite_options& o, const nlohmann::json& identity) {
  check_new_run_folder(run);
  std::error_code ec;
  fs::create_directories(run / "counters", ec);
  if (ec) throw pgmap::error("--out " + run.string() + ": cannot create: " + ec.message());
  folder_lock lock(run, "--out");  // a second suite on the same new folder stops here
  const nlohmann::json doc = {{"options", to_json(o)}, {"build", identity}};
  write_atomically((run / "suite.json").string(), doc.dump(2) + "\n");
  return lock;
}

namespace {

nlohmann::json read_suite_json(const fs::path& run) {
  std::ifstream in(run / "suite.json");
  if (!in) throw pgmap::error("--resume " + run.string() + ": not a run folder (no suite.json)");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw pgmap::error("--resume " + run.string() + ": suite.json is not JSON (" + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("options") || !doc.contains("build"))
    throw pgmap::error("--resume " + run.string() + ": suite.json has no options or build");
  return doc;
}

std::string utc_now() {
  char ts[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return ts;
}

}  // namespace

opened_run open_run_folder(const fs::path& run, const nlohmann::json& identity, bool force) {
  const nlohmann::json doc = read_suite_json(run);
  namespace f = json_fields;
  std::string differs;
  suite_options options;
  try {
    const nlohmann::json& was = doc["build"];
    for (const char* key : {"host", "commit"}) {
      const std::string then = f::text(was, "build", key, "unknown");
      if (then != identity[key].get<std::string>())
        differs += std::string(" ") + key + " " + then + " (this is " + identity[key].get<std::string>() + ");";
    }
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json& bins = was.is_object() && was.contains("binaries") ? was["binaries"] : none;
    for (const auto& [name, hash] : identity["binaries"].items())
      if (f::text(bins, "build.binaries", name.c_str(), "") != hash) differs += " " + name + " was rebuilt;";
    options = options_from_json(doc["options"]);
  } catch (const pgmap::error& e) {
    throw pgmap::error("--resume " + run.string() + ": " + (run / "suite.json").string() + ": " + e.what());
  }
  if (!differs.empty()) differs.erase(differs.size() - 1).erase(0, 1);
  if (!differs.empty() && !force)
    throw pgmap::error("--resume " + run.string() + ": written by another build or host: " + differs +
                       " (data of two builds must not mix; --force-resume runs it anyway)");
  return {options, differs};
}

void record_forced_resume(const fs::path& run, const std::string& differs) {
  nlohmann::json doc = read_suite_json(run);
  doc["forced_resumes"].push_back({{"time", utc_now()}, {"differs", differs}});
  write_atomically((run / "suite.json").string(), doc.dump(2) + "\n");
}

}  // namespace pgmap::suite
