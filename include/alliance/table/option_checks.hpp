// Checks of single options that several requests share, with one message each for every
// front-end: the command line reads the option's text, the packages take a number, and both
// call these (the option spelled as the caller spells it, the value shown as `shown`: the
// command line's text quoted, a package's number by option_spelling::value). Core tier.
#pragma once

#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>

#include "alliance/error.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// --min-answered / min_answered: the fraction of a scale's items that must be answered to
// prorate, above 0 and at most 1.
inline double checked_min_answered(double value, std::string_view shown, const option_spelling& spell) {
    if (!(value > 0.0 && value <= 1.0))
        throw option_error("alliance.table.option",
                           expects_message("min-answered", "a fraction above 0 and at most 1", shown, spell));
    return value;
}

// --confidence / confidence: a level strictly between 0 and 1.
inline double checked_confidence(double value, std::string_view shown, const option_spelling& spell) {
    if (!(value > 0.0 && value < 1.0))
        throw option_error("alliance.table.option",
                           expects_message("confidence", "a level between 0 and 1 (e.g. 0.95)", shown, spell));
    return value;
}

// A number given to an option is finite: the command line refuses the texts 'nan' and 'inf' as
// it reads them; a package, given a float that is NaN or infinite, refuses it here, in the same
// words ("sd expects a number, not nan"): a NaN would pass every comparison of a check unseen.
inline double checked_finite(double value, std::string_view dashed, std::string_view shown, const option_spelling& spell) {
    if (!std::isfinite(value))
        throw option_error("alliance.table.option", expects_message(dashed, "a number", shown, spell));
    return value;
}

// "'row' or 'raise'": the words an option takes, as `spell` quotes a choice.
[[nodiscard]] inline std::string choice_list(std::initializer_list<std::string_view> choices, const option_spelling& spell) {
    std::string text;
    std::size_t i = 0;
    for (const std::string_view choice : choices) {
        if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
        text += spell.choice(choice);
        ++i;
    }
    return text;
}

// An option that takes one of a few words (the packages' score(errors = ...)): the word, or
// option_error listing them ("errors expects 'row' or 'raise', not 'rows'").
inline std::string_view checked_choice(std::string_view text, std::string_view dashed,
                                       std::initializer_list<std::string_view> choices, const option_spelling& spell) {
    for (const std::string_view choice : choices)
        if (text == choice) return choice;
    throw option_error("alliance.table.option",
                       expects_message(dashed, choice_list(choices, spell), "'" + std::string(text) + "'", spell));
}

}  // namespace alliance::table
