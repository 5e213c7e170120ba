// Writing results safely: whole files appear at once (temp file + rename),
// inputs are never overwritten, existing outputs only with --force.
#pragma once
#include <string>
#include <vector>

namespace pgmap::results {

enum class overwrite { refuse, allow };

// Writes `content` to `path` atomically. Throws pgmap::error naming the path
// if it is one of `inputs` (same file), or exists and `mode` is refuse.
void write_output(const std::string& path, const std::string& content, overwrite mode,
                  const std::vector<std::string>& inputs = {});

// Throws pgmap::error naming `path` if it is the same file as one of `inputs`.
void check_not_input(const std::string& path, const std::vector<std::string>& inputs);

}  // namespace pgmap::results
