#include "hw/readiness.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <filesystem>
#include <sstream>

#include "hw/pmem_spec.hpp"
#include "hw/probe.hpp"

namespace pgmap::hw {
namespace {

using nlohmann::json;

std::string field(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// ndctl prints one region as an object, several as an array, and with
// namespaces asked for, {"regions": [...]}.
std::vector<json> regions_of(const json& j) {
  if (j.is_object() && j.contains("regions") && j["regions"].is_array()) return j["regions"];
  if (j.is_array()) return j;
  if (j.is_object() && j.contains("dev")) return {j};
  return {};
}

const char* const no_pmem_fix =
    "none on this host: run on a pmem host; or emulate one (DRAM) with memmap=4G!12G on the kernel "
    "command line, then: ndctl create-namespace -f -e namespace0.0 -m fsdax; or use scripts/pmem-vm "
    "(a qemu guest with emulated NVDIMMs)";

}  // namespace

std::vector<finding> pmem_findings(const json& ndctl) {
  std::vector<finding> out;
  for (const json& r : regions_of(ndctl)) {
    if (!r.is_object()) continue;
    const std::string region = field(r, "dev"), node = field(r, "numa_node");
    const json ns = r.value("namespaces", json::array());
    if (!ns.is_array() || ns.empty()) {
      out.push_back({"pmem", region + ": no namespace (" + human_size(r.value("size", 0ull)) + " free)",
                     "ndctl create-namespace -r " + region + " -m fsdax (or -m devdax)"});
      continue;
    }
    for (const json& n : ns) {
      const std::string mode = field(n, "mode"), dev = field(n, "dev");
      std::string state = region + "/" + dev + ": " + mode;
      if (const std::string b = field(n, "blockdev"); !b.empty()) state += " /dev/" + b;
      if (const std::string c = field(n, "chardev"); !c.empty()) state += " /dev/" + c;
      state += ", " + human_size(n.value("size", 0ull));
      state += ", NUMA node " + (node.empty() ? std::string("unknown") : node);
      if (const std::string a = field(n, "align"); !a.empty()) state += ", align " + a;
      const bool usable = mode == "fsdax" || mode == "devdax";
      out.push_back({"pmem", state,
                     usable ? "" : "ndctl create-namespace -f -e " + dev + " -m fsdax (or -m devdax): " + mode +
                                       " mode has no DAX"});
    }
  }
  if (out.empty()) out.push_back({"pmem", "unavailable: ndctl lists no regions", no_pmem_fix});
  return out;
}

std::vector<finding> pmem_findings() {
  const reading r = run_command({"ndctl", "list", "-N", "-R"});
  if (!r.ok()) {
    const bool missing = r.why.find("not installed") != std::string::npos;
    return {{"pmem", "unavailable: " + r.why, missing ? "sudo apt-get install ndctl" : "run the check as root"}};
  }
  if (r.text.empty()) return pmem_findings(json());
  const json j = json::parse(r.text, nullptr, false);
  if (j.is_discarded())
    return {{"pmem", "unavailable: ndctl list printed no JSON", "sudo apt-get install ndctl"}};
  return pmem_findings(j);
}

std::string counters_fix(const std::string& why) {
  if (why.empty()) return "";
  if (why.find("<not supported>") != std::string::npos || why.find("vPMU") != std::string::npos)
    return "the CPU exposes no counters here (a VM without a virtual PMU): run on bare metal, or give "
           "the guest the host's PMU (e.g. libvirt <cpu mode='host-passthrough'/>, qemu -cpu host,pmu=on)";
  if (why.find("perf not installed") != std::string::npos) return "sudo apt-get install linux-perf";
  if (why.find("perf not found for kernel") != std::string::npos)
    return "sudo apt-get install linux-perf (Debian's perf must match the running kernel's version)";
  if (why.find("MSR") != std::string::npos || why.find("msr") != std::string::npos)
    return "sudo modprobe msr, and run as root (PCM reads the MSRs)";
  if (why.find("paranoid") != std::string::npos || why.find("Permission") != std::string::npos)
    return "sudo sysctl kernel.perf_event_paranoid=0 (or run as root)";
  return "run the tool by hand (perf stat -e cycles true; sudo pcm 1 -i=1) for its own message; the "
         "findings below name what PCM and perf need";
}

std::vector<finding> pmu_findings(const pmu_files& f) {
  std::vector<finding> out;
  const reading cpuinfo = read_file(f.cpuinfo);
  const bool intel = cpuinfo.ok() && cpuinfo.text.find("GenuineIntel") != std::string::npos;
  if (!cpuinfo.ok())
    out.push_back({"PCM", "unavailable: " + cpuinfo.why, "mount /proc (the CPU vendor decides whether PCM can count)"});
  else
    out.push_back({"PCM", intel ? "an Intel CPU: PCM can count" : "unavailable: PCM needs an Intel CPU",
                   intel ? "" : "none for PCM: --counters perf (or auto) counts with perf"});
  if (const reading p = read_file(f.paranoid); !p.ok()) {
    out.push_back({"perf_event_paranoid", "unavailable: " + p.why,
                   "a kernel with CONFIG_PERF_EVENTS (perf counts nothing without it)"});
  } else {
    int level = 3;
    std::from_chars(p.text.data(), p.text.data() + p.text.size(), level);
    out.push_back({"perf_event_paranoid", p.text + (level <= 0 ? ": every counter open" : ": uncore and system-wide counters for root only"),
                   level <= 0 ? "" : "sudo sysctl kernel.perf_event_paranoid=0 (or run as root)"});
  }
  if (intel) {
    std::error_code ec;
    const bool msr = std::filesystem::exists(f.msr, ec);
    out.push_back({"msr", msr ? f.msr + ": present" : "unavailable: " + f.msr + ": no msr driver loaded",
                   msr ? "" : "sudo modprobe msr"});
  }
  if (const reading w = read_file(f.nmi_watchdog); w.ok())
    out.push_back({"nmi_watchdog", w.text == "0" ? "0: every counter free" : w.text + ": holds one counter",
                   w.text == "0" ? "" : "sudo sysctl kernel.nmi_watchdog=0"});
  if (const reading l = read_file(f.lockdown); l.ok()) {
    const bool none = l.text.find("[none]") != std::string::npos;
    out.push_back({"lockdown", l.text, none ? "" : "boot with lockdown=none (or without Secure Boot): PCM writes MSRs"});
  }
  return out;
}

std::vector<memmap_reservation> memmap_reservations(const std::string& cmdline) {
  std::vector<memmap_reservation> out;
  std::istringstream words(cmdline);
  for (std::string w; words >> w;) {
    if (!w.starts_with("memmap=")) continue;
    std::istringstream items(w.substr(7));
    for (std::string item; std::getline(items, item, ',');) {
      const std::size_t dollar = item.find('$');
      if (dollar == std::string::npos) continue;  // @ is RAM, ! is pmem, # is ACPI
      const std::optional<std::uint64_t> size = memparse(item.substr(0, dollar)),
                                         start = memparse(item.substr(dollar + 1));
      // A range past the end of the address space is none.
      if (size && start && *size > 0 && *size - 1 <= ~std::uint64_t{0} - *start) out.push_back({*start, *size, item});
    }
  }
  return out;
}

std::vector<finding> kmod_findings(const std::string& release, const kmod_files& f) {
  std::vector<finding> out;
  const std::string build = f.modules + "/" + release + "/build";
  std::error_code ec;
  if (std::filesystem::exists(build, ec))
    out.push_back({"kernel module", "headers: " + build, ""});
  else
    out.push_back({"kernel module", "unavailable: no headers for " + release + " (" + build + ")",
                   "sudo apt-get install linux-headers-" + release});
  const reading iomem = read_file(f.iomem);
  if (!iomem.ok()) {
    out.push_back({"kernel module range", "unavailable: " + iomem.why, "mount /proc, and run the check as root"});
    return out;
  }
  // Top-level "Reserved" ranges nothing claims (no indented line below).
  struct range {
    std::uint64_t lo, hi;  // inclusive
  };
  std::istringstream in(iomem.text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  bool addresses = false;
  std::vector<range> free;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    const std::size_t dash = l.find('-'), colon = l.find(" : ");
    if (l.empty() || l[0] == ' ' || dash == std::string::npos || colon == std::string::npos) continue;
    std::uint64_t lo = 0, hi = 0;
    std::from_chars(l.data(), l.data() + dash, lo, 16);
    std::from_chars(l.data() + dash + 1, l.data() + colon, hi, 16);
    addresses = addresses || hi != 0;
    const bool claimed = i + 1 < lines.size() && !lines[i + 1].empty() && lines[i + 1][0] == ' ';
    if (l.substr(colon + 3) == "Reserved" && !claimed && hi >= lo) free.push_back({lo, hi});
  }
  if (!addresses) {
    out.push_back({"kernel module range", "unavailable: " + f.iomem + " shows addresses to root only",
                   "run the check as root"});
    return out;
  }
  // Only RAM that memmap=SIZE$START kept from the kernel: a reserved range
  // the firmware made (a hole, ACPI tables) may have nothing behind it, or
  // something the module must not touch.
  const reading cmdline = read_file(f.cmdline);
  if (!cmdline.ok()) {
    out.push_back({"kernel module range", "unavailable: " + cmdline.why, "mount /proc"});
    return out;
  }
  std::string offered, taken;
  for (const memmap_reservation& m : memmap_reservations(cmdline.text)) {
    const std::uint64_t last = m.start + m.size - 1;
    const bool unclaimed = std::any_of(free.begin(), free.end(), [&](const range& r) {
      return r.lo <= m.start && last <= r.hi;
    });
    std::ostringstream r;
    r << std::hex << "0x" << m.start << "+" << std::dec << human_size(m.size);
    std::string& list = unclaimed ? offered : taken;
    list += (list.empty() ? "" : ", ") + r.str() + " (memmap=" + m.text + ")";
  }
  const std::string reserve =
      "reserve RAM at boot: memmap=4G$64G on the kernel command line (quote the $ for the boot loader), "
      "then pgmap-kmod --range 64G+4G";
  if (!offered.empty())
    out.push_back({"kernel module range", "reserved, unclaimed: " + offered, ""});
  else if (!taken.empty())
    out.push_back({"kernel module range", "unavailable: claimed by a driver, or not reserved: " + taken,
                   "see /proc/iomem as root; unload what claims it, or " + reserve});
  else
    out.push_back({"kernel module range", "unavailable: no memmap=SIZE$START on the kernel command line", reserve});
  return out;
}

}  // namespace pgmap::hw
