// The gnuplot commands for a figure's axes: log scales, ranges and tics
// (from axis_tics, so labels read well), grid and zero line.
#pragma once
#include <string>

#include "plots/drawable.hpp"

namespace pgmap::plots {

struct axes {
  std::string commands;
  int below_px;  // room under the plot for x tic labels and the x label
};

// The axes of F showing D (which must have a series).
axes axis_commands(const figure& f, const drawable& d);

}  // namespace pgmap::plots
