// Scoring: hand-worked records for the built-in instruments and for a test-only instrument
// with reverse keys, every missing-item rule at its boundary, and every invalid input.
// Expected values are worked out by hand in the comments beside them.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include "fixtures.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace alliance;
using instruments::ors;
using instruments::srs;
using instruments::wai_sr;

namespace {

using test::keyed;
using test::with_na;

std::string message_of(auto&& call) {
    try {
        call();
    } catch (const error& e) {
        return e.what();
    }
    return "no exception";
}

}  // namespace

TEST_CASE("WAI-SR complete record: subscale and total sums and means") {
    // items:  1 2 3 4 5 6 7 8 9 10 11 12
    //         5 4 3 2 1 5 4 3 2 1  5  4
    // task 1,2,10,12 = 5+4+1+4 = 14; goal 4,6,8,11 = 2+5+3+5 = 15; bond 3,5,7,9 = 3+1+4+2 = 10
    const auto s = score(wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
    REQUIRE(s.size() == 4);
    CHECK(s["task"].sum() == 14);
    CHECK(s["task"].mean() == 3.5);
    CHECK(s["goal"].sum() == 15);
    CHECK(s["goal"].mean() == 3.75);
    CHECK(s["bond"].sum() == 10);
    CHECK(s["bond"].mean() == 2.5);
    CHECK(s["total"].sum() == 39);
    CHECK(s["total"].mean() == 3.25);
    CHECK(s["total"].reported_value() == 39);  // WAI-SR's canonical metric is the sum
    for (const auto& scale : s) {
        CHECK(scale.status() == score_status::complete);
        CHECK(scale.answered() == scale.items());
    }
    CHECK(s.status() == score_status::complete);
    // by index, in catalogue order
    CHECK(s[0].name() == "task");
    CHECK(s[3].name() == "total");
}

TEST_CASE("WAI-SR extremes: all 1s and all 5s") {
    const auto low = score(wai_sr, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    const auto high = score(wai_sr, {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5});
    CHECK(low["total"].sum() == 12);  // published range 12-60
    CHECK(high["total"].sum() == 60);
    CHECK(low["bond"].sum() == 4);  // subscales 4-20
    CHECK(high["bond"].sum() == 20);
}

TEST_CASE("WAI-SR has no published missing-item rule: an incomplete scale is insufficient") {
    // item 10 (task) missing
    const auto s = score(wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, missing, 5, 4});
    CHECK(s["task"].status() == score_status::insufficient);
    CHECK_FALSE(s["task"].has_score());
    CHECK(s["task"].answered() == 3);
    CHECK(s["goal"].status() == score_status::complete);
    CHECK(s["bond"].sum() == 10);
    CHECK(s["total"].status() == score_status::insufficient);
    CHECK(s.status() == score_status::insufficient);
    CHECK_THROWS_AS((void)s["task"].sum(), lookup_error);
    CHECK(message_of([&] { (void)s["task"].mean(); }) ==
          "[alliance.score.insufficient] wai-sr, scale 'task': 3 of 4 items answered, too few for "
          "rule 'all 4 items required'; the scale has no score");
}

TEST_CASE("WAI-SR with proration chosen explicitly by the caller") {
    const scoring_options prorate{.missing_override = missing_rule::prorate_min_answered(3)};
    // task items 1,2,10,12 = 5,4,-,4: mean 13/3, prorated sum 13/3*4 = 17.333...
    const auto s = score(wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, missing, 5, 4}, prorate);
    CHECK(s["task"].status() == score_status::prorated);
    CHECK(s["task"].mean() == doctest::Approx(13.0 / 3).epsilon(1e-15));
    CHECK(s["task"].sum() == doctest::Approx(52.0 / 3).epsilon(1e-15));
    // total: 38 over 11 answered, prorated to 12 items: 38/11*12
    CHECK(s["total"].status() == score_status::prorated);
    CHECK(s["total"].sum() == doctest::Approx(38.0 / 11 * 12).epsilon(1e-15));
    CHECK(s["goal"].status() == score_status::complete);
    CHECK(s.status() == score_status::prorated);
    // two task items missing: 2 < 3 answered -> insufficient even with the override
    const auto two = score(wai_sr, {missing, 4, 3, 2, 1, 5, 4, 3, 2, missing, 5, 4}, prorate);
    CHECK(two["task"].status() == score_status::insufficient);
}

