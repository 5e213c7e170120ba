#include "bench/kmod/kmod_report.hpp"

#include <cstdio>
#include <sstream>

#include "bench/bench_env.hpp"
#include "common/case_schema.hpp"
#include "common/error.hpp"
#include "hw/kernel_config.hpp"

namespace pgmap::kmod {
namespace {

using nlohmann::json;

std::string describe(const record_line& l) {
  std::string s = l.word;
  for (const auto& [k, v] : l.values) s += " " + k + "=" + v;
  return s;
}

// A number as a case-name value: 1 GiB -> "1", 256 MiB -> "0.25".
std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string yes_no(const record_line& kernel, const char* key) {
  return kernel.at(key) == "1" ? "y" : "n";
}

const record_line* find_word(const std::vector<record_line>& lines, const std::string& word) {
  for (const record_line& l : lines)
    if (l.word == word) return &l;
  return nullptr;
}

const record_line& need_word(const std::vector<record_line>& lines, const std::string& word) {
  const record_line* l = find_word(lines, word);
  if (!l) throw pgmap::error("module results: no '" + word + "' line");
  return *l;
}

json entry(const std::string& name, std::size_t family, unsigned repetitions, unsigned run) {
  return json{{"name", name},
              {"family_index", family},
              {"per_family_instance_index", 0},
              {"run_name", name},
              {"run_type", "iteration"},
              {"repetitions", repetitions},
              {"repetition_index", run},
              {"time_unit", "ns"}};
}

}  // namespace

const std::string& record_line::at(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end()) throw pgmap::error("module results: no '" + key + "' in: " + describe(*this));
  return it->second;
}

double record_line::number(const std::string& key) const {
  const std::string& v = at(key);
  std::size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || v.empty())
    throw pgmap::error("module results: '" + key + "=" + v + "' is not a number in: " + describe(*this));
  return d;
}

std::vector<record_line> parse_results(const std::string& text) {
  std::vector<record_line> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    record_line l;
    if (!(words >> l.word)) continue;
    std::string kv;
    while (words >> kv) {
      std::size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0)
        throw pgmap::error("module results: '" + kv + "' is not key=value in: " + line);
      l.values[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    lines.push_back(std::move(l));
  }
  return lines;
}

std::string kernel_flavour(const record_line& kernel) {
  const auto count = kernel.values.find("preempt_count");  // absent: a module from before it was reported
  return hw::model_flavour(kernel.at("preempt_rcu") == "1", count != kernel.values.end() && count->second == "1");
}

// The model's tracker for a kernel tracker of this flavour.
std::string kernel_subject(const std::string& tracker, const std::string& flavour) {
  if (tracker == "percpu_ref") return "percpu_ref-" + flavour;
  if (tracker == "sweep") return flavour == "qsbr" ? "sweep" : "sweep-" + flavour;
  return tracker;
}

std::string kernel_case_name(const std::string& kind, const std::string& tracker, const std::string& flavour,
                             const schema::values& params) {
  return schema::case_name(kind, kernel_subject(tracker, flavour), params);
}

