// alliance/stats/reliable_change.hpp against R re-implementations of clinicalsignificance 3.0.0
// and the closed forms of the articles (Maassen 2004, Iverson et al. 2003, ...), on the
// Jacobson & Truax (1991) Table 2 data
// (tests/data/stats-rc-jt1991.csv, written by tests/reference/stats_reference.R).
#include <doctest/doctest.h>

#include <alliance/stats/normal_quantile.hpp>
#include <alliance/stats/reliable_change.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

namespace {

struct measure_data {
    std::string name;
    std::vector<score_pair> pairs;
    std::vector<int> couples;
    change_parameters parameters;  // every parameter, from R
    direction better = direction::higher_is_better;
    double critical_two_sided = 0;
    double critical_one_sided = 0;
};

measure_data load_measure(const std::string& name) {
    const reference_table data("stats-jt1991-table2.csv");
    const reference_table parameters("stats-rc-parameters.csv");
    measure_data m;
    m.name = name;
    for (std::size_t r = 0; r < data.size(); ++r) {
        const auto pre = data.maybe(r, name + "_pre");
        const auto post = data.maybe(r, name + "_post");
        if (!pre || !post) continue;
        m.pairs.push_back({*pre, *post});
        m.couples.push_back(static_cast<int>(data.number(r, "couple")));
    }
    const auto value = [&](std::string_view parameter) {
        return parameters.lookup({{"measure", name}, {"parameter", parameter}});
    };
    for (const change_parameter p : all_change_parameters) m.parameters.set(p, value(to_string(p)));
    m.better = value("direction") > 0 ? direction::higher_is_better : direction::lower_is_better;
    m.critical_two_sided = value("critical_two_sided");
    m.critical_one_sided = value("critical_one_sided");
    REQUIRE(static_cast<double>(m.pairs.size()) == value("n"));
    return m;
}

// Only the parameters the method reads, so the test also shows that nothing else is needed.
change_parameters only_required(rc_method method, const change_parameters& all) {
    change_parameters out;
    for (const change_parameter p : required_parameters(method).members()) out.set(p, *all.get(p));
    return out;
}

change_class parse_class(const std::string& text) {
    if (text == "improved") return change_class::improved;
    if (text == "deteriorated") return change_class::deteriorated;
    REQUIRE(text == "none");
    return change_class::none;
}

}  // namespace

TEST_CASE("method ids round-trip and unknown ids are reported with the list") {
    CHECK(all_rc_methods.size() == 12);
    for (const rc_method method : all_rc_methods) {
        CHECK(parse_rc_method(to_string(method)) == method);
        CHECK(rc_method_from_string(to_string(method)) == method);
        CHECK_FALSE(std::string(citation(method)).empty());
    }
    CHECK(to_string(rc_method::jacobson_truax) == "jt");
    CHECK(to_string(rc_method::hsu_linn_lord) == "hll");
    CHECK(to_string(rc_method::mcsweeny) == "mcsweeny");
    CHECK_FALSE(parse_rc_method("JT"));
    CHECK_FALSE(parse_rc_method(""));
    CHECK_THROWS_ID(rc_method_from_string("rci"), "alliance.stats.unknown_method", "'rci'; the methods are jt, gln");
    for (const change_parameter p : all_change_parameters) CHECK(parse_change_parameter(to_string(p)) == p);
    CHECK_FALSE(parse_change_parameter("sd"));
}

TEST_CASE("each method declares the inputs of its formula (the articles' formulas)") {
    using p = change_parameter;
    CHECK(required_parameters(rc_method::jacobson_truax) == parameter_set{p::sd_pre, p::reliability});
    CHECK(required_parameters(rc_method::gulliksen_lord_novick) == parameter_set{p::mean_pre, p::sd_pre, p::reliability});
    CHECK(required_parameters(rc_method::hsu_linn_lord) ==
          parameter_set{p::mean_pre, p::sd_pre, p::mean_post, p::reliability});
    CHECK(required_parameters(rc_method::nunnally_kotsch) ==
          parameter_set{p::mean_pre, p::sd_pre, p::reliability, p::reliability_post});
    CHECK(required_parameters(rc_method::hageman_arrindell).size() == 6);
    CHECK(required_parameters(rc_method::maassen) == parameter_set{p::sd_pre, p::sd_post, p::reliability});
    CHECK(required_parameters(rc_method::iverson_unadjusted) == parameter_set{p::sd_pre, p::sd_post, p::retest_correlation});
    CHECK(required_parameters(rc_method::chelune) ==
          parameter_set{p::mean_pre, p::sd_pre, p::mean_post, p::retest_correlation});
    CHECK(to_string(required_parameters(rc_method::mcsweeny)) == "mean_pre, sd_pre, mean_post, sd_post, retest_correlation");
    CHECK(missing_parameters(rc_method::jacobson_truax, {.sd_pre = 10}) == parameter_set{p::reliability});
    CHECK_FALSE(estimable_from_sample(p::reliability));
    CHECK_FALSE(estimable_from_sample(p::reliability_post));
    CHECK(estimable_from_sample(p::retest_correlation));
}

