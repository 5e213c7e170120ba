#include "hw/probe.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace pgmap::hw {
namespace {

// Enough for any record field; a runaway command is cut here.
constexpr size_t max_output = 1 << 20;

std::string trimmed(std::string s) {
  const char* space = " \t\r\n";
  s.erase(s.find_last_not_of(space) + 1);
  s.erase(0, s.find_first_not_of(space));
  return s;
}

std::string first_line(const std::string& s) {
  const std::string t = trimmed(s);
  return t.substr(0, t.find('\n'));
}

// Closes the descriptors it holds, whatever path leaves the function.
struct fds {
  int fd[2] = {-1, -1};
  ~fds() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
};

// Reads both pipes until they close or the deadline passes; false on timeout.
bool drain(int out_fd, int err_fd, std::string& out, std::string& err,
           std::chrono::steady_clock::time_point deadline) {
  pollfd p[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sink[2] = {&out, &err};
  int open_pipes = 2;
  char buf[4096];
  while (open_pipes > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    const int n = poll(p, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    for (int i = 0; i < 2; ++i) {
      if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t got = read(p[i].fd, buf, sizeof buf);
      if (got > 0 && sink[i]->size() < max_output) sink[i]->append(buf, static_cast<size_t>(got));
      if (got == 0 || (got < 0 && errno != EINTR)) {
        p[i].fd = -1;
        --open_pipes;
      }
    }
  }
  return true;
}

// A child may close its output and keep running: wait for its exit, but no
// later than the deadline (the caller reaps it).
bool exited_by(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  siginfo_t info{};
  while (true) {
    info.si_pid = 0;
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0)
      return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    usleep(1000);
  }
}

}  // namespace

reading read_file(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {"", path + ": " + std::strerror(errno)};
  std::string text;
  char buf[4096];
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) > 0 && text.size() < max_output) text.append(buf, static_cast<size_t>(got));
  const int read_errno = errno;
  close(fd);
  if (got < 0) return {"", path + ": " + std::strerror(read_errno)};
  return {trimmed(text), ""};
}

reading run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  const std::string& prog = argv.at(0);
  fds out, err;
  if (pipe2(out.fd, O_CLOEXEC) != 0 || pipe2(err.fd, O_CLOEXEC) != 0)
    return {"", prog + ": pipe: " + std::strerror(errno)};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, prog.c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) return {"", prog + " not installed"};
  if (rc != 0) return {"", prog + ": " + std::strerror(rc)};
  // Only the child keeps the write ends, so the pipes close when it exits.
  close(out.fd[1]);
  close(err.fd[1]);
  out.fd[1] = err.fd[1] = -1;

  std::string stdout_text, stderr_text;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const bool finished = drain(out.fd[0], err.fd[0], stdout_text, stderr_text, deadline) &&
                        exited_by(pid, deadline);
  int status = 0;
  if (!finished) kill(pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) return {"", prog + " timed out after " + std::to_string(timeout.count()) + " ms"};
  if (WIFSIGNALED(status)) return {"", prog + " killed by signal " + std::to_string(WTERMSIG(status))};
  if (WEXITSTATUS(status) != 0) {
    const std::string msg = first_line(stderr_text.empty() ? stdout_text : stderr_text);
    return {"", prog + " exited with status " + std::to_string(WEXITSTATUS(status)) + (msg.empty() ? "" : ": " + msg)};
  }
  return {trimmed(stdout_text), ""};
}

}  // namespace pgmap::hw
