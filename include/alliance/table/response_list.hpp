// One record's answers given as a list (`alliance explain --responses 4,5,NA,3`, the packages'
// explain(responses)): each answer a number, a missing cell, or a text read as every cell is
// (table/cells.hpp), with one message for a text that is no answer. Core tier.
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alliance/error.hpp"
#include "alliance/response.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// An answer as a front-end holds it: a number (NaN: missing), a text, or neither (missing).
struct listed_answer {
    std::optional<double> number{};
    std::optional<std::string_view> text{};
};

// The answers in item order; option_error "alliance.table.option" naming the first text that is
// neither a number nor a code, under the option's name as `spell` writes it.
[[nodiscard]] inline std::vector<response> read_response_list(std::span<const listed_answer> answers,
                                                              const response_codes& codes, const option_spelling& spell) {
    std::vector<response> out;
    out.reserve(answers.size());
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const listed_answer& answer = answers[i];
        if (answer.text) {
            const std::optional<response> read = to_response(*answer.text, codes);
            if (!read)
                throw option_error("alliance.table.option",
                                   spell.option("responses") + ": response " + std::to_string(i + 1) + " '" +
                                       std::string(trim(*answer.text)) + "' is not a number, a missing code (" +
                                       quote_list(codes.missing) + ") or a not-applicable code (" +
                                       quote_list(codes.not_applicable) + ")");
            out.push_back(*read);
        } else if (answer.number && !std::isnan(*answer.number)) {
            out.push_back(response(*answer.number));
        } else {
            out.push_back(response::make_missing());
        }
    }
    return out;
}

}  // namespace alliance::table
