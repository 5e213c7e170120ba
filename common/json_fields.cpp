#include "common/json_fields.hpp"

#include "common/error.hpp"

namespace pgmap::json_fields {
namespace {

using nlohmann::json;

[[noreturn]] void wrong(std::string_view where, const char* key, const json& v, const std::string& want) {
  throw pgmap::error(std::string(where) + "." + key + ": " + v.dump() + " is not " + want);
}

// The key's value, or nullptr when absent and a fallback stands in.
const json* find(const json& j, std::string_view where, const char* key, bool has_fallback) {
  if (!j.is_object()) throw pgmap::error(std::string(where) + ": not an object");
  auto it = j.find(key);
  if (it != j.end()) return &*it;
  if (!has_fallback) throw pgmap::error(std::string(where) + "." + key + ": missing");
  return nullptr;
}

}  // namespace

std::string text(const json& j, std::string_view where, const char* key, std::optional<std::string> fallback) {
  const json* v = find(j, where, key, fallback.has_value());
  if (!v) return *fallback;
  if (!v->is_string()) wrong(where, key, *v, "text");
  return v->get<std::string>();
}

bool flag(const json& j, std::string_view where, const char* key, std::optional<bool> fallback) {
  const json* v = find(j, where, key, fallback.has_value());
  if (!v) return *fallback;
  if (!v->is_boolean()) wrong(where, key, *v, "true or false");
  return v->get<bool>();
}

std::uint64_t whole(const json& j, std::string_view where, const char* key, std::optional<std::uint64_t> fallback,
                    std::uint64_t max) {
  const json* v = find(j, where, key, fallback.has_value());
  if (!v) return *fallback;
  if (!v->is_number_unsigned() || v->get<std::uint64_t>() > max)
    wrong(where, key, *v, "a whole number from 0 to " + std::to_string(max));
  return v->get<std::uint64_t>();
}

void only(const json& j, std::string_view where, const json& known) {
  if (!j.is_object()) throw pgmap::error(std::string(where) + ": not an object");
  for (const auto& [key, value] : j.items())
    if (!known.contains(key))
      throw pgmap::error(std::string(where) + "." + key + ": not a key this version writes (a newer or edited record)");
}

}  // namespace pgmap::json_fields
