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

// A whole-number option reads digits only and refuses, never saturates or
// wraps, a value outside its range, which the error gives in plain numbers.
TEST(Cli, WholeNumberOptionsAreStrict) {
  auto run = [](const char* value, std::string* err) {
    std::uint64_t seed = 7;
    unsigned rounds = 0;
    CLI::App app("test tool", "tool");
    add_whole(app, "--seed", seed, 1, std::numeric_limits<std::uint64_t>::max(), "a seed");
    add_whole(app, "--rounds", rounds, 1, 100, "rounds");
    std::vector<const char*> args{"tool", "--seed", value};
    testing::internal::CaptureStderr();
    const auto rc = parse(app, static_cast<int>(args.size()), args.data());
    *err = testing::internal::GetCapturedStderr();
    return rc ? std::optional<std::uint64_t>() : std::optional<std::uint64_t>(seed);
  };
  std::string err;
  EXPECT_EQ(run("18446744073709551615", &err), 18446744073709551615u);
  for (const char* bad : {" 12", "12 ", "+12", "-1", "0", "1e3", "12.0", "0x10", "18446744073709551616",
                          "99999999999999999999999"}) {
    EXPECT_EQ(run(bad, &err), std::nullopt) << bad;
    EXPECT_EQ(err, "tool: --seed: '" + std::string(bad) +
                       "' is not a whole number from 1 to 18446744073709551615 (see --help)\n");
  }
  std::string why;
  EXPECT_EQ(parse_whole("101", 1, 100, &why), std::nullopt);
  EXPECT_EQ(why, "'101' is not a whole number from 1 to 100");
  EXPECT_EQ(parse_whole("100", 1, 100, &why), 100u);
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