TEST_CASE("complete_from_sample estimates means, SDs (n - 1) and r12 as R does, never a reliability") {
    for (const std::string name : {"das", "gds"}) {
        const measure_data m = load_measure(name);
        const auto completed = complete_from_sample(rc_method::hageman_arrindell, {.reliability = 0.84}, m.pairs);
        CHECK(completed.n == m.pairs.size());
        CHECK(completed.estimated == parameter_set{change_parameter::mean_pre, change_parameter::sd_pre,
                                                   change_parameter::mean_post, change_parameter::sd_post,
                                                   change_parameter::retest_correlation});
        for (const change_parameter p : completed.estimated.members())
            CHECK_CLOSE(*completed.parameters.get(p), *m.parameters.get(p), 1e-14);
        CHECK(completed.parameters.reliability == 0.84);
    }
    const measure_data das = load_measure("das");
    // Given values are kept; a missing reliability stays missing and is reported by the index.
    const auto jt = complete_from_sample(rc_method::jacobson_truax, {.sd_pre = 7.5}, das.pairs);
    CHECK(jt.estimated.empty());
    CHECK(jt.n == 0);
    CHECK(jt.parameters.sd_pre == 7.5);
    CHECK_FALSE(jt.parameters.reliability);
    CHECK_THROWS_ID(reliable_change_index(rc_method::jacobson_truax, jt.parameters, direction::higher_is_better),
                    "alliance.stats.missing_parameter", "method 'jt' needs reliability");
}

TEST_CASE("every method reproduces the R reference on the J&T 1991 Table 2 data") {
    const reference_table reference("stats-rc-jt1991.csv");
    std::size_t compared = 0;
    for (const std::string name : {"das", "gds"}) {
        const measure_data m = load_measure(name);
        for (const rc_method method : all_rc_methods) {
            CAPTURE(name);
            CAPTURE(to_string(method));
            const change_parameters inputs = only_required(method, m.parameters);
            const reliable_change_index two_sided(method, inputs, m.better);
            const reliable_change_index one_sided(method, inputs, m.better,
                                                  critical_value::from_confidence(0.95, tails::one_sided));
            const reliable_change_index literal(method, inputs, m.better, critical_value::literal(1.96));
            CHECK_CLOSE(two_sided.critical().z(), m.critical_two_sided, 1e-15);
            CHECK_CLOSE(one_sided.critical().z(), m.critical_one_sided, 1e-15);

            const auto batch = reliable_change(two_sided, m.pairs);
            REQUIRE(batch.size() == m.pairs.size());
            std::size_t i = 0;
            for (const std::size_t row : reference.where("measure", name)) {
                if (reference.text(row, "method") != to_string(method)) continue;
                REQUIRE(i < m.pairs.size());
                CHECK(static_cast<double>(m.couples[i]) == reference.number(row, "couple"));
                const reliable_change_result& r = batch[i];
                CHECK(r.pre == reference.number(row, "pre"));
                CHECK(r.post == reference.number(row, "post"));
                CHECK(r.difference == r.post - r.pre);
                CHECK_CLOSE_SCALED(r.adjusted_change, reference.number(row, "adjusted_change"), 1e-13, 1.0);
                CHECK_CLOSE(r.standard_error, reference.number(row, "standard_error"), 1e-13);
                CHECK_CLOSE_SCALED(r.index, reference.number(row, "index"), 1e-13, 1.0);
                const auto threshold = reference.maybe(row, "threshold");
                CHECK(r.threshold.has_value() == threshold.has_value());
                if (threshold && r.threshold) CHECK_CLOSE(*r.threshold, *threshold, 1e-13);
                CHECK(r.better == m.better);
                CHECK(r.classification == parse_class(reference.text(row, "class_two_sided")));
                CHECK(reliable_change(one_sided, m.pairs[i]).classification ==
                      parse_class(reference.text(row, "class_one_sided")));
                CHECK(reliable_change(literal, m.pairs[i]).classification ==
                      parse_class(reference.text(row, "class_196")));
                ++i;
                ++compared;
            }
            CHECK(i == m.pairs.size());
        }
    }
    CHECK(compared == 12 * (30 + 26));
    MESSAGE("largest relative deviation from R: " << stats_test::worst_deviation());
}

