#include "hw/text_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.hpp"

namespace pgmap::hw {

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

void ensure_directory(const std::string& dir, const std::string& what) {
  if (dir.empty()) throw error(what + ": no directory given");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw error(what + ": " + dir + ": cannot create directory" + (ec ? ": " + ec.message() : ""));
}

}  // namespace pgmap::hw
