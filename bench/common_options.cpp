#include "bench/common_options.hpp"

#include <CLI/CLI.hpp>

#include "common/json_fields.hpp"

namespace pgmap::bench {

void add_common_options(CLI::App& app, common_options& o) {
  app.add_option("--pmem", o.pmem,
                 "memory: emulated[:DIR][:SIZE][:persist=flush|msync] | fsdax:DIR[:SIZE] | "
                 "devdax:/dev/daxX.Y[:SIZE] (emulated persists with cache-line flushes, as pmem "
                 "does, unless persist=msync)")
      ->capture_default_str();
  app.add_option("--memmap", o.memmap, "where the struct pages live: dram | device")
      ->capture_default_str();
  app.add_option("--placement", o.placement,
                 "thread placement: compact | scatter | cross | smt | list:0,2,...")
      ->capture_default_str();
  app.add_option("--counters", o.counters, "hardware counters: auto | pcm | pcm-memory | perf | none")
      ->capture_default_str();
  app.add_option("--counters-dir", o.counters_dir,
                 "where counter tools write raw samples (default: a folder in $TMPDIR)");
  app.add_flag("--force", o.force, "allow writing over a devdax device or an existing regular file (--benchmark_out too; never a FIFO, socket, other device or symlink)");
  app.add_flag("--keep", o.keep, "keep a pmem file the run created");
  app.add_flag("--allow-page-cache", o.allow_page_cache,
               "accept an fsdax directory that is not DAX (measures the page cache)");
}

std::vector<std::string> common_args(const common_options& o) {
  std::vector<std::string> a = {"--pmem=" + o.pmem, "--memmap=" + o.memmap,
                                "--placement=" + o.placement, "--counters=" + o.counters};
  if (!o.counters_dir.empty()) a.push_back("--counters-dir=" + o.counters_dir);
  if (o.force) a.push_back("--force");
  if (o.keep) a.push_back("--keep");
  if (o.allow_page_cache) a.push_back("--allow-page-cache");
  return a;
}

nlohmann::json to_json(const common_options& o) {
  return {{"pmem", o.pmem},   {"memmap", o.memmap}, {"placement", o.placement},
          {"counters", o.counters}, {"force", o.force},   {"keep", o.keep},
          {"allow_page_cache", o.allow_page_cache}};
}

common_options common_options_from_json(const nlohmann::json& j) {
  namespace f = json_fields;
  common_options o;
  o.pmem = f::text(j, "options", "pmem");
  o.memmap = f::text(j, "options", "memmap");
  o.placement = f::text(j, "options", "placement");
  o.counters = f::text(j, "options", "counters");
  o.force = f::flag(j, "options", "force");
  o.keep = f::flag(j, "options", "keep");
  o.allow_page_cache = f::flag(j, "options", "allow_page_cache");
  return o;
}

}  // namespace pgmap::bench
