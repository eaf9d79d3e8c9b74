// alliance/stats/bayesian_single_case.hpp: the Bayesian test for a deficit (BTD) and the Bayesian
// standardised difference test (BSDT) of Crawford & Garthwaite (2007), by Monte Carlo. Checked
// against
//   * the exact frequentist results the BTD converges to (Crawford & Garthwaite 2007 show that its
//     p and interval equal Crawford & Howell's p and Crawford & Garthwaite's 2002 interval): the
//     mpmath table stats-crawford-garthwaite-mpmath.csv, including the published examples;
//   * the value of Crawford & Garthwaite's own program quoted in singcar's tests
//     (jorittmo/singcar@71ebac2 tests/testthat/test-BSDT.R: two-tailed p 0.27849 for case -2, -3);
//   * an independent Monte Carlo in base R with R's own generators (tests/reference/
//     stats_reference_equivalence_bayes_ha.R -> stats-bayesian-single-case.csv), within the combined
//     Monte Carlo error of the two estimates.
#include <doctest/doctest.h>

#include <alliance/stats/bayesian_single_case.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using alliance::norm;
using stats_test::reference_table;

namespace {

constexpr std::size_t reference_draws = 500000;

// Within `sigmas` combined standard errors of a Monte Carlo reference.
bool within(double ours, double ours_se, double reference, double reference_se, double sigmas = 5.0) {
    return std::fabs(ours - reference) <= sigmas * std::sqrt(ours_se * ours_se + reference_se * reference_se);
}

}  // namespace

TEST_CASE("BTD converges to Crawford & Howell's p and Crawford & Garthwaite's (2002) interval (mpmath)") {
    const reference_table r("stats-crawford-garthwaite-mpmath.csv");
    REQUIRE(r.size() >= 6);
    for (std::size_t row = 0; row < r.size(); ++row) {
        CAPTURE(r.text(row, "id"));
        const norm controls{.n = static_cast<int>(r.number(row, "n")),
                            .mean = r.number(row, "mean"),
                            .sd = r.number(row, "sd")};
        const double confidence = r.number(row, "confidence");
        const bayesian_case_result b =
            bayesian_deficit_test(controls, r.number(row, "case"), {reference_draws, 2007}, confidence);
        CHECK(b.z_cc == doctest::Approx(r.number(row, "z_cc")).epsilon(1e-14));
        const double exact_p = r.number(row, "percent_below") / 100.0;
        CHECK_MESSAGE(within(b.p_lower, b.p_standard_error, exact_p, 0.0), "BTD p ", b.p_lower, " vs ", exact_p);
        CHECK(b.p_upper == doctest::Approx(1.0 - b.p_lower).epsilon(1e-12));
        CHECK_MESSAGE(within(b.z_interval.lower, b.z_interval_standard_error.lower, r.number(row, "z_lower"), 0.0),
                      b.z_interval.lower, " vs ", r.number(row, "z_lower"));
        CHECK_MESSAGE(within(b.z_interval.upper, b.z_interval_standard_error.upper, r.number(row, "z_upper"), 0.0),
                      b.z_interval.upper, " vs ", r.number(row, "z_upper"));
        CHECK(b.percent_below == doctest::Approx(100.0 * b.p_lower).epsilon(1e-15));
    }
}

TEST_CASE("BTD on the published examples, to the printed digits") {
    // Crawford & Garthwaite (2002): case 30 vs 50 (10), n = 15: 3.7% below, 95% interval 0.2% to 13.6%.
    const bayesian_case_result b = bayesian_deficit_test({.n = 15, .mean = 50, .sd = 10}, 30, {1000000, 1});
    CHECK(std::round(b.percent_below * 10.0) / 10.0 == 3.7);
    CHECK(std::round(b.percent_below_interval.lower * 10.0) / 10.0 == 0.2);
    CHECK(std::round(b.percent_below_interval.upper * 10.0) / 10.0 == 13.6);
    // Crawford & Howell (1998): case 33: 6.1% below; the two-tailed p is twice the one-tailed.
    const norm controls{.n = 15, .mean = 50, .sd = 10};
    const bayesian_case_result c = bayesian_deficit_test(controls, 33, {1000000, 1});
    CHECK(std::round(c.percent_below * 10.0) / 10.0 == 6.1);
    const case_test frequentist = crawford_howell(controls, 33);
    CHECK(within(c.p_two_tailed, 2.0 * c.p_standard_error, frequentist.p_two_tailed, 0.0));
}

