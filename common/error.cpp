#include "common/error.hpp"

namespace pgmap {

error::~error() = default;
nothing_to_do::~nothing_to_do() = default;
bad_input::~bad_input() = default;

}  // namespace pgmap
