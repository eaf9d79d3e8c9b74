// alliance/stats/critical_value.hpp, normal_quantile.hpp: normal quantiles against mpmath at 50 digits
// (tests/reference/stats_reference_mpmath.py -> stats-critical-mpmath.csv).
#include <doctest/doctest.h>

#include <alliance/stats/normal_quantile.hpp>

#include <string>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

TEST_CASE("critical values from confidence levels match mpmath") {
    const reference_table table("stats-critical-mpmath.csv");
    REQUIRE(table.size() == 10);
    for (std::size_t r = 0; r < table.size(); ++r) {
        const double confidence = std::stod(table.text(r, "confidence"));
        const tails sides = table.text(r, "tails") == "two_sided" ? tails::two_sided : tails::one_sided;
        CAPTURE(confidence);
        CAPTURE(to_string(sides));
        const critical_value z = critical_value::from_confidence(confidence, sides);
        CHECK_CLOSE(z.z(), table.number(r, "z"), 2e-16);
        CHECK(z.confidence() == confidence);
        CHECK(z.sides() == sides);
    }
    MESSAGE("largest relative deviation from mpmath: " << stats_test::worst_deviation());
}

TEST_CASE("the default is two-sided 0.95, 1.959963984540054") {
    const critical_value z = critical_value::from_confidence();
    CHECK(z.z() == doctest::Approx(1.959963984540054).epsilon(1e-15));
    CHECK(z.describe() == "1.959963984540054 (two-sided, confidence 0.95)");
    CHECK(critical_value::literal(1.96).z() == 1.96);
}
