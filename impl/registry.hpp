// Name -> tracker, for command lines and reports. visit_tracker() hands the
// caller the tracker's type, so it can instantiate its own template for it:
// the choice is made once, outside any measured loop.
#pragma once
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "impl/atomic_tracker.hpp"
#include "impl/bulk_tracker.hpp"
#include "impl/none_tracker.hpp"
#include "impl/percpu_tracker.hpp"
#include "impl/sweep_tracker.hpp"

namespace pgmap {

template <class... T>
struct tracker_list {};

using all_trackers =
    tracker_list<none_tracker, bulk_tracker, atomic_tracker, percpu_tracker<rcu_qsbr>,
                 percpu_tracker<rcu_memb>, sweep_tracker<rcu_qsbr>, sweep_tracker<rcu_memb>>;

struct tracker_info {
  std::string_view name;
  std::string_view summary;
  std::string_view rcu;
};

// Every registered tracker, in a stable order (none first: the baseline).
std::span<const tracker_info> trackers();
bool is_tracker(std::string_view name);
// "none, bulk, atomic, ...": for help text and errors.
std::string tracker_names();

namespace detail {
[[noreturn]] void unknown_tracker(std::string_view name);

template <class F, class First, class... Rest>
decltype(auto) visit_in(std::string_view name, F& f, tracker_list<First, Rest...>) {
  if (name == First::name) return f(std::type_identity<First>{});
  if constexpr (sizeof...(Rest) > 0)
    return visit_in(name, f, tracker_list<Rest...>{});
  else
    unknown_tracker(name);
}
}  // namespace detail

// Calls f(std::type_identity<T>{}) for the tracker named `name` (every
// instantiation must return the same type); throws std::invalid_argument
// naming it and the known names if there is none.
template <class F>
decltype(auto) visit_tracker(std::string_view name, F&& f) {
  return detail::visit_in(name, f, all_trackers{});
}

}  // namespace pgmap
