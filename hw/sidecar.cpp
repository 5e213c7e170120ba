#include "hw/sidecar.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

#include "common/error.hpp"
#include "hw/text_file.hpp"

namespace pgmap::hw {
namespace {

bool executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// A descriptor closed on scope exit; also closed in the child by exec.
struct fd_guard {
  int fd = -1;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

int open_or_throw(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) throw error(path + ": cannot open: " + std::strerror(errno));
  return fd;
}

// Runs in the forked child, so only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const char* path, char* const argv[], int null_fd, int log_fd, int report_fd,
                             pid_t parent) {
  ::setpgid(0, 0);  // own group: stop() signals the tool and anything it forks
  // The tool gets SIGTERM (and can restore what it programmed) if the
  // thread that started it dies without stop(), e.g. a crash of the bench.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
  // Blocked or ignored signals survive exec: stop() must reach the tool.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig : {SIGINT, SIGTERM, SIGPIPE}) ::sigaction(sig, &dfl, nullptr);
  if (::dup2(null_fd, 0) >= 0 && ::dup2(log_fd, 1) >= 0 && ::dup2(log_fd, 2) >= 0) ::execv(path, argv);
  const int err = errno;
  [[maybe_unused]] auto ignored = ::write(report_fd, &err, sizeof err);
  ::_exit(127);
}

}  // namespace

std::optional<std::string> find_program(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) return executable_file(name) ? std::optional(name) : std::nullopt;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (executable_file(candidate)) return candidate;
  }
  return std::nullopt;
}

sidecar::sidecar(std::vector<std::string> argv, std::string log_path) : log_path_(std::move(log_path)) {
  if (argv.empty()) throw error("sidecar: no program given");
  const auto path = find_program(argv[0]);
  if (!path) throw error(argv[0] + ": not found (PATH=" + (std::getenv("PATH") ? std::getenv("PATH") : "") + ")");
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);

  const fd_guard null_fd{open_or_throw("/dev/null", O_RDONLY)};
  const fd_guard log_fd{open_or_throw(log_path_, O_WRONLY | O_CREAT | O_TRUNC)};
  int report[2];  // the child writes errno here when exec fails
  if (::pipe2(report, O_CLOEXEC) != 0) throw error(argv[0] + ": cannot start: pipe: " + std::strerror(errno));
  fd_guard report_read{report[0]};
  fd_guard report_write{report[1]};

  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw error(argv[0] + ": cannot start: fork: " + std::strerror(errno));
  if (pid_ == 0) exec_child(path->c_str(), args.data(), null_fd.fd, log_fd.fd, report[1], parent);
  ::setpgid(pid_, pid_);  // also here, so the group exists before any signal
  ::close(report_write.fd);
  report_write.fd = -1;
  int err = 0;
  ssize_t got;
  while ((got = ::read(report_read.fd, &err, sizeof err)) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof err)) {
    reap(true);
    throw error(*path + ": cannot run: " + std::strerror(err));
  }
}

sidecar::~sidecar() {
  if (pid_ > 0 && !exit_code_) {
    signal_group(SIGKILL);
    reap(true);
  }
}

void sidecar::signal_group(int sig) const { ::kill(-pid_, sig); }

bool sidecar::reap(bool block) {
  if (exit_code_) return true;
  siginfo_t info{};
  // WNOWAIT keeps the leader a zombie, so its group id cannot be reused
  // while the rest of the group is killed.
  int rc;
  while ((rc = ::waitid(P_PID, pid_, &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG))) < 0 && errno == EINTR) {
  }
  if (rc < 0 || info.si_pid != pid_) return false;
  signal_group(SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

bool sidecar::running() { return !reap(false); }

std::optional<int> sidecar::wait(double timeout_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (!reap(false)) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return exit_code_;
}

int sidecar::stop(double grace_seconds) {
  for (int sig : {SIGINT, SIGTERM}) {
    if (exit_code_) break;
    signal_group(sig);
    wait(grace_seconds);
  }
  if (!exit_code_) {
    signal_group(SIGKILL);
    reap(true);
  }
  return *exit_code_;
}

std::string sidecar::log_tail(std::size_t max_chars) const {
  std::string text = read_text_file(log_path_).value_or("");
  const auto last = text.find_last_not_of(" \t\r\n");
  text.erase(last == std::string::npos ? 0 : last + 1);
  if (text.size() > max_chars) {
    const auto cut = text.size() - max_chars;
    // Start on a whole line when the cut falls inside one that is not the last.
    const auto nl = text.find('\n', cut);
    text.erase(0, text[cut - 1] == '\n' || nl == std::string::npos ? cut : nl + 1);
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string::npos ? std::string{} : text.substr(first);
}

}  // namespace pgmap::hw
