// The parts every instrument definition shares, a non-owning view of a whole definition, and
// the one validator that both compile-time and run-time definitions go through.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "alliance/error.hpp"
#include "alliance/missing_rule.hpp"
#include "alliance/response_scale.hpp"
#include "alliance/names.hpp"

namespace alliance {

// Who fills the instrument in.
enum class form { client, therapist, observer, caregiver };

inline constexpr std::array form_names{named{form::client, "client"}, named{form::therapist, "therapist"},
                                       named{form::observer, "observer"}, named{form::caregiver, "caregiver"}};
[[nodiscard]] constexpr std::string_view to_string(form value) noexcept { return name_of(form_names, value); }

// Which number a scale reports as its score. Both are always computed; this is the one the
// authors publish (WAI-SR research often uses means, SRS and ORS use sums).
enum class metric { sum, mean };

inline constexpr std::array metric_names{named{metric::sum, "sum"}, named{metric::mean, "mean"}};
[[nodiscard]] constexpr std::string_view to_string(metric value) noexcept { return name_of(metric_names, value); }

// Metadata printed beside every score: what this is and where its key comes from.
struct about {
    std::string_view id{};            // short, stable, lower case: "wai-sr"
    std::string_view name{};          // full name
    alliance::form form = alliance::form::client;
    std::string_view citation{};      // the key's source: authors, year, title, journal
    std::string_view licence{};       // who holds the copyright and what use is allowed
    std::string_view verification{};  // how this library's key was checked, against which sources
};

// Default scoring for the scales of an instrument that do not say otherwise.
struct scoring {
    alliance::metric metric = alliance::metric::sum;
    missing_rule missing = missing_rule::all_required();
};

enum class scale_role : std::uint8_t { subscale, total };

inline constexpr std::array scale_role_names{named{scale_role::subscale, "subscale"}, named{scale_role::total, "total"}};
[[nodiscard]] constexpr std::string_view to_string(scale_role value) noexcept { return name_of(scale_role_names, value); }

// One scale as stored: its items are scale_item_pool[first, first + count) of the definition.
struct scale_entry {
    std::string_view name;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    scale_role role = scale_role::subscale;
    missing_rule missing{};
    alliance::metric metric = alliance::metric::sum;
};

// Everything the validator and the scorer need, without owning it.
struct instrument_view {
    alliance::about about{};
    response_scale response_format{};
    std::size_t item_count = 0;
    std::span<const int> reversed{};      // item numbers, 1-based
    std::span<const int> scale_item_pool{};  // all scales' item numbers, back to back
    std::span<const scale_entry> scales{};

