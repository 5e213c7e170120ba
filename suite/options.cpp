#include "suite/options.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <regex>

#include "bench/list_option.hpp"
#include "bench/work_spec.hpp"
#include "common/case_schema.hpp"
#include "common/cli.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "impl/struct_page.hpp"

namespace pgmap::suite {

void add_suite_options(CLI::App& app, suite_options& o) {
  app.add_option("--profile", o.profile, "quick (minutes, a 2-core VM) | full (a real pmem host)")
      ->capture_default_str();
  bench::add_common_options(app, o.common);
  app.add_option("--filter", o.filter, "only cases whose name matches this regex");
  cli::add_whole(app, "--repetitions", o.repetitions, 1, 1000,
                 "processes per case (default: the profile's, 6 or 10)");
  cli::add_whole(app, "--rounds", o.rounds, 1, 100,
                 "rounds of its cases each hot-path process runs, A B C A B C (default: the "
                 "profile's, 24); a case's value for the process is the median of its rounds");
  cli::add_whole(app, "--seed", o.seed, 1, std::numeric_limits<std::uint64_t>::max(),
                 "replay the case order and layouts of a run (see suite.json)");
  app.add_option("--label", o.label, "the run's name in tables and plots (default <host>-<UTC time>)");
  cli::add_whole(app, "--retries", o.retries, 0, 10,
                 "run a process again, at most this many times, when other tasks kept its "
                 "threads off their PUs (every attempt is kept, the disturbed ones flagged)")
      ->default_str(std::to_string(o.retries));
  bench::add_list_option(app, "folio_order", o.folio_order);
  bench::add_list_option(app, "threads", o.threads)
      ->description("hot-path thread counts, comma-separated (default: 1, 2, 4, ... up to one "
                    "package's PUs, then one package, then every PU)");
  bench::add_list_option(app, "sweepers", o.sweepers)
      ->description("removal sweeper counts, comma-separated (default as --threads)");
  bench::add_list_option(app, "sockets", o.sockets)
      ->description("hot path: 1 (threads on one package, the pmem's), 2 (threads alternating two packages) "
                    "or 1,2 (default: the placement's own; the full profile on 2 or more packages: 1,2)");
  bench::add_list_option(app, "capacity_gib", o.capacity_gib)
      ->description("removal device sizes in GiB, comma-separated (default: the profile's, quick 1,16,64,256, "
                    "full also 1024,4096; a size whose memmap needs more than half the memory available is left out)");
  bench::add_list_option(app, "work", o.work)
      ->description("the hot path's work between get and put, comma-separated: none | spin:<ns> | "
                    "touch:64 | touch:4096 | lock_page (default: the profile's, none,touch:64 quick)");
  app.add_flag("--require-quiet", o.require_quiet,
               "refuse to start when other tasks keep the PUs busy (default: a warning)");
}

void check_suite_options(const suite_options& o) {
  // Google Benchmark reads the filter as a POSIX extended regex; a leading
  // '-' negates it.
  const std::string re = o.filter.starts_with('-') ? o.filter.substr(1) : o.filter;
  try {
    std::regex(re, std::regex::extended);
  } catch (const std::regex_error& e) {
    throw pgmap::error("--filter '" + o.filter + "': not a valid regular expression (" + e.what() + ")");
  }
  bench::parse_folio_orders(o.folio_order, max_folio_order);
  for (const auto& [key, list] :
       {std::pair{"threads", &o.threads}, std::pair{"sweepers", &o.sweepers}, std::pair{"sockets", &o.sockets},
        std::pair{"capacity_gib", &o.capacity_gib}}) {
    if (list->empty()) continue;
    std::vector<unsigned> counts = bench::parse_uint_list(key, *list, 1);  // the binaries check the PUs
    std::sort(counts.begin(), counts.end());
    if (std::adjacent_find(counts.begin(), counts.end()) != counts.end())
      throw pgmap::error(schema::option_name(schema::at(key)) + " '" + *list + "': a value twice");
    if (std::string_view(key) == "sockets" && counts.back() > 2)
      throw pgmap::error("--sockets '" + *list + "': 1 (one package) or 2 (threads alternating two), or both");
  }
  if (!o.work.empty()) {
    const std::vector<std::string> kinds = bench::split_list("--work", o.work);
    if (kinds.empty()) throw pgmap::error("--work '" + o.work + "': no work kind");
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      bench::parse_work(kinds[i]);
      if (std::find(kinds.begin(), kinds.begin() + i, kinds[i]) != kinds.begin() + i)
        throw pgmap::error("--work '" + o.work + "': " + kinds[i] + " twice");
    }
    // The report, verdict and overheads weigh every tracker at work none.
    if (std::find(kinds.begin(), kinds.end(), "none") == kinds.end())
      throw pgmap::error("--work '" + o.work + "': list none too (the report and verdict are of work none)");
  }
  if (o.label.empty()) throw pgmap::error("--label: empty value");
  for (const char c : o.label)
    if (c == '/' || !std::isprint(static_cast<unsigned char>(c)))
      throw pgmap::error("--label '" + o.label + "': only printable characters and no '/'");
}

