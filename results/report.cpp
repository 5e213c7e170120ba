#include "results/report.hpp"

#include <filesystem>

#include "common/error.hpp"
#include "results/figures.hpp"
#include "results/output_file.hpp"
#include "results/post.hpp"
#include "results/summary.hpp"
#include "results/tidy_csv.hpp"
#include "results/verdict.hpp"

namespace pgmap::results {
namespace fs = std::filesystem;

run_data write_tidy(const std::string& run_dir) {
  run_data run = tidy_run(run_dir);
  write_output((fs::path(run_dir) / "tidy.csv").string(), tidy_csv_text(run.rows),
               overwrite::allow, bench_files(run_dir));
  return run;
}

report_result write_report(const std::string& run_dir) {
  const std::vector<run_data> runs = {write_tidy(run_dir)};
  fs::path dir(run_dir);
  std::vector<std::string> inputs = bench_files(run_dir);
  document doc = summary(runs);
  // Figures are an extra: when gnuplot fails the report still stands, and says why.
  std::string plots_status;
  try {
    plots_status = draw_figures(runs, (dir / "plots").string(), overwrite::allow);
  } catch (const pgmap::error& e) {
    plots_status = std::string("unavailable: ") + e.what();
  }
  doc.closing.push_back("Plots: " + plots_status);
  write_output((dir / "summary.md").string(), render(doc, format::md), overwrite::allow, inputs);
  write_output((dir / "summary.txt").string(), render(doc, format::txt), overwrite::allow, inputs);
  const document p = post(runs);
  write_output((dir / "report.txt").string(), render(p, format::txt), overwrite::allow, inputs);
  write_output((dir / "report.md").string(), render(p, format::md), overwrite::allow, inputs);
  verdict_result v = verdict(runs);
  write_output((dir / "verdict.md").string(), render(v.doc, format::md), overwrite::allow, inputs);
  write_output((dir / "verdict.csv").string(), render(v.every, format::csv), overwrite::allow, inputs);
  return {render(p, format::txt), v.sentences};
}

std::string write_merged_report(const std::vector<run_data>& runs, const std::string& out_dir,
                                overwrite mode, const std::vector<std::string>& inputs) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw pgmap::error("--out " + out_dir + ": cannot create: " + ec.message());
  const document p = post(runs);
  const std::string txt = render(p, format::txt);
  write_output((fs::path(out_dir) / "report.txt").string(), txt, mode, inputs);
  write_output((fs::path(out_dir) / "report.md").string(), render(p, format::md), mode, inputs);
  return txt;
}

}  // namespace pgmap::results
