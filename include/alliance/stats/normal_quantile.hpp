// The critical values computed from a confidence level: standard-normal quantiles from
// Boost.Math (tier alliance::stats). The critical_value type itself, and literal values, need no
// Boost: alliance/stats/critical_value.hpp.
//
//   two-sided 0.95 -> quantile(N(0,1), 0.975) = 1.959963984540054 (clinicalsignificance:
//                     qnorm(1 - alpha/2), R/cs_distribution.R)
//   one-sided 0.95 -> quantile(N(0,1), 0.95)  = 1.6448536269514722 (clinicalsignificance's
//                     choice for Hageman & Arrindell: qnorm(1 - alpha))
#pragma once

#include <boost/math/distributions/normal.hpp>

#include "alliance/stats/critical_value.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/reliable_change.hpp"

namespace alliance::stats {

// z such that P(|Z| > z) = 1 - confidence (two-sided) or P(Z > z) = 1 - confidence.
template <class>
critical_value critical_value::from_confidence(double confidence, tails sides) {
    detail::require_confidence("confidence level of the critical value", confidence);
    const double upper_tail = sides == tails::two_sided ? (1.0 - confidence) / 2.0 : 1.0 - confidence;
    // The upper-tail quantile through complement(): no 1 - p cancellation.
    const double z = detail::guarded("critical value", [&] {
        return quantile(complement(boost::math::normal_distribution<double>(0.0, 1.0), upper_tail));
    });
    return critical_value(z, confidence, sides);
}

// The critical value the reference implementation uses by default: clinicalsignificance uses the
// one-sided qnorm(1 - alpha) for Hageman & Arrindell and the two-sided qnorm(1 - alpha/2)
// otherwise (R/cs_distribution.R). reliable_change_index itself defaults to two-sided 0.95 for
// every method; pass this to follow the package.
[[nodiscard]] inline critical_value conventional_critical_value(rc_method method, double confidence = 0.95) {
    return critical_value::from_confidence(
        confidence, method == rc_method::hageman_arrindell ? tails::one_sided : tails::two_sided);
}

}  // namespace alliance::stats
