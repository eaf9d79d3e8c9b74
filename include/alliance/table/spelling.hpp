// How a front-end names an option and a choice in a message: "--drop-points" and "last-scored"
// on the command line, drop_points and 'last-scored' in Python and R. The table layer writes
// every message once and spells its options through this, so the same bad input gives the
// same words in each front-end but for the spelling.
#pragma once

#include <string>
#include <string_view>

#include "alliance/error.hpp"

namespace alliance::table {

struct option_spelling {
    std::string_view prefix;  // before an option's name: "--" on the command line
    char separator;           // between its words: '-' on the command line, '_' in Python and R
    std::string_view quote;   // around a choice: none on the command line, ' in the bindings

    // `dashed` is the command line's name without "--" ("drop-points").
    [[nodiscard]] std::string option(std::string_view dashed) const {
        std::string name(prefix);
        for (const char c : dashed) name += c == '-' ? separator : c;
        return name;
    }
    // A choice as the caller writes it: words with '-' ("last-scored"), quoted.
    [[nodiscard]] std::string choice(std::string_view word) const {
        std::string text(quote);
        for (const char c : word) text += c == '_' ? '-' : c;
        return text.append(quote);
    }
};
inline constexpr option_spelling command_line_spelling{"--", '-', ""};
inline constexpr option_spelling binding_spelling{"", '_', "'"};

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