nlohmann::json to_json(const suite_options& o) {
  nlohmann::json j = bench::to_json(o.common);
  j["profile"] = o.profile;
  j["filter"] = o.filter;
  j["repetitions"] = o.repetitions;
  j["rounds"] = o.rounds;
  j["seed"] = o.seed;
  j["label"] = o.label;
  j["retries"] = o.retries;
  j["require_quiet"] = o.require_quiet;
  j["folio_order"] = o.folio_order;
  j["work"] = o.work;
  j["threads"] = o.threads;
  j["sweepers"] = o.sweepers;
  j["sockets"] = o.sockets;
  j["capacity_gib"] = o.capacity_gib;
  if (o.memory.bytes) j["memory_available_bytes"] = *o.memory.bytes;
  else j["memory_available_bytes"] = "unavailable: " + o.memory.why;
  return j;
}

namespace {

std::string without_empty_items(const std::string& list) {
  std::string out, item;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size() && list[i] != ',') {
      item += list[i];
      continue;
    }
    if (!item.empty()) out += (out.empty() ? "" : ",") + item;
    item.clear();
  }
  return out;
}

}  // namespace

suite_options options_from_json(const nlohmann::json& j) {
  namespace f = json_fields;
  const char* in = "options";
  f::only(j, in, to_json(suite_options{}));
  suite_options o;
  o.common = bench::common_options_from_json(j);
  o.profile = f::text(j, in, "profile");
  o.filter = f::text(j, in, "filter");
  // The command line's ranges (add_suite_options); 0: the profile's.
  o.repetitions = static_cast<unsigned>(f::whole(j, in, "repetitions", std::nullopt, 1000));
  o.rounds = static_cast<unsigned>(f::whole(j, in, "rounds", 1, 100));  // runs before rounds had one
  o.seed = f::whole(j, in, "seed");
  o.label = f::text(j, in, "label", "");  // runs before 0.2.0 had none
  o.retries = static_cast<unsigned>(f::whole(j, in, "retries", 0, 10));  // runs before retries ran each process once
  o.require_quiet = f::flag(j, in, "require_quiet", false);
  // Lists as recorded, the empty items older versions skipped dropped
  // ("none,touch:64," was once a two-item list).
  o.folio_order = without_empty_items(f::text(j, in, "folio_order", "0"));  // runs before folios were all order 0
  o.work = without_empty_items(f::text(j, in, "work", ""));  // runs before --work had the profile's
  o.threads = without_empty_items(f::text(j, in, "threads", ""));  // runs before --threads: 1..PUs
  o.sweepers = without_empty_items(f::text(j, in, "sweepers", ""));
  o.sockets = without_empty_items(f::text(j, in, "sockets", ""));  // runs before --sockets: the placement's own
  // Runs before --capacity-gib planned these (each checked against memory).
  o.capacity_gib = without_empty_items(
      f::text(j, in, "capacity_gib", o.profile == "full" ? "1,16,64,256,1024,4096,16384" : "1,16,64,256"));
  // Runs from before the figure was recorded: the memory available now.
  const nlohmann::json m = j.value("memory_available_bytes", nlohmann::json());
  if (m.is_number_unsigned()) o.memory.bytes = m.get<std::uint64_t>();
  else if (m.is_string() && m.get<std::string>().starts_with("unavailable: "))
    o.memory.why = m.get<std::string>().substr(13);
  else if (m.is_null()) o.memory = hw::memory_available();
  else throw pgmap::error("options.memory_available_bytes: " + m.dump() + " is not a byte count");
  return o;
}

}  // namespace pgmap::suite
