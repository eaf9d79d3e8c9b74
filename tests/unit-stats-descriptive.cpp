// alliance/stats/descriptive.hpp: sample statistics against R's mean(), sd() and cor() on the
// J&T 1991 Table 2 data (tests/data/stats-rc-parameters.csv from stats_reference.R).
#include <doctest/doctest.h>

#include <alliance/stats/descriptive.hpp>

#include <limits>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

TEST_CASE("mean, sd (n - 1) and Pearson r match R on the DAS scores") {
    const reference_table data("stats-jt1991-table2.csv");
    const reference_table p("stats-rc-parameters.csv");
    std::vector<double> pre, post;
    std::vector<score_pair> pairs;
    for (std::size_t r = 0; r < data.size(); ++r) {
        pre.push_back(data.number(r, "das_pre"));
        post.push_back(data.number(r, "das_post"));
        pairs.push_back({pre.back(), post.back()});
    }
    const auto value = [&](std::string_view name) { return p.lookup({{"measure", "das"}, {"parameter", name}}); };
    CHECK_CLOSE(mean(pre), value("mean_pre"), 1e-15);
    CHECK_CLOSE(sample_sd(pre), value("sd_pre"), 1e-15);
    CHECK_CLOSE(sample_sd(post), value("sd_post"), 1e-15);
    CHECK_CLOSE(correlation(pre, post), value("retest_correlation"), 1e-15);
    const pair_statistics s = describe_pairs(pairs);
    CHECK(s.n == 30);
    CHECK_CLOSE(s.mean_post, value("mean_post"), 1e-15);
    CHECK_CLOSE(s.sd_pre, value("sd_pre"), 1e-15);
    CHECK_CLOSE(s.correlation, value("retest_correlation"), 1e-15);
    MESSAGE("largest relative deviation from R: " << stats_test::worst_deviation());
}

TEST_CASE("by hand, and stable under a large offset") {
    const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};
    CHECK(mean(x) == 5.0);
    CHECK(sample_variance(x) == doctest::Approx(32.0 / 7.0).epsilon(1e-15));
    std::vector<double> shifted;
    for (const double v : x) shifted.push_back(v + 1e9);
    CHECK(sample_variance(shifted) == doctest::Approx(32.0 / 7.0).epsilon(1e-12));
    const std::vector<double> y{1, 2, 3}, z{3, 2, 1};
    CHECK(correlation(y, z) == -1.0);
}

TEST_CASE("degenerate samples are refused") {
    const std::vector<double> one{1.0}, none{}, flat{2, 2, 2}, three{1, 2, 3}, two{1, 2};
    CHECK_THROWS_ID(sample_sd(one, "pre scores"), "alliance.stats.too_few_observations",
                    "pre scores has 1 observation; at least 2");
    CHECK_THROWS_ID(mean(none), "alliance.stats.too_few_observations", "sample has 0 observations");
    CHECK_THROWS_ID(correlation(flat, three, "pre", "post"), "alliance.stats.zero_variance", "pre has zero variance");
    CHECK_THROWS_ID(correlation(two, three), "alliance.stats.size_mismatch", "x and y: sizes differ (2 and 3)");
    const std::vector<double> bad{1, std::numeric_limits<double>::quiet_NaN(), 3};
    CHECK_THROWS_ID(mean(bad, "post scores"), "alliance.stats.not_finite", "post scores, value 2 is NaN");
    CHECK(sample_variance(flat) == 0.0);
}
