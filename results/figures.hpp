// The comparison figures of one or more runs, as plots::figure data, and
// their rendering through the plots library (gnuplot).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "plots/figure.hpp"
#include "results/output_file.hpp"
#include "results/run_folder.hpp"

namespace pgmap::results {

struct figure_set {
  std::vector<std::pair<std::string, plots::figure>> figures;  // file base name, figure
  std::vector<std::string> skipped;                             // "<figure>: <why>"
};

// (1) ns per pair and pairs/s vs threads, (2) overhead over none vs threads,
// (3) removal latency vs capacity with the limit line, (4) break-even vs
// device size, (5) counters per transition where measured; each of a folio
// order of its own (order 0's named as above, a larger order's "<name>_order9").
figure_set build_figures(const std::vector<run_data>& runs);

// Renders into DIR (created); returns one line: what was drawn and what was
// not, with why (e.g. "unavailable: gnuplot ...").
std::string draw_figures(const std::vector<run_data>& runs, const std::string& dir,
                         overwrite mode);

}  // namespace pgmap::results
