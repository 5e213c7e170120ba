#include "results/host_behaviour.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "results/numbers.hpp"

namespace pgmap::results {

host_behaviour host_behaviour_of(const tidy_rows& rows) {
  // A process: its binary and process seed (or repetition, without a seed);
  // each attempt at it, whether the suite flagged it.
  std::map<std::string, std::map<std::string, bool>> processes;
  std::set<std::string> unchecked;
  host_behaviour h;
  for (const tidy_row& r : rows) {
    const std::string id = r.source + '\x1e' + r[binary] + '\x1e' +
                           (r[process].empty() ? "rep " + r[repetition] : r[process]);
    if (r[disturbed].empty()) {
      unchecked.insert(id + '\x1e' + r[attempt]);
      continue;
    }
    bool& flagged = processes[id][r[attempt]];
    flagged = flagged || r[disturbed] == "true";
    h.worst = std::max(h.worst, r.number(disturbance_share).value_or(0));
  }
  for (const auto& [id, attempts] : processes) {
    h.attempts += attempts.size();
    std::size_t flagged = 0;
    for (const auto& [a, f] : attempts) flagged += f;
    h.disturbed += flagged;
    h.given_up += flagged == attempts.size();
  }
  h.unchecked = unchecked.size();
  return h;
}

std::string host_line(const host_behaviour& h) {
  auto share = [](double s) { return num(s * 100) + " %"; };
  if (h.attempts == 0) return "host: unchecked: the run recorded no run delay of its threads";
  const std::string n_of_m = std::to_string(h.disturbed) + " of " + std::to_string(h.attempts) + " processes";
  std::string out;
  if (h.disturbed == 0)
    out = "host: quiet: other tasks took at most " + share(h.worst) + " of a process's time";
  else if (h.given_up == 0)  // every disturbed process had a clean attempt: the data are quiet
    out = "host: quiet; " + n_of_m + " disturbed (up to " + share(h.worst) + ") ran again";
  else  // kept: used though disturbed in every attempt
    out = "host: busy: " + std::to_string(h.disturbed) + "/" + std::to_string(h.attempts) +
          " processes disturbed (up to " + share(h.worst) + "), " +
          (h.disturbed > h.given_up ? std::to_string(h.disturbed - h.given_up) + " set aside, " : "") +
          std::to_string(h.given_up) + " kept (!)";
  if (h.unchecked) out += "; " + std::to_string(h.unchecked) + " unchecked";
  return out;
}

}  // namespace pgmap::results
