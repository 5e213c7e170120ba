// Checks of rendered reports shared by the results tests.
#pragma once
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "results/document.hpp"

namespace pgmap::results::testing {

// Every line of plain text fits the mail width.
inline void expect_narrow(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    EXPECT_LE(line.size(), txt_width) << "line " << n << ": " << line;
  }
}

// Unescaped '|' in a Markdown table row.
inline int pipes(const std::string& line) {
  int count = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++count;
  return count;
}

// Each Markdown table (a run of lines starting with '|') has one column count.
inline void expect_consistent_tables(const std::string& md) {
  std::istringstream in(md);
  std::string line;
  int width = -1, tables = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '|') {
      width = -1;
      continue;
    }
    if (width < 0) {
      width = pipes(line);
      ++tables;
    }
    EXPECT_EQ(pipes(line), width) << line;
  }
  EXPECT_GT(tables, 0);
}

}  // namespace pgmap::results::testing
