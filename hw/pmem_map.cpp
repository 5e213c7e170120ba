#include "hw/pmem_map.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "common/error.hpp"
#include "hw/memory_node.hpp"
#include "hw/mounts.hpp"
#include "hw/pmem_node.hpp"
#include "hw/round_up.hpp"

namespace pgmap::hw {
namespace {

struct source_deleter {
  void operator()(pmem2_source* s) const { pmem2_source_delete(&s); }
};
using source_ptr = std::unique_ptr<pmem2_source, source_deleter>;
struct config_deleter {
  void operator()(pmem2_config* c) const { pmem2_config_delete(&c); }
};
using config_ptr = std::unique_ptr<pmem2_config, config_deleter>;

// Unlinks a file this run created and keeps (--keep) when it goes out of
// scope while armed: on any failure before the mapping stands.
struct created_file {
  std::string path;
  bool armed = false;
  created_file() = default;
  created_file(const created_file&) = delete;
  created_file& operator=(const created_file&) = delete;
  ~created_file() {
    if (armed) ::unlink(path.c_str());
  }
};

// What the file or device resolved to, ready for libpmem2. The descriptor
// closes in the destructor's body, before a created file is unlinked.
struct target {
  std::string path;
  uint64_t length = 0;
  bool created_here = false;  // this run made the file
  created_file created;
  int fd = -1;
  source_ptr src;
  target() = default;
  target(const target&) = delete;
  target& operator=(const target&) = delete;
  ~target() {
    if (fd >= 0) ::close(fd);
  }
};

// What libpmem2 says about a failure. Its message is per thread and some
// failures set none (e.g. a character device that is not device DAX), which
// would leave an older one in place, so known codes speak for themselves.
std::string libpmem2_says(int rc) {
  switch (rc) {
    case PMEM2_E_INVALID_FILE_TYPE: return "libpmem2: not a regular file or a device DAX device";
    case PMEM2_E_LENGTH_UNALIGNED: return "libpmem2: length not aligned to the source's alignment";
    case PMEM2_E_LENGTH_OUT_OF_RANGE:
    case PMEM2_E_MAP_RANGE: return "libpmem2: length beyond the end of the source";
    default: break;
  }
  const char* msg = pmem2_errormsg();
  if (msg && *msg) return std::string("libpmem2: ") + msg;
  // Codes above PMEM2_E_UNKNOWN are negated errno values (pmem2_err_to_errno
  // is declared but not exported by the Debian build).
  if (rc < 0 && rc > PMEM2_E_UNKNOWN) return std::string("libpmem2: ") + std::strerror(-rc);
  return "libpmem2: error " + std::to_string(rc);
}

std::string errno_text(int e) { return std::strerror(e); }

uint64_t page_size() { return static_cast<uint64_t>(sysconf(_SC_PAGESIZE)); }

const char* granularity_name(pmem2_granularity g) {
  switch (g) {
    case PMEM2_GRANULARITY_BYTE: return "byte";
    case PMEM2_GRANULARITY_CACHE_LINE: return "cache line";
    case PMEM2_GRANULARITY_PAGE: return "page";
  }
  return "?";
}

// libpmem2 does not say which flush instruction it picked; it takes the
// newest of CLWB, CLFLUSHOPT, CLFLUSH that CPUID offers unless
// PMEM_NO_CLWB=1 or PMEM_NO_CLFLUSHOPT=1 (libpmem2 x86_64/init.c). This
// repeats that rule so the record names the instruction.
std::string cache_flush_instruction() {
#if defined(__x86_64__)
  auto disabled = [](const char* var) {
    const char* v = std::getenv(var);
    return v && std::strcmp(v, "1") == 0;
  };
  unsigned a = 0, b = 0, c = 0, d = 0;
  const bool leaf7 = __get_cpuid_count(7, 0, &a, &b, &c, &d);
  if (leaf7 && (b & (1u << 24)) && !disabled("PMEM_NO_CLWB")) return "CLWB";
  if (leaf7 && (b & (1u << 23)) && !disabled("PMEM_NO_CLFLUSHOPT")) return "CLFLUSHOPT";
  return "CLFLUSH";
#else
  return "cache-line flush, instruction unavailable: not x86-64";
#endif
}

std::string persist_kind_of(pmem2_granularity g, pmem_kind kind) {
  const std::string dram = kind == pmem_kind::emulated ? ", emulated: DRAM" : "";
  switch (g) {
    case PMEM2_GRANULARITY_PAGE: return "msync";
    case PMEM2_GRANULARITY_CACHE_LINE: return "flush+drain (" + cache_flush_instruction() + dram + ")";
    case PMEM2_GRANULARITY_BYTE: return "drain only (eADR: flush is a no-op" + dram + ")";
  }
  return "unavailable: unknown granularity";
}

// libpmem2 reads PMEM2_FORCE_GRANULARITY at each pmem2_map_new and then
// persists as that granularity requires (libpmem2(7); checked with 1.12.1:
// CACHE_LINE on a /dev/shm file gives the flush+drain functions). Held only
// around that call: set to make emulated pmem flush as real pmem does,
// cleared otherwise so a value in the user's environment cannot make a
// device's report wrong. Mapping happens before measured threads start, so
// no other thread reads the environment meanwhile.
class forced_granularity {
 public:
  explicit forced_granularity(const char* value /* nullptr: none */) {
    if (const char* old = std::getenv(var)) saved_ = old;
    if (value) ::setenv(var, value, 1);
    else ::unsetenv(var);
  }
  ~forced_granularity() {
    if (saved_) ::setenv(var, saved_->c_str(), 1);
    else ::unsetenv(var);
  }
  forced_granularity(const forced_granularity&) = delete;
  forced_granularity& operator=(const forced_granularity&) = delete;

