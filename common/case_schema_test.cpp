#include "common/case_schema.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/error.hpp"

namespace pgmap::schema {
namespace {

TEST(CaseSchema, NameRoundTrips) {
  const std::string n = case_name("removal", "sweep", {{"capacity_gib", "8"}, {"in_use_pct", "0.01"},
                                                       {"sweepers", "2"}, {"memmap", "dram"}});
  EXPECT_EQ(n, "removal/sweep/capacity_gib:8/in_use_pct:0.01/sweepers:2/memmap:dram");
  const parsed_name p = parse_case_name(n + "/iterations:3/manual_time");
  EXPECT_EQ(p.kind, "removal");
  EXPECT_EQ(p.subject, "sweep");
  ASSERT_EQ(p.values.size(), 5u);
  EXPECT_EQ(p.values[0].first->key, "capacity_gib");
  EXPECT_EQ(p.values[1].second, "0.01");
  // Named before folios: order 0, as every case then was.
  EXPECT_EQ(p.values[4].first->key, "folio_order");
  EXPECT_EQ(p.values[4].second, "0");
  const parsed_name large = parse_case_name(n + "/folio_order:9");
  ASSERT_EQ(large.values.size(), 5u);
  EXPECT_EQ(large.values[4].second, "9");
  EXPECT_EQ(parse_case_name("limit/read/capacity_gib:8").values.size(), 1u);  // limit has no folios
}

TEST(CaseSchema, RefusesWhatIsNotDeclared) {
  EXPECT_THROW(case_name("hotpath", "none", {{"capacity", "1"}}), pgmap::error);
  EXPECT_THROW(case_name("hotpath", "none", {{"sweepers", "1"}}), pgmap::error);  // not a hotpath key
  EXPECT_THROW(case_name("removal", "sweep", {{"sweepers", "1.5"}}), pgmap::error);
  EXPECT_THROW(case_name("warp", "none", {}), pgmap::error);
  EXPECT_THROW(parse_case_name("hotpath/none/pass:1"), pgmap::error);
  EXPECT_THROW(parse_case_name("removal/sweep/in_use_pct:x"), pgmap::error);
  try {
    parse_case_name("limit/read/capacity_gib:");
    FAIL();
  } catch (const pgmap::error& e) {
    EXPECT_STREQ(e.what(), "case 'limit/read/capacity_gib:': 'capacity_gib': empty value");
  }
}

TEST(CaseSchema, OptionNamesFollowKeys) {
  EXPECT_EQ(option_name(at("in_use_pct")), "--in-use-pct");
  EXPECT_EQ(option_help(at("capacity_gib")).find("(GiB, comma-separated)") != std::string::npos, true);
}

// bench/OUTPUT.md carries the generated table verbatim: change the schema and
// this test prints the new table to paste.
TEST(CaseSchema, OutputDocumentFollowsTheSchema) {
  const char* src = std::getenv("PGMAP_SOURCE_DIR");
  ASSERT_NE(src, nullptr);
  std::ifstream in(std::string(src) + "/bench/OUTPUT.md");
  ASSERT_TRUE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_NE(doc.str().find(markdown()), std::string::npos)
      << "bench/OUTPUT.md does not hold the schema's table; it should read:\n"
      << markdown();
}

}  // namespace
}  // namespace pgmap::schema
