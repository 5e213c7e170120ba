#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "plots/figure.hpp"
#include "plots/sample_figures.hpp"

namespace pgmap::plots {
namespace {
namespace fs = std::filesystem;

std::string contents(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Render : public ::testing::Test {
 protected:
  fs::path dir;
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "pgmap-plots-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir = tmpl;
  }
  void TearDown() override { fs::remove_all(dir); }

  // OUT.svg is SVG and OUT.png is PNG, and no temp file is left beside them.
  void expect_rendered(const fs::path& out) {
    std::string svg = contents(out.string() + ".svg"), png = contents(out.string() + ".png");
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
    for (const auto& e : fs::directory_iterator(out.parent_path()))
      EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();
  }
};

TEST_F(Render, SampleFiguresRenderToBothFiles) {
  for (const auto& [name, fig] : sample_figures()) {
    render(fig, (dir / name).string());
    expect_rendered(dir / name);
  }
}

TEST_F(Render, CreatesTheParentDirectory) {
  fs::path out = dir / "a" / "b" / "fig";
  render(sample_figures().front().second, out.string());
  expect_rendered(out);
}

TEST_F(Render, NamesWithQuotesAndScriptTextStayNames) {
  fs::path evil = dir / "evil";
  figure f{"it's a \"title\" \\ $x", "sub'title\nset output 'x'", "x ' \"", "y @ & ^_{}"};
  f.lines = {{"a'b\"c\\d <&>", {{1, 1, {}, {}}, {2, 2, {}, {}}}},
             {"x'\nset output '" + evil.string() + "'\nplot 1 title '", {{1, 2, {}, {}}, {2, 3, {}, {}}}}};
  render(f, (dir / "quotes").string());
  expect_rendered(dir / "quotes");
  EXPECT_FALSE(fs::exists(evil));
  std::string svg = contents(dir / "quotes.svg");
  EXPECT_NE(svg.find("<text>a'b\"c\\d &lt;&amp;></text>"), std::string::npos);
}

TEST_F(Render, ZeroOnLogAxesIsLeftOutWithANote) {
  figure f{"log", "", "GiB", "ns", true, true};
  f.lines = {{"s", {{0, 5, {}, {}}, {1, 0, {}, {}}, {2, 10, 0.0, 20.0}, {4, 40, 30.0, 50.0}}}};
  std::vector<std::string> notes = render(f, (dir / "log").string());
  expect_rendered(dir / "log");
  ASSERT_GE(notes.size(), 2u);
  EXPECT_EQ(notes[0], "s: 2 points not shown (x <= 0 on the log x axis)");
}

TEST_F(Render, AllZeroOnLogAxesStillRenders) {
  figure f{"log", "", "GiB", "ns", true, true};
  f.lines = {{"s", {{1, 0, {}, {}}}}};
  render(f, (dir / "empty").string());
  expect_rendered(dir / "empty");
}

// PATH set, for the test's length, to a directory with no gnuplot or with a
// stand-in script.
class OtherGnuplot : public Render {
  std::string saved;

 protected:
  fs::path bin;
  void SetUp() override {
    Render::SetUp();
    saved = std::getenv("PATH") ? std::getenv("PATH") : "";
    bin = dir / "bin";
    fs::create_directory(bin);
    setenv("PATH", bin.c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", saved.c_str(), 1);
    Render::TearDown();
  }
  void stand_in(const std::string& body) {
    std::ofstream(bin / "gnuplot") << "#!/bin/sh\n" << body << "\n";
    fs::permissions(bin / "gnuplot", fs::perms::owner_all);
  }
  std::string render_error() {
    try {
      render(sample_figures().front().second, (dir / "fig").string());
    } catch (const pgmap::error& e) {
      return e.what();
    }
    return "no error";
  }
  // Nothing but bin/ in DIR: no output, no temp file.
  void expect_nothing_written() {
    for (const auto& e : fs::directory_iterator(dir)) EXPECT_EQ(e.path(), bin);
  }
};

TEST_F(OtherGnuplot, MissingGivesOneLineAndWritesNothing) {
  EXPECT_EQ(render_error(), (dir / "fig").string() + ": cannot render: gnuplot not found on PATH");
  expect_nothing_written();
  EXPECT_EQ(gnuplot_unavailable(), "unavailable: gnuplot not found on PATH");
}

TEST_F(OtherGnuplot, FailureGivesItsMessageLine) {
  stand_in("printf '\\nplot $x\\n     ^\\n\"%s\" line 3: undefined variable: x\\n\\n' \"$1\" >&2; exit 1");
  EXPECT_EQ(render_error(), (dir / "fig").string() + ": gnuplot failed (exit 1): line 3: undefined variable: x");
  expect_nothing_written();
  EXPECT_EQ(gnuplot_unavailable(), "unavailable: gnuplot failed: line 3: undefined variable: x");
}

TEST_F(OtherGnuplot, NoOutputIsAnError) {
  stand_in("exit 0");
  EXPECT_EQ(render_error(), (dir / "fig").string() + ".svg: gnuplot wrote nothing");
  expect_nothing_written();
  EXPECT_EQ(gnuplot_unavailable(), "unavailable: gnuplot has no svg terminal");
}

TEST(GnuplotUnavailable, EmptyWhenInstalled) { EXPECT_EQ(gnuplot_unavailable(), ""); }

}  // namespace
}  // namespace pgmap::plots
