// plot-demo DIR: renders the sample figures into DIR, to look at them.
#include <iostream>

#include "common/error.hpp"
#include "plots/sample_figures.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: plot-demo DIR\n";
    return 2;
  }
  try {
    for (const auto& [name, fig] : pgmap::plots::sample_figures()) {
      std::string base = std::string(argv[1]) + "/" + name;
      for (const std::string& note : pgmap::plots::render(fig, base)) std::cout << name << ": " << note << "\n";
      std::cout << base << ".svg, .png\n";
    }
  } catch (const pgmap::error& e) {
    std::cerr << "plot-demo: " << e.what() << "\n";
    return 1;
  }
}
