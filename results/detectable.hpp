// What a comparison could have seen: the smallest change between two runs
// that its U test, at the level a change needs to be flagged, detects most
// of the time. Without it, "nothing changed" cannot be told from "nothing
// could have been seen".
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

namespace pgmap::results {

// The smallest two-sided p the U test (mann_whitney) gives with n_a and n_b
// values: every value of one sample below every value of the other.
double smallest_p(std::size_t n_a, std::size_t n_b);

// The location shift, in standard deviations of a normal spread, that the
// test at `alpha` detects with probability `power` (a simulation of 2000
// pairs of samples from a fixed seed); nullopt when no shift can be
// detected: smallest_p(n_a, n_b) is above alpha.
std::optional<double> detectable_shift_sd(std::size_t n_a, std::size_t n_b, double alpha,
                                          double power = 0.8);

// The spread both samples share: 1.4826 x the median absolute deviation of
// each value from its own sample's median (a standard deviation for normal
// data, not moved by the shift between the samples or by one spike).
double pooled_spread(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace pgmap::results
