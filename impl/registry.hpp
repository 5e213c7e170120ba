// Name -> tracker, for command lines and reports. visit_tracker() hands the
// caller the tracker's type, so it can instantiate its own template for it:
// the choice is made once, outside any measured loop. Adding a tracker is its
// header plus one entry in all_trackers; everything else (options, cases,
// reports, the typed tests) follows from its traits.
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
    tracker_list<none_tracker, bulk_tracker, atomic_tracker, percpu_tracker<rcu_qsbr>, percpu_tracker<rcu_memb>,
                 percpu_tracker<rcu_pcount>, percpu_tracker<rcu_qsbr, percpu_path::tryget_many>,
                 percpu_tracker<rcu_memb, percpu_path::tryget_many>,
                 percpu_tracker<rcu_pcount, percpu_path::tryget_many>, sweep_tracker<rcu_qsbr>,
                 sweep_tracker<rcu_memb>, sweep_tracker<rcu_pcount>>;

namespace detail {
template <class T, class L>
struct prepend;
template <class T, class... L>
struct prepend<T, tracker_list<L...>> {
  using type = tracker_list<T, L...>;
};
template <bool (*Keep)(const tracker_traits&), class L>
struct filter {
  using type = tracker_list<>;
};
template <bool (*Keep)(const tracker_traits&), class F, class... R>
struct filter<Keep, tracker_list<F, R...>> {
  using rest = typename filter<Keep, tracker_list<R...>>::type;
  using type = std::conditional_t<Keep(F::traits), typename prepend<F, rest>::type, rest>;
};
template <template <class...> class To, class L>
struct rebind;
template <template <class...> class To, class... T>
struct rebind<To, tracker_list<T...>> {
  using type = To<T...>;
};
constexpr bool knows_users(const tracker_traits& t) { return t.knows_users; }
}  // namespace detail

// The trackers whose removal waits for users (what the stress tests check).
using user_tracking_trackers = detail::filter<detail::knows_users, all_trackers>::type;
// A tracker list as another template's arguments (e.g. ::testing::Types).
template <template <class...> class To, class L>
using rebind_trackers = typename detail::rebind<To, L>::type;

// Every registered tracker's traits, in a stable order (none first: the baseline).
std::span<const tracker_traits> trackers();
bool is_tracker(std::string_view name);
// Throws std::invalid_argument naming the tracker and the known names.
const tracker_traits& traits_of(std::string_view name);
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
