// Normative comparison against an alliance::norm (alliance/norms.hpp: mean, SD, optionally the
// size of the normative sample and the reliability, and where it comes from; a catalogue record
// or one built for the call); compare(norm, score) gives the standard scores: z, T = 50 + 10z,
// percentile = 100 Phi(z), stanine, sten.
//
//   z          = (x - M) / SD
//   T          = 50 + 10 z
//   percentile = 100 Phi(z); percent_above = 100 Phi(-z), from the complement, never 100 - ...
//   stanine    = clamp(floor(2 z + 5.5), 1, 9)   half-SD bands centred on the mean
//   sten       = clamp(floor(2 z + 6), 1, 10)    half-SD bands, the mean on the 5/6 boundary
//
// Band boundaries: each band includes its lower boundary (floor), so a z exactly on a boundary
// gets the higher band: z = 0.25 is stanine 6, z = -0.25 stanine 5, z = 0 sten 6, z = -0.5 sten 5.
// The extreme bands are open: stanine 1 is z < -1.75 and 9 is z >= 1.75; sten 1 is z < -2 and
// 10 is z >= 2. z is computed in double, so a score meant to sit exactly on a boundary may land a
// rounding error to either side of it.
// Far tails: Phi(z) for z below about -38.5 is smaller than the smallest double and is reported
// as 0 (and percent_above as 0 for z above about 38.5); nothing becomes NaN.
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/math/distributions/normal.hpp>

#include "alliance/decimal.hpp"
#include "alliance/norms.hpp"
#include "alliance/stats/detail/checks.hpp"

namespace alliance::stats {

namespace detail {

// "control norm" or "control norm 'srs-community'": how a message names the norm.
[[nodiscard]] inline std::string norm_name(const alliance::norm& reference, std::string_view what) {
    std::string name(what);
    if (!reference.id.empty()) name += " '" + std::string(reference.id) + "'";
    return name;
}

// The norm's numbers pass alliance::find_value_problem, the rules of every norm (n >= 2 among
// them); a problem is reported in the statistics' words, with their ids (docs/errors.md), by the
// check of that field.
inline void require_norm(const alliance::norm& reference, std::string_view what = "norm") {
    const std::optional<norm_problem> problem = find_value_problem(reference);
    if (!problem) return;
    const std::string name = norm_name(reference, what);
    const std::string_view field = problem->field;
    if (field == "mean") require_finite(name + " mean", reference.mean);
    if (field == "sd") require_sd(name + " SD", reference.sd);
    if (field == "reliability" && published_reliability(reference))
        require_reliability(name + " reliability", reference.reliability.value);
    if (field == "n")
        fail("alliance.stats.too_few_observations",
             name + " sample size is " + std::to_string(*reference.n) + "; it must be at least 2");
    // A reliability value with no kind (alpha, test-retest) has no statistics' word: the norm's own.
    fail(problem->id, name + ": " + std::string(problem->what));
}

}  // namespace detail

[[nodiscard]] inline double z_score(const alliance::norm& reference, double score) {
    detail::require_norm(reference);
    detail::require_finite("score", score);
    const double z = exact_difference(score, reference.mean) / reference.sd;  // x - M on the exact decimals
    detail::require_finite("z score", z);  // overflow for absurd inputs
    return z;
}

[[nodiscard]] inline double t_score(double z) {
    detail::require_finite("z", z);
    return 50.0 + 10.0 * z;
}

// 100 Phi(z): the percentage of the normative population below the score.
[[nodiscard]] inline double percentile(double z) {
    detail::require_finite("z", z);
    return 100.0 * cdf(boost::math::normal_distribution<double>(0.0, 1.0), z);
}

// 100 (1 - Phi(z)), computed as the upper tail through complement() so it keeps full relative
// precision for large z.
[[nodiscard]] inline double percent_above(double z) {
    detail::require_finite("z", z);
    return 100.0 * cdf(complement(boost::math::normal_distribution<double>(0.0, 1.0), z));
}

namespace detail {

// 1 + the number of band boundaries at or below z. Comparing z with the boundaries themselves
// (all exact in binary) rather than evaluating floor(2 z + c) keeps a z one ulp below a boundary
// in the lower band: 2 z + c would round up onto the boundary.
template <std::size_t N>
[[nodiscard]] constexpr int band(double z, const double (&boundaries)[N]) noexcept {
    int value = 1;
    for (const double boundary : boundaries) value += z >= boundary ? 1 : 0;
    return value;
}

// Stanine = clamp(floor(2 z + 5.5), 1, 9): boundaries at -1.75, -1.25, ..., 1.75.
inline constexpr double stanine_boundaries[] = {-1.75, -1.25, -0.75, -0.25, 0.25, 0.75, 1.25, 1.75};
// Sten = clamp(floor(2 z + 6), 1, 10): boundaries at -2, -1.5, ..., 2.
inline constexpr double sten_boundaries[] = {-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0};

}  // namespace detail

[[nodiscard]] inline int stanine(double z) {
    detail::require_finite("z", z);
    return detail::band(z, detail::stanine_boundaries);
}

[[nodiscard]] inline int sten(double z) {
    detail::require_finite("z", z);
    return detail::band(z, detail::sten_boundaries);
}

struct standard_scores {
    double z = 0;
    double t = 0;
    double percentile = 0;     // percentage of the norm below the score
    double percent_above = 0;  // percentage above, from the upper tail
    int stanine = 0;
    int sten = 0;
};

[[nodiscard]] inline standard_scores compare(const alliance::norm& reference, double score) {
    const double z = z_score(reference, score);
    return {z, t_score(z), stats::percentile(z), stats::percent_above(z), stats::stanine(z), stats::sten(z)};
}

}  // namespace alliance::stats
