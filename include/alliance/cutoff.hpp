// Published cut-off scores as data. Which side of the boundary is flagged, and whether the
// boundary itself is, is part of every cut-off: sources differ (SRS "below 36" vs "at or
// below 36"), so the comparison is always explicit.
#pragma once

#include <string_view>

#include "alliance/names.hpp"

namespace alliance {

// When a score is flagged relative to the cut-off value.
enum class flag_when { below, at_or_below, above, at_or_above };

inline constexpr std::array flag_when_names{named{flag_when::below, "below"}, named{flag_when::at_or_below, "at_or_below"},
                                            named{flag_when::above, "above"}, named{flag_when::at_or_above, "at_or_above"}};
[[nodiscard]] constexpr std::string_view to_string(flag_when when) noexcept { return name_of(flag_when_names, when); }

[[nodiscard]] constexpr std::string_view symbol(flag_when when) noexcept {
    switch (when) {
        case flag_when::below: return "<";
        case flag_when::at_or_below: return "<=";
        case flag_when::above: return ">";
        case flag_when::at_or_above: return ">=";
    }
    return "?";
}

struct cutoff {
    std::string_view id{};          // stable: "srs-total-36"
    std::string_view instrument{};  // instrument id
    std::string_view scale{};       // scale name
    double value = 0;
    flag_when when = flag_when::below;
    std::string_view meaning{};     // what a flagged score suggests
    std::string_view citation{};
    std::string_view note{};      // disagreements between sources, population, edition

    // The same cut-off with another boundary rule, for reproducing a source that differs.
    [[nodiscard]] constexpr cutoff with(flag_when other) const noexcept {
        cutoff copy = *this;
        copy.when = other;
        return copy;
    }
};

[[nodiscard]] constexpr bool flags(const cutoff& rule, double score) noexcept {
    switch (rule.when) {
        case flag_when::below: return score < rule.value;
        case flag_when::at_or_below: return score <= rule.value;
        case flag_when::above: return score > rule.value;
        case flag_when::at_or_above: return score >= rule.value;
    }
    return false;
}

}  // namespace alliance