 private:
  static constexpr const char* var = "PMEM2_FORCE_GRANULARITY";
  std::optional<std::string> saved_;
};

void attach_source(target& t, const std::string& what) {
  pmem2_source* raw = nullptr;
  if (const int rc = pmem2_source_from_fd(&raw, t.fd); rc != 0) throw error(what + ": " + libpmem2_says(rc));
  t.src.reset(raw);
}

// stat() with the failure said as a one-line error naming the path.
struct stat stat_or_throw(const std::string& what, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return st;
  const int e = errno;
  if (e == ENOENT) throw error(what + " '" + path + "' does not exist");
  if (e == EACCES) throw error(what + " '" + path + "': permission denied");
  throw error(what + " '" + path + "': " + errno_text(e));
}

int open_rw(const std::string& what, const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd >= 0) return fd;
  const int e = errno;
  if (e == EACCES) throw error(what + " '" + path + "': permission denied opening it read-write");
  throw error(what + " '" + path + "': " + errno_text(e));
}

// Refuses a directory whose file system cannot give what the kind promises:
// emulated pmem lives in memory (tmpfs); fsdax needs a DAX mount unless the
// page cache is explicitly accepted. Unknown mounts are left to libpmem2.
void check_file_system(pmem_kind kind, const pmem_options& opt, const std::string& what,
                       const std::string& dir) {
  const auto mount = mount_of(dir);
  if (!mount) return;
  const std::string on = mount->fstype + " at " + mount->point;
  if (kind == pmem_kind::emulated && mount->fstype != "tmpfs")
    throw error(what + " '" + dir + "' is not on tmpfs (" + on +
                "): emulated pmem must live in memory, e.g. in /dev/shm");
  if (kind == pmem_kind::fsdax && mount->dax() == dax_mount::never && !opt.allow_page_cache)
    throw error(what + " '" + dir + "' is not on a DAX-mounted file system (" + on +
                " has no dax option); pass --allow-page-cache to measure the page cache instead");
}

void allocate(const target& t, const std::string& where) {
  const int e = posix_fallocate(t.fd, 0, static_cast<off_t>(t.length));
  if (e == ENOSPC)
    throw error("not enough space in '" + where + "' for " + human_size(t.length) + " ('" + t.path +
                "': " + errno_text(e) + ")");
  if (e != 0) throw error("cannot allocate " + human_size(t.length) + " for '" + t.path + "': " + errno_text(e));
}

// A new file with a unique name (O_EXCL) in `dir`, allocated up front so an
// over-commit fails here instead of as SIGBUS in the middle of a run.
// Unless kept, it is unlinked at once: the descriptor, then the mapping,
// hold its memory, so no stop, not even SIGKILL, can leave it behind.
void create_file(target& t, const std::string& what, const std::string& dir, bool keep) {
  struct statvfs vfs {};
  if (::statvfs(dir.c_str(), &vfs) == 0) {
    const uint64_t free_bytes = uint64_t(vfs.f_bavail) * vfs.f_frsize;
    if (free_bytes < t.length)
      throw error("not enough space in " + what + " '" + dir + "': need " + human_size(t.length) + ", " +
                  human_size(free_bytes) + " free");
  }
  std::string name = dir + "/pgmap-XXXXXX";
  const int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw error("cannot create a file in " + what + " '" + dir + "': " + errno_text(e));
  }
  t.fd = fd;
  t.path = name;
  t.created_here = true;
  if (keep) {
    t.created.path = name;
    t.created.armed = true;
  } else {
    ::unlink(name.c_str());
  }
  allocate(t, dir);
}

