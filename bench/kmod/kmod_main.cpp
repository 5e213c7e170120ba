// pgmap-kmod: runs the kernel module pgmap_kmod once and writes its figures
// as Google Benchmark JSON (DIR/bench_kernel.json) with the suite's case
// names: loads the module with the given parameters (it runs at load time),
// reads debugfs pgmap_kmod/results and /checks, unloads it. Root only.
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/atomic_file.hpp"
#include "common/cli.hpp"
#include "common/error.hpp"
#include "hw/machine_record.hpp"
#include "hw/pmem_spec.hpp"
#include "bench/kmod/kmod_report.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* module_name = "pgmap_kmod";
constexpr const char* debug_root = "/sys/kernel/debug";

struct options {
  std::string module, range, trackers = "none,atomic,percpu_ref,sweep,bulk,none", cpus,
                             pages = "private,shared", out;
  unsigned long loops = 100000;
  unsigned sweepers = 1, timeout_ms = 10000, runs = 3;
  bool checks = false, emulated_guest = false, force = false;
};

// "5G", "0x140000000", "256M": bytes, as the kernel reads memmap=.
unsigned long long parse_size(const std::string& s, const std::string& what) {
  if (const std::optional<std::uint64_t> v = pgmap::hw::memparse(s)) return *v;
  throw pgmap::error("--range '" + what + "': '" + s + "' is not a size (a number, 0x for hex, then K, M, G, T, P or E)");
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw pgmap::error(p.string() + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The kernel log's records since the descriptor was opened at its end, those
// of the module only: why a load failed, in the module's words.
std::string module_messages(int kmsg) {
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = read(kmsg, buf, sizeof buf - 1);
    if (n < 0 && errno == EPIPE) continue;  // overwritten records: skip on
    if (n <= 0) break;
    std::string rec(buf, static_cast<std::size_t>(n));
    std::size_t semi = rec.find(';');
    std::string text = trimmed(semi == std::string::npos ? rec : rec.substr(semi + 1));
    if (text.starts_with(std::string(module_name) + ":")) out += "  " + text.substr(0, text.find('\n')) + "\n";
  }
  return out;
}

// Loaded for the lifetime of the object; unloaded at the end in any case.
class loaded_module {
 public:
  loaded_module(const std::string& path, const std::string& params) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw pgmap::error("--module '" + path + "': " + std::strerror(errno));
    int kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (kmsg >= 0) lseek(kmsg, 0, SEEK_END);
    const long rc = syscall(SYS_finit_module, fd, params.c_str(), 0);
    const int err = errno;
    close(fd);
    if (rc != 0) {
      std::string why = kmsg >= 0 ? module_messages(kmsg) : "";
      if (kmsg >= 0) close(kmsg);
      if (err == EEXIST) throw pgmap::error(std::string(module_name) + " is already loaded (rmmod it first)");
      throw pgmap::error("loading " + path + " failed: " + std::strerror(err) +
                         (why.empty() ? " (see dmesg)" : "; the module said:\n" + trimmed(why)));
    }
    if (kmsg >= 0) close(kmsg);
  }
  ~loaded_module() {
    // The module holds no references once loaded: a plain delete succeeds.
    if (syscall(SYS_delete_module, module_name, O_NONBLOCK) != 0)
      std::cerr << "pgmap-kmod: unloading " << module_name << ": " << std::strerror(errno) << "\n";
  }
  loaded_module(const loaded_module&) = delete;
  loaded_module& operator=(const loaded_module&) = delete;
};

// debugfs, mounted when it is not (busybox systems do not mount it).
fs::path module_debugfs() {
  const fs::path dir = fs::path(debug_root) / module_name;
  if (!fs::exists(dir) && mount("debugfs", debug_root, "debugfs", 0, nullptr) != 0)
    throw pgmap::error(std::string("cannot mount debugfs on ") + debug_root + ": " + std::strerror(errno));
  if (!fs::exists(dir / "results")) throw pgmap::error(dir.string() + "/results: missing after load");
  return dir;
}

std::string module_params(const options& o, unsigned long long start, unsigned long long size) {
  std::ostringstream p;
  p << "range_start=" << start << " range_size=" << size << " trackers=" << o.trackers
    << " loops=" << o.loops << " pages=" << o.pages << " sweepers=" << o.sweepers
    << " timeout_ms=" << o.timeout_ms << " runs=" << o.runs << " checks=" << (o.checks ? 1 : 0);
  if (!o.cpus.empty()) p << " cpus=" << o.cpus;
  return p.str();
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", std::gmtime(&t));
  return buf;
}

// Google Benchmark's own context fields, as far as they mean something here.
json gb_context(const char* argv0) {
  utsname u{};
  uname(&u);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  return json{{"date", utc_now()},
              {"host_name", u.nodename},
              {"executable", argv0},
              {"num_cpus", std::thread::hardware_concurrency()},
              {"mhz_per_cpu", 0},
              {"cpu_scaling_enabled", false},
              {"caches", json::array()},
              {"load_avg", {load[0], load[1], load[2]}},
              {"library_build_type", "release"}};
}

