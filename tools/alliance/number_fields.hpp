// A CSV field read as a number: a missing code, a finite number, or invalid (with its text),
// for the commands that read score columns rather than items (change, compare, icc, plot).
#pragma once

#include <cmath>
#include <string_view>

#include "response_codes.hpp"

namespace alliance::cli::detail {

enum class value_state { number, missing, invalid };

// A field as a number: a missing code, a finite number, or invalid (with the reason).
struct field_value {
    value_state state = value_state::missing;
    double number = 0;
    std::string_view text{};
};

[[nodiscard]] inline field_value read_value(std::string_view field, const response_codes& codes) {
    field_value value{value_state::invalid, 0.0, trim(field)};
    response answer;
    if (!read_response(value.text, codes, answer) || answer.is_not_applicable()) return value;
    if (answer.is_missing()) {
        value.state = value_state::missing;
    } else if (std::isfinite(answer.value())) {
        value.state = value_state::number;
        value.number = answer.value();
    }
    return value;
}

}  // namespace alliance::cli::detail
