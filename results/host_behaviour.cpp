#include "results/host_behaviour.hpp"

#include <algorithm>
#include <map>

#include "results/numbers.hpp"

namespace pgmap::results {

host_behaviour host_behaviour_of(const tidy_rows& rows) {
  // A process: its binary and process seed (or repetition, without a seed);
  // each attempt at it, whether the suite flagged it. An attempt without a
  // flag was not checked.
  struct attempts {
    std::map<std::string, bool> flagged;
    bool checked = false;
  };
  std::map<std::string, attempts> processes;
  host_behaviour h;
  for (const tidy_row& r : rows) {
    attempts& a = processes[r.source + '\x1e' + r[binary] + '\x1e' +
                            (r[process].empty() ? "rep " + r[repetition] : r[process])];
    if (r[disturbed].empty()) continue;
    a.checked = true;
    bool& f = a.flagged[r[attempt]];
    f = f || r[disturbed] == "true";
    h.worst = std::max(h.worst, r.number(disturbance_share).value_or(0));
  }
  for (const auto& [id, a] : processes) {
    if (!a.checked) {
      ++h.unchecked;
      continue;
    }
    ++h.processes;
    const auto flagged = static_cast<std::size_t>(
        std::count_if(a.flagged.begin(), a.flagged.end(), [](const auto& f) { return f.second; }));
    h.disturbed += flagged > 0;
    h.given_up += flagged == a.flagged.size();
  }
  return h;
}

std::string host_line(const host_behaviour& h) {
  auto share = [](double s) { return num(s * 100) + " %"; };
  if (h.processes == 0) return "host: unchecked: the run recorded no run delay of its threads";
  const std::string n_m = std::to_string(h.disturbed) + "/" + std::to_string(h.processes) + " processes";
  std::string out;
  if (h.disturbed == 0)
    out = "host: quiet: other tasks took at most " + share(h.worst) + " of a process's time";
  else if (h.given_up == 0)  // each disturbed process had a clean attempt: the data used are quiet
    out = "host: quiet; " + n_m + " disturbed (up to " + share(h.worst) + ") ran again";
  else
    out = "host: busy: " + n_m + " disturbed (up to " + share(h.worst) + "), " + std::to_string(h.given_up) +
          " in every attempt, kept (!)";
  if (h.unchecked) out += "; " + std::to_string(h.unchecked) + " unchecked";
  return out;
}

}  // namespace pgmap::results
