// The catalogue's keys (WAI-36 client and therapist, WAI-S, CSRS, GSRS, CORS, HAq-II, CARE, CORE-OM, CORE-10, PHQ-9, GAD-7) scored
// on hand-worked records - every expected value is worked out in the comment beside it from the
// published key - and on 540 generated records whose scale means come from R's psych package
// (tests/reference/instrument_scores.R -> tests/data/instrument_scores_psych.csv).
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace alliance;
namespace ins = alliance::instruments;
constexpr auto NA = alliance::missing;
constexpr auto DNA = alliance::not_applicable;

template <class Scores>
void check_scale(const Scores& scores, std::string_view name, score_status status, double sum, double mean) {
    CAPTURE(name);
    const scale_score& s = scores[name];
    CHECK(s.status() == status);
    CHECK(s.sum() == doctest::Approx(sum).epsilon(1e-12));
    CHECK(s.mean() == doctest::Approx(mean).epsilon(1e-12));
}

template <class Scores>
void check_unscored(const Scores& scores, std::string_view name, int answered) {
    CAPTURE(name);
    CHECK(scores[name].status() == score_status::insufficient);
    CHECK(scores[name].answered() == answered);
    CHECK_THROWS_AS((void)scores[name].sum(), lookup_error);
}

}  // namespace

TEST_CASE("WAI-36 client and therapist forms: the published key, item by item") {
    // The key as published by the two sources named in wai_36.hpp, typed in again here:
    // item -> subscale, and whether it is reversed (8 - x on 1..7).
    const std::vector<int> task{2, 4, 7, 11, 13, 15, 16, 18, 24, 31, 33, 35};
    const std::vector<int> goal{3, 6, 9, 10, 12, 14, 22, 25, 27, 30, 32, 34};
    const std::vector<int> bond{1, 5, 8, 17, 19, 20, 21, 23, 26, 28, 29, 36};
    const std::vector<int> reverse{1, 3, 7, 9, 10, 11, 12, 15, 20, 27, 29, 31, 33, 34};
    const auto contains = [](const std::vector<int>& list, int item) {
        return std::find(list.begin(), list.end(), item) != list.end();
    };
    for (const auto* form : {&ins::wai_36_c, &ins::wai_36_t}) {
        CAPTURE(form->id());
        // Every item answered 4 (the midpoint, 8 - 4 = 4): 12 x 4 = 48 per subscale, 144 in total.
        std::vector<response> fours(36, response(4));
        const auto mid = score(*form, std::span<const response>(fours));
        check_scale(mid, "task", score_status::complete, 48, 4);
        check_scale(mid, "goal", score_status::complete, 48, 4);
        check_scale(mid, "bond", score_status::complete, 48, 4);
        check_scale(mid, "total", score_status::complete, 144, 4);
        // One item moved to 7: its own subscale moves by +3 (forward) or -3 (reversed, 8 - 7 = 1),
        // the other two stay at 48, and the total moves with it.
        for (int item = 1; item <= 36; ++item) {
            CAPTURE(item);
            std::vector<response> r = fours;
            r[static_cast<std::size_t>(item - 1)] = 7;
            const auto s = score(*form, std::span<const response>(r));
            const double shift = contains(reverse, item) ? -3 : 3;
            CHECK(s["task"].sum() == 48 + (contains(task, item) ? shift : 0));
            CHECK(s["goal"].sum() == 48 + (contains(goal, item) ? shift : 0));
            CHECK(s["bond"].sum() == 48 + (contains(bond, item) ? shift : 0));
            CHECK(s["total"].sum() == 144 + shift);
        }
        // Every item answered 7: task 7 forward x 7 + 5 reversed x 1 = 54; goal 6 x 7 + 6 x 1 = 48;
        // bond 9 x 7 + 3 x 1 = 66; total 168.
        std::vector<response> sevens(36, response(7));
        const auto hi = score(*form, std::span<const response>(sevens));
        check_scale(hi, "task", score_status::complete, 54, 4.5);
        check_scale(hi, "goal", score_status::complete, 48, 4);
        check_scale(hi, "bond", score_status::complete, 66, 5.5);
        check_scale(hi, "total", score_status::complete, 168, 168.0 / 36);
        // No published missing-item rule: one blank leaves its subscale and the total unscored.
        std::vector<response> gap = fours;
        gap[23] = NA;  // item 24, task
        const auto g = score(*form, std::span<const response>(gap));
        check_unscored(g, "task", 11);
        check_scale(g, "goal", score_status::complete, 48, 4);
        check_unscored(g, "total", 35);
        // 1..7 only.
        std::vector<response> bad = fours;
        bad[35] = 0;
        CHECK_THROWS_AS((void)score(*form, std::span<const response>(bad)), response_error);
    }
    // The highest alliance: forward items 7 and reversed items 1 give 12 x 7 = 84 per subscale.
    std::vector<response> best(36, response(7));
    for (const int item : reverse) best[static_cast<std::size_t>(item - 1)] = 1;
    const auto top = score(ins::wai_36_t, std::span<const response>(best));
    check_scale(top, "task", score_status::complete, 84, 7);
    check_scale(top, "total", score_status::complete, 252, 7);
}

