#include "hw/error.hpp"

namespace pgmap {

error::~error() = default;

}  // namespace pgmap
