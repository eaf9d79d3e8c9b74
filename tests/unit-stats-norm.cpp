// alliance/stats/norm.hpp: standard scores against mpmath at 50 digits
// (tests/reference/stats_reference_mpmath.py -> tests/data/stats-normal-mpmath.csv) and the band
// conventions stated in the header, by hand.
#include <doctest/doctest.h>

#include <alliance/stats/norm.hpp>

#include <limits>
#include <optional>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using alliance::norm;
using alliance::reliability_kind;
using stats_test::reference_table;

TEST_CASE("percentile and percent above match mpmath, including far tails") {
    const reference_table table("stats-normal-mpmath.csv");
    REQUIRE(table.size() >= 10);
    for (std::size_t r = 0; r < table.size(); ++r) {
        const double z = table.number(r, "z");
        CAPTURE(z);
        const double below = table.number(r, "percentile");
        const double above = table.number(r, "percent_above");
        // Boost's erfc is good to about 4e-14 relative at z = -20; Phi(-38) is about 2.9e-314, a
        // subnormal double, of which only the leading digits survive.
        const double tolerance = std::fabs(z) > 37 ? 1e-9 : std::fabs(z) > 8.5 ? 1e-13 : 1e-14;
        if (below == 0.0 || below < 1e-320) CHECK(percentile(z) < 1e-300);
        else CHECK_CLOSE(percentile(z), below, tolerance);
        if (above < 1e-320) CHECK(percent_above(z) < 1e-300);
        else CHECK_CLOSE(percent_above(z), above, tolerance);
    }
    MESSAGE("largest relative deviation from mpmath: " << stats_test::worst_deviation());
}

TEST_CASE("far tails: z = -6 and beyond stay finite, positive and in the extreme bands") {
    CHECK(percentile(-6) > 0);
    CHECK(percentile(-6) < 1e-6);
    CHECK(percent_above(6) == doctest::Approx(percentile(-6)).epsilon(1e-15));
    CHECK(percentile(-40) == 0.0);  // below the smallest double: reported as 0, not NaN
    CHECK(percent_above(40) == 0.0);
    CHECK(percentile(40) == 100.0);
    CHECK(stanine(-6) == 1);
    CHECK(sten(-6) == 1);
    CHECK(stanine(6) == 9);
    CHECK(sten(6) == 10);
    CHECK(stanine(-1e300) == 1);
    CHECK(sten(1e300) == 10);
}

TEST_CASE("stanine bands: half an SD wide, centred on the mean, lower boundary inclusive") {
    CHECK(stanine(std::nextafter(-1.75, -2.0)) == 1);
    CHECK(stanine(-1.75) == 2);
    CHECK(stanine(-1.25) == 3);
    CHECK(stanine(-0.75) == 4);
    CHECK(stanine(-0.25) == 5);
    CHECK(stanine(0.0) == 5);
    CHECK(stanine(std::nextafter(0.25, 0.0)) == 5);
    CHECK(stanine(0.25) == 6);
    CHECK(stanine(0.75) == 7);
    CHECK(stanine(1.25) == 8);
    CHECK(stanine(std::nextafter(1.75, 0.0)) == 8);
    CHECK(stanine(1.75) == 9);
}

TEST_CASE("sten bands: half an SD wide, the mean on the 5/6 boundary, lower boundary inclusive") {
    CHECK(sten(std::nextafter(-2.0, -3.0)) == 1);
    CHECK(sten(-2.0) == 2);
    CHECK(sten(-1.5) == 3);
    CHECK(sten(-1.0) == 4);
    CHECK(sten(-0.5) == 5);
    CHECK(sten(std::nextafter(0.0, -1.0)) == 5);
    CHECK(sten(0.0) == 6);
    CHECK(sten(0.5) == 7);
    CHECK(sten(1.0) == 8);
    CHECK(sten(1.5) == 9);
    CHECK(sten(std::nextafter(2.0, 0.0)) == 9);
    CHECK(sten(2.0) == 10);
}

TEST_CASE("compare() gives z, T, percentile, stanine and sten of a score") {
    const reference_table table("stats-normal-mpmath.csv");
    const auto row = table.where("z", "2.5");
    REQUIRE(row.size() == 1);
    const norm reference{.id = "example",
                         .n = 250,
                         .mean = 100,
                         .sd = 4,
                         .reliability = {0.9, reliability_kind::alpha},
                         .citation = "test"};
    const standard_scores s = compare(reference, 110);  // z = 10 / 4 = 2.5 exactly
    CHECK(s.z == 2.5);
    CHECK(s.t == 75.0);
    CHECK_CLOSE(s.percentile, table.number(row.front(), "percentile"), 1e-15);
    CHECK_CLOSE(s.percent_above, table.number(row.front(), "percent_above"), 1e-14);
    CHECK(s.stanine == 9);
    CHECK(s.sten == 10);
    CHECK(z_score(reference, 94) == -1.5);
    CHECK(t_score(-1.5) == 35.0);
}

