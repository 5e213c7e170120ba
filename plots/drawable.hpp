// The part of a figure gnuplot can draw: a log axis cannot show values <= 0,
// no axis can show NaN or infinity, a bar needs a category. What is left out
// is said in notes rather than letting gnuplot fail or silently drop it.
#pragma once
#include <string>
#include <vector>

#include "plots/figure.hpp"

namespace pgmap::plots {

struct drawable {
  std::vector<series> lines;  // non-empty series only; an interval has both ends or none
  std::vector<std::string> notes;
};

drawable drawable_part(const figure& f);

}  // namespace pgmap::plots