TEST_CASE("SRS and ORS: decimal visual-analogue marks, total 0-40, cut-offs") {
    // 9.1 + 8.7 + 10 + 7.4 = 35.2 exactly (the double nearest 35.2) -> below the SRS cut-off of 36
    const auto s = score(srs, {9.1, 8.7, 10.0, 7.4});
    CHECK(s["total"].sum() == 35.2);
    CHECK(flags(instruments::srs_total_cutoff, s["total"].sum()));
    // exactly 36: not flagged under '< 36' (OpenFIT), flagged under '<= 36' (hiboop)
    const auto at = score(srs, {9, 9, 9, 9});
    CHECK(at["total"].sum() == 36);
    CHECK_FALSE(flags(instruments::srs_total_cutoff, 36));
    CHECK(flags(instruments::srs_total_cutoff.with(flag_when::at_or_below), 36));
    // ORS adult: 6.2 + 5 + 7.3 + 6 = 24.5 < 25 -> clinical range
    const auto o = score(ors, {6.2, 5.0, 7.3, 6.0});
    CHECK(o["total"].sum() == 24.5);
    CHECK(flags(instruments::ors_adult_cutoff, o["total"].sum()));
    CHECK_FALSE(flags(instruments::ors_adult_cutoff, 25.0));
    // the ends of the lines
    CHECK(score(srs, {0, 0, 0, 0})["total"].sum() == 0);
    CHECK(score(ors, {10, 10, 10, 10})["total"].sum() == 40);
    // one line left blank: no published rule, so no total
    CHECK(score(srs, {9, 9, missing, 9})["total"].status() == score_status::insufficient);
}

TEST_CASE("visual-analogue sums are exact decimals: the SRS cut-off of 36 from both sides") {
    // In binary, 8.6 + 9.7 + 9.9 + 7.8 is 35.99999999999999 and would be flagged '< 36'; the
    // marks add up to exactly 36.0, which the published rule (total < 36, OpenFIT) does not flag.
    CHECK(8.6 + 9.7 + 9.9 + 7.8 != 36.0);  // the binary noise this test guards against
    const auto exactly_36 = score(srs, {8.6, 9.7, 9.9, 7.8});
    CHECK(exactly_36["total"].sum() == 36.0);
    CHECK_FALSE(flags(instruments::srs_total_cutoff, exactly_36["total"].sum()));
    CHECK(exactly_36["total"].mean() == 9.0);
    // 35.9: one millimetre below, flagged; 36.1: one above, not flagged.
    const auto below = score(srs, {8.6, 9.7, 9.9, 7.7});
    CHECK(below["total"].sum() == 35.9);
    CHECK(flags(instruments::srs_total_cutoff, below["total"].sum()));
    const auto above = score(srs, {8.6, 9.7, 9.9, 7.9});
    CHECK(above["total"].sum() == 36.1);
    CHECK_FALSE(flags(instruments::srs_total_cutoff, above["total"].sum()));
    // The mean is the double nearest the exact quotient: 35.9 / 4 = 8.975.
    CHECK(below["total"].mean() == 8.975);
    // Longer sums stay exact: 0.1 x 4 = 0.4 (in binary 0.1 + 0.1 + 0.1 + 0.1 = 0.4 as well,
    // but 0.7 + 0.1 + 0.1 + 0.1 = 0.9999999999999999).
    CHECK(0.7 + 0.1 + 0.1 + 0.1 != 1.0);
    CHECK(score(srs, {0.7, 0.1, 0.1, 0.1})["total"].sum() == 1.0);
}

TEST_CASE("a mark off the scale's resolution is an error naming it") {
    // The SRS lines are read to the millimetre (0.1 cm); 7.45 is not a mark on that grid, as
    // 3.5 is not an anchor of a Likert scale.
    CHECK(message_of([] { (void)score(srs, {9.1, 8.7, 10.0, 7.45}, {.record = "line 3"}); }) ==
          "[alliance.response.off_resolution] srs, record 'line 3', item 4: response 7.45 is not a multiple "
          "of the resolution 0.1 of the scale 0..10");
    const std::array<response, 4> record{9.1, 8.7, 10.0, 7.45};
    const auto problems = check(srs, record);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == response_errc::off_resolution);
    CHECK(problems[0].item == 4);
    // A finer resolution (an electronic slider read to 0.01) accepts it, and sums exactly:
    // 9.1 + 8.7 + 10 + 7.45 = 35.25.
    instrument_definition fine = definition_of(srs.view());
    fine.response_format.resolution = 0.01;
    const runtime_instrument slider(fine);
    CHECK(score(slider, record)["total"].sum() == 35.25);
    // A resolution of 0.25 (quarter points, units of 1/100 with a step of 25).
    fine.response_format.resolution = 0.25;
    const runtime_instrument quarters(fine);
    CHECK(score(quarters, {9.25, 8.5, 10.0, 7.75})["total"].sum() == 35.5);
    CHECK(check(quarters, record).at(0).code == response_errc::off_resolution);
}

