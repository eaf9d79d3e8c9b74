// Which way is "better" on a measure. There is deliberately no default: clinicalsignificance
// (cs_distribution(better_is = "lower")) and JTRCI (higherIsBetter = FALSE) both default to
// "lower is better", which silently flips every classification on an alliance measure where
// higher is better. A value-initialised direction{} (0) is rejected as "not set".
#pragma once

#include <optional>
#include <string_view>

#include "alliance/stats/detail/checks.hpp"

namespace alliance::stats {

enum class direction : int { lower_is_better = -1, higher_is_better = 1 };

[[nodiscard]] constexpr std::string_view to_string(direction better) noexcept {
    switch (better) {
        case direction::higher_is_better: return "higher_is_better";
        case direction::lower_is_better: return "lower_is_better";
    }
    return "not_set";
}

// Accepts "higher_is_better" / "higher" and "lower_is_better" / "lower".
[[nodiscard]] constexpr std::optional<direction> parse_direction(std::string_view text) noexcept {
    if (text == "higher_is_better" || text == "higher") return direction::higher_is_better;
    if (text == "lower_is_better" || text == "lower") return direction::lower_is_better;
    return std::nullopt;
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