TEST_CASE("WAI-S client form: items 4 and 10 reversed, bond 3 5 7 9 and the total; no task or goal") {
    // 7 6 5 2 4 6 7 5 6 3 6 7: items 4 and 10 become 8 - 2 = 6 and 8 - 3 = 5.
    // bond = items 3 + 5 + 7 + 9 = 5 + 4 + 7 + 6 = 22; total = 7+6+5+6+4+6+7+5+6+5+6+7 = 70.
    const auto s = score(ins::wai_s_c, {7, 6, 5, 2, 4, 6, 7, 5, 6, 3, 6, 7});
    REQUIRE(s.size() == 2);
    check_scale(s, "bond", score_status::complete, 22, 5.5);
    check_scale(s, "total", score_status::complete, 70, 70.0 / 12);
    // Task and goal are not shipped: asking for them is a lookup error, not a number.
    CHECK_THROWS_AS((void)s["task"], lookup_error);
    CHECK_THROWS_AS((void)s["goal"], lookup_error);
    check_unscored(score(ins::wai_s_c, {7, 6, NA, 2, 4, 6, 7, 5, 6, 3, 6, 7}), "bond", 3);
    CHECK_THROWS_AS((void)score(ins::wai_s_c, {8, 6, 5, 2, 4, 6, 7, 5, 6, 3, 6, 7}), response_error);
}

TEST_CASE("CSRS, GSRS and CORS: four 0-10 lines summed to 0-40, every line required") {
    // 8.5 + 9.0 + 7.2 + 9.9 = 34.6
    check_scale(score(ins::csrs, {8.5, 9.0, 7.2, 9.9}), "total", score_status::complete, 34.6, 8.65);
    check_scale(score(ins::gsrs, {10, 10, 10, 10}), "total", score_status::complete, 40, 10);
    check_scale(score(ins::gsrs, {0, 0, 0, 0}), "total", score_status::complete, 0, 0);
    check_unscored(score(ins::csrs, {8.5, NA, 7.2, 9.9}), "total", 3);
    CHECK_THROWS_WITH_AS((void)score(ins::gsrs, {10.1, 5, 5, 5}),
                         "[alliance.response.out_of_range] gsrs, item 1: response 10.1 is outside the "
                         "response scale 0..10",
                         response_error);

    // CORS: 6.0 + 7.5 + 8.0 + 9.0 = 30.5 is below the child cut-off of 32; 4 x 8 = 32 is not.
    const auto low = score(ins::cors, {6.0, 7.5, 8.0, 9.0});
    check_scale(low, "total", score_status::complete, 30.5, 7.625);
    CHECK(flags(ins::cors_child_cutoff, low["total"].reported_value()));
    CHECK_FALSE(flags(ins::cors_child_cutoff, score(ins::cors, {8, 8, 8, 8})["total"].reported_value()));
}

