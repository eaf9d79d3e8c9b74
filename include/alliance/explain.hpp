// The teaching trace of one record: what was given, which items are reverse-keyed and what they
// become, which items each scale adds, the missing-item rule that decided each scale and why,
// and the sum and mean. explain() returns it as data (for programs and other renderings);
// describe() renders it as text for people. Every score in it is the one alliance::score gives.
//
//   const auto trace = alliance::explain(alliance::instruments::wai_sr, {5, 4, 3, ...});
//   std::cout << alliance::describe(trace);
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/definition.hpp"
#include "alliance/detail/format_number.hpp"
#include "alliance/missing_rule.hpp"
#include "alliance/response.hpp"
#include "alliance/score.hpp"

namespace alliance {

// One given response and the value it contributes.
struct item_trace {
    std::size_t number = 0;          // 1-based item number
    response given = missing;
    bool reversed = false;           // the key reverse-scores this item (min + max - x)
    std::optional<double> scored{};  // what enters the scales; empty when missing, "does not
                                     // apply" or invalid
};

// One scale: its items, the arithmetic, the rule and the result.
struct scale_trace {
    std::string_view name{};
    scale_role role = scale_role::subscale;
    alliance::metric metric = alliance::metric::sum;  // the number the authors report
    std::span<const int> items{};                     // item numbers in the key's order
    std::vector<double> answered_values{};            // scored values of answered items, in that order
    double answered_sum = 0;                          // their sum, before any proration
    missing_rule rule{};                              // the rule applied, with its source
    missing_rule own_rule{};                          // the scale's rule in the definition
    bool rule_overridden = false;                     // the caller's rule replaced own_rule
    scale_score score{};                              // status, answered, sum, mean, the rule applied
    std::string reason{};                             // why the status is what it is
};

// The trace of one record. Its views (instrument, scale names, item lists, rule sources) point
// into the definition: static storage for a compile-time instrument, or a run-time instrument's
// shared state, which `owner` (and each scale's score) keeps alive, so a trace may outlive the
// instrument object it was made from.
struct explanation {
    instrument_view instrument{};
    std::string record{};                        // the caller's record label, may be empty
    std::vector<item_trace> items{};             // one per given response
    std::vector<response_problem> problems{};    // alliance::check's findings; if any, no scale is scored
    std::vector<scale_trace> scales{};           // in the instrument's order; empty when problems
    std::shared_ptr<const void> owner{};         // a run-time instrument's state; null for static ones

