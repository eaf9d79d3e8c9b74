// alliance/stats/single_case.hpp: the published worked examples of Crawford & Howell (1998) and
// Crawford & Garthwaite (2002); full-precision references from mpmath at 50 digits
// (tests/reference/stats_reference_mpmath.py -> stats-crawford-garthwaite-mpmath.csv) and from R
// re-implementations of singcar 0.1.5 (stats_reference.R -> stats-crawford-howell.csv,
// stats-dissociation.csv).
#include <doctest/doctest.h>

#include <alliance/stats/single_case.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using alliance::norm;
using stats_test::reference_table;

namespace {

double round_to(double x, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(x * scale) / scale;
}

}  // namespace

TEST_CASE("Crawford & Howell (1998) published example: case 33 vs 50 (10), n = 15") {
    const norm controls{.id = "ch1998-example", .n = 15, .mean = 50, .sd = 10};
    const case_test result = crawford_howell(controls, 33);
    CHECK(round_to(result.t, 3) == -1.646);  // t = -1.646 on 14 df
    CHECK(result.df == 14);
    CHECK(round_to(result.percent_below, 1) == 6.1);  // about 6.1% of the population below
    CHECK(result.z_cc == doctest::Approx(-1.7).epsilon(1e-15));
}

TEST_CASE("Crawford & Garthwaite (2002) published example: case 30 vs 50 (10), n = 15") {
    const norm controls{.n = 15, .mean = 50, .sd = 10};
    const case_interval ci = crawford_garthwaite(controls, 30);
    CHECK(round_to(crawford_howell(controls, 30).percent_below, 1) == 3.7);  // 3.7% below
    CHECK(round_to(ci.percent_below.lower, 1) == 0.2);                       // 95% CI 0.2% ...
    CHECK(round_to(ci.percent_below.upper, 1) == 13.6);                      // ... to 13.6%
    CHECK(ci.confidence == 0.95);
}

TEST_CASE("Crawford-Howell t and p match R (singcar formulas) and mpmath") {
    const reference_table r("stats-crawford-howell.csv");
    stats_test::worst_deviation() = 0;
    REQUIRE(r.size() >= 5);
    for (std::size_t row = 0; row < r.size(); ++row) {
        const norm controls{.n = static_cast<int>(r.number(row, "n")),
                            .mean = r.number(row, "mean"),
                            .sd = r.number(row, "sd")};
        CAPTURE(row);
        const case_test result = crawford_howell(controls, r.number(row, "case"));
        CHECK_CLOSE(result.z_cc, r.number(row, "z_cc"), 1e-15);
        CHECK_CLOSE(result.t, r.number(row, "t"), 1e-15);
        CHECK(result.df == r.number(row, "df"));
        CHECK_CLOSE(result.p_lower, r.number(row, "p_lower"), 1e-13);
        CHECK_CLOSE(result.p_upper, r.number(row, "p_upper"), 1e-13);
        CHECK_CLOSE(result.p_two_tailed, r.number(row, "p_two_tailed"), 1e-13);
        CHECK(result.percent_below == 100.0 * result.p_lower);
    }
    const reference_table mp("stats-crawford-garthwaite-mpmath.csv");
    for (std::size_t row = 0; row < mp.size(); ++row) {
        CAPTURE(mp.text(row, "id"));
        const norm controls{.n = static_cast<int>(mp.number(row, "n")),
                            .mean = mp.number(row, "mean"),
                            .sd = mp.number(row, "sd")};
        const case_test result = crawford_howell(controls, mp.number(row, "case"));
        CHECK_CLOSE(result.t, mp.number(row, "t"), 1e-15);
        CHECK_CLOSE(result.percent_below, mp.number(row, "percent_below"), 1e-13);
    }
    MESSAGE("largest relative deviation: " << stats_test::worst_deviation());
}

