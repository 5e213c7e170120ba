#include "bench/work.hpp"

#include <chrono>

#include "common/error.hpp"

namespace pgmap::bench {

double spin_loops_per_ns() {
  static const double rate = [] {
    using clock = std::chrono::steady_clock;
    const work_spin probe{1u << 22};
    page unused{};
    double best = 0;
    for (int i = 0; i < 5; ++i) {  // the fastest of five: the least disturbed
      const auto t0 = clock::now();
      probe(0, unused);
      const double ns = std::chrono::duration<double, std::nano>(clock::now() - t0).count();
      best = std::max(best, probe.loops / ns);
    }
    return best;
  }();
  return rate;
}

work make_work(const work_spec& s, std::byte* data, std::uint64_t data_bytes,
               pmem2_persist_fn persist) {
  if (s.spin_ns) return work_spin{static_cast<std::uint64_t>(s.spin_ns * spin_loops_per_ns())};
  if (s.touch_bytes && data_bytes < 4096)
    throw pgmap::error("--work " + s.name + ": no data pages on the pmem mapping");
  if (s.touch_bytes == 64) return work_touch<64>{data, data_bytes / 4096, persist};
  if (s.touch_bytes == 4096) return work_touch<4096>{data, data_bytes / 4096, persist};
  if (s.name == "lock_page") return work_lock_page{};
  return work_none{};
}

}  // namespace pgmap::bench
