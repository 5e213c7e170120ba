// libFuzzer target (built by scripts/fuzz): the two readers of untrusted
// files, the Google Benchmark JSON and the tidy CSV, plus the reports built
// from what they accept. Only pgmap::error may come out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/error.hpp"
#include "results/compare.hpp"
#include "results/gb_json.hpp"
#include "results/post.hpp"
#include "results/summary.hpp"
#include "results/tidy_csv.hpp"
#include "results/verdict.hpp"

using namespace pgmap::results;

namespace {

void report_on(tidy_rows rows) {
  run_data run{"fuzz", "fuzz", nullptr, std::move(rows)};
  for (tidy_row& r : run.rows) r.source = "fuzz";
  render(summary({run}), format::txt);
  render(verdict({run}).doc, format::md);
  render(compare(run, run), format::csv);
  render(post({run}), format::md);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    report_on(parse_gb_json(text, "fuzz.json", "bench_fuzz").rows);
  } catch (const pgmap::error&) {
  }
  try {
    report_on(parse_tidy_csv(text, "fuzz.csv", "fuzz"));
  } catch (const pgmap::error&) {
  }
  return 0;
}
