#include "common/error.hpp"

namespace pgmap {

error::~error() = default;
nothing_to_do::~nothing_to_do() = default;

}  // namespace pgmap
