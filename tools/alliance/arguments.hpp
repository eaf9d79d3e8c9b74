// Command-line parsing for the alliance driver: `--name value`, `--name=value`, `-o value`,
// flags without a value, positional arguments, and `--` to end the options. A mistake is a
// usage_error, which the driver reports with a pointer to --help and exit status 2.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <alliance/table/spelling.hpp>

namespace alliance::cli {

class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct option_spec {
    std::string_view name;  // without the leading "--"
    bool takes_value = true;
    char short_name = 0;    // e.g. 'o' for -o; 0 for none
};

class parsed_arguments {
public:
    [[nodiscard]] bool has(std::string_view name) const noexcept { return find(name) != nullptr; }
    [[nodiscard]] std::optional<std::string> get(std::string_view name) const {
        if (const auto* found = find(name)) return found->second;
        return std::nullopt;
    }
    [[nodiscard]] std::string get_or(std::string_view name, std::string fallback) const {
        if (const auto* found = find(name)) return found->second;
        return fallback;
    }
    [[nodiscard]] const std::vector<std::string>& positional() const noexcept { return positional_; }

    void add(std::string name, std::string value) { options_.emplace_back(std::move(name), std::move(value)); }
    void add_positional(std::string value) { positional_.push_back(std::move(value)); }

private:
    [[nodiscard]] const std::pair<std::string, std::string>* find(std::string_view name) const noexcept {
        for (const auto& option : options_)
            if (option.first == name) return &option;
        return nullptr;
    }
    std::vector<std::pair<std::string, std::string>> options_;
    std::vector<std::string> positional_;
};

// Parses `arguments` (after the subcommand) against `specs`. A lone "-" is positional
// (standard input). Giving an option twice is an error rather than a silent "last one wins".
[[nodiscard]] inline parsed_arguments parse_arguments(std::span<const std::string> arguments,
                                                      std::span<const option_spec> specs) {
    parsed_arguments parsed;
    bool options_ended = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (options_ended || argument == "-" || argument.empty() || argument[0] != '-') {
            parsed.add_positional(argument);
            continue;
        }
        if (argument == "--") {
            options_ended = true;
            continue;
        }
        std::string_view name;
        std::optional<std::string> inline_value;
        const bool long_form = argument.size() > 2 && argument[1] == '-';
        if (long_form) {
            name = std::string_view(argument).substr(2);
            if (const auto equals = name.find('='); equals != std::string_view::npos) {
                inline_value = std::string(name.substr(equals + 1));
                name = name.substr(0, equals);
            }
        } else if (argument.size() == 2) {
            name = std::string_view(argument).substr(1);
        } else {
            // Bundled short options ("-qo") are not supported; no command has two short options.
            throw usage_error("unknown option '" + argument + "'");
        }
        const option_spec* spec = nullptr;
        for (const option_spec& candidate : specs)
            if (long_form ? candidate.name == name : candidate.short_name == name[0])
                spec = &candidate;
        if (spec == nullptr) throw usage_error("unknown option '" + argument + "'");
        const std::string display = "--" + std::string(spec->name);
        if (parsed.has(spec->name)) throw usage_error("option " + display + " is given twice");
        if (!spec->takes_value) {
            if (inline_value) throw usage_error("option " + display + " takes no value");
            parsed.add(std::string(spec->name), "");
            continue;
        }
        if (inline_value) {
            parsed.add(std::string(spec->name), *inline_value);
        } else {
            if (i + 1 >= arguments.size()) throw usage_error("option " + display + " needs a value");
            parsed.add(std::string(spec->name), arguments[++i]);
        }
    }
    return parsed;
}

// A finite decimal number given to `option`, e.g. --min-answered 0.75.
[[nodiscard]] inline double parse_number_option(std::string_view option, const std::string& text) {
    double value = 0;
    const char* const last = text.data() + text.size();
    const auto [end, error] = std::from_chars(text.data(), last, value);
    if (text.empty() || error != std::errc{} || end != last || !std::isfinite(value))
        throw usage_error(table::expects_message(option, "a number", "'" + text + "'", table::command_line_spelling));
    return value;
}

// The field delimiter: ",", ";" or "tab" (a literal tab character is accepted too).
[[nodiscard]] inline char parse_delimiter(const std::string& text) {
    if (text == ",") return ',';
    if (text == ";") return ';';
    if (text == "tab" || text == "\t") return '\t';
    throw usage_error("--delimiter expects ',', ';' or 'tab', not '" + text + "'");
}

namespace detail {

// `alliance --help`, `alliance COMMAND --help`: the text on standard output, exit status 0.
inline int print_help(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

}  // namespace detail

}  // namespace alliance::cli