TEST_CASE("HAq-II: items 4, 8, 11, 16 and 19 reversed as 7 - x, all 19 required") {
    // Forward items answered 5, reversed items answered 2 (7 - 2 = 5): 19 x 5 = 95.
    const auto even = score(ins::haq_ii, {5, 5, 5, 2, 5, 5, 5, 2, 5, 5, 2, 5, 5, 5, 5, 2, 5, 5, 2});
    check_scale(even, "total", score_status::complete, 95, 5);
    // Every item answered 6: the 14 forward items give 84, the 5 reversed give 5 x 1 = 5; 89.
    const auto sixes = score(ins::haq_ii, {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6});
    check_scale(sixes, "total", score_status::complete, 89, 89.0 / 19);
    CHECK(sixes["total"].reported_value() == 89);  // canonical metric: the sum
    check_unscored(score(ins::haq_ii, {6, 6, 6, NA, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6}), "total", 18);
    CHECK_THROWS_AS((void)score(ins::haq_ii, {0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6}),
                    response_error);
}

TEST_CASE("CARE: up to two 'does not apply' or missing answers replaced by the mean of the rest") {
    // 5+4+5+3+4+5+5+4+3+5 = 43
    check_scale(score(ins::care, {5, 4, 5, 3, 4, 5, 5, 4, 3, 5}), "total", score_status::complete, 43, 4.3);
    // One N/A and one missing: the 8 answers sum to 5+4+3+4+5+4+3+5 = 33, mean 4.125; each of the
    // two is replaced by 4.125, so 33 + 2 x 4.125 = 41.25 (the boundary: just enough answered).
    const auto two = score(ins::care, {5, 4, DNA, 3, 4, 5, NA, 4, 3, 5});
    check_scale(two, "total", score_status::prorated, 41.25, 4.125);
    CHECK(two["total"].answered() == 8);
    // Two N/A: the same arithmetic, whichever way the two unanswered items are marked.
    check_scale(score(ins::care, {5, 4, DNA, 3, 4, 5, DNA, 4, 3, 5}), "total", score_status::prorated, 41.25, 4.125);
    // Three: excluded (one too few answered).
    check_unscored(score(ins::care, {5, 4, DNA, 3, 4, 5, NA, 4, DNA, 5}), "total", 7);
    check_unscored(score(ins::care, {DNA, DNA, DNA, DNA, DNA, DNA, DNA, DNA, DNA, DNA}), "total", 0);
    // "Does not apply" is a distinct answer; on a scale without that option it is an error.
    CHECK_THROWS_WITH_AS((void)score(ins::gad7, {1, 1, DNA, 1, 1, 1, 1}),
                         "[alliance.response.not_applicable_not_offered] gad-7, item 3: 'does not apply' "
                         "is not an option of this instrument's response scale",
                         response_error);
}

