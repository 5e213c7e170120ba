#include "hw/pmem_spec.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <charconv>
#include <cstdio>
#include <limits>

#include "common/error.hpp"

namespace pgmap::hw {
namespace {

struct suffix {
  char letter;
  unsigned shift;
};
constexpr std::array<suffix, 4> suffixes{{{'T', 40}, {'G', 30}, {'M', 20}, {'K', 10}}};

std::optional<pmem_kind> kind_from(std::string_view text) {
  for (pmem_kind k : {pmem_kind::emulated, pmem_kind::fsdax, pmem_kind::devdax})
    if (text == to_string(k)) return k;
  return std::nullopt;
}

constexpr std::string_view persist_key = "persist=";

// Takes the last field off `text` when it is "persist=VALUE".
std::optional<emulated_persist> take_persist(std::string_view& text, const std::string& prefix) {
  const size_t last = text.rfind(':');
  if (last == std::string_view::npos || !text.substr(last + 1).starts_with(persist_key)) {
    if (text.find(":" + std::string(persist_key)) != std::string_view::npos)
      throw error(prefix + "persist= must be the last field");
    return std::nullopt;
  }
  const std::string_view value = text.substr(last + 1 + persist_key.size());
  text = text.substr(0, last);
  for (emulated_persist p : {emulated_persist::flush, emulated_persist::msync})
    if (value == to_string(p)) return p;
  throw error(prefix + "unknown persist '" + std::string(value) + "' (expected flush or msync)");
}

}  // namespace

const char* to_string(emulated_persist p) {
  return p == emulated_persist::msync ? "msync" : "flush";
}

const char* to_string(pmem_kind k) {
  switch (k) {
    case pmem_kind::emulated: return "emulated";
    case pmem_kind::fsdax: return "fsdax";
    case pmem_kind::devdax: return "devdax";
  }
  return "?";
}

std::optional<uint64_t> memparse(std::string_view text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
  const std::string t(text);
  char* end = nullptr;
  errno = 0;
  uint64_t v = std::strtoull(t.c_str(), &end, 0);
  if (errno) return std::nullopt;
  const std::string_view rest(end);
  if (rest.size() > 1) return std::nullopt;
  if (rest.size() == 1) {
    const std::size_t u = std::string_view("KMGTPE").find(static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0]))));
    if (u == std::string_view::npos || v > (~uint64_t{0} >> (10 * (u + 1)))) return std::nullopt;
    v <<= 10 * (u + 1);
  }
  return v;
}

uint64_t parse_size(std::string_view text) {
  const std::string quoted = "size '" + std::string(text) + "'";
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::invalid_argument) throw error(quoted + " does not start with a number");
  if (ec == std::errc::result_out_of_range) throw error(quoted + " is too large");
  std::string_view rest(end, text.data() + text.size() - end);
  unsigned shift = 0;
  if (!rest.empty()) {
    const suffix* found = nullptr;
    if (rest.size() == 1)
      for (const suffix& s : suffixes)
        if (std::toupper(static_cast<unsigned char>(rest[0])) == s.letter) found = &s;
    if (!found)
      throw error(quoted + ": unknown suffix '" + std::string(rest) + "' (use K, M, G or T)");
    shift = found->shift;
  }
  if (value > (std::numeric_limits<uint64_t>::max() >> shift)) throw error(quoted + " is too large");
  return value << shift;
}

std::string size_text(uint64_t bytes) {
  for (const suffix& s : suffixes) {
    const uint64_t unit = uint64_t{1} << s.shift;
    if (bytes != 0 && bytes % unit == 0) return std::to_string(bytes / unit) + s.letter;
  }
  return std::to_string(bytes);
}

std::string human_size(uint64_t bytes) {
  for (const suffix& s : suffixes) {
    const uint64_t unit = uint64_t{1} << s.shift;
    if (bytes < unit) continue;
    const std::string name = std::string(1, s.letter) + "iB";
    if (bytes % unit == 0) return std::to_string(bytes / unit) + " " + name;
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.1f %s", double(bytes) / double(unit), name.c_str());
    return buf.data();
  }
  return std::to_string(bytes) + " B";
}

pmem_spec parse_pmem_spec(std::string_view whole) {
  const std::string prefix = "pmem spec '" + std::string(whole) + "': ";
  std::string_view text = whole;
  const std::optional<emulated_persist> persist = take_persist(text, prefix);
  const size_t colon = text.find(':');
  const std::string_view kind_text = text.substr(0, colon);
  const auto kind = kind_from(kind_text);
  if (!kind)
    throw error(prefix + "unknown kind '" + std::string(kind_text) +
                "' (expected emulated, fsdax or devdax)");
  if (persist && *kind != pmem_kind::emulated)
    throw error(prefix + "persist= applies to emulated pmem only (" + std::string(kind_text) +
                " persists as libpmem2 finds the device)");
  pmem_spec spec{*kind, {}, {}, persist.value_or(emulated_persist::flush)};
  if (colon != std::string_view::npos) {
    // SIZE is the last ':' field when it starts with a digit; the rest is the path.
    std::string_view rest = text.substr(colon + 1);
    if (rest.empty()) throw error(prefix + "nothing after ':'");
    const size_t last = rest.rfind(':');
    const std::string_view field = last == std::string_view::npos ? rest : rest.substr(last + 1);
    if (field.empty()) throw error(prefix + "empty SIZE after the last ':'");
    if (std::isdigit(static_cast<unsigned char>(field[0]))) {
      try {
        spec.size = parse_size(field);
      } catch (const error& e) {
        throw error(prefix + e.what());
      }
      if (*spec.size == 0) throw error(prefix + "SIZE must be above 0");
      rest = last == std::string_view::npos ? std::string_view{} : rest.substr(0, last);
    }
    spec.path = rest;
  }

  if (*kind == pmem_kind::emulated) {
    if (spec.path.empty()) spec.path = default_emulated_dir;
    else if (spec.path.front() != '/')
      throw error(prefix + "'" + spec.path + "' is neither a SIZE nor an absolute tmpfs directory");
  } else if (spec.path.empty()) {
    throw error(prefix + "needs a path: " + std::string(kind_text) + ":PATH[:SIZE]");
  }
  return spec;
}

std::string to_string(const pmem_spec& spec) {
  std::string text = std::string(to_string(spec.kind)) + ":" + spec.path;
  if (spec.size) text += ":" + size_text(*spec.size);
  if (spec.kind == pmem_kind::emulated && spec.persist != emulated_persist::flush)
    text += ":" + std::string(persist_key) + to_string(spec.persist);
  return text;
}

}  // namespace pgmap::hw
