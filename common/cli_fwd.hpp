// CLI11's classes by name only. <CLI/CLI.hpp> (header-only in Debian's 2.1)
// costs about 10 s of compile per translation unit, so headers declare these
// and only the files that build a command line include it.
#pragma once

namespace CLI {
class App;
class Option;
}  // namespace CLI