TEST_CASE("CORE-OM: reversed positive items, domain means, clinical score, CST proration limits") {
    // Every item answered 0. Forward items score 0; the 8 reversed items score 4 - 0 = 4.
    //   well-being 4 14 17 31: items 4 and 31 reversed -> (4 + 0 + 0 + 4) / 4 = 2
    //   problems: no reversed item -> 0
    //   functioning: 3 7 12 19 21 32 reversed -> 6 x 4 / 12 = 2
    //   risk: 0; non-risk: 8 x 4 / 28; total: 8 x 4 / 34 = 0.941 (clinical score 9.41).
    std::vector<response> zeros(34, response(0));
    const auto z = score(ins::core_om, std::span<const response>(zeros));
    check_scale(z, "wellbeing", score_status::complete, 8, 2);
    check_scale(z, "problems", score_status::complete, 0, 0);
    check_scale(z, "functioning", score_status::complete, 24, 2);
    check_scale(z, "risk", score_status::complete, 0, 0);
    check_scale(z, "non_risk", score_status::complete, 32, 32.0 / 28);
    check_scale(z, "total", score_status::complete, 32, 32.0 / 34);
    CHECK(z["total"].reported_value() == doctest::Approx(32.0 / 34));  // canonical metric: the mean
    CHECK(ins::core_clinical_score(z["total"]) == doctest::Approx(320.0 / 34));
    CHECK_FALSE(flags(ins::core_om_clinical_cutoff, z["total"].reported_value()));

    // Every item answered 4: the 26 forward items score 4, the reversed ones 0.
    //   well-being: 14 and 17 -> 8 / 4 = 2; problems 4; functioning: 1 10 25 26 29 33 -> 24 / 12
    //   = 2; risk 4; non-risk: 20 forward x 4 = 80 / 28; total 104 / 34 (clinical 30.6).
    std::vector<response> fours(34, response(4));
    const auto f = score(ins::core_om, std::span<const response>(fours));
    check_scale(f, "wellbeing", score_status::complete, 8, 2);
    check_scale(f, "problems", score_status::complete, 48, 4);
    check_scale(f, "functioning", score_status::complete, 24, 2);
    check_scale(f, "risk", score_status::complete, 24, 4);
    check_scale(f, "non_risk", score_status::complete, 80, 80.0 / 28);
    check_scale(f, "total", score_status::complete, 104, 104.0 / 34);
    CHECK(flags(ins::core_om_clinical_cutoff, f["total"].reported_value()));

    SUBCASE("just enough answered: 3 missing in the total, 2 in non-risk, 1 in problems and functioning") {
        // Zeros with item 2 (problems), 1 (functioning) and 6 (risk) missing; no reversed item is
        // missing, so the answered items still hold the 8 x 4 = 32.
        std::vector<response> r = zeros;
        r[1] = NA;
        r[0] = NA;
        r[5] = NA;
        const auto s = score(ins::core_om, std::span<const response>(r));
        check_scale(s, "wellbeing", score_status::complete, 8, 2);
        check_scale(s, "problems", score_status::prorated, 0, 0);                       // 11 of 12
        check_scale(s, "functioning", score_status::prorated, 24.0 / 11 * 12, 24.0 / 11);  // 11 of 12
        check_unscored(s, "risk", 5);                                                     // none allowed
        check_scale(s, "non_risk", score_status::prorated, 32.0 / 26 * 28, 32.0 / 26);   // 26 of 28
        check_scale(s, "total", score_status::prorated, 32.0 / 31 * 34, 32.0 / 31);      // 31 of 34
        // Clinical score 10 x 32 / 31 = 10.32: in the clinical range.
        CHECK(ins::core_clinical_score(s["total"]) == doctest::Approx(320.0 / 31));
        CHECK(flags(ins::core_om_clinical_cutoff, s["total"].reported_value()));
    }
    SUBCASE("one too few: 4 missing in the total, 3 in non-risk, 1 in well-being") {
        std::vector<response> r = zeros;
        r[1] = NA;   // problems
        r[0] = NA;   // functioning
        r[5] = NA;   // risk
        r[13] = NA;  // well-being (item 14)
        const auto s = score(ins::core_om, std::span<const response>(r));
        check_unscored(s, "wellbeing", 3);
        check_scale(s, "problems", score_status::prorated, 0, 0);
        check_scale(s, "functioning", score_status::prorated, 24.0 / 11 * 12, 24.0 / 11);
        check_unscored(s, "risk", 5);
        check_unscored(s, "non_risk", 25);
        check_unscored(s, "total", 30);
    }
    SUBCASE("two missing in problems and in functioning: those domains are not scored") {
        std::vector<response> r = zeros;
        r[1] = NA;  // item 2, problems
        r[4] = NA;  // item 5, problems
        const auto s = score(ins::core_om, std::span<const response>(r));
        check_unscored(s, "problems", 10);
        check_scale(s, "non_risk", score_status::prorated, 32.0 / 26 * 28, 32.0 / 26);
        check_scale(s, "total", score_status::prorated, 32.0 / 32 * 34, 1.0);
        CHECK(flags(ins::core_om_clinical_cutoff, s["total"].reported_value()));  // exactly 10: flagged
        std::vector<response> g = zeros;
        g[0] = NA;  // item 1, functioning
        g[9] = NA;  // item 10, functioning
        check_unscored(score(ins::core_om, std::span<const response>(g)), "functioning", 10);
    }
}

