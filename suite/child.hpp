// Running a benchmark binary as a child: its stdout and stderr go to files,
// and an interrupt (Ctrl-C, SIGTERM) reaches it and is remembered, so the
// runner can stop after the case with what it finished.
#pragma once
#include <string>
#include <vector>

namespace pgmap::suite {

// Installs the SIGINT/SIGTERM handlers (once).
void catch_interrupts();
bool interrupted();

// Runs argv[0] with argv, stdout appended to out_path, stderr to err_path
// (an empty path: the runner's own), with the runner's environment plus
// `env` ("NAME=value" each); returns its exit status (128+signal if killed).
// Throws pgmap::error if it cannot start.
int run_child(const std::vector<std::string>& argv, const std::string& out_path,
              const std::string& err_path, const std::vector<std::string>& env = {});

// The last non-empty line of a file ("" if none): a child's error message.
std::string last_line(const std::string& path);

}  // namespace pgmap::suite