TEST_CASE("a response scale whose resolution is not a short decimal, or whose ends are off its grid, is malformed") {
    instrument_definition def = definition_of(srs.view());
    def.response_format.resolution = 0.3;  // 10 is not a multiple of 0.3
    CHECK_THROWS_AS(runtime_instrument{def}, definition_error);
    def.response_format.resolution = 1e-7;  // more than six decimal places
    CHECK_THROWS_AS(runtime_instrument{def}, definition_error);
    def.response_format.resolution = 0.2;  // 0..10 in steps of 0.2: fine
    CHECK_NOTHROW(runtime_instrument{def});
}

TEST_CASE("reverse keys use the nominal scale: min + max - x") {
    // items 1..6 = 7 1 4 2 3 6; item 2 -> 8-1 = 7, item 6 -> 8-6 = 2
    const auto s = score(keyed, {7, 1, 4, 2, 3, 6});
    CHECK(s["a"].sum() == 18);  // 7 + 7 + 4
    CHECK(s["a"].mean() == 6);
    CHECK(s["a"].reported_value() == 6);  // default metric: mean
    CHECK(s["b"].sum() == 7);    // 2 + 3 + 2
    CHECK(s["b"].reported_value() == 7);  // scale b reports its sum
    CHECK(s["total"].sum() == 25);
    CHECK(keyed.is_reversed(2));
    CHECK(keyed.is_reversed(6));
    CHECK_FALSE(keyed.is_reversed(1));
    // even when no respondent used the extremes, 2 maps to 6 (not to the observed range)
    const auto mid = score(keyed, {3, 2, 3, 3, 3, 3});
    CHECK(mid["a"].sum() == 12);  // 3 + 6 + 3
}

TEST_CASE("prorate_min_answered: just enough answered vs one too few") {
    // scale a (3 items) needs 2 answered; item 2 reversed 8-1 = 7
    const auto enough = score(keyed, {missing, 1, 4, 2, 3, 6});
    CHECK(enough["a"].status() == score_status::prorated);
    CHECK(enough["a"].answered() == 2);
    CHECK(enough["a"].mean() == 5.5);          // (7 + 4) / 2
    CHECK(enough["a"].sum() == 16.5);          // 5.5 * 3
    const auto too_few = score(keyed, {missing, missing, 4, 2, 3, 6});
    CHECK(too_few["a"].status() == score_status::insufficient);
    CHECK(too_few["a"].answered() == 1);
}

TEST_CASE("all_required on one scale while the others prorate") {
    const auto s = score(keyed, {7, 1, 4, 2, missing, 6});
    CHECK(s["b"].status() == score_status::insufficient);
    CHECK(s["a"].status() == score_status::complete);
    // total allows one missing: 7+7+4+2+2 = 22 over 5 answered -> 22/5*6 = 26.4
    CHECK(s["total"].status() == score_status::prorated);
    CHECK(s["total"].sum() == doctest::Approx(26.4).epsilon(1e-15));
}

TEST_CASE("prorate_max_missing: at most k missing vs k + 1") {
    const auto one = score(keyed, {7, 1, 4, 2, 3, missing});
    CHECK(one["total"].status() == score_status::prorated);
    const auto two = score(keyed, {7, 1, 4, missing, 3, missing});
    CHECK(two["total"].status() == score_status::insufficient);
}

TEST_CASE("prorate_min_fraction: exact fractions are not lost to rounding") {
    const scoring_options three_quarters{.missing_override = missing_rule::prorate_min_fraction(0.75)};
    // WAI-SR task (4 items): 3 answered = exactly 0.75 -> prorated; 2 answered -> insufficient
    const auto three = score(wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, missing, 5, 4}, three_quarters);
    CHECK(three["task"].status() == score_status::prorated);
    const auto two = score(wai_sr, {missing, 4, 3, 2, 1, 5, 4, 3, 2, missing, 5, 4}, three_quarters);
    CHECK(two["task"].status() == score_status::insufficient);
    // total: 10 of 12 = 0.833 >= 0.75 -> prorated
    CHECK(two["total"].status() == score_status::prorated);
    // 0.1 * 10 in floating point is 1.0000000000000002; one of ten answered must still pass
    const missing_rule tenth = missing_rule::prorate_min_fraction(0.1);
    CHECK(tenth.allows(1, 10));
    CHECK_FALSE(tenth.allows(0, 10));
}