TEST_CASE("Crawford-Garthwaite limits match mpmath's 50-digit root of the non-central t CDF") {
    const reference_table mp("stats-crawford-garthwaite-mpmath.csv");
    REQUIRE(mp.size() >= 8);
    stats_test::worst_deviation() = 0;
    for (std::size_t row = 0; row < mp.size(); ++row) {
        CAPTURE(mp.text(row, "id"));
        const norm controls{.n = static_cast<int>(mp.number(row, "n")),
                            .mean = mp.number(row, "mean"),
                            .sd = mp.number(row, "sd")};
        const double confidence = std::stod(mp.text(row, "confidence"));
        const case_interval ci = crawford_garthwaite(controls, mp.number(row, "case"), confidence);
        CHECK_CLOSE_SCALED(ci.z_cc, mp.number(row, "z_cc"), 1e-15, 1.0);
        CHECK_CLOSE(ci.noncentrality.lower, mp.number(row, "delta_lower"), 1e-12);
        CHECK_CLOSE(ci.noncentrality.upper, mp.number(row, "delta_upper"), 1e-12);
        CHECK_CLOSE(ci.z_cc_interval.lower, mp.number(row, "z_lower"), 1e-12);
        CHECK_CLOSE(ci.z_cc_interval.upper, mp.number(row, "z_upper"), 1e-12);
        CHECK_CLOSE(ci.percent_below.lower, mp.number(row, "percent_below_lower"), 1e-11);
        CHECK_CLOSE(ci.percent_below.upper, mp.number(row, "percent_below_upper"), 1e-11);
        CHECK_CLOSE(ci.percent_above.lower, mp.number(row, "percent_above_lower"), 1e-11);
        CHECK_CLOSE(ci.percent_above.upper, mp.number(row, "percent_above_upper"), 1e-11);
        CHECK(ci.percent_below.lower < ci.percent_below.upper);
        CHECK(ci.percent_below.contains(crawford_howell(controls, mp.number(row, "case")).percent_below));
    }
    MESSAGE("largest relative deviation from mpmath: " << stats_test::worst_deviation());
}

TEST_CASE("UDT and RSDT match R re-implementations of singcar") {
    const reference_table r("stats-dissociation.csv");
    REQUIRE(r.size() >= 4);
    const auto inputs = [&](std::size_t row) {
        const int n = static_cast<int>(r.number(row, "n"));
        return std::tuple{norm{.n = n, .mean = r.number(row, "mean_a"), .sd = r.number(row, "sd_a")},
                          norm{.n = n, .mean = r.number(row, "mean_b"), .sd = r.number(row, "sd_b")},
                          r.number(row, "r"), r.number(row, "case_a"), r.number(row, "case_b")};
    };
    stats_test::worst_deviation() = 0;
    for (std::size_t row = 0; row < r.size(); ++row) {
        CAPTURE(row);
        const auto [a, b, corr, xa, xb] = inputs(row);
        const dissociation_test u = unstandardized_difference_test(a, b, corr, xa, xb);
        CHECK_CLOSE(u.z_a, r.number(row, "z_a"), 1e-15);
        CHECK_CLOSE(u.z_b, r.number(row, "z_b"), 1e-15);
        CHECK_CLOSE(u.z_dcc, r.number(row, "z_dcc"), 1e-14);
        CHECK_CLOSE(u.t, r.number(row, "udt_t"), 1e-14);
        CHECK(u.df == r.number(row, "n") - 1);
        CHECK_CLOSE(u.p_lower, r.number(row, "udt_p_lower"), 1e-13);
        CHECK_CLOSE(u.p_upper, r.number(row, "udt_p_upper"), 1e-13);
        CHECK_CLOSE(u.p_two_tailed, r.number(row, "udt_p_two_tailed"), 1e-13);
    }
    MESSAGE("UDT: largest relative deviation from R: " << stats_test::worst_deviation());
    stats_test::worst_deviation() = 0;
    for (std::size_t row = 0; row < r.size(); ++row) {
        CAPTURE(row);
        const auto [a, b, corr, xa, xb] = inputs(row);
        const dissociation_test s = revised_standardized_difference_test(a, b, corr, xa, xb);
        // singcar's (-b + sqrt(b^2 - 4ad)) / 2a loses digits to cancellation; the library uses the
        // equivalent -2d / (b + sqrt(b^2 - 4ad)), hence the looser tolerance.
        CHECK_CLOSE(s.t, r.number(row, "rsdt_t"), 1e-11);
        CHECK_CLOSE(s.p_lower, r.number(row, "rsdt_p_lower"), 1e-10);
        CHECK_CLOSE(s.p_upper, r.number(row, "rsdt_p_upper"), 1e-10);
        CHECK_CLOSE(s.p_two_tailed, r.number(row, "rsdt_p_two_tailed"), 1e-10);
        CHECK(std::signbit(s.t) == std::signbit(s.z_dcc));
    }
    MESSAGE("RSDT: largest relative deviation from R: " << stats_test::worst_deviation());
}