TEST_CASE("CORE-10: items 2 and 3 reversed, clinical score = sum, one missing item prorated") {
    // 1 + (4-3) + (4-3) + 2 + 0 + 0 + 2 + 1 + 2 + 1 = 11: at the cut-off, band "mild".
    const auto s = score(ins::core10, {1, 3, 3, 2, 0, 0, 2, 1, 2, 1});
    check_scale(s, "total", score_status::complete, 11, 1.1);
    CHECK(flags(ins::core10_clinical_cutoff, s["total"].reported_value()));
    CHECK(classify(ins::core10_severity, s["total"].reported_value())->label == "mild");
    // Item 10 missing: the other nine sum to 10, mean 10/9; prorated clinical score 100/9 = 11.1.
    const auto one = score(ins::core10, {1, 3, 3, 2, 0, 0, 2, 1, 2, NA});
    check_scale(one, "total", score_status::prorated, 100.0 / 9, 10.0 / 9);
    CHECK(classify(ins::core10_severity, one["total"].reported_value())->label == "mild");
    // Item 9 missing instead: the nine sum to 9, so exactly 10: below the cut-off.
    const auto ten = score(ins::core10, {1, 3, 3, 2, 0, 0, 2, 1, NA, 1});
    check_scale(ten, "total", score_status::prorated, 10, 1);
    CHECK_FALSE(flags(ins::core10_clinical_cutoff, ten["total"].reported_value()));
    CHECK(classify(ins::core10_severity, ten["total"].reported_value())->label == "healthy / low level");
    // Two missing: no score (the CST rule; CamCOPS would still prorate).
    check_unscored(score(ins::core10, {1, 3, 3, 2, 0, 0, 2, 1, NA, NA}), "total", 8);
    // Everything at the worst end: 8 forward items at 4, the two reversed items answered 0 also
    // score 4 - 0 = 4: 40, "severe".
    const auto worst = score(ins::core10, {4, 0, 0, 4, 4, 4, 4, 4, 4, 4});
    CHECK(worst["total"].sum() == 40);
    CHECK(classify(ins::core10_severity, worst["total"].reported_value())->label == "severe");
}

TEST_CASE("PHQ-9: items 1-9 summed, item 10 recorded but never added; severity bands") {
    // 1+2+3+0+1+2+3+0+1 = 13, whatever item 10 says.
    check_scale(score(ins::phq9, {1, 2, 3, 0, 1, 2, 3, 0, 1, 3}), "total", score_status::complete, 13, 13.0 / 9);
    check_scale(score(ins::phq9, {1, 2, 3, 0, 1, 2, 3, 0, 1, 0}), "total", score_status::complete, 13, 13.0 / 9);
    check_scale(score(ins::phq9, {1, 2, 3, 0, 1, 2, 3, 0, 1, NA}), "total", score_status::complete, 13, 13.0 / 9);
    check_unscored(score(ins::phq9, {1, 2, 3, 0, 1, 2, 3, 0, NA, 3}), "total", 8);
    CHECK_THROWS_AS((void)score(ins::phq9, {1, 2, 3, 0, 1, 2, 3, 0, 1}), response_error);  // 10 responses

    const auto nine = score(ins::phq9, {1, 1, 1, 1, 1, 1, 1, 1, 1, NA})["total"].reported_value();
    const auto ten = score(ins::phq9, {2, 1, 1, 1, 1, 1, 1, 1, 1, 0})["total"].reported_value();
    CHECK(nine == 9);
    CHECK(ten == 10);
    CHECK_FALSE(flags(ins::phq9_depression_cutoff, nine));
    CHECK(flags(ins::phq9_depression_cutoff, ten));
    CHECK(classify(ins::phq9_severity, nine)->label == "mild");
    CHECK(classify(ins::phq9_severity, ten)->label == "moderate");
    CHECK(classify(ins::phq9_severity, 27)->label == "severe");
}

