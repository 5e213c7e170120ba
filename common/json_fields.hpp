// Typed reads of a JSON record's keys (suite.json's options and build): a key
// of the wrong type, a number out of range or a key this version does not
// know is an error naming it ("options.repetitions: ..."), never a default.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace pgmap::json_fields {

// `where` names the object ("options"); an absent key gives the fallback, or
// an error when there is none (a key every such record has).
std::string text(const nlohmann::json& j, std::string_view where, const char* key,
                 std::optional<std::string> fallback = std::nullopt);
bool flag(const nlohmann::json& j, std::string_view where, const char* key,
          std::optional<bool> fallback = std::nullopt);
std::uint64_t whole(const nlohmann::json& j, std::string_view where, const char* key,
                    std::optional<std::uint64_t> fallback = std::nullopt,
                    std::uint64_t max = std::numeric_limits<std::uint64_t>::max());
// Refuses an object, or a key not among `known` (a newer or edited record).
void only(const nlohmann::json& j, std::string_view where, const nlohmann::json& known);

}  // namespace pgmap::json_fields