TEST_CASE("BSDT reproduces the value of Crawford & Garthwaite's program quoted in singcar's tests") {
    // singcar tests/testthat/test-BSDT.R: 20 controls with mean 0, SD 1 and r 0.68 (their sample
    // statistics, computed in R: stats-bayesian-single-case.csv), case -2 and -3, standard prior:
    // "CandGPval <- 0.27849", two-tailed.
    const reference_table r("stats-bayesian-single-case.csv");
    const std::size_t row = r.where("id", "singcar-cg-program").at(0);
    REQUIRE(r.text(row, "prior") == "standard");
    const norm a{.n = 20, .mean = r.number(row, "mean_a"), .sd = r.number(row, "sd_a")};
    const norm b{.n = 20, .mean = r.number(row, "mean_b"), .sd = r.number(row, "sd_b")};
    const bayesian_case_result result =
        bayesian_standardized_difference_test(a, b, r.number(row, "r"), -2, -3, {2000000, 2007});
    // The program's own Monte Carlo error is not known; 0.0015 is about 5 of its standard errors at
    // 100 000 draws. Our standard error of the two-tailed p at 2 000 000 draws is about 0.00017.
    CHECK(std::fabs(result.p_two_tailed - 0.27849) < 0.0015);
    // singcar's own two-sided p (mean of 2 Phi(-|z*|)) is a different quantity: 0.2733, not the program's.
    CHECK(std::fabs(result.p_two_tailed_draw_mean - 0.27849) > 0.004);
    CHECK(result.z_cc == doctest::Approx(1.25).epsilon(1e-6));
}

TEST_CASE("BTD and BSDT agree with an independent Monte Carlo in R within the combined error") {
    const reference_table r("stats-bayesian-single-case.csv");
    REQUIRE(r.size() >= 9);
    for (std::size_t row = 0; row < r.size(); ++row) {
        CAPTURE(r.text(row, "id"));
        CAPTURE(r.text(row, "test"));
        CAPTURE(r.text(row, "prior"));
        CAPTURE(r.text(row, "effect"));
        const int n = static_cast<int>(r.number(row, "n"));
        const double confidence = r.number(row, "confidence");
        const monte_carlo settings{reference_draws, 12};
        bayesian_case_result ours;
        if (r.text(row, "test") == "btd") {
            const norm controls{.n = n, .mean = r.number(row, "mean_a"), .sd = r.number(row, "sd_a")};
            ours = bayesian_deficit_test(controls, r.number(row, "case_a"), settings, confidence);
        } else {
            const norm a{.n = n, .mean = r.number(row, "mean_a"), .sd = r.number(row, "sd_a")};
            const norm b{.n = n, .mean = r.number(row, "mean_b"), .sd = r.number(row, "sd_b")};
            ours = bayesian_standardized_difference_test(
                a, b, r.number(row, "r"), r.number(row, "case_a"), r.number(row, "case_b"), settings,
                *parse_bsdt_prior(r.text(row, "prior")),
                r.text(row, "effect") == "standardised" ? bsdt_effect::standardised : bsdt_effect::unstandardised,
                confidence);
        }
        CHECK(ours.z_cc == doctest::Approx(r.number(row, "z_point")).epsilon(1e-13));
        const double p_se = r.number(row, "p_se");
        CHECK_MESSAGE(within(ours.p_lower, ours.p_standard_error, r.number(row, "p_lower"), p_se), ours.p_lower);
        CHECK_MESSAGE(within(ours.p_upper, ours.p_standard_error, r.number(row, "p_upper"), p_se), ours.p_upper);
        CHECK_MESSAGE(within(ours.p_two_tailed, 2 * ours.p_standard_error, r.number(row, "p_two_tailed"), 2 * p_se),
                      ours.p_two_tailed);
        CHECK_MESSAGE(within(ours.p_two_tailed_draw_mean, 2 * ours.p_standard_error,
                             r.number(row, "p_two_tailed_draw_mean"), r.number(row, "p_two_tailed_draw_mean_se")),
                      ours.p_two_tailed_draw_mean);
        CHECK_MESSAGE(within(ours.z_interval.lower, ours.z_interval_standard_error.lower, r.number(row, "z_lower"),
                             r.number(row, "z_lower_se")),
                      ours.z_interval.lower);
        CHECK_MESSAGE(within(ours.z_interval.upper, ours.z_interval_standard_error.upper, r.number(row, "z_upper"),
                             r.number(row, "z_upper_se")),
                      ours.z_interval.upper);
        // The standard errors themselves agree with R's to within a factor of 1.5.
        CHECK(ours.p_standard_error / p_se == doctest::Approx(std::sqrt(2.0e6 / reference_draws)).epsilon(0.5));
    }
}

