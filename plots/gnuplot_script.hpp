// The gnuplot script that draws a figure into an SVG and a PNG file.
#pragma once
#include <string>

#include "plots/drawable.hpp"

namespace pgmap::plots {

// Figure size in pixels (both files).
constexpr int width_px = 900, height_px = 560;

// Draws D (F's drawable part; F gives labels and style) to SVG_PATH, then
// PNG_PATH (pngcairo, or libgd's png where gnuplot lacks cairo). An empty D
// gives an empty frame that says so.
std::string gnuplot_script(const figure& f, const drawable& d, const std::string& svg_path,
                           const std::string& png_path);

}  // namespace pgmap::plots
