#include "common/cli.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <sstream>

namespace pgmap::cli {

namespace {

// Every option (and positional) of the app and its parsed subcommands given
// an empty value: an unset shell variable must not silently mean "default".
void refuse_empty_values(const CLI::App& app) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_type_size() == 0) continue;  // a flag has no value
    for (const std::string& v : opt->results())
      if (v.empty()) {
        const std::string name = opt->get_name().empty() ? opt->get_name(true, true) : opt->get_name();
        throw CLI::ValidationError(name, "empty value");
      }
  }
  for (const CLI::App* sub : app.get_subcommands()) refuse_empty_values(*sub);
}

// One line: CLI11's messages may span several.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// True when the app or one of its subcommands has an option of this name.
bool knows_option(const CLI::App& app, const std::string& name) {
  if (app.get_option_no_throw(name)) return true;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (knows_option(*sub, name)) return true;
  return false;
}

// CLI11 reports a missing subcommand or argument before an unknown flag;
// the unknown flag is the input to name.
void refuse_unknown_flags(const CLI::App& app, int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") return;
    if (arg.size() > 2 && arg.starts_with("--") && !knows_option(app, arg.substr(0, arg.find('='))))
      throw CLI::ExtrasError("'" + arg.substr(0, arg.find('=')) + "': no such option",
                             CLI::ExitCodes::ExtrasError);
  }
}

}  // namespace

std::optional<std::uint64_t> parse_whole(std::string_view text, std::uint64_t lo, std::uint64_t hi,
                                         std::string* why) {
  // from_chars takes digits only (no space, sign or exponent) and reports
  // overflow: what it reads whole is the number.
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && v >= lo && v <= hi) return v;
  if (why)
    *why = "'" + std::string(text) + "' is not a whole number from " + std::to_string(lo) + " to " +
           std::to_string(hi);
  return std::nullopt;
}

CLI::Option* add_whole_impl(CLI::App& app, const std::string& name,
                            std::function<void(std::uint64_t)> set, std::uint64_t lo,
                            std::uint64_t hi, const std::string& help) {
  auto take = [name, set = std::move(set), lo, hi](const std::string& text) {
    std::string why;
    const std::optional<std::uint64_t> v = parse_whole(text, lo, hi, &why);
    if (!v) throw CLI::ValidationError(name, why);
    set(*v);
  };
  return app.add_option_function<std::string>(name, std::move(take), help)
      ->type_name("UINT " + std::to_string(lo) + ".." + std::to_string(hi));
}

std::string build_commit() { return PGMAP_COMMIT; }

std::string version_line(const std::string& tool) {
  return tool + " " + PGMAP_VERSION + " (commit " + PGMAP_COMMIT + ")";
}

void add_version(CLI::App& app, const std::string& tool) {
  app.set_version_flag("--version", version_line(tool), "print the version and commit, and exit");
}

int usage_error(const std::string& tool, const std::string& message) {
  std::cerr << tool << ": " << one_line(message) << "\n";
  return 2;
}

std::optional<int> parse(CLI::App& app, int argc, const char* const* argv) {
  try {
    refuse_unknown_flags(app, argc, argv);
    app.parse(argc, argv);
    refuse_empty_values(app);
    return std::nullopt;
  } catch (const CLI::CallForHelp&) {
    std::cout << wrap_help(app.help());
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << wrap_help(app.help("", CLI::AppFormatMode::All));
    return 0;
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    return usage_error(app.get_name(), std::string(e.what()) + " (see --help)");
  }
}

std::string wrap_help(const std::string& text, std::size_t width) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    // The description column: after the first run of two spaces past the
    // line's indentation (an option line), else the indentation itself.
    const std::size_t lead = line.find_first_not_of(' ');
    std::size_t indent = lead == std::string::npos ? 0 : lead;
    if (const std::size_t gap = line.find("  ", indent); gap != std::string::npos && gap < width)
      if (const std::size_t desc = line.find_first_not_of(' ', gap); desc != std::string::npos && desc < width / 2)
        indent = desc;
    while (line.size() > width) {
      std::size_t cut = line.rfind(' ', width);
      if (cut == std::string::npos || cut <= indent) break;  // one unbreakable word
      out += line.substr(0, cut) + "\n";
      const std::size_t next = line.find_first_not_of(' ', cut);
      line = std::string(indent, ' ') + (next == std::string::npos ? "" : line.substr(next));
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace pgmap::cli