TEST_CASE("norm and score inputs are checked") {
    CHECK_THROWS_ID(z_score({.id = "srs-community", .mean = 10, .sd = 0}, 5),
                    "alliance.stats.sd_not_positive", "norm 'srs-community' SD is 0");
    CHECK_THROWS_ID(z_score({.mean = 10, .sd = -1}, 5), "alliance.stats.sd_not_positive", "norm SD is -1");
    CHECK_THROWS_ID(z_score({.mean = 10, .sd = 1}, std::numeric_limits<double>::quiet_NaN()),
                    "alliance.stats.not_finite", "score is NaN");
    CHECK_THROWS_ID(compare({.mean = 10, .sd = 1, .reliability = {0.0, reliability_kind::alpha}}, 5),
                    "alliance.stats.reliability_out_of_range", "norm reliability is 0");
    CHECK_THROWS_ID(compare({.n = 0, .mean = 10, .sd = 1}, 5), "alliance.stats.too_few_observations",
                    "sample size is 0");
    CHECK_THROWS_ID(z_score({.mean = -1e308, .sd = 1e-308}, 1e308), "alliance.stats.not_finite", "z score is inf");
    CHECK_THROWS_ID(percentile(std::numeric_limits<double>::infinity()), "alliance.stats.not_finite", "z is inf");
    CHECK_THROWS_ID(stanine(std::numeric_limits<double>::quiet_NaN()), "alliance.stats.not_finite", "z is NaN");
}

// One norm type, one rule set: the statistics refuse exactly the norms whose numbers
// find_value_problem refuses, and a catalogue or key-file record passes find_problem only if its
// numbers pass too. The cases sit on each side of every boundary.
TEST_CASE("the statistics' norm checks and find_problem agree") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const norm good{.id = "agreement-test", .scale = "total", .n = 20, .mean = 10, .sd = 2};
    const auto with_n = [&](std::optional<int> n) {
        norm record = good;
        record.n = n;
        return record;
    };
    const auto with_mean = [&](double mean) {
        norm record = good;
        record.mean = mean;
        return record;
    };
    const auto with_sd = [&](double sd) {
        norm record = good;
        record.sd = sd;
        return record;
    };
    const auto with_reliability = [&](double value, reliability_kind kind) {
        norm record = good;
        record.reliability = {value, kind};
        return record;
    };
    using enum reliability_kind;
    // clang-format off
    const norm cases[] = {good, with_n(2), with_n(1), with_n(0), with_n(-3), with_n({}),
                          with_mean(nan), with_mean(-inf),
                          with_sd(0), with_sd(-1), with_sd(inf), with_sd(nan), with_sd(1e-300),
                          with_reliability(1.0, alpha), with_reliability(0.0, alpha),
                          with_reliability(1.01, test_retest), with_reliability(nan, alpha),
                          with_reliability(0.8, none)};
    // clang-format on
    int refused = 0;
    for (const norm& record : cases) {
        CAPTURE(describe(record));
        const bool valid = !find_problem(record).has_value();
        CHECK(valid == !find_value_problem(record).has_value());
        bool thrown = false;
        try {
            (void)compare(record, 12);
        } catch (const alliance::domain_error&) {
            thrown = true;
        }
        CHECK(thrown == !valid);
        refused += valid ? 0 : 1;
    }
    CHECK(refused == 13);
}

TEST_CASE("a norm's n below 2 and a reliability without its kind are refused with the norm's name") {
    // n = 1: the single-case methods' n - 1 degrees of freedom would be 0.
    CHECK_THROWS_ID(compare({.id = "one", .n = 1, .mean = 10, .sd = 1}, 5),
                    "alliance.stats.too_few_observations",
                    "norm 'one' sample size is 1; it must be at least 2");
    CHECK_THROWS_ID(compare({.mean = 10, .sd = 1, .reliability = {0.8, reliability_kind::none}}, 5),
                    "alliance.norm.bad_reliability",
                    "norm: a reliability value needs its kind (alpha or test_retest)");
    CHECK(compare({.n = 2, .mean = 10, .sd = 1}, 5).z == -5.0);
}

TEST_CASE("published_reliability is the value when the source gives one") {
    CHECK_FALSE(published_reliability(norm{.mean = 1, .sd = 1}).has_value());
    CHECK(published_reliability(norm{.mean = 1, .sd = 1, .reliability = {0.85, reliability_kind::alpha}}) ==
          0.85);
}
