// alliance/stats/reliability.hpp against psych 2.2.9 (alpha, alpha.ci, splitHalf, fa) on seeded
// synthetic data written by tests/reference/stats_reference.R (tests/data/stats-items-*.csv,
// stats-alpha*.csv, stats-omega.csv, stats-instrument-*.csv).
#include <doctest/doctest.h>

#include <alliance/instrument.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/stats/reliability.hpp>

#include <limits>
#include <string>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

namespace {

item_matrix load_items(const std::string& file) {
    const reference_table table(file);
    std::vector<std::vector<double>> rows(table.size());
    for (std::size_t r = 0; r < table.size(); ++r)
        for (int c = 1; table.has_column("i" + std::to_string(c)); ++c)
            rows[r].push_back(table.number(r, "i" + std::to_string(c)));
    return item_matrix::from_rows(rows);
}

using stats_test::test_instrument;  // the instrument of stats-instrument-responses.csv

std::vector<std::vector<alliance::response>> load_records() {
    const reference_table table("stats-instrument-responses.csv");
    std::vector<std::vector<alliance::response>> records(table.size());
    for (std::size_t r = 0; r < table.size(); ++r)
        for (int item = 1; item <= 5; ++item) {
            const auto value = table.maybe(r, "q" + std::to_string(item));
            records[r].push_back(value ? alliance::response(*value) : alliance::missing);
        }
    return records;
}

}  // namespace

TEST_CASE("alpha, standardised alpha, Feldt interval and item statistics match psych::alpha") {
    const reference_table scale("stats-alpha.csv");
    const reference_table items("stats-alpha-items.csv");
    for (const std::string set : {"a", "b", "c"}) {
        CAPTURE(set);
        const item_matrix x = load_items("stats-items-" + set + ".csv");
        const auto value = [&](std::string_view q) { return scale.lookup({{"dataset", set}, {"quantity", q}}); };
        const reliability_report report = scale_reliability(x);
        CHECK(static_cast<double>(report.n) == value("n"));
        CHECK(static_cast<double>(report.items) == value("k"));
        CHECK(report.dropped == 0);
        CHECK_CLOSE(report.alpha, value("alpha"), 1e-13);
        CHECK_CLOSE(report.standardized_alpha, value("standardized_alpha"), 1e-13);
        CHECK_CLOSE(report.average_r, value("average_r"), 1e-13);
        CHECK_CLOSE(report.total_mean, value("total_mean"), 1e-14);
        CHECK_CLOSE(report.total_sd, value("total_sd"), 1e-14);
        CHECK(report.confidence == 0.95);
        CHECK_CLOSE(report.alpha_interval.lower, value("feldt95_lower"), 1e-13);
        CHECK_CLOSE(report.alpha_interval.upper, value("feldt95_upper"), 1e-13);
        REQUIRE(report.sem);
        CHECK_CLOSE(*report.sem, report.total_sd * std::sqrt(1.0 - report.alpha), 1e-15);
        const reliability_report at90 = scale_reliability(x, {.confidence = 0.90});
        CHECK_CLOSE(at90.alpha_interval.lower, value("feldt90_lower"), 1e-13);
        CHECK_CLOSE(at90.alpha_interval.upper, value("feldt90_upper"), 1e-13);
        const interval direct = feldt_interval(value("alpha"), report.n, report.items, 0.90);
        CHECK_CLOSE(direct.lower, value("feldt90_lower"), 1e-13);

        const auto rows = items.where("dataset", set);
        REQUIRE(rows.size() == report.item_stats.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const item_statistics& s = report.item_stats[i];
            CAPTURE(i);
            CHECK(static_cast<double>(s.item) == items.number(rows[i], "item"));
            CHECK_CLOSE(s.mean, items.number(rows[i], "mean"), 1e-14);
            CHECK_CLOSE(s.sd, items.number(rows[i], "sd"), 1e-14);
            CHECK_CLOSE(s.r_total, items.number(rows[i], "r_total"), 1e-13);
            CHECK_CLOSE(s.r_drop, items.number(rows[i], "r_drop"), 1e-13);
            const auto deleted = items.maybe(rows[i], "alpha_if_deleted");
            CHECK(s.alpha_if_deleted.has_value() == deleted.has_value());
            if (deleted && s.alpha_if_deleted) CHECK_CLOSE(*s.alpha_if_deleted, *deleted, 1e-13);
        }
    }
    MESSAGE("largest relative deviation from psych: " << stats_test::worst_deviation());
}

