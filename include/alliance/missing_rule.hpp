// What to do when items of a scale are unanswered. Each rule is a named value; the default
// everywhere is the strictest one (every item required) unless the instrument's authors
// published another, so proration is always an explicit, citable choice.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alliance/detail/format_number.hpp"
#include "alliance/names.hpp"

namespace alliance {

enum class missing_rule_kind : std::uint8_t {
    // Score only complete scales.
    all_required,
    // Prorate when at least `count` items are answered: sum = mean(answered) * items.
    prorate_min_answered,
    // Prorate when at most `count` items are missing (CORE System Trust style limits).
    prorate_max_missing,
    // Prorate when answered / items >= `fraction` (the driver's --min-answered).
    prorate_min_fraction,
    // Replace up to `count` missing or "does not apply" items by the mean of the answered
    // ones (Mercer et al. 2004, CARE). Numerically the same as prorating; named apart
    // because that is how the authors state it.
    replace_by_mean,
};

// The words of key files, `alliance list` and `explain --format json`.
inline constexpr std::array missing_rule_kind_names{
    named{missing_rule_kind::all_required, "all_required"},
    named{missing_rule_kind::prorate_min_answered, "prorate_min_answered"},
    named{missing_rule_kind::prorate_max_missing, "prorate_max_missing"},
    named{missing_rule_kind::prorate_min_fraction, "prorate_min_fraction"},
    named{missing_rule_kind::replace_by_mean, "replace_by_mean"}};
[[nodiscard]] constexpr std::string_view to_string(missing_rule_kind value) noexcept {
    return name_of(missing_rule_kind_names, value);
}

// What number a rule of each kind takes: a count of items, a fraction of them, or none.
enum class missing_rule_parameter : std::uint8_t { none, count, fraction };
[[nodiscard]] constexpr missing_rule_parameter parameter_of(missing_rule_kind kind) noexcept {
    switch (kind) {
        case missing_rule_kind::prorate_min_answered:
        case missing_rule_kind::prorate_max_missing:
        case missing_rule_kind::replace_by_mean: return missing_rule_parameter::count;
        case missing_rule_kind::prorate_min_fraction: return missing_rule_parameter::fraction;
        case missing_rule_kind::all_required: break;
    }
    return missing_rule_parameter::none;
}

struct missing_rule {
    missing_rule_kind kind = missing_rule_kind::all_required;
    int count = 0;
    double fraction = 1.0;
    // Where the rule comes from; empty for a user's own choice.
    std::string_view source{};

    [[nodiscard]] static constexpr missing_rule all_required(std::string_view source = {}) noexcept {
        return {missing_rule_kind::all_required, 0, 1.0, source};
    }
    [[nodiscard]] static constexpr missing_rule prorate_min_answered(
        int min_answered, std::string_view source = {}) noexcept {
        return {missing_rule_kind::prorate_min_answered, min_answered, 1.0, source};
    }
    [[nodiscard]] static constexpr missing_rule prorate_max_missing(
        int max_missing, std::string_view source = {}) noexcept {
        return {missing_rule_kind::prorate_max_missing, max_missing, 1.0, source};
    }
    [[nodiscard]] static constexpr missing_rule prorate_min_fraction(
        double min_fraction, std::string_view source = {}) noexcept {
        return {missing_rule_kind::prorate_min_fraction, 0, min_fraction, source};
    }
    [[nodiscard]] static constexpr missing_rule replace_by_mean(int max_missing,
                                                                std::string_view source = {}) noexcept {
        return {missing_rule_kind::replace_by_mean, max_missing, 1.0, source};
    }

    // Whether a scale of `items` items with `answered` of them answered gets a score.
    // A scale with nothing answered is never scored, whatever the rule.
    [[nodiscard]] constexpr bool allows(int answered, int items) const noexcept {
        if (answered <= 0) return false;
        if (answered >= items) return true;
        switch (kind) {
            case missing_rule_kind::all_required: return false;
            case missing_rule_kind::prorate_min_answered: return answered >= count;
            case missing_rule_kind::prorate_max_missing:
            case missing_rule_kind::replace_by_mean: return items - answered <= count;
            case missing_rule_kind::prorate_min_fraction:
                // Compare in integers where possible so 0.75 of 4 items is exactly 3.
                return static_cast<double>(answered) >= fraction * items - 1e-9;
        }
        return false;
    }

    friend constexpr bool operator==(const missing_rule&, const missing_rule&) = default;
};

// "prorate if at least 3 of 4 answered" for a scale of `items` items.
[[nodiscard]] inline std::string describe(const missing_rule& rule, int items) {
    const auto n = std::to_string(items);
    switch (rule.kind) {
        case missing_rule_kind::all_required: return "all " + n + " items required";
        case missing_rule_kind::prorate_min_answered:
            return "prorate if at least " + std::to_string(rule.count) + " of " + n + " answered";
        case missing_rule_kind::prorate_max_missing:
            return "prorate if at most " + std::to_string(rule.count) + " of " + n + " missing";
        case missing_rule_kind::prorate_min_fraction:
            return "prorate if at least " + detail::format_number(rule.fraction) + " of " + n +
                   " items answered";
        case missing_rule_kind::replace_by_mean:
            return "replace up to " + std::to_string(rule.count) + " of " + n +
                   " missing or not-applicable items by the mean of the rest";
    }
    return "unknown rule";
}

}  // namespace alliance
