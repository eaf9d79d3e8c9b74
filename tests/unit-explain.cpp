// The teaching trace (alliance/explain.hpp): its data and its text, for records worked by
// hand in the comments beside them.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/explain.hpp>

#include "fixtures.hpp"

#include <string>
#include <vector>

using namespace alliance;

namespace {

using test::keyed;
using test::with_na;

}  // namespace

// Record 7, 2, 4, 1, missing, 3:
//   item 2 reversed 8 - 2 = 6; item 6 reversed 8 - 3 = 5
//   a: 7 + 6 + 4 = 17, complete, mean 17/3
//   b: 1 + 5, item 5 missing, all required -> insufficient
//   total: 7 + 6 + 4 + 1 + 5 = 23 over 5 answered, 1 missing allowed -> prorated,
//          mean 23/5 = 4.6, sum 4.6 x 6 = 27.6 in binary64 (Python: 23/5*6)
TEST_CASE("explain: reversed items, a complete, an insufficient and a prorated scale") {
    const auto trace = explain(keyed, {7, 2, 4, 1, missing, 3});
    REQUIRE(trace.scored());
    REQUIRE(trace.items.size() == 6);
    CHECK(trace.items[1].reversed);
    CHECK(trace.items[1].scored == 6.0);
    CHECK(trace.items[5].scored == 5.0);
    CHECK_FALSE(trace.items[4].scored.has_value());
    CHECK_FALSE(trace.items[0].reversed);

    REQUIRE(trace.scales.size() == 3);
    const scale_trace& a = trace.scales[0];
    CHECK(a.name == "a");
    CHECK(a.answered_values == std::vector<double>{7, 6, 4});
    CHECK(a.answered_sum == 17);
    CHECK(a.score.status() == score_status::complete);
    CHECK(a.score.sum() == 17);
    CHECK(a.score.mean() == doctest::Approx(17.0 / 3.0));
    CHECK(a.metric == metric::mean);

    const scale_trace& b = trace.scales[1];
    CHECK(b.score.status() == score_status::insufficient);
    CHECK(b.score.answered() == 2);
    CHECK(b.answered_values == std::vector<double>{1, 5});
    CHECK(b.reason == "2 of 3 items answered, too few for the rule; the scale has no score");

    const scale_trace& total = trace.scales[2];
    CHECK(total.role == scale_role::total);
    CHECK(total.score.status() == score_status::prorated);
    CHECK(total.answered_sum == 23);
    CHECK(total.score.mean() == 4.6);
    CHECK(total.score.sum() == 27.6);
    CHECK_FALSE(total.rule_overridden);
}

TEST_CASE("describe(explanation): the trace as text") {
    CHECK(describe(explain(keyed, {7, 2, 4, 1, missing, 3})) ==
          "keyed-test: test instrument with reverse keys\n"
          "Form: client\n"
          "Source: Test, A. (2024). Not a real instrument.\n"
          "Response scale: Likert 1..7\n"
          "Reverse keying: items 2, 6 score 8 - x (min + max - x on the nominal scale)\n"
          "\n"
          "Items (given -> scored)\n"
          "  item 1: 7\n"
          "  item 2: 2 -> reversed: 8 - 2 = 6\n"
          "  item 3: 4\n"
          "  item 4: 1\n"
          "  item 5: missing\n"
          "  item 6: 3 -> reversed: 8 - 3 = 5\n"
          "\n"
          "Scales\n"
          "  a (subscale, reported as mean): items 1, 2, 3\n"
          "    answered 3 of 3: 7 + 6 + 4 = 17\n"
          "    rule: prorate if at least 2 of 3 answered\n"
          "    complete: all 3 items answered\n"
          "    mean 17 / 3 = 5.666666666666667; sum 17\n"
          "  b (subscale, reported as sum): items 4, 5, 6\n"
          "    answered 2 of 3: 1 + 5 = 6\n"
          "    rule: all 3 items required\n"
          "    insufficient: 2 of 3 items answered, too few for the rule; the scale has no score\n"
          "  total (total, reported as mean): all 6 items\n"
          "    answered 5 of 6: 7 + 6 + 4 + 1 + 5 = 23\n"
          "    rule: prorate if at most 1 of 6 missing\n"
          "    prorated: 5 of 6 items answered, enough for the rule, so the sum is prorated: mean of the "
          "answered items x 6\n"
          "    mean 23 / 5 = 4.6; prorated sum 4.6 x 6 = 27.6\n");
}

