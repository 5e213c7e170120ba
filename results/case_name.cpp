#include "results/case_name.hpp"

#include <string>

#include "common/case_schema.hpp"
#include "common/error.hpp"

namespace pgmap::results {

void parse_case_name(std::string_view name, tidy_row& row) {
  const schema::parsed_name p = schema::parse_case_name(name);
  row[kind] = p.kind;
  row[subject] = p.subject;
  for (const auto& [param, value] : p.values) {
    const std::optional<col> c = column_by_name(param->key);
    // The schema and the tidy columns are held together by a test; this
    // only guards a schema entry added without its column.
    if (!c) throw pgmap::error("case '" + std::string(name) + "': '" + std::string(param->key) +
                               "' has no tidy column");
    row[*c] = value;
  }
}

}  // namespace pgmap::results
