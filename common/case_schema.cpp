#include "common/case_schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/error.hpp"

namespace pgmap::schema {
namespace {

using enum value_type;

constexpr parameter params[] = {
    {"threads", "", count, "hotpath,bare,limit",
     "threads taking pages (hotpath, bare) or reading the memmap (limit), one per PU"},
    {"pages", "", text, "hotpath", "private (one page per thread) | shared (one pool, all threads)"},
    {"work", "", text, "hotpath", "between get and put: none | spin:<ns> | touch:64 | touch:4096 | lock_page (lock_page at 0->1, unlock before the free; every get of a shared page tries it)"},
    {"memmap", "", text, "hotpath,removal,limit", "where the struct pages live: dram | device"},
    {"arm", "", count, "hotpath",
     "the A/A arms of none: 1 | 2, the same configuration measured twice (arm 2 from a second copy of the loop's code)"},
    {"sockets", "", count, "hotpath",
     "packages (sockets) the threads span; --sockets 1,2 runs each count on one package (the pmem's) and alternating two", "1"},
    {"capacity_gib", "GiB", number, "removal,limit",
     "modelled device size (its memmap: 16 MiB of struct pages per GiB)"},
    {"in_use_pct", "%", number, "removal", "share of folios (pages at order 0) in use when removal starts"},
    {"hold_us", "us", count, "removal", "how long after removal starts the holders let go"},
    {"sweepers", "", count, "removal", "threads that scan the memmap (trackers whose removal scans)"},
    {"folio_order", "", count, "hotpath,removal",
     "pages per folio, as a power of two: 0 (4 KiB pages), 9 (2 MiB), 18 (1 GiB, removal only)", "0"},
};

constexpr case_kind kind_list[] = {
    {"hotpath", "a tracker", "one thread's 0->1 and 1->0 transition of a page (a pair)", "ns_per_pair"},
    {"bare", "atomic2", "two atomic operations on a private cache line: the harness floor", "ns_per_pair"},
    {"removal", "a tracker", "one remove(): kill, grace period, wait for idle pages", "latency_ns"},
    {"limit", "read", "a plain read of the refcount word of every struct page: the bound", "read_gbps"},
};

constexpr std::string_view harness[] = {"iterations", "repeats", "min_time", "min_warmup_time"};


bool carries(const parameter& p, std::string_view kind) {
  std::string_view ks = p.kinds;
  while (!ks.empty()) {
    const std::size_t comma = ks.find(',');
    if (ks.substr(0, comma) == kind) return true;
    ks = comma == std::string_view::npos ? std::string_view() : ks.substr(comma + 1);
  }
  return false;
}

// A Markdown table cell: '|' would end it, '<' and '>' read as HTML.
std::string cell(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == '<')
      s += "&lt;";
    else if (c == '>')
      s += "&gt;";
    else if (c == '|')
      s += "\\|";
    else
      s += c;
  }
  return s;
}

std::string kind_names() {
  std::string s;
  for (const case_kind& k : kind_list) s += (s.empty() ? "" : ", ") + std::string(k.name);
  return s;
}

}  // namespace

std::span<const parameter> parameters() { return params; }
bool carried_by(const parameter& p, std::string_view kind) { return carries(p, kind); }
std::span<const case_kind> kinds() { return kind_list; }

const case_kind* find_kind(std::string_view name) {
  for (const case_kind& k : kind_list)
    if (k.name == name) return &k;
  return nullptr;
}
std::span<const std::string_view> harness_keys() { return harness; }

const parameter* find(std::string_view key) {
  for (const parameter& p : params)
    if (p.key == key) return &p;
  return nullptr;
}

const parameter& at(std::string_view key) {
  if (const parameter* p = find(key)) return *p;
  throw pgmap::error("case parameter '" + std::string(key) + "' is not in the case schema");
}

std::string option_name(const parameter& p) {
  std::string s = "--" + std::string(p.key);
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}