    [[nodiscard]] constexpr std::span<const int> items_of(const scale_entry& entry) const {
        return scale_item_pool.subspan(entry.first, entry.count);
    }
};

enum class definition_errc {
    missing_id,
    no_items,
    too_many_items,
    bad_response_scale,
    no_scales,
    unnamed_scale,
    duplicate_scale_name,
    empty_scale,
    item_out_of_range,
    duplicate_item,
    reversed_out_of_range,
    duplicate_reversed,
    bad_missing_rule,
};

// Stable id for definition_error::id().
[[nodiscard]] constexpr std::string_view error_id(definition_errc code) noexcept {
    switch (code) {
        case definition_errc::missing_id: return "alliance.definition.missing_id";
        case definition_errc::no_items: return "alliance.definition.no_items";
        case definition_errc::too_many_items: return "alliance.definition.too_many_items";
        case definition_errc::bad_response_scale: return "alliance.definition.bad_response_scale";
        case definition_errc::no_scales: return "alliance.definition.no_scales";
        case definition_errc::unnamed_scale: return "alliance.definition.unnamed_scale";
        case definition_errc::duplicate_scale_name: return "alliance.definition.duplicate_scale_name";
        case definition_errc::empty_scale: return "alliance.definition.empty_scale";
        case definition_errc::item_out_of_range: return "alliance.definition.item_out_of_range";
        case definition_errc::duplicate_item: return "alliance.definition.duplicate_item";
        case definition_errc::reversed_out_of_range: return "alliance.definition.reversed_out_of_range";
        case definition_errc::duplicate_reversed: return "alliance.definition.duplicate_reversed";
        case definition_errc::bad_missing_rule: return "alliance.definition.bad_missing_rule";
    }
    return "alliance.definition.unknown";
}

// No published questionnaire comes near this; it keeps a typo in a key file from asking
// for gigabytes.
inline constexpr std::size_t max_items = 10000;

inline constexpr std::size_t no_position = static_cast<std::size_t>(-1);

// The first thing wrong with a definition: what, in which scale, which item, and where in the
// definition's lists (so a key-file loader can name the exact field).
struct definition_problem {
    definition_errc code;
    std::string_view scale{};             // empty when the problem is not in one scale
    int item = 0;                         // the offending item number, or the rule parameter
    std::size_t scale_index = no_position;  // index into the definition's scales
    std::size_t position = no_position;     // index into that scale's items, or into `reversed`
};

namespace detail {

[[nodiscard]] constexpr bool is_integer(double x) noexcept {
    // constexpr-friendly test: the value survives a round trip through long long.
    return x >= -9.0e15 && x <= 9.0e15 && static_cast<double>(static_cast<long long>(x)) == x;
}

[[nodiscard]] constexpr bool is_finite(double x) noexcept {
    return x == x && x - x == 0.0;  // false for NaN and for +-inf, usable in constant evaluation
}

[[nodiscard]] constexpr bool valid_scale(const response_scale& s) noexcept {
    if (!is_finite(s.min) || !is_finite(s.max) || !(s.min < s.max)) return false;
    if (!is_finite(s.resolution) || !(s.resolution > 0) || s.resolution > s.max - s.min) return false;
    if (s.type == scale_type::likert && !(is_integer(s.min) && is_integer(s.max) && s.resolution == 1.0))
        return false;
    response_grid grid{};
    return make_grid(s.min, s.max, s.resolution, grid);
}

[[nodiscard]] constexpr bool valid_rule(const missing_rule& rule, int items) noexcept {
    switch (rule.kind) {
        case missing_rule_kind::all_required: return true;
        case missing_rule_kind::prorate_min_answered: return rule.count >= 1 && rule.count <= items;
        case missing_rule_kind::prorate_max_missing:
        case missing_rule_kind::replace_by_mean: return rule.count >= 0 && rule.count < items;
        case missing_rule_kind::prorate_min_fraction:
            return is_finite(rule.fraction) && rule.fraction > 0.0 && rule.fraction <= 1.0;
    }
    return false;
}

}  // namespace detail

// Checks every structural rule of a definition; the same code runs in constant evaluation
// (a broken constexpr definition does not compile) and at run time (key files throw).
[[nodiscard]] constexpr std::optional<definition_problem> find_problem(const instrument_view& def) {
    using errc = definition_errc;
    if (def.about.id.empty()) return definition_problem{errc::missing_id};
    if (def.item_count == 0) return definition_problem{errc::no_items};
    if (def.item_count > max_items) return definition_problem{errc::too_many_items};
    if (!detail::valid_scale(def.response_format)) return definition_problem{errc::bad_response_scale};
    const auto n = static_cast<int>(def.item_count);

    for (std::size_t i = 0; i < def.reversed.size(); ++i) {
        const int item = def.reversed[i];
        if (item < 1 || item > n) return definition_problem{errc::reversed_out_of_range, {}, item, no_position, i};
        for (std::size_t j = 0; j < i; ++j)
            if (def.reversed[j] == item)
                return definition_problem{errc::duplicate_reversed, {}, item, no_position, i};
    }

    if (def.scales.empty()) return definition_problem{errc::no_scales};
    for (std::size_t s = 0; s < def.scales.size(); ++s) {
        const scale_entry& scale = def.scales[s];
        if (scale.name.empty()) return definition_problem{errc::unnamed_scale, {}, 0, s};
        for (std::size_t t = 0; t < s; ++t)
            if (def.scales[t].name == scale.name)
                return definition_problem{errc::duplicate_scale_name, scale.name, 0, s};
        if (scale.count == 0) return definition_problem{errc::empty_scale, scale.name, 0, s};
        const auto items = def.items_of(scale);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const int item = items[i];
            if (item < 1 || item > n) return definition_problem{errc::item_out_of_range, scale.name, item, s, i};
            for (std::size_t j = 0; j < i; ++j)
                if (items[j] == item) return definition_problem{errc::duplicate_item, scale.name, item, s, i};
        }
        if (!detail::valid_rule(scale.missing, static_cast<int>(scale.count)))
            return definition_problem{errc::bad_missing_rule, scale.name, scale.missing.count, s};
    }
    return std::nullopt;
}

