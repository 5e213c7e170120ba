#include "common/atomic_file.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/error.hpp"

namespace pgmap {
namespace {

namespace fs = std::filesystem;

TEST(AtomicFile, ReplacesWholeAndLeavesNoTemporary) {
  const fs::path d = fs::temp_directory_path() / ("pgmap-atomic-" + std::to_string(::getpid()));
  fs::create_directories(d);
  write_atomically((d / "f.json").string(), "one");
  write_atomically((d / "f.json").string(), "two");
  std::ifstream in(d / "f.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "two");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
  fs::remove_all(d);
}

TEST(AtomicFile, NamesThePathOnFailure) {
  try {
    write_atomically("/nonexistent-dir/x.json", "x");
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent-dir/x.json: cannot write", 0), 0u);
  }
}

// What write_atomically must never replace, whoever asks: each survives as
// it was, and the error names the path and what it is.
TEST(AtomicFile, NeverReplacesWhatIsNotARegularFile) {
  const fs::path d = fs::temp_directory_path() / ("pgmap-special-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  const std::string fifo = (d / "fifo").string(), sock = (d / "sock").string(),
                    link = (d / "link").string(), target = (d / "target").string(),
                    dev = (d / "null").string(), dir = (d / "dir").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, sock.c_str(), sizeof a.sun_path - 1);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  write_atomically(target, "kept");
  fs::create_symlink(target, link);
  fs::create_directories(dir);
  // A character device of our own (the null device's numbers): needs root.
  const bool have_dev = ::mknod(dev.c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0;
  const std::pair<std::string, std::string> cases[] = {
      {fifo, "is a FIFO; only a regular file is ever replaced"},
      {sock, "is a socket; only a regular file is ever replaced"},
      {dir, "is a folder; only a regular file is ever replaced"},
      {link, "is a symbolic link; refusing to write through it (name the file itself)"},
      {dev, "is a character device; only a regular file is ever replaced"}};
  for (const auto& [path, why] : cases) {
    if (path == dev && !have_dev) continue;
    const fs::file_status before = fs::symlink_status(path);
    try {
      write_atomically(path, "replaced");
      ADD_FAILURE() << path << " was written";
    } catch (const pgmap::error& e) {
      EXPECT_EQ(std::string(e.what()), path + ": " + why);
    }
    EXPECT_EQ(fs::symlink_status(path).type(), before.type()) << path;
  }
  std::ifstream in(target);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "kept");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), have_dev ? 6 : 5)
      << "a temporary was left behind";
  ::close(s);
  fs::remove_all(d);
  if (!have_dev) GTEST_SKIP() << "no character device of our own (mknod needs root); the rest passed";
}

}  // namespace
}  // namespace pgmap
