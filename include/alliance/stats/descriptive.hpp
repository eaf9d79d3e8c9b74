// Sample statistics used to estimate the parameters a method needs when the user does not
// give them: mean, variance and SD with the n - 1 denominator, and Pearson's correlation,
// as in clinicalsignificance (stats::sd, stats::cor), singcar and psych.
// Two-pass algorithms with a correction term keep them accurate for large offsets.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "alliance/stats/detail/checks.hpp"

namespace alliance::stats {

// One client's score before and after (pre/post), the unit of reliable-change analysis.
struct score_pair {
    double pre = 0;
    double post = 0;
    friend constexpr bool operator==(const score_pair&, const score_pair&) = default;
};

namespace detail {

// Reads x[i] through `at` for i in [0, n): lets the same code serve spans of doubles and the
// pre or post member of score pairs, without copying.
template <class At>
[[nodiscard]] double checked_mean(std::string_view what, std::size_t n, At at) {
    require_observations(what, n, 1);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = at(i);
        if (!std::isfinite(x))
            require_finite(std::string(what) + ", value " + std::to_string(i + 1), x);
        sum += x;
    }
    const double m = sum / static_cast<double>(n);
    double correction = 0.0;  // second pass: removes the rounding error of the first
    for (std::size_t i = 0; i < n; ++i) correction += at(i) - m;
    return m + correction / static_cast<double>(n);
}

// Sum of squared deviations from the mean, corrected two-pass (Chan, Golub & LeVeque 1983).
template <class At>
[[nodiscard]] double sum_of_squares(std::size_t n, double m, At at) {
    double squares = 0.0;
    double deviations = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = at(i) - m;
        squares += d * d;
        deviations += d;
    }
    const double ss = squares - deviations * deviations / static_cast<double>(n);
    return ss > 0.0 ? ss : 0.0;  // never a tiny negative from rounding
}

template <class At>
[[nodiscard]] double checked_variance(std::string_view what, std::size_t n, At at) {
    require_observations(what, n, 2);
    const double m = checked_mean(what, n, at);
    return sum_of_squares(n, m, at) / static_cast<double>(n - 1);
}

template <class AtX, class AtY>
[[nodiscard]] double checked_correlation(std::string_view what_x, std::string_view what_y, std::size_t n,
                                         AtX x, AtY y) {
    require_observations(std::string(what_x) + " and " + std::string(what_y), n, 2);
    const double mx = checked_mean(what_x, n, x);
    const double my = checked_mean(what_y, n, y);
    double sxx = 0.0, syy = 0.0, sxy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x(i) - mx;
        const double dy = y(i) - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (!(sxx > 0.0))
        fail("alliance.stats.zero_variance",
             std::string(what_x) + " has zero variance; the correlation is undefined");
    if (!(syy > 0.0))
        fail("alliance.stats.zero_variance",
             std::string(what_y) + " has zero variance; the correlation is undefined");
    const double r = sxy / std::sqrt(sxx * syy);
    return r > 1.0 ? 1.0 : (r < -1.0 ? -1.0 : r);  // rounding can leave |r| a hair above 1
}

}  // namespace detail

[[nodiscard]] inline double mean(std::span<const double> x, std::string_view what = "sample") {
    return detail::checked_mean(what, x.size(), [&](std::size_t i) { return x[i]; });
}

// Unbiased sample variance (denominator n - 1); needs n >= 2.
[[nodiscard]] inline double sample_variance(std::span<const double> x, std::string_view what = "sample") {
    return detail::checked_variance(what, x.size(), [&](std::size_t i) { return x[i]; });
}

// Sample standard deviation (denominator n - 1), as R's sd(); needs n >= 2.
[[nodiscard]] inline double sample_sd(std::span<const double> x, std::string_view what = "sample") {
    return std::sqrt(sample_variance(x, what));
}

// Pearson's product-moment correlation, as R's cor(); throws on zero variance.
[[nodiscard]] inline double correlation(std::span<const double> x, std::span<const double> y,
                                        std::string_view what_x = "x", std::string_view what_y = "y") {
    detail::require_same_size(std::string(what_x) + " and " + std::string(what_y), x.size(), y.size());
    return detail::checked_correlation(what_x, what_y, x.size(), [&](std::size_t i) { return x[i]; },
                                       [&](std::size_t i) { return y[i]; });
}

// Means, SDs (n - 1) and the pre-post correlation of a sample of pairs.
struct pair_statistics {
    std::size_t n = 0;
    double mean_pre = 0;
    double sd_pre = 0;
    double mean_post = 0;
    double sd_post = 0;
    double correlation = 0;
};

[[nodiscard]] inline double mean_pre(std::span<const score_pair> pairs) {
    return detail::checked_mean("pre scores", pairs.size(), [&](std::size_t i) { return pairs[i].pre; });
}
[[nodiscard]] inline double mean_post(std::span<const score_pair> pairs) {
    return detail::checked_mean("post scores", pairs.size(), [&](std::size_t i) { return pairs[i].post; });
}
[[nodiscard]] inline double sd_pre(std::span<const score_pair> pairs) {
    return std::sqrt(
        detail::checked_variance("pre scores", pairs.size(), [&](std::size_t i) { return pairs[i].pre; }));
}
[[nodiscard]] inline double sd_post(std::span<const score_pair> pairs) {
    return std::sqrt(
        detail::checked_variance("post scores", pairs.size(), [&](std::size_t i) { return pairs[i].post; }));
}
[[nodiscard]] inline double pre_post_correlation(std::span<const score_pair> pairs) {
    return detail::checked_correlation(
        "pre scores", "post scores", pairs.size(), [&](std::size_t i) { return pairs[i].pre; },
        [&](std::size_t i) { return pairs[i].post; });
}

[[nodiscard]] inline pair_statistics describe_pairs(std::span<const score_pair> pairs) {
    return {pairs.size(), mean_pre(pairs), sd_pre(pairs), mean_post(pairs), sd_post(pairs),
            pre_post_correlation(pairs)};
}

}  // namespace alliance::stats
