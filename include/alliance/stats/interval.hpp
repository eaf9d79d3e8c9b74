// A closed interval [lower, upper], e.g. a confidence interval.
#pragma once

namespace alliance::stats {

struct interval {
    double lower = 0;
    double upper = 0;

    [[nodiscard]] constexpr bool contains(double x) const noexcept { return x >= lower && x <= upper; }
    friend constexpr bool operator==(const interval&, const interval&) = default;
};

}  // namespace alliance::stats
