#include "suite/process.hpp"

#include <cstring>
#include <fstream>
#include <iterator>

#include "common/gb_json_text.hpp"
#include "common/seed_mix.hpp"
#include "suite/child.hpp"

namespace pgmap::suite {

namespace fs = std::filesystem;

std::string env_padding(std::uint64_t process_seed) {
  return "PGMAP_ENV_PAD=" + std::string(seed_mix(process_seed) % 4096, 'x');
}

std::string exact_filter(const std::vector<std::string>& names) {
  std::string re = "^(";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) re += '|';
    for (char c : names[i]) {
      if (std::strchr(".[]()*+?^$|\\{}", c)) re += '\\';
      re += c;
    }
  }
  return re + ")$";
}

namespace {

// The binary writes `part` as part.partial-<pid> and renames it when whole:
// a process that died (a crash, the OOM killer) leaves that behind.
void remove_partials(const fs::path& part) {
  std::error_code ec;
  const std::string prefix = part.filename().string() + ".partial-";
  for (const auto& e : fs::directory_iterator(part.parent_path(), ec))
    if (e.path().filename().string().starts_with(prefix)) fs::remove(e.path(), ec);
}

}  // namespace

process_result run_process(const fs::path& bin, const run_unit& u, unsigned repetitions,
                           const fs::path& run, const std::string& log) {
  const fs::path part = run / ("." + u.plan->binary + ".partial.json");
  fs::remove(part);  // a killed run's (the folder is locked: no other writer has one)
  std::vector<std::string> argv = {(bin / u.plan->binary).string()};
  argv.insert(argv.end(), u.plan->args.begin(), u.plan->args.end());
  argv.push_back("--benchmark_filter=" + exact_filter(u.cases));
  argv.push_back("--benchmark_repetitions=1");
  argv.push_back("--benchmark_out=" + part.string());
  argv.push_back("--benchmark_out_format=json");
  argv.push_back("--counters-dir=" + (run / "counters").string());
  argv.push_back("--process-seed=" + std::to_string(u.process_seed));
  argv.push_back("--case-rotation=" + std::to_string(u.rotation));
  if (u.plan->rounds > 1) argv.push_back("--rounds=" + std::to_string(u.plan->rounds));
  const int rc = run_child(argv, log, log, {env_padding(u.process_seed)});
  remove_partials(part);
  process_result r;
  if (interrupted()) {
    fs::remove(part);
    r.interrupted = true;
    return r;
  }
  r.ok = rc == 0;
  if (!r.ok) r.why = last_line(log);
  if (r.ok) {
    std::ifstream in(part);
    try {
      r.output = nlohmann::json::parse(
          json_without_nan(std::string(std::istreambuf_iterator<char>(in), {})));
    } catch (const nlohmann::json::exception& e) {
      r.ok = false;
      r.why = part.string() + ": " + e.what();
    }
  }
  fs::remove(part);
  if (!r.ok) return r;
  // Which process an entry came from, and how that process was laid out.
  const nlohmann::json ctx = r.output.value("context", nlohmann::json::object());
  nlohmann::json layout = nlohmann::json::object();
  if (ctx.contains("pgmap_layout") && ctx["pgmap_layout"].is_string())
    layout = nlohmann::json::parse(ctx["pgmap_layout"].get<std::string>());
  for (auto& b : r.output["benchmarks"]) {
    if (b.value("error_occurred", false)) {
      r.ok = false;
      r.why = b.value("name", std::string()) + ": " + b.value("error_message", std::string());
    }
    b["repetition_index"] = u.repetition;
    b["repetitions"] = repetitions;
    b["pgmap_layout"] = layout;
  }
  return r;
}

}  // namespace pgmap::suite
