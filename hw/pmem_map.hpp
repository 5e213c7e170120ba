// Persistent memory mapped through PMDK's libpmem2, with a report of what
// libpmem2 says about it (granularity, MAP_SYNC, alignment, NUMA node).
// Persisting goes only through libpmem2's own functions.
#pragma once
#include <libpmem2.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "hw/pmem_spec.hpp"
#include "hw/topology.hpp"

namespace pgmap::hw {

struct pmem_options {
  bool force = false;             // devdax: write over the device; files: use an existing file
  bool keep = false;              // leave a created file in place
  bool allow_page_cache = false;  // fsdax: accept a non-DAX directory (measures the page cache)
};

struct pmem_report {
  pmem_kind kind;
  std::string spec;
  std::string path;  // file or device actually mapped
  bool created_file = false;
  bool real_dax = false;
  bool map_sync = false;     // MAP_SYNC in effect
  std::string granularity;   // "byte" | "cache line" | "page"
  // Which persist runs: "flush+drain (CLWB)", "flush+drain (CLWB, emulated:
  // DRAM)", "drain only (eADR: ...)", "msync", or "unavailable: <why>".
  std::string persist_kind;
  uint64_t size = 0, alignment = 0;
  std::string numa_node;     // "0", or "unavailable: <why>"

  nlohmann::json to_json() const;
  // One line, e.g. "emulated /dev/shm/pgmap-XXXXXX 1 GiB, granularity page, not DAX (DRAM)".
  std::string summary() const;
};

class pmem_mapping {
 public:
  // required: bytes the caller needs. A spec SIZE below it is an error;
  // without SIZE, files are created with `required` bytes and a devdax device
  // maps whole (an error if it is smaller). Throws pgmap::error naming the
  // spec or path at fault, with libpmem2's own message where it has one.
  static std::unique_ptr<pmem_mapping> open(const pmem_spec&, const pmem_options&,
                                            uint64_t required, const topology* topo /*may be null*/);

  std::byte* base() const { return base_; }
  uint64_t size() const { return report_.size; }
  const pmem_report& report() const { return report_; }

  void persist(const void* p, size_t n) const { persist_(p, n); }
  void flush(const void* p, size_t n) const { flush_(p, n); }
  void drain() const { drain_(); }
  // For hot loops: call it directly, no wrapper in between.
  pmem2_persist_fn persist_fn() const { return persist_; }

  pmem_mapping(const pmem_mapping&) = delete;
  pmem_mapping& operator=(const pmem_mapping&) = delete;
  // Unmaps; a created file is already unlinked unless `keep` (see open).
  ~pmem_mapping();

 private:
  pmem_mapping() = default;
  pmem2_map* map_ = nullptr;
  std::byte* base_ = nullptr;
  pmem2_persist_fn persist_ = nullptr;
  pmem2_flush_fn flush_ = nullptr;
  pmem2_drain_fn drain_ = nullptr;
  pmem_report report_;
};

}  // namespace pgmap::hw