TEST_CASE("GAD-7: seven items summed; severity bands 5, 10, 15; cut-off 10") {
    check_scale(score(ins::gad7, {3, 3, 3, 3, 3, 3, 3}), "total", score_status::complete, 21, 3);
    const auto ten = score(ins::gad7, {2, 2, 2, 1, 1, 1, 1})["total"].reported_value();
    CHECK(ten == 10);
    CHECK(flags(ins::gad7_anxiety_cutoff, ten));
    CHECK(classify(ins::gad7_severity, ten)->label == "moderate");
    CHECK(classify(ins::gad7_severity, score(ins::gad7, {1, 1, 1, 1, 1, 0, 0})["total"].reported_value())->label == "mild");
    CHECK(classify(ins::gad7_severity, score(ins::gad7, {1, 1, 1, 1, 0, 0, 0})["total"].reported_value())->label == "minimal");
    check_unscored(score(ins::gad7, {1, 1, 1, 1, NA, 0, 0}), "total", 6);
}

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) parts.push_back(part);
    if (!text.empty() && text.back() == separator) parts.emplace_back();
    return parts;
}

double number(const std::string& text) {
    double x = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    REQUIRE_MESSAGE((ec == std::errc() && end == text.data() + text.size()), "not a number: " << text);
    return x;
}

}  // namespace

TEST_CASE("every built-in key against R psych::scoreItems on generated records") {
    std::ifstream in(std::string(ALLIANCE_TEST_DATA_DIR) + "/instrument_scores_psych.csv");
    REQUIRE(in);
    std::string line;
    int rows = 0;
    int prorated = 0;
    int insufficient = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#' || line.rfind("instrument,", 0) == 0) continue;
        const auto field = split(line, ',');
        REQUIRE(field.size() == 7);
        CAPTURE(line);
        const catalogue_entry* entry = find_instrument(field[0]);
        REQUIRE(entry != nullptr);
        std::vector<response> record;
        for (const auto& token : split(field[2], ' '))
            record.push_back(token == "NA" ? NA : token == "DNA" ? DNA : response(number(token)));
        // The run-time route, as the driver uses it; the compile-time route is the hand-worked
        // tests above, and unit-key-file checks that both give the same numbers.
        const runtime_instrument inst(definition_of(entry->definition));
        const auto scores = score(inst, std::span<const response>(record));
        const scale_score& s = scores[field[3]];
        CHECK(s.answered() == static_cast<int>(number(field[4])));
        CHECK(to_string(s.status()) == field[5]);
        if (field[5] != "insufficient") {
            CHECK(s.mean() == doctest::Approx(number(field[6])).epsilon(1e-12));
            CHECK(s.sum() == doctest::Approx(number(field[6]) * s.items()).epsilon(1e-12));
        }
        ++rows;
        prorated += field[5] == "prorated";
        insufficient += field[5] == "insufficient";
    }
    CHECK(rows == 1440);  // 60 records x (14 scales before the WAI keys + 4 + 4 + 2)
    // The generated records reach both sides of every missing-item boundary.
    CHECK(prorated > 40);
    CHECK(insufficient > 100);
}
