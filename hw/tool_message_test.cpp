#include "hw/tool_message.hpp"

#include <gtest/gtest.h>

namespace pgmap::hw {
namespace {

TEST(ToolMessage, PicksFailureLinesAndShortensThem) {
  const std::string unsupported =
      "Error: unsupported processor. Only Intel(R) processors are supported (Atom(R) and microarchitecture "
      "codename Nehalem/Nehalem-EP, Atom(tm), Westmere/Clarkdale, Sandy Bridge, Westmere-EP, Sandy Bridge-EP).";
  const std::string log = "\n Intel(r) Performance Counter Monitor  (202302-1)\n\n\n"
                          "PCM Info: setrlimit for file limit 1000000 failed with error Operation not permitted\n" +
                          unsupported +
                          "\nAccess to Intel(r) Performance Counter Monitor has denied (no MSR or PCI CFG space "
                          "access).\n";
  EXPECT_EQ(tool_message(log),
            "Error: unsupported processor. Only Intel(R) processors are supported (...) / Access to Intel(r) "
            "Performance Counter Monitor has denied (no MSR or PCI CFG space access).");
  EXPECT_EQ(tool_message("error: " + std::string(200, 'x')), "error: " + std::string(153, 'x') + "...");
}

TEST(ToolMessage, LastLineWhenNothingLooksLikeAFailure) {
  EXPECT_EQ(tool_message("starting\n  Program exited with status 3  \n\n"), "Program exited with status 3");
  EXPECT_EQ(tool_message(""), "");
}

}  // namespace
}  // namespace pgmap::hw
