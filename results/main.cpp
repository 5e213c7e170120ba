// pgmap-results: from Google Benchmark JSON to tidy data, statistics,
// the break-even verdict, A/B comparisons and plots.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <regex>

#include "common/cli.hpp"
#include "common/error.hpp"
#include "results/agree.hpp"
#include "results/compare.hpp"
#include "results/figures.hpp"
#include "results/output_file.hpp"
#include "results/report.hpp"
#include "results/summary.hpp"
#include "results/verdict.hpp"

namespace fs = std::filesystem;
using namespace pgmap::results;

namespace {

struct output_options {
  std::string format = "md";
  std::string out;
  bool force = false;
};

void add_output_options(CLI::App* cmd, output_options& o) {
  cmd->add_option("--format", o.format, "md (Markdown, default), txt (plain, <= 72 columns) or csv")
      ->check(CLI::IsMember({"md", "txt", "csv"}));
  cmd->add_option("--out", o.out, "write to FILE (atomically) instead of stdout");
  cmd->add_flag("--force", o.force, "overwrite --out FILE if it is a regular file (never an input, a device, FIFO, socket or symlink)");
}

// Every file a run argument may be read from: outputs must not be one.
std::vector<std::string> input_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    files.push_back(p);
    std::error_code ec;
    if (!fs::is_directory(p, ec)) continue;
    for (const auto& e : fs::directory_iterator(p, ec))
      if (e.is_regular_file()) files.push_back(e.path().string());
  }
  return files;
}

// Warns on stderr when the runs differ in commit, machine or options.
// Loaded first: a run that cannot be read is the one line said.
std::vector<run_data> load_compared(const std::vector<std::string>& paths) {
  std::vector<run_data> runs = load_runs(paths);
  for (const std::string& w : run_differences(paths)) std::cerr << "pgmap-results: warning: " << w << "\n";
  return runs;
}

