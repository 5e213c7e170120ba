#include "impl/cpu_ctx.hpp"

#include <unistd.h>

#include <algorithm>
#include <memory>

namespace pgmap {
namespace {

constexpr unsigned max_slots = 4096;

struct claims {
  unsigned n;
  std::unique_ptr<std::atomic<bool>[]> taken;
  claims()
      : n(std::clamp<long>(sysconf(_SC_NPROCESSORS_CONF), 1, max_slots)),
        taken(new std::atomic<bool>[n]()) {}
};

claims& table() {
  static claims c;
  return c;
}

}  // namespace

unsigned cpu_ctx::nr_slots() { return table().n; }

cpu_ctx cpu_ctx::owner(unsigned cpu) {
  claims& c = table();
  if (cpu >= c.n || c.taken[cpu].exchange(true, std::memory_order_acq_rel))
    return fallback();
  return cpu_ctx(cpu, true);
}

cpu_ctx::~cpu_ctx() {
  if (owns_) table().taken[slot_].store(false, std::memory_order_release);
}

}  // namespace pgmap
