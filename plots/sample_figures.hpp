// Figures shaped like the results tool's (thread scaling with intervals and an
// ideal line, log-log latency with a limit line, clustered bars, categorical
// labels, awkward names and values), for plot-demo and the render test.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "plots/figure.hpp"

namespace pgmap::plots {

std::vector<std::pair<std::string, figure>> sample_figures();  // file base name, figure

}  // namespace pgmap::plots