TEST_CASE("single-case inputs are checked") {
    CHECK_THROWS_ID(crawford_howell({.mean = 50, .sd = 10}, 33), "alliance.stats.missing_parameter",
                    "control norm has no sample size n");
    CHECK_THROWS_ID(crawford_howell({.id = "tiny", .n = 1, .mean = 50, .sd = 10}, 33),
                    "alliance.stats.too_few_observations",
                    "control norm 'tiny' sample size is 1; it must be at least 2");
    CHECK_THROWS_ID(crawford_howell({.n = 10, .mean = 50, .sd = 0}, 33), "alliance.stats.sd_not_positive",
                    "control norm SD is 0");
    CHECK_THROWS_ID(
        crawford_howell({.n = 10, .mean = 50, .sd = 10}, std::numeric_limits<double>::quiet_NaN()),
        "alliance.stats.not_finite", "case score is NaN");
    CHECK_THROWS_ID(crawford_garthwaite({.n = 10, .mean = 50, .sd = 10}, 30, 1.0),
                    "alliance.stats.confidence_out_of_range", "confidence is 1;");
    CHECK_THROWS_ID(crawford_garthwaite({.n = -3, .mean = 50, .sd = 10}, 30),
                    "alliance.stats.too_few_observations", "sample size is -3");
    const norm a{.n = 20, .mean = 100, .sd = 15};
    const norm b{.n = 21, .mean = 80, .sd = 10};
    CHECK_THROWS_ID(unstandardized_difference_test(a, b, 0.5, 70, 80), "alliance.stats.size_mismatch",
                    "different sample sizes (20 and 21)");
    const norm b20{.n = 20, .mean = 80, .sd = 10};
    CHECK_THROWS_ID(revised_standardized_difference_test(a, b20, 1.0, 70, 80), "alliance.stats.correlation_out_of_range",
                    "correlation between the tasks is 1");
    CHECK_THROWS_ID(revised_standardized_difference_test(a, b20, -1.0, 70, 80),
                    "alliance.stats.correlation_out_of_range", "-1 < r < 1");
    CHECK_THROWS_ID(unstandardized_difference_test(a, b20, 1.2, 70, 80), "alliance.stats.correlation_out_of_range",
                    "is 1.2");
    CHECK_THROWS_ID(unstandardized_difference_test(a, b20, 0.5, 70, std::numeric_limits<double>::infinity()),
                    "alliance.stats.not_finite", "case score on task B is inf");
}

TEST_CASE("a case far beyond the controls still gets a finite interval") {
    const norm controls{.n = 25, .mean = 50, .sd = 10};
    const case_interval ci = crawford_garthwaite(controls, -100);  // z = -15
    CHECK(std::isfinite(ci.z_cc_interval.lower));
    CHECK(ci.z_cc_interval.lower < -15);
    CHECK(ci.z_cc_interval.upper > -15);
    CHECK(ci.percent_below.upper >= 0.0);
    CHECK(ci.percent_above.lower > 99.9);
}

// Regression: |z| near 1e5 made Boost's root finder fail, and its own text ("Error in
// function boost::math::itrunc<long double>...") became the row's message.
TEST_CASE("regression: a case too extreme for the interval says so without Boost's internal text") {
    const norm controls{.n = 20, .mean = 0, .sd = 1};
    CHECK_THROWS_ID(crawford_garthwaite(controls, 1e5), "alliance.stats.numerical_failure",
                    "cannot be computed to double precision for these values");
    try {
        (void)crawford_garthwaite(controls, 1e5);
    } catch (const alliance::error& e) {
        CHECK(std::string(e.what()).find("boost") == std::string::npos);
    }
}
