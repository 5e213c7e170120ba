#include "hw/counter_lock.hpp"

#include <mutex>

#include "common/error.hpp"

namespace pgmap::hw {
namespace {

std::mutex holder_mutex;
std::string holder;  // the tool running now; empty when none

}  // namespace

counter_lock::counter_lock(const std::string& tool) {
  const std::lock_guard lock(holder_mutex);
  if (!holder.empty())
    throw error("counters: cannot start " + tool + " while " + holder +
                " runs: two counter tools at once corrupt each other's values");
  holder = tool;
}

counter_lock::~counter_lock() {
  const std::lock_guard lock(holder_mutex);
  holder.clear();
}

}  // namespace pgmap::hw
