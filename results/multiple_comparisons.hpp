// Many tests at once: with hundreds of cases compared, some p-values fall
// under 0.05 by chance alone. The Benjamini-Hochberg adjustment keeps the
// expected share of false "changed" among those reported (the false
// discovery rate) at the level asked; unlike Holm it still finds changes when
// hundreds of cases are tested with few repetitions each.
#pragma once
#include <vector>

namespace pgmap::results {

inline constexpr const char* correction_name = "Benjamini-Hochberg";

// Adjusted p-values (q), in the order given: with p sorted ascending
// p(1..m), q(i) = min over j >= i of min(1, m / j x p(j)).
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

}  // namespace pgmap::results
