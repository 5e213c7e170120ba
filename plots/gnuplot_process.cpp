#include "plots/gnuplot_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <string_view>

extern char** environ;

namespace pgmap::plots {
namespace {

// The spawn attributes and pipe, released on every path out.
struct spawn_setup {
  posix_spawn_file_actions_t actions;
  int pipe_fd[2] = {-1, -1};
  spawn_setup() { posix_spawn_file_actions_init(&actions); }
  ~spawn_setup() {
    posix_spawn_file_actions_destroy(&actions);
    for (int fd : pipe_fd)
      if (fd >= 0) close(fd);
  }
  spawn_setup(const spawn_setup&) = delete;
  spawn_setup& operator=(const spawn_setup&) = delete;
};

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
    else if (n == 0 || errno != EINTR) return out;
  }
}

// "line N: ..." of a gnuplot message line ("path" line N: ...), else "".
std::string_view after_script_path(std::string_view line) {
  if (line.starts_with('"')) {
    std::size_t close = line.find("\" ", 1);
    if (close == std::string_view::npos) return {};
    line.remove_prefix(close + 2);
  }
  if (!line.starts_with("line ")) return {};
  std::size_t digits_end = line.find_first_not_of("0123456789", 5);
  if (digits_end == 5 || digits_end == std::string_view::npos || line.substr(digits_end, 2) != ": ") return {};
  return line;
}

}  // namespace

gnuplot_run run_gnuplot(const std::vector<std::string>& args) {
  gnuplot_run run;
  spawn_setup setup;
  if (pipe2(setup.pipe_fd, O_CLOEXEC) != 0) {
    run.not_run = std::string("cannot create a pipe for gnuplot: ") + std::strerror(errno);
    return run;
  }
  posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&setup.actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&setup.actions, setup.pipe_fd[1], 2);

  std::vector<std::string> argv_s{"gnuplot"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "gnuplot", &setup.actions, nullptr, argv.data(), environ);
  if (rc != 0) {
    run.not_run = rc == ENOENT ? "gnuplot not found on PATH" : std::string("cannot run gnuplot: ") + std::strerror(rc);
    return run;
  }
  close(setup.pipe_fd[1]);  // so that the read ends when gnuplot does
  setup.pipe_fd[1] = -1;
  run.errors = read_all(setup.pipe_fd[0]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      run.not_run = std::string("cannot wait for gnuplot: ") + std::strerror(errno);
      return run;
    }
  if (WIFEXITED(status)) run.status = WEXITSTATUS(status);
  else run.not_run = "gnuplot killed by signal " + std::to_string(WTERMSIG(status));
  return run;
}

std::string gnuplot_message(const std::string& errors) {
  std::istringstream in(errors);
  std::string first;
  for (std::string line; std::getline(in, line);) {
    if (std::string_view located = after_script_path(line); !located.empty()) return std::string(located);
    if (first.empty() && line.find_first_not_of(" \t^") != std::string::npos) first = line;
  }
  return first.empty() ? "no message" : first;
}

}  // namespace pgmap::plots