TEST_CASE("odd/even split half: correlation, Spearman-Brown and Guttman (Flanagan-Rulon)") {
    const reference_table scale("stats-alpha.csv");
    stats_test::worst_deviation() = 0;
    for (const std::string set : {"a", "b", "c"}) {
        CAPTURE(set);
        const auto value = [&](std::string_view q) { return scale.lookup({{"dataset", set}, {"quantity", q}}); };
        const split_half_result s = split_half_odd_even(load_items("stats-items-" + set + ".csv"));
        CHECK_CLOSE(s.half_correlation, value("split_half_r"), 1e-13);
        CHECK_CLOSE(s.spearman_brown, value("split_half_spearman_brown"), 1e-13);
        CHECK_CLOSE(s.guttman, value("split_half_guttman"), 1e-13);
    }
    MESSAGE("split half: largest relative deviation from R: " << stats_test::worst_deviation());
}

TEST_CASE("McDonald's omega from psych::fa loadings matches the formula evaluated in R") {
    const reference_table table("stats-omega.csv");
    std::vector<double> loadings, uniquenesses;
    double expected = 0;
    for (std::size_t r = 0; r < table.size(); ++r) {
        if (table.number(r, "item") == 0) {
            expected = table.number(r, "omega");
            continue;
        }
        loadings.push_back(table.number(r, "loading"));
        uniquenesses.push_back(table.number(r, "uniqueness"));
    }
    REQUIRE(loadings.size() == 6);
    stats_test::worst_deviation() = 0;
    CHECK_CLOSE(omega_total(loadings, uniquenesses), expected, 1e-14);
    MESSAGE("omega: relative deviation from R: " << stats_test::worst_deviation());
    // fa() on a correlation matrix leaves u2 = 1 - h2 = 1 - l^2 with one factor.
    CHECK_CLOSE(omega_total(loadings), expected, 1e-12);
    // By hand: loadings 0.5, 0.5, uniquenesses 0.75, 0.75 -> 1 / (1 + 1.5) = 0.4.
    const std::vector<double> l{0.5, 0.5}, u{0.75, 0.75};
    CHECK(omega_total(l, u) == doctest::Approx(0.4).epsilon(1e-15));
}

TEST_CASE("through an instrument: nominal reverse keying and listwise deletion per scale, as R computes") {
    const reference_table scale("stats-instrument-alpha.csv");
    const reference_table items("stats-instrument-alpha-items.csv");
    const auto records = load_records();
    REQUIRE(records.size() == 90);
    stats_test::worst_deviation() = 0;
    for (const std::string name : {"a", "total"}) {
        CAPTURE(name);
        const auto value = [&](std::string_view q) { return scale.lookup({{"scale", name}, {"quantity", q}}); };
        const reliability_report report = scale_reliability(test_instrument.view(), name, records);
        CHECK(static_cast<double>(report.n) == value("n"));
        CHECK(static_cast<double>(report.dropped) == value("dropped"));
        CHECK_CLOSE(report.alpha, value("alpha"), 1e-13);
        CHECK_CLOSE(report.standardized_alpha, value("standardized_alpha"), 1e-13);
        CHECK_CLOSE(report.total_mean, value("total_mean"), 1e-14);
        CHECK_CLOSE(report.total_sd, value("total_sd"), 1e-14);
        CHECK_CLOSE(report.alpha_interval.lower, value("feldt95_lower"), 1e-13);
        CHECK_CLOSE(report.alpha_interval.upper, value("feldt95_upper"), 1e-13);
        const auto rows = items.where("scale", name);
        REQUIRE(rows.size() == report.item_stats.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const item_statistics& s = report.item_stats[i];
            CHECK(static_cast<double>(s.item) == items.number(rows[i], "item"));  // instrument item numbers
            CHECK_CLOSE(s.mean, items.number(rows[i], "mean"), 1e-14);
            CHECK_CLOSE(s.sd, items.number(rows[i], "sd"), 1e-14);
            CHECK_CLOSE(s.r_drop, items.number(rows[i], "r_drop"), 1e-13);
            CHECK_CLOSE(*s.alpha_if_deleted, items.number(rows[i], "alpha_if_deleted"), 1e-13);
        }
    }
    MESSAGE("instrument route: largest relative deviation from psych: " << stats_test::worst_deviation());
    // Scale "a" never uses the anchor 7: psych's observed-range reversal (7 - x) would report item 2
    // one point lower than the nominal 8 - x this library uses.
    const reliability_report a = scale_reliability(test_instrument.view(), "a", records);
    const auto rows = items.where("scale", "a");
    CHECK(a.item_stats[1].item == 2);
    CHECK(items.number(rows[1], "psych_observed_range_mean") ==
          doctest::Approx(items.number(rows[1], "mean") - 1.0).epsilon(1e-14));
    CHECK(a.item_stats[1].mean == doctest::Approx(items.number(rows[1], "mean")).epsilon(1e-14));
    // The run-time twin of the definition gives the same.
    const auto runtime = alliance::to_runtime(test_instrument);
    CHECK(scale_reliability(runtime.view(), "a", records).alpha == a.alpha);
}