TEST_CASE("the batch gives exactly what one call per pair gives") {
    const measure_data m = load_measure("gds");
    const reliable_change_index rci(rc_method::mcsweeny, m.parameters, m.better);
    const auto batch = reliable_change(rci, m.pairs);
    for (std::size_t i = 0; i < m.pairs.size(); ++i) {
        const auto single = reliable_change(rci, m.pairs[i].pre, m.pairs[i].post);
        CHECK(batch[i].index == single.index);
        CHECK(batch[i].classification == single.classification);
    }
    CHECK(reliable_change(rci, std::span<const score_pair>{}).empty());
}

TEST_CASE("classification is strict: an index exactly at the critical value is no reliable change") {
    // Edwards-Nunnally with SD1 = 10, rxx = 0.75, M1 = 0: SE = 10 sqrt(0.25) = 5 exactly, and for
    // pre = 0 the numerator is the post score itself, so post = 10 gives an index of exactly 2.
    const change_parameters inputs{.mean_pre = 0, .sd_pre = 10, .reliability = 0.75};
    const reliable_change_index higher(rc_method::edwards_nunnally, inputs, direction::higher_is_better,
                                       critical_value::literal(2.0));
    REQUIRE(higher.standard_error() == 5.0);
    CHECK(reliable_change(higher, 0, 10).index == 2.0);
    CHECK(reliable_change(higher, 0, 10).classification == change_class::none);
    CHECK(reliable_change(higher, 0, -10).classification == change_class::none);
    CHECK(reliable_change(higher, 0, std::nextafter(10.0, 11.0)).classification == change_class::improved);
    CHECK(reliable_change(higher, 0, std::nextafter(-10.0, -11.0)).classification == change_class::deteriorated);
    // Lower is better: the same index is read the other way round.
    const reliable_change_index lower(rc_method::edwards_nunnally, inputs, direction::lower_is_better,
                                      critical_value::literal(2.0));
    CHECK(reliable_change(lower, 0, 10.5).classification == change_class::deteriorated);
    CHECK(reliable_change(lower, 0, -10.5).classification == change_class::improved);
    CHECK(reliable_change(lower, 0, -10).classification == change_class::none);
}

TEST_CASE("the reliable-change threshold in raw points exists where the numerator is post - pre") {
    // J&T: 1.96 x sqrt(2) x SD1 sqrt(1 - rxx); with SD1 = 10, rxx = 0.5: sqrt(2 x 50) = 10.
    const reliable_change_index jt(rc_method::jacobson_truax, {.sd_pre = 10, .reliability = 0.5},
                                   direction::higher_is_better, critical_value::literal(1.96));
    CHECK(jt.standard_error() == doctest::Approx(10.0).epsilon(1e-15));
    REQUIRE(jt.threshold());
    CHECK(*jt.threshold() == doctest::Approx(19.6).epsilon(1e-15));
    CHECK(reliable_change(jt, 50, 69.5).classification == change_class::none);
    CHECK(reliable_change(jt, 50, 69.7).classification == change_class::improved);
    const reliable_change_index gln(rc_method::gulliksen_lord_novick, {.mean_pre = 50, .sd_pre = 10, .reliability = 0.5},
                                    direction::higher_is_better);
    CHECK_FALSE(gln.threshold());
    CHECK_FALSE(reliable_change(gln, 50, 60).threshold);
    CHECK_FALSE(gln.difference_reliability());
}

TEST_CASE("critical values come from Boost quantiles or are taken literally, and say which") {
    const auto two = critical_value::from_confidence();
    CHECK(two.sides() == tails::two_sided);
    CHECK(two.confidence() == 0.95);
    CHECK(two.describe().find("two-sided, confidence 0.95") != std::string::npos);
    CHECK(critical_value::literal(1.96).describe() == "1.96 (given)");
    CHECK_FALSE(critical_value::literal(1.96).confidence());
    CHECK(conventional_critical_value(rc_method::hageman_arrindell).sides() == tails::one_sided);
    CHECK(conventional_critical_value(rc_method::jacobson_truax).sides() == tails::two_sided);
    CHECK_THROWS_ID(critical_value::from_confidence(1.0), "alliance.stats.confidence_out_of_range", "is 1;");
    CHECK_THROWS_ID(critical_value::from_confidence(0.0), "alliance.stats.confidence_out_of_range", "(0, 1)");
    CHECK_THROWS_ID(critical_value::literal(0.0), "alliance.stats.critical_value_not_positive", "is 0;");
    CHECK_THROWS_ID(critical_value::literal(std::numeric_limits<double>::quiet_NaN()), "alliance.stats.not_finite",
                    "critical value is NaN");
}

