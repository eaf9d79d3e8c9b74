// alliance/stats/equivalence.hpp: Kendall et al. (1999) normative equivalence (pooled) and the
// Cribbie & Arpin-Cribbie (2009) Welch variant, against normcomp()'s formulas (cribbie/
// equivalencetests R/normcomp.R) re-implemented in base R (tests/reference/
// stats_reference_equivalence_bayes_ha.R -> stats-equivalence.csv), and against hand computations.
#include <doctest/doctest.h>

#include <alliance/stats/equivalence.hpp>

#include <cmath>
#include <string>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

TEST_CASE("normative equivalence matches normcomp's formulas in R, every case and both variance models") {
    const reference_table r("stats-equivalence.csv");
    stats_test::worst_deviation() = 0;
    REQUIRE(r.size() >= 10);
    for (std::size_t row = 0; row < r.size(); ++row) {
        CAPTURE(r.text(row, "id"));
        CAPTURE(r.text(row, "model"));
        const group_summary treated{r.number(row, "treated_mean"), r.number(row, "treated_sd"), r.number(row, "treated_n")};
        const group_summary normative{r.number(row, "norm_mean"), r.number(row, "norm_sd"), r.number(row, "norm_n")};
        const variance_model model = *parse_variance_model(r.text(row, "model"));
        const equivalence_result e =
            normative_equivalence(treated, normative, r.number(row, "delta"), model, r.number(row, "alpha"));
        CHECK_CLOSE(e.difference, r.number(row, "difference"), 1e-15);
        CHECK_CLOSE(e.standard_error, r.number(row, "standard_error"), 1e-14);
        CHECK_CLOSE(e.df, r.number(row, "df"), 1e-14);
        CHECK_CLOSE(e.upper.t, r.number(row, "t_upper"), 1e-13);
        CHECK_CLOSE(e.lower.t, r.number(row, "t_lower"), 1e-13);
        CHECK_CLOSE(e.upper.p, r.number(row, "p_upper"), 1e-12);
        CHECK_CLOSE(e.lower.p, r.number(row, "p_lower"), 1e-12);
        CHECK(e.equivalent == (r.number(row, "equivalent") == 1));
        CHECK_CLOSE(e.traditional.t, r.number(row, "t_difference"), 1e-13);
        CHECK_CLOSE(e.traditional.p_one_tailed, r.number(row, "p_difference_one_tailed"), 1e-12);
        CHECK_CLOSE(e.traditional.p_two_tailed, r.number(row, "p_difference_two_tailed"), 1e-12);
        CHECK(e.different == (r.number(row, "different") == 1));
    }
    MESSAGE("largest relative deviation from R: " << stats_test::worst_deviation());
}

TEST_CASE("normcomp's documented example: Kendall equivalent at one SD, Welch only from 1.5 SD") {
    // normcomp(12, 4, 100, 8, 5, 95, 7, 3, 500): post 8 (5), n 95 against the norm 7 (3), n 500.
    const group_summary post{8, 5, 95}, norm_group{7, 3, 500};
    const double sd = norm_group.sd;
    CHECK(normative_equivalence(post, norm_group, delta_from_normative_sd(norm_group, 1.0)).equivalent);
    CHECK_FALSE(normative_equivalence(post, norm_group, 0.5 * sd, variance_model::welch).equivalent);
    CHECK(normative_equivalence(post, norm_group, 1.0 * sd, variance_model::welch).equivalent);
    CHECK(normative_equivalence(post, norm_group, 1.5 * sd, variance_model::welch).equivalent);
    // The pretest check: 12 (4), n 100 differs from the norm.
    CHECK(group_difference_test({12, 4, 100}, norm_group, variance_model::welch).p_one_tailed < 0.05);
}