TEST_CASE("replace_by_mean: 'does not apply' and missing both count, up to the limit") {
    // 4 + 5 + N/A + missing: 2 replaced by the mean 4.5 -> 18
    const auto two = score(with_na, {4, 5, not_applicable, missing});
    CHECK(two["total"].status() == score_status::prorated);
    CHECK(two["total"].answered() == 2);
    CHECK(two["total"].sum() == 18);
    const auto three = score(with_na, {4, not_applicable, not_applicable, missing});
    CHECK(three["total"].status() == score_status::insufficient);
}

TEST_CASE("nothing answered is never scored, whatever the rule") {
    const scoring_options lenient{.missing_override = missing_rule::prorate_min_fraction(0.01)};
    const auto s = score(wai_sr, std::array<response, 12>{missing, missing, missing, missing, missing, missing,
                                                          missing, missing, missing, missing, missing, missing},
                         lenient);
    for (const auto& scale : s) CHECK(scale.status() == score_status::insufficient);
}

TEST_CASE("invalid responses are errors naming instrument, record, item and value") {
    const scoring_options line4{.record = "line 4"};
    CHECK(message_of([&] { (void)score(wai_sr, {5, 4, 6, 2, 1, 5, 4, 3, 2, 1, 5, 4}, line4); }) ==
          "[alliance.response.out_of_range] wai-sr, record 'line 4', item 3: response 6 is outside "
          "the response scale 1..5");
    CHECK(message_of([&] { (void)score(wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 0}); }) ==
          "[alliance.response.out_of_range] wai-sr, item 12: response 0 is outside the response "
          "scale 1..5");
    CHECK(message_of([&] { (void)score(wai_sr, {5, 4.5, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4}, line4); }) ==
          "[alliance.response.not_integer] wai-sr, record 'line 4', item 2: response 4.5 is not one "
          "of the integer anchors 1..5 of the Likert scale");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(message_of([&] { (void)score(srs, {nan, 1, 1, 1}); }) ==
          "[alliance.response.not_finite] srs, item 1: response NaN is not a finite number (mark an "
          "unanswered item as missing)");
    CHECK(message_of([&] { (void)score(srs, {1, inf, 1, 1}); }).find("item 2: response inf is not a finite") !=
          std::string::npos);
    CHECK(message_of([&] { (void)score(srs, {1, 1, -inf, 1}); }).find("item 3: response -inf") != std::string::npos);
    CHECK(message_of([&] { (void)score(srs, {1, 1, 1, 10.01}); }).find("item 4: response 10.01 is outside") !=
          std::string::npos);
    CHECK(message_of([&] { (void)score(srs, {-0.1, 1, 1, 1}); }).find("item 1: response -0.1 is outside") !=
          std::string::npos);
    CHECK(message_of([&] { (void)score(wai_sr, {5, 4, 3, not_applicable, 1, 5, 4, 3, 2, 1, 5, 4}); }) ==
          "[alliance.response.not_applicable_not_offered] wai-sr, item 4: 'does not apply' is not an "
          "option of this instrument's response scale");
    CHECK(message_of([&] { (void)score(srs, {1, 2, 3}, line4); }) ==
          "[alliance.response.wrong_count] srs, record 'line 4': 3 responses given, the instrument has 4 items");
    CHECK(message_of([&] { (void)score(srs, {1, 2, 3, 4, 5}); }).find("5 responses given") != std::string::npos);
    // more than one problem: the first is named, the rest counted
    CHECK(message_of([&] { (void)score(wai_sr, {9, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 0}); }) ==
          "[alliance.response.out_of_range] wai-sr, item 1: response 9 is outside the response scale "
          "1..5 (and 1 more problems in this record)");
    // the error family and id
    try {
        (void)score(wai_sr, {9, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
        FAIL("expected an exception");
    } catch (const response_error& e) {
        CHECK(e.id() == "alliance.response.out_of_range");
    }
}

TEST_CASE("an invalid value is never treated as missing, even where missing would be tolerated") {
    // keyed's scale a tolerates one missing item, but a 9 on a 1-7 scale is an error
    CHECK_THROWS_AS((void)score(keyed, {9, 1, 4, 2, 3, 6}), response_error);
    CHECK_THROWS_AS((void)score(keyed, {std::numeric_limits<double>::quiet_NaN(), 1, 4, 2, 3, 6}), response_error);
}

TEST_CASE("check(): every problem of a record, without exceptions") {
    const std::vector<response> record{0, 4, 3.5, 2, 1, 5, std::numeric_limits<double>::infinity(), 3, 2,
                                       not_applicable, 5, missing};
    const auto problems = check(wai_sr, record);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].code == response_errc::out_of_range);
    CHECK(problems[0].item == 1);
    CHECK(problems[0].value == 0);
    CHECK(problems[1].code == response_errc::not_integer);
    CHECK(problems[1].item == 3);
    CHECK(problems[2].code == response_errc::not_finite);
    CHECK(problems[2].item == 7);
    CHECK(problems[3].code == response_errc::not_applicable_not_offered);
    CHECK(problems[3].item == 10);
    CHECK(describe(problems[1], wai_sr.view(), "client 7") ==
          "wai-sr, record 'client 7', item 3: response 3.5 is not one of the integer anchors 1..5 of the Likert scale");
    CHECK(check(wai_sr, std::vector<response>{5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, missing}).empty());
    const auto short_record = check(srs, std::vector<response>{1, 2});
    REQUIRE(short_record.size() == 1);
    CHECK(short_record[0].code == response_errc::wrong_count);
    CHECK(short_record[0].value == 2);
}

