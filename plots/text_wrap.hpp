// Breaking a long one-line text (a machine summary, notes) into lines that fit
// the figure's width.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace pgmap::plots {

// Lines of at most WIDTH characters where possible, broken after " | " or
// "; " separators first, else at spaces; a word longer than WIDTH stays whole.
std::vector<std::string> wrap(const std::string& text, std::size_t width);

}  // namespace pgmap::plots
