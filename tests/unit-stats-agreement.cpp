// alliance/stats/agreement.hpp: Shrout & Fleiss (1979) published ICCs and psych 2.2.9
// ICC(lmer = FALSE) at full precision (tests/reference/stats_reference.R -> stats-icc.csv).
#include <doctest/doctest.h>

#include <alliance/stats/agreement.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

namespace {

// Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
const item_matrix shrout_fleiss{{9, 2, 5, 8}, {6, 1, 3, 2}, {8, 4, 6, 8}, {7, 1, 2, 6}, {10, 5, 6, 9}, {6, 2, 4, 7}};

item_matrix load_ratings() {
    const reference_table table("stats-icc-ratings.csv");
    std::vector<std::vector<double>> rows(table.size());
    for (std::size_t r = 0; r < table.size(); ++r)
        for (int c = 1; table.has_column("rater" + std::to_string(c)); ++c)
            rows[r].push_back(table.number(r, "rater" + std::to_string(c)));
    return item_matrix::from_rows(rows);
}

std::string psych_name(icc_form form) {
    switch (form) {
        case icc_form::icc1_1: return "ICC1";
        case icc_form::icc2_1: return "ICC2";
        case icc_form::icc3_1: return "ICC3";
        case icc_form::icc1_k: return "ICC1k";
        case icc_form::icc2_k: return "ICC2k";
        case icc_form::icc3_k: return "ICC3k";
    }
    return "";
}

}  // namespace

TEST_CASE("Shrout & Fleiss (1979) published values: .17 .29 .71 .44 .62 .91") {
    const icc_report report = intraclass_correlations(shrout_fleiss);
    CHECK(report.targets == 6);
    CHECK(report.raters == 4);
    const double published[] = {0.17, 0.29, 0.71, 0.44, 0.62, 0.91};
    for (std::size_t i = 0; i < 6; ++i)
        CHECK(std::round(report.estimates[i].value * 100.0) / 100.0 == doctest::Approx(published[i]).epsilon(1e-12));
    // The same estimates to six digits (.714841 and .620051).
    CHECK(std::round(report[icc_form::icc3_1].value * 1e6) == 714841);
    CHECK(std::round(report[icc_form::icc2_k].value * 1e6) == 620051);
}

TEST_CASE("all six ICCs, F tests and intervals match psych::ICC(lmer = FALSE)") {
    const reference_table table("stats-icc.csv");
    const item_matrix synthetic = load_ratings();
    REQUIRE(synthetic.rows() == 30);
    std::size_t compared = 0;
    for (const std::string dataset : {"shrout_fleiss", "synthetic"}) {
        for (const double confidence : {0.95, 0.90}) {
            CAPTURE(dataset);
            CAPTURE(confidence);
            const icc_report report = intraclass_correlations(dataset == "synthetic" ? synthetic : shrout_fleiss,
                                                              confidence);
            CHECK(report.confidence == confidence);
            for (const icc_form form : all_icc_forms) {
                CAPTURE(to_string(form));
                std::size_t row = table.size();
                for (const std::size_t r : table.where("dataset", dataset))
                    if (table.text(r, "form") == psych_name(form) &&
                        std::fabs(table.number(r, "confidence") - confidence) < 1e-12)
                        row = r;
                REQUIRE(row < table.size());
                const icc_estimate& e = report[form];
                CHECK(e.form == form);
                CHECK_CLOSE(e.value, table.number(row, "icc"), 1e-13);
                CHECK_CLOSE(e.f, table.number(row, "f"), 1e-13);
                CHECK(e.df1 == table.number(row, "df1"));
                CHECK(e.df2 == table.number(row, "df2"));
                CHECK_CLOSE(e.p, table.number(row, "p"), 1e-12);
                CHECK_CLOSE(e.ci.lower, table.number(row, "lower"), 1e-12);
                CHECK_CLOSE(e.ci.upper, table.number(row, "upper"), 1e-12);
                ++compared;
            }
        }
    }
    CHECK(compared == 24);
    MESSAGE("largest relative deviation from psych: " << stats_test::worst_deviation());
}

TEST_CASE("ICC form names") {
    CHECK(to_string(icc_form::icc1_1) == "ICC(1,1)");
    CHECK(to_string(icc_form::icc3_k) == "ICC(3,k)");
}

TEST_CASE("degenerate ratings are refused") {
    CHECK_THROWS_ID(intraclass_correlations(item_matrix{{1, 2}}), "alliance.stats.too_few_observations",
                    "ratings has 1 observation");
    CHECK_THROWS_ID(intraclass_correlations(item_matrix{{1}, {2}}), "alliance.stats.too_few_items",
                    "ratings has 1 rater; at least 2");
    CHECK_THROWS_ID(intraclass_correlations(item_matrix{{1, 2}, {2, 1}}), "alliance.stats.zero_variance",
                    "between-target mean square 0");
    CHECK_THROWS_ID(intraclass_correlations(item_matrix{{1, 2}, {3, 4}, {5, 6}}), "alliance.stats.zero_variance",
                    "residual mean square is 0");
    CHECK_THROWS_ID(intraclass_correlations(item_matrix{{1, 2}, {3, std::numeric_limits<double>::infinity()}}),
                    "alliance.stats.not_finite", "ratings, target 2, rater 2 is inf");
    CHECK_THROWS_ID(intraclass_correlations(shrout_fleiss, 0.0), "alliance.stats.confidence_out_of_range",
                    "confidence is 0");
}

// Regression: ratings of +-1e308 overflowed the sums of squares to NaN, and the report
// said "every target has the same mean rating", which is false.
TEST_CASE("regression: ratings that overflow the sums of squares are an overflow error") {
    CHECK_THROWS_ID(intraclass_correlations(item_matrix{{1e308, -1e308}, {-1e308, 1e308}, {1e308, 1e308}}),
                    "alliance.stats.overflow", "a sum of squares overflows");
}