// With "at least half answered" for every scale, b (1 + 5 over 2 of 3) is prorated:
// mean 3, sum 3 x 3 = 9.
TEST_CASE("explain: a caller's rule replaces each scale's own and the trace says so") {
    scoring_options options;
    options.missing_override = missing_rule::prorate_min_fraction(0.5, "override-test");
    const auto trace = explain(keyed, {7, 2, 4, 1, missing, 3}, options);
    const scale_trace& b = trace.scales[1];
    CHECK(b.rule_overridden);
    CHECK(b.own_rule == missing_rule::all_required());
    CHECK(b.score.status() == score_status::prorated);
    CHECK(b.score.mean() == 3);
    CHECK(b.score.sum() == 9);
    const std::string text = describe(trace);
    CHECK(text.find("    rule: prorate if at least 0.5 of 3 items answered (set by the caller, override-test; "
                    "the instrument's own rule: all 3 items required)\n") != std::string::npos);
    CHECK(text.find("    mean 6 / 2 = 3; prorated sum 3 x 3 = 9\n") != std::string::npos);
}

// 5, does not apply, 3, missing: 2 of 4 answered, up to 2 replaced -> prorated, mean 4, sum 16.
TEST_CASE("explain: 'does not apply' is shown and counts as not answered") {
    const auto trace = explain(with_na, {5, not_applicable, 3, missing});
    REQUIRE(trace.scored());
    CHECK(trace.scales[0].score.status() == score_status::prorated);
    CHECK(trace.scales[0].score.sum() == 16);
    const std::string text = describe(trace);
    CHECK(text.find("  item 2: does not apply\n") != std::string::npos);
    CHECK(text.find("Reverse keying: none of the 4 items is reverse-keyed\n") != std::string::npos);
    CHECK(text.find("Response scale: Likert 1..5 or 'does not apply'\n") != std::string::npos);
}

TEST_CASE("explain: invalid responses are listed, nothing is scored, nothing is thrown") {
    scoring_options options;
    options.record = "line 9";
    const auto trace = explain(keyed, {8, 2, 4, 1, 2.5, 3}, options);
    CHECK_FALSE(trace.scored());
    CHECK(trace.scales.empty());
    REQUIRE(trace.problems.size() == 2);
    CHECK(trace.problems[0].code == response_errc::out_of_range);
    CHECK(trace.problems[1].code == response_errc::not_integer);
    CHECK_FALSE(trace.items[0].scored.has_value());
    CHECK(trace.items[1].scored == 6.0);
    const std::string text = describe(trace);
    CHECK(text.find("Record: line 9\n") != std::string::npos);
    CHECK(text.find("  item 1: 8 (invalid)\n") != std::string::npos);
    CHECK(text.find("Not scored: the record has invalid responses\n"
                    "  keyed-test, record 'line 9', item 1: response 8 is outside the response scale 1..7\n"
                    "  keyed-test, record 'line 9', item 5: response 2.5 is not one of the integer anchors 1..7 "
                    "of the Likert scale\n") != std::string::npos);
}

TEST_CASE("explain: a record of the wrong length") {
    const auto trace = explain(keyed, {1, 2});
    REQUIRE(trace.problems.size() == 1);
    CHECK(trace.problems[0].code == response_errc::wrong_count);
    CHECK(trace.items.size() == 2);
    CHECK(describe(trace).find("keyed-test: 2 responses given, the instrument has 6 items\n") != std::string::npos);
}

// WAI-SR: task 1,2,10,12; goal 4,6,8,11; bond 3,5,7,9 (Hatcher & Gillaspy 2006, via the
// built-in key). Record 5 4 3 2 1 5 4 3 2 1 5 4: task 5+4+1+4 = 14, goal 2+5+3+5 = 15,
// bond 3+1+4+2 = 10, total 39.
TEST_CASE("explain on a built-in instrument and on its run-time twin agree") {
    const auto compiled = explain(instruments::wai_sr, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
    const runtime_instrument twin = to_runtime(instruments::wai_sr);  // must outlive its trace
    const auto runtime = explain(twin, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
    REQUIRE(compiled.scales.size() == 4);
    const double expected[] = {14, 15, 10, 39};
    for (std::size_t s = 0; s < 4; ++s) {
        CHECK(compiled.scales[s].score.sum() == expected[s]);
        CHECK(runtime.scales[s].score.sum() == expected[s]);
    }
    CHECK(describe(compiled) == describe(runtime));
}
