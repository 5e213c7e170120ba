// What this host offers the suite, read without writing anything: pmem
// namespaces, hardware-counter access, what the kernel module needs. Each
// finding says what is there, or why not and the command that fixes it
// (pgmap-suite --check prints them before it plans the profiles).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pgmap::hw {

struct finding {
  std::string topic;  // "pmem", "counters", "kernel module", ...
  std::string state;  // what is there, or "unavailable: <why>"
  std::string fix;    // the command or step that makes it available; "" when nothing to fix
};

// `ndctl list -N -R`'s JSON: one finding per namespace (mode, size, NUMA
// node, alignment), or why there is none.
std::vector<finding> pmem_findings(const nlohmann::json& ndctl);
std::vector<finding> pmem_findings();  // this host

// What PCM and perf need, from the files that decide it (paths given for the
// tests): the CPU vendor, perf_event_paranoid, the msr driver, the NMI
// watchdog, kernel lockdown.
struct pmu_files {
  std::string cpuinfo = "/proc/cpuinfo";
  std::string paranoid = "/proc/sys/kernel/perf_event_paranoid";
  std::string msr = "/dev/cpu/0/msr";
  std::string nmi_watchdog = "/proc/sys/kernel/nmi_watchdog";
  std::string lockdown = "/sys/kernel/security/lockdown";
};
std::vector<finding> pmu_findings(const pmu_files& = {});
// The fix for a counter collector's "unavailable: <why>" ("" when none is known).
std::string counters_fix(const std::string& why);

// The kernel module: headers for the running kernel, and the ranges the
// kernel command line reserved (memmap=SIZE$START) that /proc/iomem shows
// unclaimed.
struct kmod_files {
  std::string modules = "/lib/modules";
  std::string iomem = "/proc/iomem";
  std::string cmdline = "/proc/cmdline";
};
// The memmap=SIZE$START reservations of a kernel command line, as the kernel
// parses them (several per memmap=, comma-separated; other kinds skipped).
struct memmap_reservation {
  std::uint64_t start, size;
  std::string text;  // "4G$64G"
};
std::vector<memmap_reservation> memmap_reservations(const std::string& cmdline);
std::vector<finding> kmod_findings(const std::string& release, const kmod_files& = {});

}  // namespace pgmap::hw
