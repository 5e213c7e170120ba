// Small text files the counter tools write (CSV, logs), read whole.
#pragma once
#include <optional>
#include <string>

namespace pgmap::hw {

// nullopt when the file cannot be opened (e.g. the tool never created it).
std::optional<std::string> read_text_file(const std::string& path);

// Creates `dir` (and parents) if missing; throws pgmap::error naming `what`
// and the directory when it cannot.
void ensure_directory(const std::string& dir, const std::string& what);

}  // namespace pgmap::hw