void prepare_file(target& t, const pmem_spec& spec, const pmem_options& opt, uint64_t length) {
  const std::string what = std::string(to_string(spec.kind)) + " directory";
  const struct stat st = stat_or_throw(what, spec.path);
  t.length = round_up(length, page_size());
  if (S_ISDIR(st.st_mode)) {
    check_file_system(spec.kind, opt, what, spec.path);
    create_file(t, what, spec.path, opt.keep);
    return;
  }
  if (!S_ISREG(st.st_mode))
    throw error(std::string(to_string(spec.kind)) + " path '" + spec.path +
                "' is neither a directory nor a regular file");
  if (!opt.force)
    throw error(std::string(to_string(spec.kind)) + " path '" + spec.path +
                "' is an existing file: refusing to overwrite it; pass --force to use it "
                "(its contents will be destroyed)");
  check_file_system(spec.kind, opt, what, std::filesystem::path(spec.path).parent_path().string());
  t.path = spec.path;
  t.fd = open_rw(std::string(to_string(spec.kind)) + " file", spec.path);
  if (static_cast<uint64_t>(st.st_size) < t.length) allocate(t, spec.path);
}

void prepare_device(target& t, const pmem_spec& spec, const pmem_options& opt, uint64_t required) {
  const std::string what = "devdax device";
  const struct stat st = stat_or_throw(what, spec.path);
  if (!opt.force)
    throw error(what + " '" + spec.path + "': mapping it writes over the data on it; pass --force "
                "to use it (all data on the device will be destroyed)");
  if (!S_ISCHR(st.st_mode))
    throw error(what + " '" + spec.path + "' is not a character device (device DAX is /dev/daxX.Y)");
  t.path = spec.path;
  t.fd = open_rw(what, spec.path);
  const std::string dev = what + " '" + spec.path + "'";
  attach_source(t, dev);
  // Sizes come from libpmem2, which reads them from the device's sysfs.
  size_t align = 0, dev_size = 0;
  int rc = pmem2_source_alignment(t.src.get(), &align);
  if (rc == 0) rc = pmem2_source_size(t.src.get(), &dev_size);
  if (rc != 0) throw error(dev + ": " + libpmem2_says(rc));
  if (spec.size) {
    if (*spec.size % align != 0)
      throw error(dev + ": SIZE " + human_size(*spec.size) + " is not a multiple of the device's alignment " +
                  human_size(align));
    if (*spec.size > dev_size)
      throw error(dev + ": SIZE " + human_size(*spec.size) + " exceeds the device's " + human_size(dev_size));
  } else if (dev_size < required) {
    throw error(dev + " has " + human_size(dev_size) + ", this run needs " + human_size(required));
  }
  t.length = spec.size.value_or(dev_size);
}

std::string file_numa_node(const pmem_spec& spec, const pmem2_source* src, const pmem_mapping& m,
                           const topology* topo) {
  const std::string seen = memory_node(topo, m.base(), m.size());
  if (spec.kind != pmem_kind::fsdax || seen.rfind("unavailable", 0) != 0) return seen;
  int node = -1;  // a DAX file's device knows its node even when hwloc cannot tell
  const int rc = pmem2_source_numa_node(src, &node);
  if (rc == 0 && node >= 0) return std::to_string(node);
  return seen + "; " + (rc != 0 ? libpmem2_says(rc) : "libpmem2 gives no node");
}

}  // namespace