TEST_CASE("Monte Carlo results are reproducible for a seed and move with the seed") {
    const norm a{.n = 20, .mean = 100, .sd = 15}, b{.n = 20, .mean = 80, .sd = 10};
    const auto run = [&](std::uint64_t seed, bsdt_prior prior) {
        return bayesian_standardized_difference_test(a, b, 0.72, 70, 78, {20000, seed}, prior);
    };
    for (const bsdt_prior prior : {bsdt_prior::standard, bsdt_prior::calibrated}) {
        const bayesian_case_result first = run(5, prior), again = run(5, prior), other = run(6, prior);
        CHECK(first.p_lower == again.p_lower);
        CHECK(first.z_interval.lower == again.z_interval.lower);
        CHECK(first.z_interval.upper == again.z_interval.upper);
        CHECK(first.rejected == again.rejected);
        CHECK(first.p_lower != other.p_lower);
        CHECK(within(first.p_lower, first.p_standard_error, other.p_lower, other.p_standard_error));
        CHECK(first.draws == 20000);
        CHECK(first.seed == 5);
    }
    const bayesian_case_result d1 = bayesian_deficit_test({.n = 15, .mean = 50, .sd = 10}, 35, {5000, 9});
    const bayesian_case_result d2 = bayesian_deficit_test({.n = 15, .mean = 50, .sd = 10}, 35, {5000, 9});
    CHECK(d1.p_lower == d2.p_lower);
    // The first values of std::mt19937_64 with the default seed are fixed by the standard
    // ([rand.predef]: the 10000th is 9981545732273789042), so the stream our transforms read is too.
    std::mt19937_64 engine;
    engine.discard(9999);
    CHECK(engine() == 9981545732273789042ULL);
}

// An interpreter's Ctrl-C reaches the draws through monte_carlo::progress (a table layer's
// interrupt check); it must not change a single draw.
TEST_CASE("progress is called as the draws go, can stop a test, and leaves the results as they were") {
    const norm controls{.n = 15, .mean = 50, .sd = 10};
    const bayesian_case_result plain = bayesian_deficit_test(controls, 35, {10000, 9});
    int calls = 0;
    const bayesian_case_result watched = bayesian_deficit_test(controls, 35, {10000, 9, [&] { ++calls; }});
    CHECK(watched.p_lower == plain.p_lower);
    CHECK(watched.z_interval.lower == plain.z_interval.lower);
    CHECK(watched.z_interval_standard_error.upper == plain.z_interval_standard_error.upper);
    // 10000 draws: at draws 0, 4096 and 8192, the same while summarising, and before each of the
    // four quantile selections.
    CHECK(calls == 3 + 3 + 4);

    struct stop_asked {};
    int until_stop = 2;
    const auto stopper = [&] {
        if (--until_stop == 0) throw stop_asked{};
    };
    CHECK_THROWS_AS((void)bayesian_deficit_test(controls, 35, {10000, 9, stopper}), stop_asked);
    until_stop = 2;
    const norm a{.n = 20, .mean = 100, .sd = 15}, b{.n = 20, .mean = 80, .sd = 10};
    CHECK_THROWS_AS((void)bayesian_standardized_difference_test(a, b, 0.72, 70, 78, {10000, 5, stopper}), stop_asked);
    const bayesian_case_result difference = bayesian_standardized_difference_test(a, b, 0.72, 70, 78, {10000, 5});
    calls = 0;
    const bayesian_case_result watched_difference =
        bayesian_standardized_difference_test(a, b, 0.72, 70, 78, {10000, 5, [&] { ++calls; }});
    CHECK(watched_difference.p_lower == difference.p_lower);
    CHECK(calls == 3 + 3 + 4);
}

