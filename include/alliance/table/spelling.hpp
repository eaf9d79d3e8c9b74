// How a front-end names an option and a choice in a message: "--drop-points" and "last-scored"
// on the command line, drop_points and 'last-scored' in Python and R. The table layer writes
// every message once and spells its options through this, so the same bad input gives the
// same words in each front-end but for the spelling.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"

namespace alliance::table {

struct option_spelling {
    std::string_view prefix;  // before an option's name: "--" on the command line
    char separator;           // between its words: '-' on the command line, '_' in Python and R
    std::string_view quote;   // around a choice: none on the command line, ' in the bindings
    // Around a number the caller gave, shown in a message: ' on the command line, which shows
    // the text it read ("not '99'"), none in the bindings, which were given a number ("not 99").
    std::string_view value_quote;
    // Options whose name differs in more than the separator: the command line's --score-b names
    // a column, the packages' scores_b holds the values; its --equivalence mode is the packages'
    // normative_equivalence; its --raters names the rating columns, the packages' ratings hold them.
    std::span<const std::pair<std::string_view, std::string_view>> renamed{};

    // `dashed` is the command line's name without "--" ("drop-points").
    [[nodiscard]] std::string option(std::string_view dashed) const {
        std::string name(prefix);
        for (const auto& [from, to] : renamed)
            if (from == dashed) return name.append(to);
        for (const char c : dashed) name += c == '-' ? separator : c;
        return name;
    }
    [[nodiscard]] std::string value(double number) const {
        return std::string(value_quote) + alliance::detail::format_number(number) + std::string(value_quote);
    }
    // A choice as the caller writes it: words with '-' ("last-scored"), quoted.
    [[nodiscard]] std::string choice(std::string_view word) const {
        std::string text(quote);
        for (const char c : word) text += c == '_' ? '-' : c;
        return text.append(quote);
    }
};
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 3> binding_renamed{
    {{"score-b", "scores_b"}, {"equivalence", "normative_equivalence"}, {"raters", "ratings"}}};
inline constexpr option_spelling command_line_spelling{"--", '-', "", "'"};
inline constexpr option_spelling binding_spelling{"", '_', "'", "", binding_renamed};

// The one message for an option given a value of the wrong kind, `shown` as the caller's
// language writes it: "--sd expects a number, not 'abc'", "sd expects a number, not True".
[[nodiscard]] inline std::string expects_message(std::string_view dashed, std::string_view expected,
                                                 std::string_view shown, const option_spelling& spell) {
    return spell.option(dashed) + " expects " + std::string(expected) + ", not " + std::string(shown);
}

[[noreturn]] inline void wrong_argument(std::string_view dashed, std::string_view expected, std::string_view shown,
                                        const option_spelling& spell) {
    throw argument_error("alliance.table.argument", expects_message(dashed, expected, shown, spell));
}


}  // namespace alliance::table
