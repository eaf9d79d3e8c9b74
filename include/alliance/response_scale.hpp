// The response format of an instrument's items: a Likert scale with integer anchors
// (1-5, 1-7, 0-4, ...) or a visual-analogue line scored as a decimal (0-10 cm).
#pragma once

#include <string>

#include "alliance/detail/format_number.hpp"

namespace alliance {

enum class scale_type { likert, analogue };

struct response_scale {
    scale_type type = scale_type::likert;
    double min = 0;
    double max = 0;
    // Smallest step a response can take: 1 on a Likert scale; for an analogue line the
    // precision it is measured to (0.1 for a 10 cm line read to the millimetre). Off-grid
    // analogue values are accepted: electronic sliders are often finer than paper.
    double resolution = 1;
    // Whether the instrument offers a "does not apply" answer (the CARE measure does).
    // Where it does not, alliance::not_applicable in a record is an error, not a missing item.
    bool allows_not_applicable = false;

    // Reverse keying maps x to min + max - x on the nominal scale, never on the observed range.
    [[nodiscard]] constexpr double reverse(double x) const noexcept { return min + max - x; }

    [[nodiscard]] constexpr bool contains(double x) const noexcept { return x >= min && x <= max; }

    friend constexpr bool operator==(const response_scale&, const response_scale&) = default;
};

// Likert scale with integer anchors min..max.
[[nodiscard]] constexpr response_scale likert(int min, int max) noexcept {
    return {scale_type::likert, static_cast<double>(min), static_cast<double>(max), 1.0, false};
}

// Visual-analogue scale min..max measured to `resolution` (e.g. 0..10 cm to 0.1).
[[nodiscard]] constexpr response_scale visual_analogue(double min, double max,
                                                       double resolution) noexcept {
    return {scale_type::analogue, min, max, resolution, false};
}

// The same scale with a "does not apply" option beside its anchors.
[[nodiscard]] constexpr response_scale with_not_applicable(response_scale scale) noexcept {
    scale.allows_not_applicable = true;
    return scale;
}

[[nodiscard]] inline std::string describe(const response_scale& scale) {
    std::string text = scale.type == scale_type::likert ? "Likert " : "visual analogue ";
    text += detail::format_number(scale.min) + ".." + detail::format_number(scale.max);
    if (scale.type == scale_type::analogue)
        text += " (resolution " + detail::format_number(scale.resolution) + ")";
    if (scale.allows_not_applicable) text += " or 'does not apply'";
    return text;
}

}  // namespace alliance
