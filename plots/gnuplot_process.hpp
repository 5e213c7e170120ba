// Running the gnuplot program (found on PATH) and reading what it said.
#pragma once
#include <string>
#include <vector>

namespace pgmap::plots {

struct gnuplot_run {
  std::string not_run;  // why gnuplot could not start or ended abnormally; "" if it exited
  int status = 0;       // exit status when it exited
  std::string errors;   // its stderr
};

// gnuplot ARGS..., stdin from /dev/null, stdout discarded, stderr captured.
gnuplot_run run_gnuplot(const std::vector<std::string>& args);

// The line of gnuplot's stderr that says what went wrong ("line 12: ..."
// without the script's path), else its first non-blank line.
std::string gnuplot_message(const std::string& errors);

}  // namespace pgmap::plots
