// alliance/stats/clinical_significance.hpp: J&T and Hageman & Arrindell cut-offs and the J&T
// categories, against the R re-implementation of clinicalsignificance 3.0.0 and of J&T's wording
// (tests/reference/stats_reference.R -> tests/data/stats-cutoffs-jt1991.csv,
// stats-categories-jt1991.csv) on the Jacobson & Truax (1991) Table 2 data.
#include <doctest/doctest.h>

#include <alliance/stats/clinical_significance.hpp>

#include <limits>
#include <string>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

namespace {

struct setup {
    norm clinical;
    norm functional;
    double reliability = 0;
    direction better = direction::higher_is_better;
    change_parameters jt_parameters;
};

setup load(const std::string& measure) {
    const reference_table p("stats-rc-parameters.csv");
    const auto value = [&](std::string_view name) { return p.lookup({{"measure", measure}, {"parameter", name}}); };
    setup s;
    s.clinical = {.mean = value("mean_pre"), .sd = value("sd_pre"), .id = measure + "-pre"};
    s.functional = {.mean = value("functional_mean"), .sd = value("functional_sd"), .id = measure + "-functional"};
    s.reliability = value("reliability");
    s.better = value("direction") > 0 ? direction::higher_is_better : direction::lower_is_better;
    s.jt_parameters = {.sd_pre = value("sd_pre"), .reliability = value("reliability")};
    return s;
}

jt_category parse_category(const std::string& text) {
    if (text == "recovered") return jt_category::recovered;
    if (text == "improved") return jt_category::improved;
    if (text == "deteriorated") return jt_category::deteriorated;
    REQUIRE(text == "unchanged");
    return jt_category::unchanged;
}

}  // namespace

TEST_CASE("J&T and Hageman-Arrindell cut-offs match the R reference for both directions") {
    const reference_table cut("stats-cutoffs-jt1991.csv");
    for (const std::string measure : {"das", "gds"}) {
        CAPTURE(measure);
        const setup s = load(measure);
        const auto value = [&](std::string_view q) { return cut.lookup({{"measure", measure}, {"quantity", q}}); };
        const jt_cutoffs jt = jacobson_truax_cutoffs(s.clinical, s.functional, s.better);
        CHECK_CLOSE(jt.a, value("jt_a"), 1e-15);
        CHECK_CLOSE(jt.b, value("jt_b"), 1e-15);
        CHECK_CLOSE(jt.c, value("jt_c"), 1e-15);
        CHECK_CLOSE(jt.b_clinicalsignificance, value("jt_b_clinicalsignificance"), 1e-15);
        CHECK(jt[cutoff_kind::a] == jt.a);
        CHECK(jt[cutoff_kind::c] == jt.c);
        const ha_cutoffs ha = hageman_arrindell_cutoffs(s.clinical, s.functional, s.reliability, s.better);
        CHECK_CLOSE(ha.a, value("ha_a"), 1e-15);
        CHECK_CLOSE(ha.b, value("ha_b"), 1e-15);
        CHECK_CLOSE(ha.c, value("ha_c"), 1e-15);
        CHECK_CLOSE(ha.reliability_clinical, value("ha_reliability_clinical"), 1e-15);
        CHECK_CLOSE(ha.reliability_functional, value("ha_reliability_functional"), 1e-15);
        CHECK(ha[cutoff_kind::b] == ha.b);
    }
    MESSAGE("largest relative deviation from R: " << stats_test::worst_deviation());
}

TEST_CASE("cut-offs by hand: b uses the functional SD (J&T), the package variant the clinical SD") {
    // Clinical M1 = 70, SD1 = 20; functional M0 = 110, SD0 = 10; higher is better.
    const norm clinical{.mean = 70, .sd = 20};
    const norm functional{.mean = 110, .sd = 10};
    const auto up = jacobson_truax_cutoffs(clinical, functional, direction::higher_is_better);
    CHECK(up.a == 110);                    // 70 + 2 x 20
    CHECK(up.b == 90);                     // 110 - 2 x 10
    CHECK(up.b_clinicalsignificance == 70);  // 110 - 2 x 20
    CHECK(up.c == doctest::Approx(290.0 / 3.0).epsilon(1e-15));  // (20 x 110 + 10 x 70) / 30
    const auto down = jacobson_truax_cutoffs(clinical, functional, direction::lower_is_better);
    CHECK(down.a == 30);
    CHECK(down.b == 130);
    CHECK(down.c == up.c);  // c does not depend on the direction
}