int run(int argc, char** argv) {
  options o;
  CLI::App app("Loads the kernel module pgmap_kmod over a physical range nothing else owns, reads "
               "its figures and writes them as Google Benchmark JSON (OUT/bench_kernel.json). "
               "Needs root.",
               "pgmap-kmod");
  app.add_option("--module", o.module, "the built module (pgmap_kmod.ko)")->required();
  app.add_option("--range", o.range,
                 "START+SIZE of the physical range, e.g. 5G+1G or 0x140000000+0x40000000: "
                 "reserved at boot (memmap=SIZE$START) or a device range set aside; never System RAM")
      ->required();
  app.add_option("--out", o.out, "run folder for bench_kernel.json (created if missing)")->required();
  app.add_option("--trackers", o.trackers, "none,atomic,percpu_ref,sweep,bulk in order (a repeat is a second pass)")
      ->capture_default_str();
  app.add_option("--cpus", o.cpus, "hot-path thread counts, e.g. 1,2 (default: all online CPUs)");
  app.add_option("--loops", o.loops, "get+put pairs per thread per case")->capture_default_str();
  app.add_option("--pages", o.pages, "private,shared")->capture_default_str();
  app.add_option("--sweepers", o.sweepers, "sweep scan threads")->capture_default_str();
  app.add_option("--timeout-ms", o.timeout_ms, "removal timeout")->capture_default_str();
  app.add_option("--runs", o.runs, "repetitions of every case")->capture_default_str();
  app.add_flag("--checks", o.checks, "also run the module's removal checks; print them, fail if one fails");
  app.add_flag("--emulated-guest", o.emulated_guest,
               "label the figures as from an emulated (qemu TCG) guest: never host figures");
  app.add_flag("--force", o.force, "replace OUT/bench_kernel.json if it is a regular file (never a device, FIFO or symlink)");
  pgmap::cli::add_version(app, "pgmap-kmod");
  if (const auto rc = pgmap::cli::parse(app, argc, argv)) return *rc;
  const std::size_t plus = o.range.find('+');
  unsigned long long start = 0, size = 0;
  try {
    if (plus == std::string::npos) throw pgmap::error("--range '" + o.range + "': expected START+SIZE");
    start = parse_size(o.range.substr(0, plus), o.range);
    size = parse_size(o.range.substr(plus + 1), o.range);
    if (size == 0) throw pgmap::error("--range '" + o.range + "': empty");
  } catch (const pgmap::error& e) {
    std::cerr << "pgmap-kmod: " << e.what() << "\n";
    return 2;
  }
  const fs::path out = fs::path(o.out) / "bench_kernel.json";
  try {
    pgmap::check_replaceable(out.string());  // checked before the module is loaded
  } catch (const pgmap::error& e) {
    std::cerr << "pgmap-kmod: " << e.what() << "\n";
    return 2;
  }
  if (fs::exists(out) && !o.force) {
    std::cerr << "pgmap-kmod: " << out.string() << " exists (--force replaces it)\n";
    return 2;
  }
  if (!fs::exists(o.module)) {
    std::cerr << "pgmap-kmod: --module '" << o.module << "': no such file\n";
    return 2;
  }

  const std::string params = module_params(o, start, size);
  std::cout << "pgmap-kmod: loading " << o.module << " " << params << "\n" << std::flush;
  std::string results, checks;
  {
    loaded_module loaded(o.module, params);
    const fs::path dir = module_debugfs();
    results = read_text(dir / "results");
    checks = read_text(dir / "checks");
  }
  std::cout << checks;

  pgmap::kmod::run_context ctx;
  ctx.gb_context = gb_context(argv[0]);
  ctx.machine = pgmap::hw::machine_record(pgmap::hw::topology::discover(), json(), "");
  ctx.params = json{{"module_params", params}, {"range", o.range}};
  ctx.cmdline = trimmed(read_text("/proc/cmdline"));
  ctx.pmem_kind = o.emulated_guest ? "emulated (qemu TCG guest)" : "reserved physical range";
  ctx.label = "counters=unavailable: the kernel module reads no hardware counters; "
              "placement=kthreads bound one per CPU; pmem=" + ctx.pmem_kind;
  const json doc = pgmap::kmod::gb_document(pgmap::kmod::parse_results(results), ctx);
  fs::create_directories(o.out);
  pgmap::write_atomically(out.string(), doc.dump(2) + "\n");
  std::cout << "pgmap-kmod: wrote " << out.string() << " (" << doc["benchmarks"].size() << " cases)\n";
  const bool failed = checks.find("FAILED") != std::string::npos;
  if (failed) std::cerr << "pgmap-kmod: some of the module's checks failed\n";
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "pgmap-kmod: " << e.what() << "\n";
    return 1;
  }
}