    [[nodiscard]] bool scored() const noexcept { return problems.empty(); }
};

namespace detail {

[[nodiscard]] inline std::string status_reason(const scale_score& score) {
    const std::string of = std::to_string(score.answered()) + " of " + std::to_string(score.items());
    switch (score.status()) {
        case score_status::complete: return "all " + std::to_string(score.items()) + " items answered";
        case score_status::prorated:
            return of + " items answered, enough for the rule, so the sum is prorated: mean of the answered items x " +
                   std::to_string(score.items());
        case score_status::insufficient:
            if (score.answered() == 0) return "no item answered; a scale with no answer is never scored";
            return of + " items answered, too few for the rule; the scale has no score";
    }
    return "unknown status";
}

}  // namespace detail

// Never throws for bad responses: they are listed in `problems` (as alliance::check finds
// them) and no scale is scored.
template <instrument_definition_like Definition>
[[nodiscard]] explanation explain(const Definition& def, std::span<const response> responses,
                                  const scoring_options& options = {}) {
    explanation trace;
    trace.owner = detail::owner_of(def);
    trace.instrument = def.view();
    trace.record = std::string(options.record);
    trace.problems = check(def, responses);

    const response_scale& scale = def.response_format();
    for (std::size_t i = 0; i < responses.size(); ++i) {
        item_trace item{i + 1, responses[i], def.is_reversed(i + 1), std::nullopt};
        bool invalid = false;
        for (const response_problem& problem : trace.problems) invalid |= problem.item == i + 1;
        if (item.given.has_value() && !invalid)
            item.scored = item.reversed ? scale.reverse(item.given.value()) : item.given.value();
        trace.items.push_back(item);
    }
    if (!trace.problems.empty()) return trace;

    const auto scores = score(def, responses, options);
    const auto scales = def.scales();
    for (std::size_t s = 0; s < scales.size(); ++s) {
        const scale_entry& entry = scales[s];
        scale_trace scale_item{entry.name,
                               entry.role,
                               entry.metric,
                               def.items_of(entry),
                               {},
                               0.0,
                               options.missing_override.value_or(entry.missing),
                               entry.missing,
                               options.missing_override.has_value(),
                               scores[s],
                               {}};
        // Added in units of the response grid, as score() does, so the sum shown is exact.
        const detail::response_grid grid = detail::grid_of(scale);
        double answered_units = 0;
        for (const int number : scale_item.items) {
            const auto& value = trace.items[static_cast<std::size_t>(number - 1)].scored;
            if (!value) continue;
            scale_item.answered_values.push_back(*value);
            double units = 0;
            (void)grid.units_of(*value, units);  // valid responses are on the grid
            answered_units += units;
        }
        scale_item.answered_sum = grid.value_of(answered_units);
        scale_item.reason = detail::status_reason(scale_item.score);
        trace.scales.push_back(std::move(scale_item));
    }
    return trace;
}

template <instrument_definition_like Definition>
[[nodiscard]] explanation explain(const Definition& def, std::initializer_list<response> responses,
                                  const scoring_options& options = {}) {
    return explain(def, std::span<const response>(responses.begin(), responses.size()), options);
}

// A temporary compile-time instrument would leave the trace pointing into a dead object.
template <instrument_definition_like Definition>
    requires(!owning_definition<Definition>)
void explain(const Definition&& def, std::span<const response> responses, const scoring_options& options = {}) = delete;
template <instrument_definition_like Definition>
    requires(!owning_definition<Definition>)
void explain(const Definition&& def, std::initializer_list<response> responses,
             const scoring_options& options = {}) = delete;

namespace detail {

[[nodiscard]] inline std::string describe_given(const response& given) {
    if (given.is_missing()) return "missing";
    if (given.is_not_applicable()) return "does not apply";
    return format_number(given.value());
}

[[nodiscard]] inline std::string join_numbers(std::span<const int> numbers) {
    std::string text;
    for (const int number : numbers) text += (text.empty() ? "" : ", ") + std::to_string(number);
    return text;
}

[[nodiscard]] inline bool is_every_item(std::span<const int> numbers, std::size_t item_count) {
    if (numbers.size() != item_count) return false;
    for (std::size_t i = 0; i < numbers.size(); ++i)
        if (numbers[i] != static_cast<int>(i + 1)) return false;
    return true;
}

}  // namespace detail

// The trace as text for people, one fact per line.
[[nodiscard]] inline std::string describe(const explanation& trace) {
    using detail::format_number;
    const instrument_view& def = trace.instrument;
    const response_scale& scale = def.response_format;
    std::string text;
    text += std::string(def.about.id) + ": " + std::string(def.about.name) + "\n";
    text += "Form: " + std::string(to_string(def.about.form)) + "\n";
    if (!def.about.citation.empty()) text += "Source: " + std::string(def.about.citation) + "\n";
    if (!trace.record.empty()) text += "Record: " + trace.record + "\n";
    text += "Response scale: " + describe(scale) + "\n";
    if (def.reversed.empty()) {
        text += "Reverse keying: none of the " + std::to_string(def.item_count) + " items is reverse-keyed\n";
    } else {
        text += "Reverse keying: items " + detail::join_numbers(def.reversed) + " score " +
                format_number(scale.min + scale.max) + " - x (min + max - x on the nominal scale)\n";
    }

    text += "\nItems (given -> scored)\n";
    const std::size_t width = std::to_string(trace.items.size()).size();
    for (const item_trace& item : trace.items) {
        std::string number = std::to_string(item.number);
        number.insert(0, width - number.size(), ' ');
        text += "  item " + number + ": " + detail::describe_given(item.given);
        if (item.scored && item.reversed)
            text += " -> reversed: " + format_number(scale.min + scale.max) + " - " +
                    format_number(item.given.value()) + " = " + format_number(*item.scored);
        else if (item.given.has_value() && !item.scored)
            text += " (invalid)";
        text += "\n";
    }

    if (!trace.scored()) {
        text += "\nNot scored: the record has invalid responses\n";
        for (const response_problem& problem : trace.problems)
            text += "  " + describe(problem, def, trace.record) + "\n";
        return text;
    }

    text += "\nScales\n";
    for (const scale_trace& s : trace.scales) {
        const scale_score& score = s.score;
        text += "  " + std::string(s.name) + " (" + (s.role == scale_role::total ? "total" : "subscale") +
                ", reported as " + std::string(to_string(s.metric)) + "): " +
                (detail::is_every_item(s.items, def.item_count) ? "all " + std::to_string(def.item_count) + " items"
                                                                : "items " + detail::join_numbers(s.items)) +
                "\n";
        text += "    answered " + std::to_string(score.answered()) + " of " + std::to_string(score.items());
        if (!s.answered_values.empty()) {
            text += ": ";
            for (std::size_t i = 0; i < s.answered_values.size(); ++i)
                text += (i > 0 ? " + " : "") + format_number(s.answered_values[i]);
            text += " = " + format_number(s.answered_sum);
        }
        text += "\n    rule: " + describe(s.rule, score.items());
        if (s.rule_overridden) {
            text += " (set by the caller";
            if (!s.rule.source.empty()) text += ", " + std::string(s.rule.source);
            text += "; the instrument's own rule: " + describe(s.own_rule, score.items()) + ")";
        } else if (!s.rule.source.empty()) {
            text += " (source: " + std::string(s.rule.source) + ")";
        }
        text += "\n    " + std::string(to_string(score.status())) + ": " + s.reason + "\n";
        if (score.has_score()) {
            text += "    mean " + format_number(s.answered_sum) + " / " + std::to_string(score.answered()) + " = " +
                    format_number(score.mean());
            if (score.status() == score_status::prorated)
                text += "; prorated sum " + format_number(score.mean()) + " x " + std::to_string(score.items()) +
                        " = " + format_number(score.sum());
            else
                text += "; sum " + format_number(score.sum());
            text += "\n";
        }
    }
    return text;
}

}  // namespace alliance
