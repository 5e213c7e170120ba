#include "hw/pmem_spec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "hw/pmem_test_support.hpp"

namespace pgmap::hw {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string error_of(std::string_view spec) {
  return test_support::thrown([&] { parse_pmem_spec(spec); });
}

TEST(ParseSize, PlainAndSuffixed) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("64K"), 64u << 10);
  EXPECT_EQ(parse_size("3m"), 3u << 20);
  EXPECT_EQ(parse_size("1G"), 1073741824u);
  EXPECT_EQ(parse_size("2T"), uint64_t{2} << 40);
}

TEST(ParseSize, RejectsBadText) {
  EXPECT_THROW(parse_size(""), error);
  EXPECT_THROW(parse_size("G"), error);
  EXPECT_THROW(parse_size("-1"), error);
  EXPECT_THROW(parse_size("1GB"), error);
  EXPECT_THROW(parse_size("99999999999999999999"), error);
  EXPECT_THROW(parse_size("16777216T"), error);  // 2^64 bytes
  EXPECT_THAT(test_support::thrown([] { parse_size("12Q"); }), AllOf(HasSubstr("'12Q'"), HasSubstr("K, M, G or T")));
}

TEST(SizeText, RoundTripsThroughParseSize) {
  EXPECT_EQ(size_text(uint64_t{1} << 30), "1G");
  EXPECT_EQ(size_text(1536u << 20), "1536M");
  EXPECT_EQ(size_text(4097), "4097");
  for (uint64_t n : {uint64_t{1}, uint64_t{4096}, uint64_t{3} << 40, uint64_t{1234567}})
    EXPECT_EQ(parse_size(size_text(n)), n);
}

TEST(HumanSize, BinaryUnits) {
  EXPECT_EQ(human_size(512), "512 B");
  EXPECT_EQ(human_size(1u << 30), "1 GiB");
  EXPECT_EQ(human_size(3u << 19), "1.5 MiB");
}

TEST(ParsePmemSpec, Emulated) {
  pmem_spec s = parse_pmem_spec("emulated");
  EXPECT_EQ(s.kind, pmem_kind::emulated);
  EXPECT_EQ(s.path, "/dev/shm");
  EXPECT_FALSE(s.size);

  s = parse_pmem_spec("emulated:64M");
  EXPECT_EQ(s.path, "/dev/shm");
  EXPECT_EQ(s.size, 64u << 20);

  s = parse_pmem_spec("emulated:/run/shm");
  EXPECT_EQ(s.path, "/run/shm");
  EXPECT_FALSE(s.size);

  s = parse_pmem_spec("emulated:/run/shm:2G");
  EXPECT_EQ(s.path, "/run/shm");
  EXPECT_EQ(s.size, uint64_t{2} << 30);
}

TEST(ParsePmemSpec, EmulatedPersist) {
  EXPECT_EQ(parse_pmem_spec("emulated").persist, emulated_persist::flush);
  EXPECT_EQ(parse_pmem_spec("emulated:persist=flush").persist, emulated_persist::flush);

  pmem_spec s = parse_pmem_spec("emulated:persist=msync");
  EXPECT_EQ(s.persist, emulated_persist::msync);
  EXPECT_EQ(s.path, "/dev/shm");
  EXPECT_FALSE(s.size);

  s = parse_pmem_spec("emulated:1G:persist=msync");
  EXPECT_EQ(s.persist, emulated_persist::msync);
  EXPECT_EQ(s.size, uint64_t{1} << 30);

  s = parse_pmem_spec("emulated:/run/shm:2M:persist=msync");
  EXPECT_EQ(s.persist, emulated_persist::msync);
  EXPECT_EQ(s.path, "/run/shm");
  EXPECT_EQ(s.size, 2u << 20);
  EXPECT_EQ(to_string(s), "emulated:/run/shm:2M:persist=msync");
  EXPECT_EQ(to_string(parse_pmem_spec("emulated:1G:persist=flush")), "emulated:/dev/shm:1G");
}

