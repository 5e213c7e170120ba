// pgmap-hwinfo: prints the machine record, and with --pmem maps the given
// persistent memory and prints what libpmem2 reports about it.
#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "common/cli.hpp"
#include "common/error.hpp"
#include "common/machine_summary.hpp"
#include "hw/machine_record.hpp"
#include "hw/pmem_map.hpp"
#include "hw/pmem_spec.hpp"

namespace {

using nlohmann::json;

constexpr uint64_t default_required = 64ull << 20;  // when the spec gives no SIZE

// "key: value" lines; nested objects as "key.sub: value", arrays as JSON.
void print_field(const std::string& key, const json& value) {
  if (value.is_object()) {
    for (const auto& [k, v] : value.items()) print_field(key + "." + k, v);
    return;
  }
  std::cout << key << ": " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
}


int run(int argc, char** argv) {
  std::string pmem;
  pgmap::hw::pmem_options options;
  bool as_json = false;
  CLI::App app("Prints what pgmap-bench records about this machine: CPU, topology, kernel, power "
               "settings, pmem, toolchain and library versions, commit. Fields that cannot be "
               "read say 'unavailable: <why>'.",
               "pgmap-hwinfo");
  app.add_option("--pmem", pmem,
                 "also map this memory and print libpmem2's report: "
                 "emulated[:DIR][:SIZE][:persist=flush|msync] | fsdax:DIR[:SIZE] | "
                 "devdax:/dev/daxX.Y[:SIZE] (maps SIZE, or 64M when the spec gives none; emulated "
                 "persists with cache-line flushes unless persist=msync)");
  app.add_flag("--force", options.force,
               "with --pmem: write over a devdax device, or use an existing file");
  app.add_flag("--keep", options.keep, "with --pmem: leave a created file in place");
  app.add_flag("--allow-page-cache", options.allow_page_cache,
               "with --pmem fsdax: accept a directory without DAX (then the page cache is measured)");
  app.add_flag("--json", as_json, "print the record as pretty JSON instead of 'key: value' lines");
  pgmap::cli::add_version(app, "pgmap-hwinfo");
  if (const auto rc = pgmap::cli::parse(app, argc, argv)) return *rc;
  std::optional<pgmap::hw::pmem_spec> spec;
  try {
    if (!pmem.empty()) spec = pgmap::hw::parse_pmem_spec(pmem);
  } catch (const pgmap::error& e) {
    return pgmap::cli::usage_error("pgmap-hwinfo", e.what());  // before anything is mapped
  }

  const pgmap::hw::topology topo = pgmap::hw::topology::discover();
  std::unique_ptr<pgmap::hw::pmem_mapping> mapping;
  if (spec) mapping = pgmap::hw::pmem_mapping::open(*spec, options, spec->size.value_or(default_required), &topo);
  const json record = pgmap::hw::machine_record(topo, mapping ? mapping->report().to_json() : json(), pmem);

  if (as_json) {
    std::cout << record.dump(2) << "\n";
    return 0;
  }
  std::cout << pgmap::machine_summary(record) << "\n";
  if (mapping) std::cout << "pmem summary: " << mapping->report().summary() << "\n";
  for (const std::string& key : pgmap::hw::machine_record_keys()) print_field(key, record.at(key));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "pgmap-hwinfo: " << e.what() << "\n";
    return 1;
  }
}
