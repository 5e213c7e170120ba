#include "results/run_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "common/machine_summary.hpp"
#include "results/gb_json.hpp"
#include "results/machine.hpp"
#include "results/tidy_csv.hpp"

namespace pgmap::results {
namespace fs = std::filesystem;
namespace {

// A JSON file of the run folder, parsed and checked by `check` (which throws
// pgmap::error); null when the folder has no such file.
nlohmann::json read_json_in(const fs::path& dir, const char* name,
                            void (*check)(const nlohmann::json&)) {
  const fs::path path = dir / name;
  std::error_code ec;
  if (!fs::exists(path, ec)) return nlohmann::json();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw pgmap::bad_input(path.string() + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(s);
  } catch (const nlohmann::json::parse_error& e) {
    throw pgmap::bad_input(path.string() + ":" + std::to_string(line_of(s, e.byte ? e.byte - 1 : 0)) +
                           ": malformed JSON (" + (s.empty() ? "empty" : "cut short or edited") + ")");
  }
  try {
    check(j);
  } catch (const pgmap::error& e) {
    throw pgmap::bad_input(path.string() + ": " + e.what());
  }
  return j;
}

// What the results tool reads of suite.json: its options, the label among them.
void check_suite(const nlohmann::json& suite) {
  if (!suite.is_object()) throw pgmap::error("not a suite record (a JSON object)");
  if (!suite.contains("options")) throw pgmap::error("options: missing");
  json_fields::text(suite["options"], "options", "label", "");
}

// machine.json in `dir`, or null json when there is none.
nlohmann::json machine_in(const fs::path& dir) { return read_json_in(dir, "machine.json", check_record); }

// suite.json in `dir`, or null json when there is none.
nlohmann::json suite_in(const fs::path& dir) { return read_json_in(dir, "suite.json", check_suite); }

// suite.json's options.label in `dir`, else the folder's own name.
std::string label_of(const fs::path& dir) {
  const nlohmann::json suite = suite_in(dir);
  if (!suite.is_null())
    if (auto it = suite["options"].find("label"); it != suite["options"].end() && !it->get<std::string>().empty())
      return it->get<std::string>();
  std::string name = fs::absolute(dir).lexically_normal().filename().string();
  if (name.empty()) name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
  return name.empty() ? "run" : name;
}

// The folder a run path stands for (a tidy.csv stands for its folder).
fs::path run_folder_of(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec);
  return fs::is_directory(p, ec) ? p : p.parent_path();
}

// What must match for two runs to be compared as like with like.
std::map<std::string, std::string> run_identity(const std::string& path) {
  const fs::path dir = run_folder_of(path);
  const nlohmann::json machine = machine_in(dir);
  std::map<std::string, std::string> id = {
      {"commit", record_commit(machine)},
      {"machine", machine.is_null() ? "unavailable: no machine.json" : machine_summary(machine)},
      {"options", "unavailable: no suite.json"}};
  const nlohmann::json suite = suite_in(dir);
  if (!suite.is_null()) {
    nlohmann::json o = suite["options"];
    o.erase("seed");
    o.erase("label");
    o.erase("memory_available_bytes");  // the host's state, not a choice (sizes it left out show as cases in one run only)
    id["options"] = o.dump();
  }
  return id;
}

}  // namespace

void check_distinct_runs(const std::vector<std::string>& paths) {
  std::set<fs::path> seen;
  for (const std::string& p : paths)
    if (!seen.insert(run_folder_of(p)).second)
      throw pgmap::error(p + ": the same run is given twice (its rows would count twice)");
}

std::vector<std::string> run_differences(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  if (paths.size() < 2) return out;
  const auto first = run_identity(paths[0]);
  for (std::size_t i = 1; i < paths.size(); ++i)
    for (const auto& [what, value] : run_identity(paths[i]))
      if (value != first.at(what))
        out.push_back(what + " differs: " + paths[0] + ": " + first.at(what) + "; " + paths[i] +
                      ": " + value);
  return out;
}

std::string run_data::counters() const {
  std::set<std::string> seen;
  for (const tidy_row& r : rows)
    if (!r[col::counters].empty()) seen.insert(r[col::counters]);
  if (seen.empty()) return "unavailable: the run does not say";
  std::string out;
  for (const std::string& s : seen) out += (out.empty() ? "" : " / ") + s;
  return out;
}

