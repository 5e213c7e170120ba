// The case schema: every parameter a benchmark case can carry, declared once
// (as pmembench declares its options). The binaries' options, the case names,
// the JSON context, the tidy CSV's columns, the results reader and
// bench/OUTPUT.md all take a parameter's name, unit, type and help from here,
// so one quantity has one name from command line to table.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgmap::schema {

enum class value_type { text, count, number };

struct parameter {
  std::string_view key;    // case-name key, JSON key and tidy column
  std::string_view unit;   // "" when the value has none
  value_type type;
  std::string_view kinds;  // the case kinds that carry it, comma-separated
  std::string_view help;   // one line, for --help and bench/OUTPUT.md
  // What a case of these kinds named without the key had: the value from
  // before the key existed ("" when it cannot be missing).
  std::string_view before = "";
};

struct case_kind {
  std::string_view name;
  std::string_view subject;  // what the second name token is
  std::string_view help;
  // The user counter every entry of the kind carries: absent or NaN there is
  // damage, not "not measured".
  std::string_view measure;
};

std::span<const parameter> parameters();
std::span<const case_kind> kinds();
// nullptr when the kind is not declared.
const case_kind* find_kind(std::string_view name);
// Keys Google Benchmark appends itself (->Iterations(n) and the like): they
// describe the harness, not the case.
std::span<const std::string_view> harness_keys();

// True when cases of `kind` carry the parameter.
bool carried_by(const parameter&, std::string_view kind);
// nullptr when the key is not declared.
const parameter* find(std::string_view key);
// Throws pgmap::error naming the key when it is not declared.
const parameter& at(std::string_view key);
// The command-line option of a list parameter: "--" + key, '_' -> '-'.
std::string option_name(const parameter&);
// "<help> (<unit>, comma-separated)": the option's help line.
std::string option_help(const parameter&);

using values = std::vector<std::pair<std::string_view, std::string>>;

// "KIND/SUBJECT/key:value/...". Throws pgmap::error on an undeclared kind or
// key, a key the kind does not carry, or a value of the wrong type.
std::string case_name(std::string_view kind, std::string_view subject, const values&);

struct parsed_name {
  std::string kind, subject;
  std::vector<std::pair<const parameter*, std::string>> values;
};
// The inverse of case_name; harness keys and bare words (`manual_time`) are
// skipped; a parameter of the kind with a `before` value that the name lacks
// gets that value. Throws pgmap::error naming the case on anything undeclared.
parsed_name parse_case_name(std::string_view name);

// Checks a value against its parameter's type; the error names the key.
void check_value(const parameter&, std::string_view value);

// The parameter section of bench/OUTPUT.md, generated (a test holds the
// document to it).
std::string markdown();

}  // namespace pgmap::schema
