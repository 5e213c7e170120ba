#include "common/error.hpp"

namespace pgmap {

error::~error() = default;

}  // namespace pgmap
