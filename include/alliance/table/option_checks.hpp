// Checks of single options that several requests share, with one message each for every
// front-end: the command line reads the option's text, the packages take a number, and both
// call these (the option spelled as the caller spells it, the value shown as `shown`: the
// command line's text quoted, a package's number by option_spelling::value). Core tier.
#pragma once

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

}  // namespace alliance::table
