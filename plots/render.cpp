// render() and gnuplot_unavailable(): the files around a gnuplot run.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "plots/drawable.hpp"
#include "plots/figure.hpp"
#include "plots/gnuplot_process.hpp"
#include "plots/gnuplot_script.hpp"

namespace pgmap::plots {
namespace fs = std::filesystem;
namespace {

// Names no other render (this process or another) uses at the same time.
std::string temp_suffix() {
  static std::atomic<unsigned> counter{0};
  return ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

// The temp files of one render, removed unless renamed into place.
struct temp_files {
  std::vector<fs::path> paths;
  ~temp_files() {
    std::error_code ec;
    for (const fs::path& p : paths) fs::remove(p, ec);
  }
};

void write_file(const fs::path& path, const std::string& text, const std::string& out_base) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw error(path.string() + ": cannot write the gnuplot script for " + out_base);
}

bool non_empty_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && fs::file_size(p, ec) > 0;
}

// gnuplot's warnings (it exited 0): one note per line that says something.
std::vector<std::string> warnings(const std::string& errors) {
  std::vector<std::string> out;
  std::istringstream in(errors);
  for (std::string line; std::getline(in, line);)
    if (line.find("warning") != std::string::npos) out.push_back("gnuplot: " + gnuplot_message(line));
  return out;
}

}  // namespace

std::vector<std::string> render(const figure& f, const std::string& out_base) {
  fs::path base(out_base);
  if (base.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(base.parent_path(), ec);
    if (ec) throw error(base.parent_path().string() + ": cannot create: " + ec.message());
  }
  drawable d = drawable_part(f);
  std::string suffix = temp_suffix();
  fs::path svg = out_base + ".svg", png = out_base + ".png";
  check_replaceable(svg.string());  // before gnuplot runs: nothing is written for a bad target
  check_replaceable(png.string());
  temp_files temps{{out_base + ".gp" + suffix, svg.string() + suffix, png.string() + suffix}};
  const fs::path &script = temps.paths[0], &svg_tmp = temps.paths[1], &png_tmp = temps.paths[2];
  write_file(script, gnuplot_script(f, d, svg_tmp.string(), png_tmp.string()), out_base);

  gnuplot_run run = run_gnuplot({script.string()});
  if (!run.not_run.empty()) throw error(out_base + ": cannot render: " + run.not_run);
  if (run.status != 0)
    throw error(out_base + ": gnuplot failed (exit " + std::to_string(run.status) + "): " + gnuplot_message(run.errors));
  const std::pair<fs::path, fs::path> moves[] = {{svg_tmp, svg}, {png_tmp, png}};
  for (const auto& [from, to] : moves)
    if (!non_empty_file(from)) throw error(to.string() + ": gnuplot wrote nothing");
  for (const auto& [from, to] : moves) {
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) throw error(to.string() + ": cannot write: " + ec.message());
  }
  std::vector<std::string> notes = d.notes;
  for (std::string& w : warnings(run.errors)) notes.push_back(std::move(w));
  return notes;
}

std::string gnuplot_unavailable() {
  gnuplot_run run = run_gnuplot({"-e", "print GPVAL_TERMINALS"});
  if (!run.not_run.empty()) return "unavailable: " + run.not_run;
  if (run.status != 0) return "unavailable: gnuplot failed: " + gnuplot_message(run.errors);
  if (run.errors.find(" svg ") == std::string::npos) return "unavailable: gnuplot has no svg terminal";
  return "";
}

}  // namespace pgmap::plots