std::string option_help(const parameter& p) {
  std::string s(p.help);
  s += p.unit.empty() ? " (comma-separated)" : " (" + std::string(p.unit) + ", comma-separated)";
  return s;
}

void check_value(const parameter& p, std::string_view v) {
  if (v.empty()) throw pgmap::error("'" + std::string(p.key) + "': empty value");
  if (p.type == text) {
    if (v.find('/') != std::string_view::npos)
      throw pgmap::error("'" + std::string(p.key) + "': '/' in value '" + std::string(v) + "'");
    return;
  }
  double x = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  const bool ok = ec == std::errc() && end == v.data() + v.size() && std::isfinite(x) && x >= 0 &&
                  (p.type == number || x == std::trunc(x));
  if (!ok)
    throw pgmap::error("bad value '" + std::string(v) + "' for '" + std::string(p.key) + "' (" +
                       (p.type == count ? "a whole number" : "a number >= 0") + ")");
}

std::string case_name(std::string_view kind, std::string_view subject, const values& vs) {
  if (!find_kind(kind))
    throw pgmap::error("unknown case kind '" + std::string(kind) + "' (" + kind_names() + ")");
  std::string s = std::string(kind) + "/" + std::string(subject);
  for (const auto& [key, value] : vs) {
    const parameter& p = at(key);
    if (!carries(p, kind))
      throw pgmap::error("'" + std::string(key) + "' is not a parameter of " + std::string(kind) + " cases");
    check_value(p, value);
    s += "/" + std::string(key) + ":" + value;
  }
  return s;
}

parsed_name parse_case_name(std::string_view name) {
  auto bad = [&](const std::string& why) -> pgmap::error {
    return pgmap::error("case '" + std::string(name) + "': " + why);
  };
  parsed_name out;
  std::size_t index = 0, start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    const std::string_view token = name.substr(start, slash - start);
    start = slash + 1;
    if (index == 0) {
      if (!find_kind(token))
        throw bad("unknown kind '" + std::string(token) + "' (" + kind_names() + ")");
      out.kind = token;
    } else if (index == 1) {
      if (token.empty()) throw bad("empty subject");
      out.subject = token;
    } else if (const std::size_t colon = token.find(':'); colon != std::string_view::npos) {
      const std::string_view key = token.substr(0, colon), value = token.substr(colon + 1);
      if (std::find(std::begin(harness), std::end(harness), key) == std::end(harness)) {
        const parameter* p = find(key);
        if (!p) throw bad("unknown parameter '" + std::string(key) + "'");
        try {
          check_value(*p, value);
        } catch (const pgmap::error& e) {
          throw bad(e.what());
        }
        out.values.emplace_back(p, std::string(value));
      }
    }
    ++index;
  }
  if (index < 2) throw bad("expected KIND/SUBJECT/...");
  for (const parameter& p : params)
    if (!p.before.empty() && carries(p, out.kind) &&
        std::none_of(out.values.begin(), out.values.end(), [&](const auto& v) { return v.first == &p; }))
      out.values.emplace_back(&p, std::string(p.before));
  return out;
}

std::string markdown() {
  std::string s = "| kind | subject | what one case measures | always carries |\n| --- | --- | --- | --- |\n";
  for (const case_kind& k : kind_list)
    s += "| `" + std::string(k.name) + "` | " + std::string(k.subject) + " | " + cell(k.help) + " | `" +
         std::string(k.measure) + "` |\n";
  s += "\n| key | unit | type | in kinds | meaning |\n| --- | --- | --- | --- | --- |\n";
  for (const parameter& p : params) {
    const char* type = p.type == text ? "text" : p.type == count ? "whole number" : "number";
    s += "| `" + std::string(p.key) + "` | " + (p.unit.empty() ? "-" : std::string(p.unit)) + " | " +
         type + " | " + std::string(p.kinds) + " | " + cell(p.help) + " |\n";
  }
  return s;
}

}  // namespace pgmap::schema
