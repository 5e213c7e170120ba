#include "results/output_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "hw/error.hpp"

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
  std::error_code ec;
  if (mode == overwrite::refuse && fs::exists(path, ec))
    throw pgmap::error(path + ": exists; use --force to overwrite it");
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      throw pgmap::error(path + ": cannot write: " + std::strerror(errno));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(temp.c_str());
    throw pgmap::error(path + ": cannot write: " + why);
  }
}

}  // namespace pgmap::results
