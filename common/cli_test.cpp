// The shared command-line convention: usage errors are exit 2 and name the
// input, empty values are refused, --version names tool, version and commit,
// help wraps within 80 columns.
#include "common/cli.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace pgmap::cli {
namespace {

std::optional<int> parse_args(std::vector<const char*> args, std::string* err = nullptr) {
  std::string value;
  bool flag = false;
  CLI::App app("test tool", "tool");
  add_version(app, "tool");
  app.add_option("--resume", value, "a folder");
  app.add_flag("--force", flag, "a flag");
  args.insert(args.begin(), "tool");
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  const auto rc = parse(app, static_cast<int>(args.size()), args.data());
  const std::string e = testing::internal::GetCapturedStderr();
  testing::internal::GetCapturedStdout();
  if (err) *err = e;
  return rc;
}

TEST(Cli, EmptyValueIsAUsageErrorNamingTheOption) {
  std::string err;
  EXPECT_EQ(parse_args({"--resume", ""}, &err), 2);
  EXPECT_EQ(err, "tool: --resume: empty value (see --help)\n");
  EXPECT_EQ(parse_args({"--resume="}, &err), 2);
  EXPECT_EQ(parse_args({"--resume", "x", "--force"}), std::nullopt);
}

TEST(Cli, UnknownFlagIsExitTwoOnOneLine) {
  std::string err;
  EXPECT_EQ(parse_args({"--frob"}, &err), 2);
  EXPECT_EQ(err.rfind("tool: ", 0), 0u) << err;
  EXPECT_NE(err.find("--frob"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
}

TEST(Cli, VersionAndHelpExitZero) {
  EXPECT_EQ(parse_args({"--version"}), 0);
  EXPECT_EQ(parse_args({"--help"}), 0);
  EXPECT_NE(version_line("tool").find("tool 0.2.0 (commit "), std::string::npos);
}

TEST(Cli, HelpWrapsAtTheDescriptionColumn) {
  const std::string line = "  --pmem TEXT    " + std::string(40, 'a') + " " + std::string(40, 'b');
  const std::string w = wrap_help(line + "\n");
  EXPECT_EQ(w, "  --pmem TEXT    " + std::string(40, 'a') + "\n" + std::string(17, ' ') +
                   std::string(40, 'b') + "\n");
  std::istringstream in(wrap_help(std::string(50, 'x') + " " + std::string(50, 'y') + "\n"));
  for (std::string l; std::getline(in, l);) EXPECT_LE(l.size(), 80u) << l;
}

}  // namespace
}  // namespace pgmap::cli