TEST_CASE("the four J&T categories match the R reference under both recovery rules") {
    const reference_table cats("stats-categories-jt1991.csv");
    std::size_t compared = 0;
    for (const std::string measure : {"das", "gds"}) {
        const setup s = load(measure);
        const reliable_change_index rci(rc_method::jacobson_truax, s.jt_parameters, s.better);
        const jt_cutoffs cut = jacobson_truax_cutoffs(s.clinical, s.functional, s.better);
        for (const cutoff_kind kind : {cutoff_kind::a, cutoff_kind::b, cutoff_kind::c}) {
            CAPTURE(measure);
            CAPTURE(to_string(kind));
            for (const std::size_t row : cats.where("measure", measure)) {
                if (cats.text(row, "cutoff") != to_string(kind)) continue;
                CHECK_CLOSE(cut[kind], cats.number(row, "cutoff_value"), 1e-15);
                const auto change = reliable_change(rci, cats.number(row, "pre"), cats.number(row, "post"));
                CHECK(categorize(change, cut[kind]) == parse_category(cats.text(row, "category_jt")));
                CHECK(categorize(change, cut[kind], recovery_rule::clinicalsignificance) ==
                      parse_category(cats.text(row, "category_clinicalsignificance")));
                ++compared;
            }
        }
    }
    CHECK(compared == 3 * (30 + 26));
}

TEST_CASE("the functional side of a cut-off is strict and direction-aware") {
    CHECK(is_functional(91, 90, direction::higher_is_better));
    CHECK_FALSE(is_functional(90, 90, direction::higher_is_better));
    CHECK(is_functional(89, 90, direction::lower_is_better));
    CHECK_FALSE(is_functional(90, 90, direction::lower_is_better));
    // A reliably improved client who started on the functional side: recovered under J&T's
    // wording, only improved under clinicalsignificance's rule.
    const reliable_change_index rci(rc_method::jacobson_truax, {.sd_pre = 5, .reliability = 0.9},
                                    direction::higher_is_better);
    const auto change = reliable_change(rci, 95, 120);
    REQUIRE(change.classification == change_class::improved);
    CHECK(categorize(change, 90) == jt_category::recovered);
    CHECK(categorize(change, 90, recovery_rule::clinicalsignificance) == jt_category::improved);
    CHECK(categorize(change, 120) == jt_category::improved);  // exactly on the cut-off: not functional
}

TEST_CASE("cut-off kinds parse and print") {
    CHECK(parse_cutoff_kind("a") == cutoff_kind::a);
    CHECK(parse_cutoff_kind("c") == cutoff_kind::c);
    CHECK_FALSE(parse_cutoff_kind("d"));
    CHECK(to_string(cutoff_kind::b) == "b");
    CHECK(to_string(jt_category::recovered) == "recovered");
    CHECK(to_string(jt_category::deteriorated) == "deteriorated");
}

TEST_CASE("cut-off inputs are checked") {
    const norm good{.mean = 10, .sd = 2};
    CHECK_THROWS_ID(jacobson_truax_cutoffs({.mean = 10, .sd = 0, .id = "pre"}, good, direction::higher_is_better),
                    "alliance.stats.sd_not_positive", "clinical norm 'pre' SD is 0");
    CHECK_THROWS_ID(jacobson_truax_cutoffs(good, {.mean = std::numeric_limits<double>::quiet_NaN(), .sd = 1},
                                           direction::higher_is_better),
                    "alliance.stats.not_finite", "functional norm mean is NaN");
    CHECK_THROWS_ID(jacobson_truax_cutoffs(good, good, direction{}), "alliance.stats.direction_not_set", "not set");
    CHECK_THROWS_ID(hageman_arrindell_cutoffs(good, good, 1.5, direction::higher_is_better),
                    "alliance.stats.reliability_out_of_range", "reliability is 1.5");
    // SE = 20 sqrt(1 - 0.5) = 14.1 exceeds the functional SD 10: no true-score reliability left.
    CHECK_THROWS_ID(hageman_arrindell_cutoffs({.mean = 70, .sd = 20}, {.mean = 110, .sd = 10}, 0.5,
                                              direction::higher_is_better),
                    "alliance.stats.degenerate_true_score_reliability", "functional population's SD 10");
    CHECK_THROWS_ID(is_functional(std::numeric_limits<double>::infinity(), 1, direction::higher_is_better),
                    "alliance.stats.not_finite", "score is inf");
}
