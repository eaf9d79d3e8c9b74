// Input checks shared by the statistics headers. Every check throws alliance::domain_error
// with a stable id and a message that names the parameter and quotes the value given, so a
// bad input is never turned into a silent NaN.
#pragma once

#include <cmath>
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"

namespace alliance::stats::detail {

[[nodiscard]] inline std::string quote(double value) { return alliance::detail::format_number(value); }

[[noreturn]] inline void fail(std::string_view id, const std::string& message) {
    throw domain_error(id, message);
}

inline void require_finite(std::string_view what, double value) {
    if (!std::isfinite(value))
        fail("alliance.stats.not_finite",
             std::string(what) + " is " + quote(value) + "; it must be a finite number");
}

inline void require_sd(std::string_view what, double sd) {
    require_finite(what, sd);
    if (!(sd > 0.0))
        fail("alliance.stats.sd_not_positive",
             std::string(what) + " is " + quote(sd) + "; a standard deviation must be greater than 0");
}

// Reliability coefficients are accepted in (0, 1]; a method whose standard error becomes 0 at
// exactly 1 reports that separately (alliance.stats.degenerate_standard_error).
inline void require_reliability(std::string_view what, double r) {
    require_finite(what, r);
    if (!(r > 0.0 && r <= 1.0))
        fail("alliance.stats.reliability_out_of_range",
             std::string(what) + " is " + quote(r) + "; a reliability must lie in (0, 1]");
}

inline void require_correlation(std::string_view what, double r) {
    require_finite(what, r);
    if (!(r >= -1.0 && r <= 1.0))
        fail("alliance.stats.correlation_out_of_range",
             std::string(what) + " is " + quote(r) + "; a correlation must lie in [-1, 1]");
}

inline void require_confidence(std::string_view what, double level) {
    require_finite(what, level);
    if (!(level > 0.0 && level < 1.0))
        fail("alliance.stats.confidence_out_of_range",
             std::string(what) + " is " + quote(level) + "; a confidence level must lie in (0, 1)");
}

inline void require_observations(std::string_view what, std::size_t n, std::size_t minimum = 2) {
    if (n < minimum)
        fail("alliance.stats.too_few_observations",
             std::string(what) + " has " + std::to_string(n) + " observation" + (n == 1 ? "" : "s") +
                 "; at least " + std::to_string(minimum) + " are needed");
}

inline void require_same_size(std::string_view what, std::size_t a, std::size_t b) {
    if (a != b)
        fail("alliance.stats.size_mismatch",
             std::string(what) + ": sizes differ (" + std::to_string(a) + " and " + std::to_string(b) + ")");
}

// Runs a Boost.Math computation and turns anything it throws (its default policy throws on
// domain, overflow and evaluation errors) into alliance::domain_error naming what was computed,
// in this library's words: Boost's own text names its internals ("boost::math::itrunc<long
// double>"), which mean nothing to a user.
template <class Function>
auto guarded(std::string_view what, Function&& function) -> decltype(function()) {
    try {
        return std::forward<Function>(function)();
    } catch (const alliance::error&) {
        throw;
    } catch (const std::overflow_error&) {
        fail("alliance.stats.overflow", std::string(what) + ": an intermediate result overflows double precision "
                                                           "for these values; it cannot be computed");
    } catch (const std::exception&) {
        fail("alliance.stats.numerical_failure",
             std::string(what) + ": cannot be computed to double precision for these values (they are too "
                                 "extreme for the numerical method)");
    }
}

}  // namespace alliance::stats::detail
