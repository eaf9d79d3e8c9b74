// The critical value a reliable-change index is compared with: either a standard-normal
// quantile computed from a confidence level (Boost.Math, never a hard-coded constant), or a
// literal number given to reproduce a paper (1.96 in Jacobson & Truax 1991, and in JTRCI).
//
//   two-sided 0.95 -> quantile(N(0,1), 0.975) = 1.959963984540054 (clinicalsignificance:
//                     qnorm(1 - alpha/2), R/cs_distribution.R)
//   one-sided 0.95 -> quantile(N(0,1), 0.95)  = 1.6448536269514722 (clinicalsignificance's
//                     choice for Hageman & Arrindell: qnorm(1 - alpha))
//
// A case with |RC| between 1.959964 and 1.96 changes category between the two, so the
// value used is always reported (methods.md §D.5).
#pragma once

#include <optional>
#include <string>

#include <boost/math/distributions/normal.hpp>

#include "alliance/stats/detail/checks.hpp"

namespace alliance::stats {

enum class tails { two_sided, one_sided };

[[nodiscard]] constexpr std::string_view to_string(tails sides) noexcept {
    return sides == tails::two_sided ? "two-sided" : "one-sided";
}

class critical_value {
public:
    // z such that P(|Z| > z) = 1 - confidence (two-sided) or P(Z > z) = 1 - confidence.
    [[nodiscard]] static critical_value from_confidence(double confidence = 0.95,
                                                        tails sides = tails::two_sided) {
        detail::require_confidence("confidence level of the critical value", confidence);
        const double upper_tail = sides == tails::two_sided ? (1.0 - confidence) / 2.0 : 1.0 - confidence;
        // The upper-tail quantile through complement(): no 1 - p cancellation.
        const double z = detail::guarded("critical value", [&] {
            return quantile(complement(boost::math::normal_distribution<double>(0.0, 1.0), upper_tail));
        });
        return critical_value(z, confidence, sides);
    }

    // A value taken as given (e.g. 1.96 to reproduce a published table).
    [[nodiscard]] static critical_value literal(double z) {
        detail::require_finite("critical value", z);
        if (!(z > 0.0))
            detail::fail("alliance.stats.critical_value_not_positive",
                         "critical value is " + detail::quote(z) + "; it must be greater than 0");
        return critical_value(z, std::nullopt, tails::two_sided);
    }

    [[nodiscard]] double value() const noexcept { return value_; }
    // The confidence level it came from; empty for a literal value.
    [[nodiscard]] const std::optional<double>& confidence() const noexcept { return confidence_; }
    [[nodiscard]] tails sides() const noexcept { return sides_; }

    // "1.959963984540054 (two-sided, confidence 0.95)" or "1.96 (given)".
    [[nodiscard]] std::string describe() const {
        std::string text = detail::quote(value_);
        if (!confidence_) return text + " (given)";
        return text + " (" + std::string(to_string(sides_)) + ", confidence " + detail::quote(*confidence_) + ")";
    }

private:
    critical_value(double z, std::optional<double> confidence, tails sides)
        : value_(z), confidence_(confidence), sides_(sides) {}

    double value_;
    std::optional<double> confidence_;
    tails sides_;
};

}  // namespace alliance::stats
