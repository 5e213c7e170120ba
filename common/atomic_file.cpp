#include "common/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.hpp"

namespace pgmap {

namespace {

const char* kind_of(mode_t m) {
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISDIR(m)) return "a folder";
  return "not a regular file";
}

}  // namespace

void check_replaceable(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw pgmap::error(path + ": cannot check: " + std::strerror(errno));
  }
  if (S_ISLNK(st.st_mode))
    throw pgmap::error(path + ": is a symbolic link; refusing to write through it (name the file itself)");
  if (!S_ISREG(st.st_mode))
    throw pgmap::error(path + ": is " + kind_of(st.st_mode) + "; only a regular file is ever replaced");
}

void write_atomically(const std::string& path, const std::string& content) {
  check_replaceable(path);
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw pgmap::error(path + ": cannot write: " + std::strerror(errno));
  std::size_t off = 0;
  while (off < content.size()) {
    const ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw pgmap::error(path + ": cannot write: " + std::strerror(e));
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

}  // namespace pgmap