TEST_CASE("looking up a scale that does not exist names the scales that do") {
    const auto s = score(wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
    CHECK(message_of([&] { (void)s["tasks"]; }) ==
          "[alliance.score.unknown_scale] wai-sr has no scale 'tasks'; its scales are task, goal, bond, total");
    CHECK_THROWS_AS((void)s[4], lookup_error);
    CHECK(s.find("bond") != nullptr);
    CHECK(s.find("Bond") == nullptr);
}

TEST_CASE("the rule that decided is reported with the score") {
    const auto s = score(keyed, {7, 1, 4, 2, 3, 6});
    CHECK(s["a"].rule() == missing_rule::prorate_min_answered(2));
    CHECK(s["b"].rule() == missing_rule::all_required());
    CHECK(describe(s["total"].rule(), s["total"].items()) == "prorate if at most 1 of 6 missing");
}

TEST_CASE("try_score: same numbers as score, false instead of an exception, storage reused") {
    const auto runtime_wai = to_runtime(wai_sr);
    dynamic_score_set out(runtime_wai.id(), 0);
    const std::vector<response> good{5, 4, 3, 2, 1, 5, 4, 3, 2, missing, 5, 4};
    const scoring_options prorate{.missing_override = missing_rule::prorate_min_answered(3)};
    REQUIRE(try_score(runtime_wai, good, prorate, out));
    REQUIRE(out.size() == 4);
    CHECK(out["task"].sum() == doctest::Approx(52.0 / 3).epsilon(1e-15));  // as in the score() test above
    CHECK(out["goal"].sum() == 15);
    const auto* storage = &out[0];
    const std::vector<response> bad{5, 4, 9, 2, 1, 5, 4, 3, 2, 1, 5, 4};
    CHECK_FALSE(try_score(runtime_wai, bad, {}, out));
    CHECK_FALSE(try_score(runtime_wai, std::vector<response>{1, 2}, {}, out));
    REQUIRE(try_score(runtime_wai, std::vector<response>{5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4}, {}, out));
    CHECK(&out[0] == storage);  // no new allocation for the next record
    CHECK(out["total"].sum() == 39);
}

// try_score validates in its own fast pass; check() classifies. They must never disagree, or a
// batch driver would report an invalid row with no problem named (or score a bad one).
TEST_CASE("try_score and check() agree on every kind of response") {
    const double edge_values[] = {0, -0.0, 1, 1.5, 4.999999999999999, 5, 5.000000000000001, 7, 7.5, 10, 10.01,
                                  -1, 1e300, -1e300, 4e-320, std::numeric_limits<double>::quiet_NaN(),
                                  std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    std::vector<response> answers(std::begin(edge_values), std::end(edge_values));
    answers.push_back(missing);
    answers.push_back(not_applicable);
    const auto likert_route = to_runtime(keyed);    // 1-7, no "does not apply"
    const auto vas_route = to_runtime(srs);         // 0-10 analogue
    const auto na_route = to_runtime(with_na);      // 1-5 with "does not apply"
    dynamic_score_set out(likert_route.id(), 0);
    for (const response& answer : answers) {
        std::vector<response> k{4, 4, 4, 4, 4, 4};
        k[2] = answer;
        CHECK(try_score(likert_route, k, {}, out) == check(likert_route, k).empty());
        std::vector<response> v{5, 5, 5, 5};
        v[1] = answer;
        CHECK(try_score(vas_route, v, {}, out) == check(vas_route, v).empty());
        std::vector<response> n{3, 3, 3, 3};
        n[3] = answer;
        CHECK(try_score(na_route, n, {}, out) == check(na_route, n).empty());
    }
}