TEST_CASE("reliability inputs are checked and the offender named") {
    CHECK_THROWS_ID(scale_reliability(item_matrix{{1}, {2}, {3}}), "alliance.stats.too_few_items",
                    "item matrix has 1 item; at least 2 are needed");
    CHECK_THROWS_ID(scale_reliability(item_matrix{}), "alliance.stats.too_few_observations",
                    "item matrix has 0 observations");
    CHECK_THROWS_ID(scale_reliability(item_matrix{{1, 2, 3}}), "alliance.stats.too_few_observations",
                    "item matrix has 1 observation");
    CHECK_THROWS_ID(scale_reliability(item_matrix{{1, 4, 3}, {2, 4, 1}, {3, 4, 2}}), "alliance.stats.zero_variance",
                    "item 2 has zero variance (every respondent gave 4)");
    CHECK_THROWS_ID(scale_reliability(item_matrix{{1, 2}, {2, std::numeric_limits<double>::quiet_NaN()}, {3, 1}}),
                    "alliance.stats.not_finite", "row 2, item 2 is NaN");
    CHECK_THROWS_ID(scale_reliability(item_matrix{{1, 2}, {2, 3}}, {.confidence = 95}),
                    "alliance.stats.confidence_out_of_range", "confidence is 95");
    // Perfectly opposite items: the total has zero variance.
    CHECK_THROWS_ID(scale_reliability(item_matrix{{1, 5}, {2, 4}, {3, 3}}), "alliance.stats.zero_variance",
                    "the total score has zero variance");
    CHECK_THROWS_ID(feldt_interval(0.8, 1, 5), "alliance.stats.too_few_observations", "has 1 observation");
    CHECK_THROWS_ID(feldt_interval(0.8, 30, 1), "alliance.stats.too_few_items", "1 item;");
    CHECK_THROWS_ID(feldt_interval(1.2, 30, 4), "alliance.stats.reliability_out_of_range", "cannot exceed 1");
    const std::vector<double> one{0.7};
    CHECK_THROWS_ID(omega_total(one), "alliance.stats.too_few_items", "1 loading;");
    const std::vector<double> l{0.7, 0.6}, u{0.51, -0.1}, u3{0.5, 0.5, 0.5};
    CHECK_THROWS_ID(omega_total(l, u), "alliance.stats.negative_variance", "uniqueness of item 2 is -0.1");
    CHECK_THROWS_ID(omega_total(l, u3), "alliance.stats.size_mismatch", "sizes differ (2 and 3)");
    const std::vector<double> big{0.7, 1.2};
    CHECK_THROWS_ID(omega_total(big), "alliance.stats.loading_out_of_range", "item 2 is 1.2");
    CHECK_THROWS_ID(split_half_odd_even(item_matrix{{1, 1}, {1, 2}}), "alliance.stats.zero_variance", "sum of the odd items has zero variance");
}

// Found with hostile inputs (tests/driver/test_bad_input.sh): responses of +-1e308 (an analogue key-file scale of that
// range) overflowed the covariances to NaN, which then read as "the total score has zero variance".
TEST_CASE("regression: responses that overflow the covariances are an overflow error") {
    CHECK_THROWS_ID(scale_reliability(item_matrix{{1e308, 1e308}, {-1e308, -1e308}, {1e308, -1e308}}),
                    "alliance.stats.overflow", "the item means or covariances overflow");
}