json gb_document(const std::vector<record_line>& lines, const run_context& ctx) {
  const record_line& kernel = need_word(lines, "kernel");
  const record_line& params = need_word(lines, "params");
  const std::string flavour = kernel_flavour(kernel);
  const unsigned repetitions = static_cast<unsigned>(params.number("runs"));
  const std::string capacity = short_number(params.number("range_size") / double(1ull << 30));
  const double struct_page = kernel.number("struct_page");

  json context = ctx.gb_context;
  json machine = ctx.machine;
  machine["pmem_kind"] = ctx.pmem_kind;
  const std::string preemption =
      "CONFIG_PREEMPT_RCU=" + yes_no(kernel, "preempt_rcu") + " CONFIG_PREEMPTION=" +
      yes_no(kernel, "preemption") + " CONFIG_PREEMPT_DYNAMIC=" + yes_no(kernel, "preempt_dynamic") +
      " CONFIG_PREEMPT_NONE=" + yes_no(kernel, "config_preempt_none") +
      " CONFIG_PREEMPT_VOLUNTARY=" + yes_no(kernel, "config_preempt_voluntary") +
      " CONFIG_PREEMPT=" + yes_no(kernel, "config_preempt") + "; preemption model at run time: " +
      kernel.at("preempt_model");
  machine["kernel_preemption"] = preemption;
  context["pgmap_machine"] = machine.dump();
  context["pgmap_params"] = ctx.params.dump();
  context["pgmap_counters"] = "unavailable: the kernel module reads no hardware counters";
  // The kernel's trackers are the registry's, under the same names.
  context["pgmap_trackers"] = bench::trackers_json().dump();
  context["pgmap_source"] = "kernel module pgmap_kmod (impl/kernel), module parameters: " + describe(params);
  context["kernel_version"] = kernel.at("release");
  context["kernel_preemption"] = preemption;
  context["kernel_cmdline"] = ctx.cmdline;
  context["pmem_kind"] = ctx.pmem_kind;
  context["pgmap_subjects"] =
      "kernel percpu_ref and sweep are named " + kernel_subject("percpu_ref", flavour) + " and " +
      kernel_subject("sweep", flavour) +
      (flavour == "memb"     ? " (CONFIG_PREEMPT_RCU=y: rcu_read_lock() is a nesting count, like liburcu memb)"
       : flavour == "pcount" ? " (no preemptible RCU, CONFIG_PREEMPT_COUNT=y: rcu_read_lock() is "
                               "preempt_disable(), a per-CPU count)"
                             : " (no preemptible RCU, and no preemption count reported: like liburcu qsbr)");

  json benchmarks = json::array();
  std::map<std::string, std::size_t> families;
  auto family = [&](const std::string& name) {
    return families.emplace(name, families.size()).first->second;
  };
  for (const record_line& l : lines) {
    if (l.word == "hotpath") {
      schema::values p = {{"pages", l.at("pages")}, {"work", "none"}, {"memmap", "dram"}};
      // The model runs `none` as two arms (the A/A check), and so does the module.
      if (l.at("tracker") == "none") p.emplace_back("arm", l.at("pass"));
      p.emplace_back("folio_order", "0");  // the module's pages are small: its rows say so
      const double threads = l.number("threads"), loops = l.number("loops");
      const std::string name = kernel_case_name("hotpath", l.at("tracker"), flavour, p) +
                               "/real_time/threads:" + l.at("threads");
      const double pairs = threads * loops;
      json e = entry(name, family(name), repetitions, static_cast<unsigned>(l.number("run")));
      e["threads"] = threads;
      e["iterations"] = loops;
      e["real_time"] = l.number("elapsed_ns_max") / loops;
      e["cpu_time"] = l.number("elapsed_ns_max") / loops;
      e["ns_per_pair"] = l.number("elapsed_ns_sum") / pairs;
      e["pairs_per_s"] = pairs / l.number("elapsed_ns_max") * 1e9;
      e["first_fraction"] = l.number("firsts") / pairs;
      e["refused"] = l.number("refused");
      e["label"] = ctx.label + "; pus=" + l.at("cpus");
      benchmarks.push_back(std::move(e));
    } else if (l.word == "removal") {
      const std::string tracker = l.at("tracker");
      // Nothing is held, so no hold_us; sweepers only where removal scans.
      schema::values p = {{"capacity_gib", capacity}, {"in_use_pct", "0"}};
      if (tracker == "sweep") p.emplace_back("sweepers", l.at("sweepers"));
      p.emplace_back("memmap", "dram");
      p.emplace_back("folio_order", "0");
      const std::string name =
          kernel_case_name("removal", tracker, flavour, p) + "/iterations:1/manual_time";
      const double latency = l.number("latency_ns");
      json e = entry(name, family(name), repetitions, static_cast<unsigned>(l.number("run")));
      e["threads"] = 1;
      e["iterations"] = 1;
      e["real_time"] = latency;
      e["cpu_time"] = latency;
      e["latency_ns"] = latency;
      e["unmap_ns"] = l.number("unmap_ns");  // memunmap_pages() after the tracker's removal
      if (tracker == "sweep") {
        const double scanned = l.number("pages_scanned");
        e["pages_scanned"] = scanned;
        e["pages_waited"] = l.number("pages_waited");
        e["bytes_read"] = scanned * struct_page;
        e["read_gbps"] = latency > 0 ? scanned * struct_page / latency : 0;
        e["pages_per_s"] = latency > 0 ? scanned / latency * 1e9 : 0;
        e["grace_ns"] = l.number("grace_ns");
      }
      e["label"] = ctx.label;
      if (l.number("stuck") > 0) {
        e["error_occurred"] = true;
        e["error_message"] = l.at("stuck") + " page(s) still in use after the timeout: " +
                             (l.values.count("stuck_pfns") ? l.at("stuck_pfns") : "");
      }
      benchmarks.push_back(std::move(e));
    }
  }
  return json{{"context", context}, {"benchmarks", benchmarks}};
}

}  // namespace pgmap::kmod