TEST_CASE("BSDT by symmetry: equal standardised deviations give p_lower 0.5 within Monte Carlo error") {
    // z_a = z_b = -2 with equal SDs: the posterior of z* is symmetric about 0.
    const norm a{.n = 12, .mean = 50, .sd = 10}, b{.n = 12, .mean = 50, .sd = 10};
    const bayesian_case_result s = bayesian_standardized_difference_test(a, b, 0.5, 30, 30, {200000, 3});
    CHECK(s.z_cc == 0.0);
    CHECK(within(s.p_lower, s.p_standard_error, 0.5, 0.0));
    CHECK(within(s.z_interval.lower, s.z_interval_standard_error.lower, -s.z_interval.upper,
                 s.z_interval_standard_error.upper));
}

TEST_CASE("the generators: uniform in (0, 1), normal and chi-square moments") {
    std::mt19937_64 engine(77);
    detail::normal_source normal;
    const int count = 400000;
    double lo = 1, hi = 0, sum = 0, sum2 = 0;
    for (int i = 0; i < count; ++i) {
        const double u = detail::uniform_open(engine);
        lo = std::min(lo, u);
        hi = std::max(hi, u);
        const double z = normal(engine);
        sum += z;
        sum2 += z * z;
    }
    CHECK(lo > 0.0);
    CHECK(hi < 1.0);
    CHECK(std::fabs(sum / count) < 5.0 / std::sqrt(count));               // mean 0
    CHECK(std::fabs(sum2 / count - 1.0) < 5.0 * std::sqrt(2.0 / count));  // variance 1
    for (const double df : {1.0, 2.5, 14.0, 199.0}) {
        CAPTURE(df);
        double s = 0, s2 = 0;
        for (int i = 0; i < count; ++i) {
            const double x = detail::chi_square_draw(df, engine, normal);
            s += x;
            s2 += x * x;
        }
        const double mean = s / count, variance = s2 / count - mean * mean;
        CHECK(std::fabs(mean - df) < 5.0 * std::sqrt(2.0 * df / count));  // mean df, variance 2 df
        CHECK(variance == doctest::Approx(2.0 * df).epsilon(0.03));
    }
}

TEST_CASE("Bayesian single-case input errors") {
    const norm a{.n = 20, .mean = 100, .sd = 15}, b{.n = 20, .mean = 80, .sd = 10};
    CHECK_THROWS_ID(bayesian_deficit_test(a, 70, {99, 1}), "alliance.stats.draws_out_of_range",
                    "the number of Monte Carlo draws is 99");
    CHECK_THROWS_ID(bayesian_deficit_test({.mean = 1, .sd = 1}, 0), "alliance.stats.missing_parameter", "no sample size n");
    CHECK_THROWS_ID(bayesian_deficit_test(a, 70, {1000, 1}, 1.0), "alliance.stats.confidence_out_of_range",
                    "confidence is 1");
    CHECK_THROWS_ID(bayesian_standardized_difference_test(a, b, 1.0, 70, 78), "alliance.stats.correlation_out_of_range",
                    "correlation between the tasks is 1");
    CHECK_THROWS_ID(bayesian_standardized_difference_test(a, {.n = 21, .mean = 80, .sd = 10}, 0.5, 70, 78),
                    "alliance.stats.size_mismatch", "different sample sizes");
    CHECK_THROWS_ID(
        bayesian_standardized_difference_test({.n = 3, .mean = 1, .sd = 1}, {.n = 3, .mean = 1, .sd = 1}, 0.5,
                                              0, 0, {1000, 1}, bsdt_prior::calibrated),
        "alliance.stats.too_few_observations", "needs n >= 4");
    CHECK_THROWS_ID(bayesian_standardized_difference_test(a, b, 0.5, NAN, 78), "alliance.stats.not_finite",
                    "case score on task A");
    CHECK(parse_bsdt_prior("calibrated") == bsdt_prior::calibrated);
    CHECK_FALSE(parse_bsdt_prior("jeffreys"));
}
