#include "hw/collector_factory.hpp"

#include "common/error.hpp"
#include "hw/pcm_collector.hpp"
#include "hw/perf_collector.hpp"

namespace pgmap::hw {
namespace {

// Counts nothing and says why.
class none_collector final : public collector {
 public:
  explicit none_collector(std::string reason) : reason_(std::move(reason)) {}
  std::string tool() const override { return "none"; }
  std::string unavailable() const override { return reason_; }
  void start() override {}
  counter_values stop() override {
    counter_values out;
    out.tool = "none";
    out.unavailable = reason_;
    return out;
  }

 private:
  std::string reason_;
};

std::string without_prefix(std::string reason) {
  constexpr std::string_view prefix = "unavailable: ";
  return reason.starts_with(prefix) ? reason.substr(prefix.size()) : reason;
}

std::unique_ptr<collector> make_auto_collector(const collector_options& options) {
  auto pcm = make_pcm_collector("pcm", options);
  if (pcm->unavailable().empty()) return pcm;
  auto perf = make_perf_collector(options);
  if (perf->unavailable().empty()) return perf;
  return std::make_unique<none_collector>("unavailable: " + without_prefix(pcm->unavailable()) + "; " +
                                          without_prefix(perf->unavailable()));
}

}  // namespace

std::vector<std::string> collector_kinds() { return {"auto", "pcm", "pcm-memory", "perf", "none"}; }

std::unique_ptr<collector> make_collector(std::string_view kind, const collector_options& options) {
  if (kind == "auto") return make_auto_collector(options);
  if (kind == "pcm" || kind == "pcm-memory") return make_pcm_collector(kind, options);
  if (kind == "perf") return make_perf_collector(options);
  if (kind == "none") return std::make_unique<none_collector>("unavailable: no counter tool requested (counters: none)");
  std::string kinds;
  for (const auto& k : collector_kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
  throw error("counters: unknown kind '" + std::string(kind) + "' (expected one of: " + kinds + ")");
}

}  // namespace pgmap::hw