// A sentence naming the instrument, the scale and the item.
[[nodiscard]] inline std::string describe(const definition_problem& problem, const instrument_view& def) {
    using errc = definition_errc;
    std::string where = "instrument '" + std::string(def.about.id) + "'";
    if (!problem.scale.empty()) where += ", scale '" + std::string(problem.scale) + "'";
    const auto n = std::to_string(def.item_count);
    const auto item = std::to_string(problem.item);
    switch (problem.code) {
        case errc::missing_id: return "an instrument definition has no id";
        case errc::no_items: return where + ": the instrument has no items";
        case errc::too_many_items:
            return where + ": " + n + " items is more than the " + std::to_string(max_items) +
                   " an instrument may have";
        case errc::bad_response_scale:
            return where + ": response scale " + describe(def.response_format) +
                   " is malformed (min < max, finite, within +-1e9, Likert anchors integers with resolution 1,"
                   " analogue resolution a decimal of at most 6 places, no wider than the scale, with min and"
                   " max on its grid)";
        case errc::no_scales: return where + ": the instrument defines no scale";
        case errc::unnamed_scale: return where + ": a scale has no name";
        case errc::duplicate_scale_name: return where + ": two scales share this name";
        case errc::empty_scale: return where + ": the scale lists no items";
        case errc::item_out_of_range: return where + ": item " + item + " is outside 1.." + n;
        case errc::duplicate_item: return where + ": item " + item + " is listed twice";
        case errc::reversed_out_of_range:
            return where + ": reversed item " + item + " is outside 1.." + n;
        case errc::duplicate_reversed: return where + ": reversed item " + item + " is listed twice";
        case errc::bad_missing_rule: {
            for (const auto& scale : def.scales)
                if (scale.name == problem.scale)
                    return where + ": missing-item rule '" +
                           describe(scale.missing, static_cast<int>(scale.count)) +
                           "' does not fit a scale of " + std::to_string(scale.count) + " items";
            return where + ": missing-item rule does not fit the scale";
        }
    }
    return where + ": invalid definition";
}

// The definition_error a broken definition throws, with the problem's location kept as
// indices (the definition it points into may be gone by the time it is caught).
class invalid_definition : public definition_error {
public:
    invalid_definition(const definition_problem& problem, const instrument_view& def)
        : definition_error(error_id(problem.code), describe(problem, def)),
          code_(problem.code),
          item_(problem.item),
          scale_index_(problem.scale_index),
          position_(problem.position) {}

    [[nodiscard]] definition_errc code() const noexcept { return code_; }
    [[nodiscard]] int item() const noexcept { return item_; }
    [[nodiscard]] std::size_t scale_index() const noexcept { return scale_index_; }
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

private:
    definition_errc code_;
    int item_;
    std::size_t scale_index_;
    std::size_t position_;
};

}  // namespace alliance