TEST_CASE("normative equivalence by hand: pooled and Welch") {
    // Pooled: 12 (4), n 10 against 10 (4), n 10. Pooled variance 16, SE = sqrt(16 (1/10 + 1/10)) =
    // sqrt(3.2), df = 18; delta 4: t_upper = -2/sqrt(3.2) = -sqrt(1.25), t_lower = 6/sqrt(3.2) = 3 sqrt(1.25).
    const equivalence_result pooled = normative_equivalence({12, 4, 10}, {10, 4, 10}, 4.0);
    CHECK(pooled.standard_error == doctest::Approx(std::sqrt(3.2)).epsilon(1e-15));
    CHECK(pooled.df == 18);
    CHECK(pooled.upper.t == doctest::Approx(-std::sqrt(1.25)).epsilon(1e-15));
    CHECK(pooled.lower.t == doctest::Approx(3.0 * std::sqrt(1.25)).epsilon(1e-15));
    CHECK(pooled.traditional.t == doctest::Approx(std::sqrt(1.25)).epsilon(1e-15));
    // t tables, 18 df: P(T < -1.118) lies between .10 (t = -1.330) and .15 (t = -1.067): not equivalent.
    CHECK(pooled.upper.p > 0.10);
    CHECK(pooled.upper.p < 0.15);
    CHECK_FALSE(pooled.equivalent);
    // P(T > 3.354) lies between .001 (3.610) and .005 (2.878).
    CHECK(pooled.lower.p > 0.001);
    CHECK(pooled.lower.p < 0.005);
    CHECK(pooled.model == variance_model::pooled);

    // Welch: 20 (6), n 9 against 18 (3), n 36. s1^2/n1 = 4, s0^2/n0 = 0.25, SE = sqrt(4.25);
    // df = 4.25^2 / (4^2/8 + 0.25^2/35) = 18.0625 / (2 + 1/560) = 10115/1121.
    const equivalence_result welch = normative_equivalence({20, 6, 9}, {18, 3, 36}, 3.0, variance_model::welch);
    CHECK(welch.standard_error == doctest::Approx(std::sqrt(4.25)).epsilon(1e-15));
    CHECK(welch.df == doctest::Approx(10115.0 / 1121.0).epsilon(1e-14));
    CHECK(welch.upper.t == doctest::Approx(-1.0 / std::sqrt(4.25)).epsilon(1e-15));
    CHECK(welch.lower.t == doctest::Approx(5.0 / std::sqrt(4.25)).epsilon(1e-15));
}

TEST_CASE("equivalence boundary: p exactly at alpha is not equivalent (normcomp uses <)") {
    const group_summary treated{10, 2, 20}, normative{10, 2, 20};
    const equivalence_result e = normative_equivalence(treated, normative, 1.0);
    // Equal means: both one-sided p equal; pass that p as alpha and the test must fail.
    REQUIRE(e.upper.p == doctest::Approx(e.lower.p).epsilon(1e-14));
    const double p = std::fmax(e.upper.p, e.lower.p);
    CHECK_FALSE(normative_equivalence(treated, normative, 1.0, variance_model::pooled, p).equivalent);
    CHECK(normative_equivalence(treated, normative, 1.0, variance_model::pooled, std::nextafter(p, 1.0)).equivalent);
}

TEST_CASE("equivalence input errors name the parameter and the value") {
    const group_summary good{10, 2, 20};
    CHECK_THROWS_ID(normative_equivalence({10, 0, 20}, good, 1.0), "alliance.stats.sd_not_positive", "treated group SD is 0");
    CHECK_THROWS_ID(normative_equivalence(good, {10, 2, 1}, 1.0), "alliance.stats.too_few_observations",
                    "normative group n is 1");
    CHECK_THROWS_ID(normative_equivalence(good, {10, 2, 20.5}, 1.0), "alliance.stats.too_few_observations",
                    "normative group n is 20.5");
    CHECK_THROWS_ID(normative_equivalence(good, good, 0.0), "alliance.stats.delta_not_positive", "delta is 0");
    CHECK_THROWS_ID(normative_equivalence(good, good, NAN), "alliance.stats.not_finite", "delta is NaN");
    CHECK_THROWS_ID(normative_equivalence(good, good, 1.0, variance_model::pooled, 1.0),
                    "alliance.stats.confidence_out_of_range", "alpha is 1");
    CHECK_THROWS_ID(delta_from_normative_sd(good, -1), "alliance.stats.delta_not_positive", "is -1");
    CHECK(parse_variance_model("welch") == variance_model::welch);
    CHECK_FALSE(parse_variance_model("student"));
}
