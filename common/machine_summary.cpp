#include "common/machine_summary.hpp"

namespace pgmap {

using nlohmann::json;

std::string machine_summary(const json& record, std::string_view counters) {
  auto text = [&](const char* key) -> std::string {
    const auto it = record.find(key);
    if (it == record.end()) return "unavailable";
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  const std::string cpu = text("cpu_model");
  std::string line = cpu.starts_with("unavailable") ? "CPU unavailable" : cpu;
  if (text("vm") == "true") line += " (VM)";
  const std::string packages = text("packages"), pus = text("pus");
  line += packages.starts_with("unavailable") ? ", sockets unavailable"
                                              : ", " + packages + (packages == "1" ? " socket" : " sockets");
  line += pus.starts_with("unavailable") ? ", PUs unavailable" : ", " + pus + " PUs";
  line += ", pmem: " + text("pmem_kind");
  // Which persist ran decides what a DAX touch costs: say it beside the kind.
  if (const auto pmem = record.find("pmem"); pmem != record.end() && pmem->is_object())
    if (const auto kind = pmem->find("persist_kind"); kind != pmem->end() && kind->is_string())
      line += " (persist: " + kind->get<std::string>() + ")";
  if (!counters.empty()) line += ", counters: " + std::string(counters);
  return line;
}

}  // namespace pgmap
