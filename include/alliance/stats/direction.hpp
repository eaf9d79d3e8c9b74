// Which way is "better" on a measure. There is deliberately no default: clinicalsignificance
// (cs_distribution(better_is = "lower")) and JTRCI (higherIsBetter = FALSE) both default to
// "lower is better", which silently flips every classification on an alliance measure where
// higher is better. A value-initialised direction{} (0) is rejected as "not set".
#pragma once

#include <optional>
#include <string_view>

#include "alliance/stats/detail/checks.hpp"
#include "alliance/names.hpp"

namespace alliance::stats {

enum class direction : int { lower_is_better = -1, higher_is_better = 1 };

// The first word of each value is its name; "higher" and "lower" are read as well.
inline constexpr std::array direction_names{
    named{direction::higher_is_better, "higher_is_better"}, named{direction::lower_is_better, "lower_is_better"},
    named{direction::higher_is_better, "higher"}, named{direction::lower_is_better, "lower"}};
// direction{} (neither value) is "not_set": a caller who has not chosen.
[[nodiscard]] constexpr std::string_view to_string(direction better) noexcept {
    return better == direction{} ? "not_set" : name_of(direction_names, better);
}

[[nodiscard]] constexpr std::optional<direction> parse_direction(std::string_view text) noexcept {
    return parse_name(direction_names, text);
}

// +1 when higher is better, -1 when lower is better ("dir" in the formulas of reliable_change.hpp and clinical_significance.hpp).
[[nodiscard]] constexpr double sign(direction better) noexcept {
    return better == direction::lower_is_better ? -1.0 : 1.0;
}

namespace detail {

inline void require_direction(direction better) {
    if (better != direction::higher_is_better && better != direction::lower_is_better)
        fail("alliance.stats.direction_not_set",
             "direction is not set; say whether higher or lower scores are better "
             "(direction::higher_is_better or direction::lower_is_better)");
}

}  // namespace detail

}  // namespace alliance::stats