void emit(const document& doc, const output_options& o, const std::vector<std::string>& inputs) {
  std::string text = render(doc, parse_format(o.format));
  if (o.out.empty()) std::cout << text;
  else write_output(o.out, text, o.force ? overwrite::allow : overwrite::refuse, input_files(inputs));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pgmap-results: tidy data, statistics, verdict, A/B compare and plots of "
               "pgmap-bench runs. A RUN is a run folder (results/runs/<host>-<time>/) or, "
               "where noted, a tidy.csv.", "pgmap-results"};
  app.require_subcommand(1);

  std::string tidy_dir;
  auto* tidy_cmd = app.add_subcommand("tidy", "RUN's bench_*.json -> RUN/tidy.csv (one row per case and repetition)");
  tidy_cmd->add_option("RUN", tidy_dir, "run folder")->required();

  std::vector<std::string> summary_runs;
  std::string summary_filter;
  output_options summary_out;
  auto* summary_cmd = app.add_subcommand("summary", "per case median, CI, CV, n; overheads, scaling, removal, harness check, noise floor");
  summary_cmd->add_option("RUN", summary_runs, "run folders or tidy.csv files")->required();
  summary_cmd->add_option("--filter", summary_filter, "only cases whose name matches REGEX (ECMAScript)");
  add_output_options(summary_cmd, summary_out);

  std::vector<std::string> verdict_runs;
  output_options verdict_out;
  auto* verdict_cmd = app.add_subcommand("verdict", "break-even table: when removals are rare enough for the sweep to win");
  verdict_cmd->add_option("RUN", verdict_runs, "run folders or tidy.csv files")->required();
  add_output_options(verdict_cmd, verdict_out);

  std::vector<std::string> ab;
  output_options compare_out;
  auto* compare_cmd = app.add_subcommand("compare", "A/B: change of each case's medians, Hodges-Lehmann interval, Mann-Whitney U p-value, what it could see");
  compare_cmd->add_option("A B", ab, "two run folders or tidy.csv files")->required()->expected(2);
  add_output_options(compare_cmd, compare_out);

  std::vector<std::string> agree_ab;
  output_options agree_out;
  auto* agree_cmd = app.add_subcommand(
      "agree", "two runs of one host and build: whether each verdict row agrees; exits 1 when a headline row does not");
  agree_cmd->add_option("A B", agree_ab, "two run folders or tidy.csv files")->required()->expected(2);
  add_output_options(agree_cmd, agree_out);

  std::vector<std::string> report_runs;
  std::string report_out;
  bool report_force = false;
  auto* report_cmd = app.add_subcommand(
      "report", "one RUN: write its tidy.csv, report.txt/.md, summary, verdict.md/.csv, plots/; "
                "several: one report.txt/.md with a row per run label into --out");
  report_cmd->add_option("RUN", report_runs, "run folders (several: tidy.csv files too)")->required();
  report_cmd->add_option("--out", report_out, "folder for the merged report of several runs");
  report_cmd->add_flag("--force", report_force, "overwrite the merged report's regular files in --out (never a device, FIFO or symlink)");

  std::vector<std::string> plot_runs;
  std::string plot_dir;
  bool plot_force = false;
  auto* plot_cmd = app.add_subcommand("plot", "comparison figures (SVG and PNG) of one or more runs");
  plot_cmd->add_option("RUN", plot_runs, "run folders or tidy.csv files")->required();
  plot_cmd->add_option("--out", plot_dir, "folder for the figures")->required();
  plot_cmd->add_flag("--force", plot_force, "overwrite figures that exist as regular files (never a device, FIFO or symlink)");

  pgmap::cli::add_version(app, "pgmap-results");
  // CLI11 would call an unknown word "A subcommand is required".
  const std::string first = argc > 1 ? argv[1] : "";
  if (!first.empty() && first[0] != '-' &&
      app.get_subcommands([&](CLI::App* sub) { return sub->check_name(first); }).empty())
    return pgmap::cli::usage_error("pgmap-results", "'" + first +
                                   "': no such subcommand (tidy, summary, verdict, compare, agree, report, plot)");
  if (const auto rc = pgmap::cli::parse(app, argc, argv)) return *rc;
  try {
    for (const auto* runs : {&summary_runs, &verdict_runs, &ab, &agree_ab, &plot_runs, &report_runs})
      check_distinct_runs(*runs);
  } catch (const pgmap::error& e) {
    return pgmap::cli::usage_error("pgmap-results", e.what());
  }

  try {
    if (*tidy_cmd) {
      run_data run = write_tidy(tidy_dir);
      std::cout << tidy_dir << "/tidy.csv: " << run.rows.size() << " rows\n";
    } else if (*summary_cmd) {
      std::vector<run_data> runs = load_compared(summary_runs);
      if (!summary_filter.empty()) {
        std::regex re;
        try {
          re = std::regex(summary_filter);
        } catch (const std::regex_error& e) {
          throw pgmap::error("--filter " + summary_filter + ": not a regular expression (" + e.what() + ")");
        }
        bool kept = false;
        for (run_data& run : runs) {
          std::erase_if(run.rows, [&](const tidy_row& r) { return !std::regex_search(r[case_name], re); });
          kept = kept || !run.rows.empty();
        }
        if (!kept) throw pgmap::nothing_to_do("--filter '" + summary_filter + "': matches no case");
      }
      emit(summary(runs), summary_out, summary_runs);
    } else if (*verdict_cmd) {
      // CSV, for other tools, has every setting; md and txt are read.
      const verdict_result v = verdict(load_compared(verdict_runs));
      emit(verdict_out.format == "csv" ? v.every : v.doc, verdict_out, verdict_runs);
    } else if (*compare_cmd) {
      std::vector<run_data> runs = load_compared(ab);
      if (compare_out.format == "csv") {
        std::string text = compare_csv(compare_runs(runs[0], runs[1]));
        if (compare_out.out.empty()) std::cout << text;
        else write_output(compare_out.out, text, compare_out.force ? overwrite::allow : overwrite::refuse,
                          input_files(ab));
      } else {
        emit(compare(runs[0], runs[1]), compare_out, ab);
      }
    } else if (*agree_cmd) {
      std::vector<run_data> runs = load_compared(agree_ab);
      const agreement g = agree(runs[0], runs[1]);
      emit(g.doc, agree_out, agree_ab);
      if (!agree_out.out.empty()) std::cout << g.summary << "\n";
      if (g.headline_disagrees) return 1;
    } else if (*report_cmd) {
      if (report_runs.size() == 1 && report_out.empty()) {
        const report_result r = write_report(report_runs[0]);
        std::cout << r.end_table << "\nWritten to " << report_runs[0]
                  << ": report.txt, report.md, summary.md, summary.txt, verdict.md, verdict.csv, tidy.csv, plots/\n";
      } else {
        if (report_out.empty()) throw pgmap::error("report of several runs: --out DIR is required");
        check_not_input(report_out, input_files(report_runs));
        std::cout << write_merged_report(load_compared(report_runs), report_out,
                                         report_force ? overwrite::allow : overwrite::refuse,
                                         input_files(report_runs))
                  << "\nWritten to " << report_out << ": report.txt, report.md\n";
      }
    } else if (*plot_cmd) {
      check_not_input(plot_dir, input_files(plot_runs));
      std::cout << draw_figures(load_compared(plot_runs), plot_dir,
                                plot_force ? overwrite::allow : overwrite::refuse)
                << "\n";
    }
  } catch (const pgmap::nothing_to_do& e) {
    return pgmap::cli::usage_error("pgmap-results", e.what());
  } catch (const pgmap::bad_input& e) {
    return pgmap::cli::usage_error("pgmap-results", e.what());
  } catch (const pgmap::error& e) {
    std::cerr << "pgmap-results: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
