// One CSV row's item columns read as responses and scored with an instrument, with the problem
// list (line, column, value) when the row cannot be scored: the path of every command that
// scores rows besides `score`, whose loop is tuned for throughput.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/missing_rule.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include "io/csv_reader.hpp"
#include "response_codes.hpp"
#include "row_checks.hpp"

namespace alliance::cli::detail {

class row_scorer {
public:
    // `items` are the columns of items 1..N, `item_names` their header names.
    row_scorer(const runtime_instrument& instrument, const response_codes& codes, std::optional<double> min_answered,
               std::vector<std::size_t> items, std::vector<std::string> item_names)
        : instrument_(instrument),
          read_(codes),
          items_(std::move(items)),
          item_names_(std::move(item_names)),
          responses_(instrument.item_count()),
          scores_(instrument.id(), instrument.scales().size()) {
        if (min_answered)
            options_.missing_override = missing_rule::prorate_min_fraction(*min_answered, "--min-answered");
    }

    // Scores the reader's current row. When it cannot be scored, appends every problem to
    // `message` ("line 7, column 'item3': ...") and returns false.
    bool score(const csv_reader& reader, std::string& message) {
        const auto field = [&](std::size_t index) {
            return trim(index < reader.size() ? reader[index] : std::string_view{});
        };
        bool readable = true;
        for (std::size_t i = 0; i < items_.size(); ++i) readable &= read_.read(field(items_[i]), responses_[i], i + 1);
        // No sum can overflow: a response scale's ends are within +-1e9 (alliance::find_problem).
        if (readable && try_score(instrument_, responses_, options_, scores_)) return true;

        append_row_problems(
            instrument_, read_, responses_, item_names_, [&](std::size_t i) { return field(items_[i]); },
            reader.row_name(), message);
        return false;
    }

    // The scores of the last row score() accepted.
    [[nodiscard]] const dynamic_score_set& scores() const noexcept { return scores_; }

private:
    const runtime_instrument& instrument_;
    response_reader read_;
    std::vector<std::size_t> items_;
    std::vector<std::string> item_names_;
    std::vector<response> responses_;
    scoring_options options_;
    dynamic_score_set scores_;
};

}  // namespace alliance::cli::detail