namespace {

// The folder's bench_*.json, sorted; none when it has none.
std::vector<std::string> bench_files_in(const std::string& run_dir) {
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(run_dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with("bench_") && name.ends_with(".json")) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::vector<std::string> bench_files(const std::string& run_dir) {
  std::error_code ec;
  if (!fs::is_directory(run_dir, ec)) throw pgmap::error(run_dir + ": not a run folder");
  std::vector<std::string> files = bench_files_in(run_dir);
  if (files.empty()) throw pgmap::error(run_dir + ": no bench_*.json in the run folder");
  return files;
}

namespace {

// Rows in an order that does not depend on the run's seed (the processes ran
// in a random order): kind, tracker in the registry's order, then every
// parameter, numbers by value; processes stay in the order they ran.
void canonical_order(tidy_rows& rows, const std::vector<std::string>& trackers) {
  auto rank = [&](const std::string& t) {
    return static_cast<std::size_t>(std::find(trackers.begin(), trackers.end(), t) - trackers.begin());
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const tidy_row& a, const tidy_row& b) {
    for (col c : parameter_columns) {
      if (a[c] == b[c]) continue;
      if (c == subject && rank(a[c]) != rank(b[c])) return rank(a[c]) < rank(b[c]);
      const std::optional<double> x = a.number(c), y = b.number(c);
      if (x && y && *x != *y) return *x < *y;
      return a[c] < b[c];
    }
    return false;
  });
}

}  // namespace

run_data tidy_run(const std::string& run_dir) {
  run_data run;
  run.path = run_dir;
  run.label = label_of(run_dir);
  run.machine = machine_in(run_dir);
  std::string context_host;
  std::vector<std::string> trackers;
  for (const std::string& file : bench_files(run_dir)) {
    gb_file gb = read_gb_json(file);
    if (run.machine.is_null() && !gb.machine.is_null()) run.machine = gb.machine;
    if (context_host.empty()) context_host = gb.host_name;
    if (trackers.empty()) trackers = gb.tracker_order;
    for (const std::string& d : gb.disturbance_unavailable)
      if (std::find(run.disturbance_unavailable.begin(), run.disturbance_unavailable.end(), d) ==
          run.disturbance_unavailable.end())
        run.disturbance_unavailable.push_back(d);
    for (tidy_row& r : gb.rows) run.rows.push_back(std::move(r));
  }
  if (run.rows.empty())
    throw pgmap::nothing_to_do(run_dir + ": no cases in its bench_*.json (no measurement to read)");
  canonical_order(run.rows, trackers);
  std::string host = record_host(run.machine);
  if (host.empty()) host = context_host.empty() ? "unknown-host" : context_host;
  std::string commit = record_commit(run.machine);
  for (tidy_row& r : run.rows) {
    r[col::host] = host;
    r[col::commit] = commit;
    r.source = run_dir;
  }
  return run;
}

// The bench JSON is a run's record; tidy.csv is derived from it, so it is
// read only where there is no JSON (an archived run), and a tidy.csv named
// beside JSON must be what that JSON gives today (not stale, not cut short).
run_data load_run(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    fs::path csv = fs::path(path) / "tidy.csv";
    if (!fs::exists(csv) || !bench_files_in(path).empty()) return tidy_run(path);
    run_data run;
    run.path = path;
    run.label = label_of(path);
    run.rows = read_tidy_csv(csv.string(), path);
    if (run.rows.empty()) throw pgmap::nothing_to_do(csv.string() + ": no cases (a header without rows)");
    run.machine = machine_in(path);
    return run;
  }
  if (!fs::exists(path, ec)) throw pgmap::error(path + ": no such run folder or tidy.csv");
  const fs::path dir = fs::absolute(path).parent_path();
  run_data run;
  if (!bench_files_in(dir.string()).empty()) {
    // The JSON's rows, once the file is seen to hold exactly them.
    run.rows = tidy_run(dir.string()).rows;
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    if (text != tidy_csv_text(run.rows))
      throw pgmap::error(path + ": is not what the bench_*.json beside it give (stale, cut short or edited); "
                         "rebuild it with pgmap-results tidy " + dir.string() + ", or name the folder");
    for (tidy_row& r : run.rows) r.source = path;
  } else {
    run.rows = read_tidy_csv(path, path);
    if (run.rows.empty()) throw pgmap::nothing_to_do(path + ": no cases (a header without rows)");
  }
  run.path = path;
  run.label = label_of(dir);
  run.machine = machine_in(fs::path(path).parent_path());
  return run;
}

std::vector<run_data> load_runs(const std::vector<std::string>& paths) {
  std::vector<run_data> runs;
  std::map<std::string, int> seen;
  for (const std::string& p : paths) {
    runs.push_back(load_run(p));
    if (int n = ++seen[runs.back().label]; n > 1) runs.back().label += " (" + std::to_string(n) + ")";
  }
  return runs;
}

}  // namespace pgmap::results
