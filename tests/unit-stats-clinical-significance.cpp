// alliance/stats/clinical_significance.hpp: J&T and Hageman & Arrindell cut-offs and the J&T
// categories, against the R re-implementation of clinicalsignificance 3.0.0 and of J&T's wording
// (tests/reference/stats_reference.R -> tests/data/stats-cutoffs-jt1991.csv,
// stats-categories-jt1991.csv) on the Jacobson & Truax (1991) Table 2 data.
#include <doctest/doctest.h>

#include <alliance/stats/clinical_significance.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using alliance::norm;
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
    // No ids: a norm's id is a view, and these norms outlive this call (CAPTURE names the measure).
    s.clinical = {.mean = value("mean_pre"), .sd = value("sd_pre")};
    s.functional = {.mean = value("functional_mean"), .sd = value("functional_sd")};
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
    CHECK_THROWS_ID(
        jacobson_truax_cutoffs({.id = "pre", .mean = 10, .sd = 0}, good, direction::higher_is_better),
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

// ---------------------------------------------------------------------------------------------
// Hageman & Arrindell (1999) CS_indiv, against the R re-implementation of clinicalsignificance
// 3.0.0 (tests/reference/stats_reference_equivalence_bayes_ha.R -> stats-ha-cs-indiv.csv) and by hand.

TEST_CASE("Hageman-Arrindell CS_indiv and categories match the R reference (J&T Table 2, a/b/c, both rules)") {
    const reference_table ha("stats-ha-cs-indiv.csv");
    const reference_table p("stats-rc-parameters.csv");
    stats_test::worst_deviation() = 0;
    std::size_t compared = 0;
    for (const std::string measure : {"das", "gds"}) {
        CAPTURE(measure);
        const setup s = load(measure);
        const auto value = [&](std::string_view name) { return p.lookup({{"measure", measure}, {"parameter", name}}); };
        const critical_value one_sided = critical_value::from_confidence(0.95, tails::one_sided);
        const reliable_change_index rc(rc_method::hageman_arrindell,
                                       {.mean_pre = value("mean_pre"), .sd_pre = value("sd_pre"),
                                        .mean_post = value("mean_post"), .sd_post = value("sd_post"),
                                        .reliability = s.reliability, .retest_correlation = value("retest_correlation")},
                                       s.better, one_sided);
        for (const cutoff_kind kind : {cutoff_kind::a, cutoff_kind::b, cutoff_kind::c}) {
            CAPTURE(to_string(kind));
            const cs_indiv_index cs({.clinical = s.clinical, .functional = s.functional, .mean_post = value("mean_post"),
                                     .sd_post = value("sd_post"), .reliability = s.reliability, .kind = kind},
                                    s.better, one_sided);
            for (const std::size_t row : ha.where("measure", measure)) {
                if (ha.text(row, "cutoff") != to_string(kind)) continue;
                CAPTURE(ha.text(row, "couple"));
                CHECK_CLOSE(cs.cutoff(), ha.number(row, "cutoff_value"), 1e-15);
                CHECK_CLOSE(cs.reliability_post(), ha.number(row, "reliability_post"), 1e-15);
                const reliable_change_result change = reliable_change(rc, ha.number(row, "pre"), ha.number(row, "post"));
                CHECK_CLOSE(change.index, ha.number(row, "rc_indiv"), 1e-13);
                CHECK_CLOSE_SCALED(cs.index(change.post), ha.number(row, "cs_indiv"), 1e-13, 1.0);
                CHECK(categorize(change, cs).category == parse_category(ha.text(row, "category")));
                CHECK(categorize(change, cs, recovery_rule::clinicalsignificance).category ==
                      parse_category(ha.text(row, "category_clinicalsignificance")));
                ++compared;
            }
        }
    }
    CHECK(compared == 3 * (30 + 26));
    MESSAGE("largest relative deviation from R: " << stats_test::worst_deviation());
}

TEST_CASE("CS_indiv by hand") {
    // Clinical 20 (10), functional 40 (10), post 30 (10), rxx .75, higher is better:
    // SE = 10 sqrt(.25) = 5; rxx1 = rxx0 = rxx2 = (100 - 25)/100 = .75; c_true = 30 (equal SDs);
    // a_true = 20 + 2 x 10 sqrt(.75) = 20 + 10 sqrt(3).
    // CS_indiv(x) = (30 + (x - 30) .75 - c) / (sqrt(.75) 5); at x = 40 and c = 30: 7.5 / (2.5 sqrt(3)) = sqrt(3).
    const cs_indiv_parameters parameters{.clinical = {.mean = 20, .sd = 10}, .functional = {.mean = 40, .sd = 10},
                                         .mean_post = 30, .sd_post = 10, .reliability = 0.75, .kind = cutoff_kind::c};
    const cs_indiv_index c(parameters, direction::higher_is_better);
    CHECK(c.standard_error() == doctest::Approx(5.0).epsilon(1e-15));
    CHECK(c.reliability_post() == doctest::Approx(0.75).epsilon(1e-15));
    CHECK(c.cutoff() == doctest::Approx(30.0).epsilon(1e-15));
    CHECK(c.index(40) == doctest::Approx(std::sqrt(3.0)).epsilon(1e-15));
    CHECK(c.index(30) == doctest::Approx(0.0).epsilon(1e-15));
    cs_indiv_parameters with_a = parameters;
    with_a.kind = cutoff_kind::a;
    const cs_indiv_index a(with_a, direction::higher_is_better);
    CHECK(a.cutoff() == doctest::Approx(20.0 + 10.0 * std::sqrt(3.0)).epsilon(1e-15));
    // Lower is better: the same numbers mirror; CS_indiv keeps its sign, the comparison flips.
    const cs_indiv_index lower({.clinical = {.mean = 40, .sd = 10}, .functional = {.mean = 20, .sd = 10},
                                .mean_post = 30, .sd_post = 10, .reliability = 0.75, .kind = cutoff_kind::c},
                               direction::lower_is_better, critical_value::from_confidence(0.95, tails::one_sided));
    CHECK(lower.index(20) == doctest::Approx(-std::sqrt(3.0)).epsilon(1e-15));
    CHECK(lower.clinically_significant(20));   // -1 x -1.732 = 1.732 > 1.645
    CHECK_FALSE(lower.clinically_significant(40));
    CHECK_FALSE(c.clinically_significant(40));  // default two-sided 1.96: 1.732 is not beyond it
}

TEST_CASE("CS_indiv boundary: exactly on the critical value is not clinically significant (strict)") {
    const cs_indiv_parameters parameters{.clinical = {.mean = 20, .sd = 10}, .functional = {.mean = 40, .sd = 10},
                                         .mean_post = 30, .sd_post = 10, .reliability = 0.75, .kind = cutoff_kind::c};
    const double at = cs_indiv_index(parameters, direction::higher_is_better).index(40);
    CHECK_FALSE(cs_indiv_index(parameters, direction::higher_is_better, critical_value::literal(at)).clinically_significant(40));
    CHECK(cs_indiv_index(parameters, direction::higher_is_better, critical_value::literal(std::nextafter(at, 0.0)))
              .clinically_significant(40));
}

TEST_CASE("HA categories: recovered needs reliable improvement and CS_indiv; the package also needs a clinical pre") {
    const critical_value crit = critical_value::from_confidence(0.95, tails::one_sided);
    const reliable_change_index rc(rc_method::hageman_arrindell,
                                   {.mean_pre = 20, .sd_pre = 10, .mean_post = 30, .sd_post = 10, .reliability = 0.75,
                                    .retest_correlation = 0.3},
                                   direction::higher_is_better, crit);
    const cs_indiv_index cs({.clinical = {.mean = 20, .sd = 10}, .functional = {.mean = 40, .sd = 10}, .mean_post = 30,
                             .sd_post = 10, .reliability = 0.75, .kind = cutoff_kind::c},
                            direction::higher_is_better, crit);
    const auto category = [&](double pre, double post, recovery_rule rule = recovery_rule::jacobson_truax) {
        return categorize(reliable_change(rc, pre, post), cs, rule).category;
    };
    CHECK(category(15, 45) == jt_category::recovered);  // CS_indiv(45) = 2.60 > 1.645
    CHECK(category(5, 32) == jt_category::improved);    // reliable, but CS_indiv(32) = 0.35
    CHECK(category(20, 22) == jt_category::unchanged);
    CHECK(category(40, 10) == jt_category::deteriorated);
    // Started on the functional side of c = 30: recovered by the J&T rule, improved by the package's.
    CHECK(category(31, 60) == jt_category::recovered);
    CHECK(category(31, 60, recovery_rule::clinicalsignificance) == jt_category::improved);
    const ha_classification detail = categorize(reliable_change(rc, 15, 45), cs);
    CHECK(detail.cs_indiv == doctest::Approx(0.75 * 15.0 / (5.0 * std::sqrt(0.75))).epsilon(1e-14));
    CHECK(detail.clinically_significant);
    const reliable_change_index other_direction(rc_method::hageman_arrindell,
                                                {.mean_pre = 20, .sd_pre = 10, .mean_post = 30, .sd_post = 10,
                                                 .reliability = 0.75, .retest_correlation = 0.3},
                                                direction::lower_is_better, crit);
    CHECK_THROWS_ID(categorize(reliable_change(other_direction, 15, 45), cs), "alliance.stats.direction_mismatch",
                    "different directions");
}

TEST_CASE("CS_indiv inputs are checked") {
    const norm clinical{.mean = 20, .sd = 10}, functional{.mean = 40, .sd = 10};
    // SE = 10 sqrt(.25) = 5 is not below the post SD 4: no true-score reliability at post.
    CHECK_THROWS_ID(cs_indiv_index({.clinical = clinical, .functional = functional, .mean_post = 30, .sd_post = 4,
                                    .reliability = 0.75},
                                   direction::higher_is_better),
                    "alliance.stats.degenerate_true_score_reliability", "post scores' SD 4");
    CHECK_THROWS_ID(cs_indiv_index({.clinical = clinical, .functional = functional, .mean_post = 30, .sd_post = 0,
                                    .reliability = 0.75},
                                   direction::higher_is_better),
                    "alliance.stats.sd_not_positive", "sd_post is 0");
    CHECK_THROWS_ID(cs_indiv_index({.clinical = clinical, .functional = functional, .mean_post = 30, .sd_post = 10,
                                    .reliability = 1.0},
                                   direction::higher_is_better),
                    "alliance.stats.degenerate_standard_error", "reliability 1");
    const cs_indiv_index ok({.clinical = clinical, .functional = functional, .mean_post = 30, .sd_post = 10,
                             .reliability = 0.75},
                            direction::higher_is_better);
    CHECK_THROWS_ID(ok.index(std::numeric_limits<double>::quiet_NaN()), "alliance.stats.not_finite", "post score is NaN");
}
