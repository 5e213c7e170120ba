#include "impl/registry.hpp"

#include <array>

namespace pgmap {
namespace {

template <class... T>
constexpr auto make_infos(tracker_list<T...>) {
  static_assert((tracker<T> && ...));
  return std::array<tracker_traits, sizeof...(T)>{T::traits...};
}

constexpr auto infos = make_infos(all_trackers{});

}  // namespace

std::span<const tracker_traits> trackers() { return infos; }

bool is_tracker(std::string_view name) {
  for (const auto& t : infos)
    if (t.name == name) return true;
  return false;
}

const tracker_traits& traits_of(std::string_view name) {
  for (const auto& t : infos)
    if (t.name == name) return t;
  detail::unknown_tracker(name);
}

std::string tracker_names() {
  std::string s;
  for (const auto& t : infos) {
    if (!s.empty()) s += ", ";
    s += t.name;
  }
  return s;
}

namespace detail {
void unknown_tracker(std::string_view name) {
  throw std::invalid_argument("unknown tracker '" + std::string(name) + "' (known: " +
                              tracker_names() + ")");
}
}  // namespace detail

}  // namespace pgmap