std::unique_ptr<pmem_mapping> pmem_mapping::open(const pmem_spec& spec, const pmem_options& opt,
                                                 uint64_t required, const topology* topo) {
  const std::string spec_text = to_string(spec);
  const std::string prefix = "pmem spec '" + spec_text + "': ";
  if (spec.size && *spec.size < required)
    throw error(prefix + "SIZE " + human_size(*spec.size) + " is below the " + human_size(required) +
                " this run needs");
  if (!spec.size && required == 0 && spec.kind != pmem_kind::devdax)
    throw error(prefix + "no SIZE given and the run requires none");

  target t;
  if (spec.kind == pmem_kind::devdax) prepare_device(t, spec, opt, required);
  else prepare_file(t, spec, opt, spec.size.value_or(required));

  if (!t.src) attach_source(t, "'" + t.path + "'");
  const pmem2_source* src = t.src.get();
  pmem2_config* raw_cfg = nullptr;
  if (const int rc = pmem2_config_new(&raw_cfg); rc != 0) throw error(prefix + libpmem2_says(rc));
  config_ptr cfg(raw_cfg);
  // Emulated memory and an accepted page cache only ever give PAGE
  // granularity; asking for it lets the mapping succeed. Otherwise ask for
  // CACHE_LINE so a file that is not really DAX fails here.
  const bool page_ok = spec.kind == pmem_kind::emulated || opt.allow_page_cache;
  const auto wanted = page_ok ? PMEM2_GRANULARITY_PAGE : PMEM2_GRANULARITY_CACHE_LINE;
  int rc = pmem2_config_set_required_store_granularity(cfg.get(), wanted);
  if (rc == 0) rc = pmem2_config_set_length(cfg.get(), t.length);
  if (rc != 0) throw error("'" + t.path + "': " + libpmem2_says(rc));

  const bool emulated_flush = spec.kind == pmem_kind::emulated && spec.persist == emulated_persist::flush;
  std::unique_ptr<pmem_mapping> m(new pmem_mapping());
  {
    const forced_granularity force(emulated_flush ? "CACHE_LINE" : nullptr);
    rc = pmem2_map_new(&m->map_, cfg.get(), src);
  }
  if (rc == PMEM2_E_GRANULARITY_NOT_SUPPORTED)
    throw error(std::string(to_string(spec.kind)) + " file '" + t.path + "' is not DAX-mapped (" +
                libpmem2_says(rc) + "); pass --allow-page-cache to measure the page cache instead");
  if (rc != 0) throw error("cannot map '" + t.path + "': " + libpmem2_says(rc));

  m->base_ = static_cast<std::byte*>(pmem2_map_get_address(m->map_));
  m->persist_ = pmem2_get_persist_fn(m->map_);
  m->flush_ = pmem2_get_flush_fn(m->map_);
  m->drain_ = pmem2_get_drain_fn(m->map_);

  const pmem2_granularity g = pmem2_map_get_store_granularity(m->map_);
  if (emulated_flush && g != PMEM2_GRANULARITY_CACHE_LINE)
    throw error(prefix + "libpmem2 did not take PMEM2_FORCE_GRANULARITY=CACHE_LINE (granularity " +
                granularity_name(g) + "); use persist=msync to measure msync");
  size_t align = 0;
  pmem2_source_alignment(src, &align);
  pmem_report& r = m->report_;
  r.kind = spec.kind;
  r.spec = spec_text;
  r.path = t.path;
  r.created_file = t.created_here;
  // Unforced, libpmem2 gives better than PAGE only when its MAP_SYNC mmap
  // succeeded (map_posix.c), so the granularity says both. Emulated memory
  // is tmpfs: never MAP_SYNC, whatever granularity was forced.
  r.map_sync = g != PMEM2_GRANULARITY_PAGE && spec.kind != pmem_kind::emulated;
  r.real_dax = r.map_sync;
  r.granularity = granularity_name(g);
  r.persist_kind = persist_kind_of(g, spec.kind);
  r.size = pmem2_map_get_size(m->map_);
  r.alignment = align;
  r.numa_node = spec.kind == pmem_kind::devdax ? pmem_numa_node(spec)
                                               : file_numa_node(spec, src, *m, topo);
  if (opt.keep) t.created.armed = false;
  return m;
}

pmem_mapping::~pmem_mapping() {
  if (map_) pmem2_map_delete(&map_);
}

nlohmann::json pmem_report::to_json() const {
  return {{"kind", to_string(kind)},
          {"spec", spec},
          {"path", path},
          {"created_file", created_file},
          {"real_dax", real_dax},
          {"map_sync", map_sync},
          {"granularity", granularity},
          {"persist_kind", persist_kind},
          {"size", size},
          {"alignment", alignment},
          {"numa_node", numa_node}};
}

std::string pmem_report::summary() const {
  std::string dax;
  if (kind == pmem_kind::emulated) dax = "not DAX (DRAM)";
  else if (!real_dax) dax = "not DAX (page cache)";
  else dax = kind == pmem_kind::devdax ? "DAX (device)" : "DAX";
  std::string line = std::string(to_string(kind)) + " " + path + " " + human_size(size) + ", granularity " +
                     granularity + ", " + dax;
  if (map_sync) line += ", MAP_SYNC";
  return line + ", persist " + persist_kind + ", node " + numa_node;
}

}  // namespace pgmap::hw