TEST_CASE("degenerate and invalid inputs are refused with the parameter named") {
    const auto higher = direction::higher_is_better;
    CHECK_THROWS_ID(reliable_change_index(rc_method::jacobson_truax, {.sd_pre = 10}, higher),
                    "alliance.stats.missing_parameter", "never estimated from the data");
    CHECK_THROWS_ID(reliable_change_index(rc_method::gulliksen_lord_novick, {.sd_pre = 10, .reliability = 0.8}, higher),
                    "alliance.stats.missing_parameter", "needs mean_pre; give it explicitly or estimate");
    CHECK_THROWS_ID(reliable_change_index(rc_method::jacobson_truax, {.sd_pre = 0, .reliability = 0.8}, higher),
                    "alliance.stats.sd_not_positive", "sd_pre is 0;");
    CHECK_THROWS_ID(reliable_change_index(rc_method::maassen, {.sd_pre = 3, .sd_post = -2, .reliability = 0.8}, higher),
                    "alliance.stats.sd_not_positive", "sd_post is -2;");
    CHECK_THROWS_ID(reliable_change_index(rc_method::jacobson_truax, {.sd_pre = 10, .reliability = 1.2}, higher),
                    "alliance.stats.reliability_out_of_range", "reliability is 1.2; a reliability must lie in (0, 1]");
    CHECK_THROWS_ID(reliable_change_index(rc_method::jacobson_truax, {.sd_pre = 10, .reliability = 0}, higher),
                    "alliance.stats.reliability_out_of_range", "reliability is 0;");
    CHECK_THROWS_ID(reliable_change_index(rc_method::jacobson_truax, {.sd_pre = 10, .reliability = 1}, higher),
                    "alliance.stats.degenerate_standard_error", "standard error is 0");
    CHECK_THROWS_ID(reliable_change_index(rc_method::chelune,
                                          {.mean_pre = 1, .sd_pre = 1, .mean_post = 2, .retest_correlation = 1.5}, higher),
                    "alliance.stats.correlation_out_of_range", "retest_correlation is 1.5");
    CHECK_THROWS_ID(reliable_change_index(rc_method::chelune,
                                          {.mean_pre = 1, .sd_pre = 1, .mean_post = 2, .retest_correlation = 1}, higher),
                    "alliance.stats.degenerate_standard_error", "'chelune'");
    CHECK_THROWS_ID(reliable_change_index(rc_method::edwards_nunnally,
                                          {.mean_pre = std::numeric_limits<double>::infinity(), .sd_pre = 1,
                                           .reliability = 0.8},
                                          higher),
                    "alliance.stats.not_finite", "mean_pre is inf");
    CHECK_THROWS_ID(reliable_change_index(rc_method::jacobson_truax, {.sd_pre = 10, .reliability = 0.8}, direction{}),
                    "alliance.stats.direction_not_set", "direction is not set");
    // Hageman & Arrindell: a post SD below the SE of measurement makes r_dd negative.
    CHECK_THROWS_ID(reliable_change_index(rc_method::hageman_arrindell,
                                          {.mean_pre = 50, .sd_pre = 10, .mean_post = 40, .sd_post = 5,
                                           .reliability = 0.5, .retest_correlation = 0.9},
                                          higher),
                    "alliance.stats.degenerate_difference_reliability", "r_dd is -1.857");

    const reliable_change_index rci(rc_method::jacobson_truax, {.sd_pre = 10, .reliability = 0.8}, higher);
    CHECK_THROWS_ID(reliable_change(rci, std::numeric_limits<double>::quiet_NaN(), 3), "alliance.stats.not_finite",
                    "pre score is NaN");
    const std::vector<score_pair> pairs{{1, 2}, {3, 4}, {5, std::numeric_limits<double>::infinity()}};
    CHECK_THROWS_ID(reliable_change(rci, pairs), "alliance.stats.not_finite", "pair 3, post score is inf");
    CHECK_THROWS_ID(reliable_change(rci, 1e308, -1e308), "alliance.stats.numerical_failure", "overflowed");

    const std::vector<score_pair> one{{1, 2}};
    CHECK_THROWS_ID(complete_from_sample(rc_method::jacobson_truax, {.reliability = 0.8}, one),
                    "alliance.stats.too_few_observations", "pre scores has 1 observation; at least 2");
    const std::vector<score_pair> flat{{3, 1}, {3, 2}, {3, 4}};
    CHECK_THROWS_ID(complete_from_sample(rc_method::chelune, {}, flat), "alliance.stats.zero_variance",
                    "pre scores has zero variance");
}
