#include "results/output_file.hpp"

#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/error.hpp"

namespace pgmap::results {
namespace fs = std::filesystem;

void check_not_input(const std::string& path, const std::vector<std::string>& inputs) {
  std::error_code ec;
  for (const std::string& in : inputs)
    if (fs::exists(path, ec) && fs::exists(in, ec) && fs::equivalent(path, in, ec))
      throw pgmap::error(path + ": is an input; refusing to overwrite it");
}

void write_output(const std::string& path, const std::string& content, overwrite mode,
                  const std::vector<std::string>& inputs) {
  check_not_input(path, inputs);
  check_replaceable(path);  // what it is before whether it exists: --force cannot help
  std::error_code ec;
  if (mode == overwrite::refuse && fs::exists(path, ec))
    throw pgmap::error(path + ": exists; use --force to overwrite it");
  write_atomically(path, content);
}

}  // namespace pgmap::results
