// alliance/stats/measurement_error.hpp: the closed forms of classical test theory (Lord & Novick 1968) against their
// evaluation in R (tests/reference/stats_reference.R -> stats-measurement-error.csv) and by hand.
#include <doctest/doctest.h>

#include <alliance/stats/measurement_error.hpp>

#include <limits>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

TEST_CASE("SEM, SE of difference, estimate and prediction, and Spearman-Brown match R") {
    const reference_table r("stats-measurement-error.csv");
    REQUIRE(r.size() == 4);
    for (std::size_t row = 0; row < r.size(); ++row) {
        CAPTURE(row);
        const double sd = r.number(row, "sd"), rel = r.number(row, "reliability");
        CHECK_CLOSE(standard_error_of_measurement(sd, rel), r.number(row, "sem"), 1e-15);
        CHECK_CLOSE(standard_error_of_difference(sd, rel), r.number(row, "se_difference"), 1e-15);
        CHECK_CLOSE(standard_error_of_estimate(sd, rel), r.number(row, "se_estimate"), 1e-15);
        CHECK_CLOSE(standard_error_of_prediction(sd, rel), r.number(row, "se_prediction"), 1e-15);
        CHECK_CLOSE(spearman_brown(rel, r.number(row, "length_factor")), r.number(row, "spearman_brown"), 1e-15);
        CHECK_CLOSE(spearman_brown_length(rel, r.number(row, "target")), r.number(row, "spearman_brown_length"), 1e-14);
    }
}

TEST_CASE("Spearman-Brown by hand, and its two directions invert each other") {
    CHECK(spearman_brown(0.5, 2) == doctest::Approx(2.0 / 3.0).epsilon(1e-15));  // 2 x .5 / 1.5
    CHECK(spearman_brown(0.8, 1) == doctest::Approx(0.8).epsilon(1e-15));
    CHECK(spearman_brown_length(0.5, 2.0 / 3.0) == doctest::Approx(2.0).epsilon(1e-14));
    CHECK(spearman_brown(0.6, spearman_brown_length(0.6, 0.9)) == doctest::Approx(0.9).epsilon(1e-14));
    CHECK(spearman_brown(1.0, 0.5) == 1.0);
    CHECK(standard_error_of_measurement(10, 0.75) == 5.0);
    CHECK(standard_error_of_measurement(10, 1.0) == 0.0);
}

TEST_CASE("inputs are checked") {
    CHECK_THROWS_ID(standard_error_of_measurement(0, 0.8), "alliance.stats.sd_not_positive", "SD is 0");
    CHECK_THROWS_ID(standard_error_of_measurement(5, 1.01), "alliance.stats.reliability_out_of_range", "1.01");
    CHECK_THROWS_ID(standard_error_of_prediction(5, -0.2), "alliance.stats.reliability_out_of_range", "-0.2");
    CHECK_THROWS_ID(spearman_brown(0.7, 0), "alliance.stats.length_factor_not_positive", "length factor is 0");
    CHECK_THROWS_ID(spearman_brown(0.7, std::numeric_limits<double>::infinity()), "alliance.stats.not_finite",
                    "length factor is inf");
    CHECK_THROWS_ID(spearman_brown_length(0.7, 1.0), "alliance.stats.reliability_out_of_range", "infinite length");
    CHECK_THROWS_ID(spearman_brown_length(0.7, 0.0), "alliance.stats.reliability_out_of_range", "target reliability is 0");
}
