// The critical value a reliable-change index is compared with: either a standard-normal
// quantile computed from a confidence level (Boost.Math, never a hard-coded constant), or a
// literal number given to reproduce a paper (1.96 in Jacobson & Truax 1991, and in JTRCI).
//
// This header needs nothing but C++20 (tier alliance::core), so tracking with a literal value
// builds without Boost. from_confidence() computes a normal quantile with Boost.Math: it is
// declared here and defined in alliance/stats/normal_quantile.hpp (tier alliance::stats); a
// program that calls it without that header fails to link (an undefined reference to
// from_confidence). It is a template only so that the definition can live in that header.
//
//   two-sided 0.95 -> quantile(N(0,1), 0.975) = 1.959963984540054 (clinicalsignificance:
//                     qnorm(1 - alpha/2), R/cs_distribution.R)
//   one-sided 0.95 -> quantile(N(0,1), 0.95)  = 1.6448536269514722 (clinicalsignificance's
//                     choice for Hageman & Arrindell: qnorm(1 - alpha))
//
// A case with |RC| between 1.959964 and 1.96 changes category between the two, so the
// value used is always reported.
#pragma once

#include <optional>
#include <string>

#include "alliance/stats/detail/checks.hpp"
#include "alliance/names.hpp"

namespace alliance::stats {

enum class tails { two_sided, one_sided };

inline constexpr std::array tails_names{named{tails::two_sided, "two-sided"}, named{tails::one_sided, "one-sided"}};
[[nodiscard]] constexpr std::string_view to_string(tails sides) noexcept { return name_of(tails_names, sides); }

class critical_value {
public:
    // z such that P(|Z| > z) = 1 - confidence (two-sided) or P(Z > z) = 1 - confidence.
    // Defined in alliance/stats/normal_quantile.hpp (Boost.Math).
    template <class = void>
    [[nodiscard]] static critical_value from_confidence(double confidence = 0.95, tails sides = tails::two_sided);

    // A value taken as given (e.g. 1.96 to reproduce a published table).
    [[nodiscard]] static critical_value literal(double z) {
        detail::require_finite("critical value", z);
        if (!(z > 0.0))
            detail::fail("alliance.stats.critical_value_not_positive",
                         "critical value is " + detail::quote(z) + "; it must be greater than 0");
        return critical_value(z, std::nullopt, tails::two_sided);
    }

    [[nodiscard]] double z() const noexcept { return value_; }
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
