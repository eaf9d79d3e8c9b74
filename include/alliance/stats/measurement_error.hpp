// Closed forms of classical test theory (Lord & Novick 1968, Statistical Theories of Mental
// Test Scores, ch. 3): standard errors built from an SD and a reliability, and the
// Spearman-Brown prophecy formula in both directions. Boost-free.
#pragma once

#include <cmath>

#include "alliance/stats/detail/checks.hpp"

namespace alliance::stats {

// SEM = SD sqrt(1 - r)
[[nodiscard]] inline double standard_error_of_measurement(double sd, double reliability) {
    detail::require_sd("SD", sd);
    detail::require_reliability("reliability", reliability);
    return sd * std::sqrt(1.0 - reliability);
}

// SE of the difference of two scores with the same SEM: sqrt(2) SEM (Jacobson & Truax 1991's S_diff)
[[nodiscard]] inline double standard_error_of_difference(double sd, double reliability) {
    const double sem = standard_error_of_measurement(sd, reliability);
    return std::sqrt(2.0 * sem * sem);
}

// SE of the estimated true score: SD sqrt(r (1 - r))
[[nodiscard]] inline double standard_error_of_estimate(double sd, double reliability) {
    detail::require_sd("SD", sd);
    detail::require_reliability("reliability", reliability);
    return sd * std::sqrt(reliability * (1.0 - reliability));
}

// SE of prediction: SD sqrt(1 - r^2)
[[nodiscard]] inline double standard_error_of_prediction(double sd, double reliability) {
    detail::require_sd("SD", sd);
    detail::require_reliability("reliability", reliability);
    return sd * std::sqrt(1.0 - reliability * reliability);
}

// Spearman (1910), Brown (1910): the reliability of a test `length_factor` times as long,
// r* = m r / (1 + (m - 1) r). m < 1 shortens the test.
[[nodiscard]] inline double spearman_brown(double reliability, double length_factor) {
    detail::require_reliability("reliability", reliability);
    detail::require_finite("length factor", length_factor);
    if (!(length_factor > 0.0))
        detail::fail("alliance.stats.length_factor_not_positive",
                     "length factor is " + detail::quote(length_factor) + "; it must be greater than 0");
    return length_factor * reliability / (1.0 + (length_factor - 1.0) * reliability);
}

// The inverse: the length factor m that takes reliability r to `target`,
// m = r* (1 - r) / (r (1 - r*)). Both must lie in (0, 1).
[[nodiscard]] inline double spearman_brown_length(double reliability, double target) {
    detail::require_reliability("reliability", reliability);
    detail::require_reliability("target reliability", target);
    if (reliability == 1.0 || target == 1.0)
        detail::fail("alliance.stats.reliability_out_of_range",
                     "Spearman-Brown length: reliability " + detail::quote(reliability) + " and target " +
                         detail::quote(target) + " must both be below 1 (a reliability of 1 needs infinite length)");
    return target * (1.0 - reliability) / (reliability * (1.0 - target));
}

}  // namespace alliance::stats
