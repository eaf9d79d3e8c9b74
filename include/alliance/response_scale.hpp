// The response format of an instrument's items: a Likert scale with integer anchors
// (1-5, 1-7, 0-4, ...) or a visual-analogue line scored as a decimal (0-10 cm).
#pragma once

#include <string>

#include "alliance/detail/format_number.hpp"
#include "alliance/names.hpp"

namespace alliance {

enum class scale_type { likert, analogue };

inline constexpr std::array scale_type_names{named{scale_type::likert, "likert"}, named{scale_type::analogue, "analogue"}};
[[nodiscard]] constexpr std::string_view to_string(scale_type value) noexcept { return name_of(scale_type_names, value); }

struct response_scale {
    scale_type type = scale_type::likert;
    double min = 0;
    double max = 0;
    // Smallest step a response can take: 1 on a Likert scale; for an analogue line the
    // precision it is measured to (0.1 for a 10 cm line read to the millimetre), a decimal of
    // at most six places. A response off that grid is an error, as a half point on a Likert
    // scale is: scores are exact sums on the grid (a finer electronic slider needs a key file
    // with its own resolution, e.g. 0.01).
    double resolution = 1;
    // Whether the instrument offers a "does not apply" answer (the CARE measure does).
    // Where it does not, alliance::not_applicable in a record is an error, not a missing item.
    bool allows_not_applicable = false;

    // Reverse keying maps x to min + max - x on the nominal scale, never on the observed range;
    // exactly, on the scale's decimal grid (on a 0-10 line read to 0.1, 10 - 2.3 is 7.7).
    [[nodiscard]] constexpr double reverse(double x) const noexcept;

    [[nodiscard]] constexpr bool contains(double x) const noexcept { return x >= min && x <= max; }

    friend constexpr bool operator==(const response_scale&, const response_scale&) = default;
};

namespace detail {

// x rounded to the nearest whole number, for |x| < 2^51: adding and taking away 1.5 x 2^52
// leaves no bits below the units (fast, and usable in constant evaluation).
[[nodiscard]] constexpr double round_to_whole(double x) noexcept {
    constexpr double shift = 6755399441055744.0;  // 1.5 x 2^52
    return (x + shift) - shift;
}

// The response grid of a scale as exact integers: a response is a whole number of `step`
// units of 1/factor (0.1 cm: units of 1/10, step 1; a 0.25 resolution: units of 1/100, step
// 25; Likert: units of 1, step 1). Sums of units are exact, so scores are exact decimals.
struct response_grid {
    double factor = 1;  // 10^decimals
    double step = 1;    // the resolution in units
    double min = 0;     // the scale's ends in units
    double max = 0;

    // x in units, if x is the double nearest to a point of the grid (as read from "8.6").
    [[nodiscard]] constexpr bool units_of(double x, double& units) const noexcept {
        units = round_to_whole(x * factor);
        if (units / factor != x) return false;
        return step == 1 || units - step * round_to_whole(units / step) == 0;
    }
    // Reverse keying in units: min + max - x on the nominal scale, exact. The one definition of
    // reverse keying (response_scale::reverse, score, explain, the item matrix and the batch
    // engine all come here).
    [[nodiscard]] constexpr double reversed_units(double units) const noexcept { return min + max - units; }
    // The double nearest to `units` / factor: one division of exact numbers, correctly rounded.
    [[nodiscard]] constexpr double value_of(double units) const noexcept { return units / factor; }
};

inline constexpr int max_resolution_decimals = 6;
inline constexpr double max_grid_magnitude = 1e9;  // scale ends; keeps every sum of units exact

// The grid of a scale, or empty when the resolution is not a decimal of at most six places
// or an end of the scale is off the grid.
[[nodiscard]] constexpr bool make_grid(double min, double max, double resolution, response_grid& grid) noexcept {
    if (!(min >= -max_grid_magnitude && max <= max_grid_magnitude && resolution > 0)) return false;
    double factor = 1;
    for (int decimals = 0; decimals <= max_resolution_decimals; ++decimals, factor *= 10) {
        const double step = round_to_whole(resolution * factor);
        if (step < 1 || step / factor != resolution) continue;
        grid = {factor, step, 0, 0};
        return grid.units_of(min, grid.min) && grid.units_of(max, grid.max);
    }
    return false;
}

}  // namespace detail

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

namespace detail {
// The grid of a valid scale (definitions are validated before any response is read).
[[nodiscard]] constexpr response_grid grid_of(const response_scale& scale) noexcept {
    response_grid grid{};
    if (!make_grid(scale.min, scale.max, scale.resolution, grid)) grid = {1, 1, scale.min, scale.max};
    return grid;
}
}  // namespace detail

constexpr double response_scale::reverse(double x) const noexcept {
    const detail::response_grid grid = detail::grid_of(*this);
    double units = 0;
    if (grid.units_of(x, units)) return grid.value_of(grid.reversed_units(units));
    return min + max - x;  // off the grid (never scored): the plain formula
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
