// Values written into a gnuplot script: strings as literals that no input can
// break out of, numbers in a form gnuplot reads back exactly.
#pragma once
#include <string>
#include <string_view>

namespace pgmap::plots {

// A single-quoted gnuplot string: gnuplot reads no escapes there except ''
// for a quote, so only quotes and control characters (a newline would end the
// command) need care.
std::string gnuplot_quoted(std::string_view text);

// Round-trip decimal form of a finite double.
std::string number(double v);

}  // namespace pgmap::plots