TEST(ParsePmemSpec, FsdaxAndDevdax) {
  pmem_spec s = parse_pmem_spec("fsdax:/mnt/pmem0");
  EXPECT_EQ(s.kind, pmem_kind::fsdax);
  EXPECT_EQ(s.path, "/mnt/pmem0");
  EXPECT_FALSE(s.size);

  s = parse_pmem_spec("fsdax:/mnt/pm:em:16G");  // only the last field is SIZE
  EXPECT_EQ(s.path, "/mnt/pm:em");
  EXPECT_EQ(s.size, uint64_t{16} << 30);

  s = parse_pmem_spec("devdax:/dev/dax0.0:1G");
  EXPECT_EQ(s.kind, pmem_kind::devdax);
  EXPECT_EQ(s.path, "/dev/dax0.0");
  EXPECT_EQ(s.size, uint64_t{1} << 30);
}

TEST(ParsePmemSpec, ToStringParsesBack) {
  for (const char* text : {"emulated", "emulated:1G", "emulated:/run/shm:4097", "emulated:persist=msync",
                           "fsdax:/mnt/pmem0", "devdax:/dev/dax1.0:2M"}) {
    const pmem_spec s = parse_pmem_spec(text);
    const pmem_spec back = parse_pmem_spec(to_string(s));
    EXPECT_EQ(back.kind, s.kind) << text;
    EXPECT_EQ(back.path, s.path) << text;
    EXPECT_EQ(back.size, s.size) << text;
    EXPECT_EQ(back.persist, s.persist) << text;
  }
  EXPECT_EQ(to_string(parse_pmem_spec("devdax:/dev/dax0.0:1024M")), "devdax:/dev/dax0.0:1G");
}

TEST(ParsePmemSpec, ErrorsNameTheSpec) {
  EXPECT_THAT(error_of("nvme:/x"), AllOf(HasSubstr("'nvme:/x'"), HasSubstr("unknown kind 'nvme'")));
  EXPECT_THAT(error_of("fsdax"), AllOf(HasSubstr("'fsdax'"), HasSubstr("fsdax:PATH[:SIZE]")));
  EXPECT_THAT(error_of("devdax:"), HasSubstr("'devdax:'"));
  EXPECT_THAT(error_of("fsdax:/mnt/pmem:"), HasSubstr("empty SIZE"));
  EXPECT_THAT(error_of("fsdax:1G"), HasSubstr("needs a path"));
  EXPECT_THAT(error_of("fsdax:/mnt/pmem:1X"),
              AllOf(HasSubstr("'fsdax:/mnt/pmem:1X'"), HasSubstr("size '1X'")));
  EXPECT_THAT(error_of("emulated:0"), HasSubstr("above 0"));
  EXPECT_THAT(error_of("emulated:big"), AllOf(HasSubstr("'emulated:big'"), HasSubstr("'big'")));
  EXPECT_THAT(error_of("emulated:1G:persist=fsync"),
              AllOf(HasSubstr("'emulated:1G:persist=fsync'"), HasSubstr("unknown persist 'fsync'"),
                    HasSubstr("flush or msync")));
  EXPECT_THAT(error_of("emulated:persist="), HasSubstr("unknown persist ''"));
  EXPECT_THAT(error_of("emulated:persist=msync:1G"),
              AllOf(HasSubstr("'emulated:persist=msync:1G'"), HasSubstr("must be the last field")));
  EXPECT_THAT(error_of("fsdax:/mnt/pmem:persist=msync"),
              AllOf(HasSubstr("'fsdax:/mnt/pmem:persist=msync'"), HasSubstr("emulated pmem only")));
  EXPECT_THAT(error_of("devdax:/dev/dax0.0:persist=flush"), HasSubstr("emulated pmem only"));
}

}  // namespace
}  // namespace pgmap::hw
