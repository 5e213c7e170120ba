// What persistent memory a run uses, as the user writes it on the command
// line: "emulated[:DIR][:SIZE][:persist=flush|msync]", "fsdax:DIR[:SIZE]",
// "devdax:/dev/daxX.Y[:SIZE]". Parsing only; pmem_map.hpp maps it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgmap::hw {

enum class pmem_kind { emulated, fsdax, devdax };

// How emulated pmem persists. `flush`: cache-line flush and drain, the cost
// real pmem pays (the default); `msync`: what libpmem2 does for a file that
// is not DAX, one system call per persist. fsdax and devdax take no choice:
// they persist as libpmem2 finds the device.
enum class emulated_persist { flush, msync };

struct pmem_spec {
  pmem_kind kind;
  std::string path;               // directory (emulated, fsdax) or device (devdax)
  std::optional<uint64_t> size;   // bytes, when the spec gives SIZE
  emulated_persist persist = emulated_persist::flush;  // emulated only
};

// The emulated kind's directory when the spec names none.
inline constexpr std::string_view default_emulated_dir = "/dev/shm";

// Throws pgmap::error naming the spec.
pmem_spec parse_pmem_spec(std::string_view text);
// A spec text that parses back to the same spec.
std::string to_string(const pmem_spec&);
const char* to_string(pmem_kind);
const char* to_string(emulated_persist);

// "4096", "64K", "1G", "2T" (binary suffixes, upper or lower case); throws
// pgmap::error naming the text.
uint64_t parse_size(std::string_view);
// A size as the kernel's memparse reads it (memmap=, pgmap-kmod --range):
// decimal, 0x hex or 0 octal, then K, M, G, T, P or E in either case;
// nullopt when it is not one or does not fit 64 bits.
std::optional<uint64_t> memparse(std::string_view);
// The shortest text parse_size reads back exactly: "1G", "1536M", "4097".
std::string size_text(uint64_t bytes);
// For people: "1 GiB", "1.5 MiB", "512 B".
std::string human_size(uint64_t bytes);

}  // namespace pgmap::hw
