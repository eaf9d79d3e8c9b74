// Split alliances (alliance/stats/split.hpp): every statistic worked by hand for units of 2, 3
// and 4 members, then the same statistics on generated couples, triads and families against base
// R and psych::ICC (tests/reference/split_psych.R -> tests/data/split-*.csv).
#include <doctest/doctest.h>

#include <alliance/stats/split.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using stats_test::reference_table;

TEST_CASE("a couple: mean, SD (n - 1), min, max, range, signed and absolute difference") {
    // woman 62, man 55: mean 58.5; SD = sqrt(((3.5)^2 + (3.5)^2) / 1) = 3.5 sqrt(2) = 4.9497...;
    // range 7. Ordered by label, "man" < "woman": first man 55, second woman 62, 55 - 62 = -7.
    const std::vector<member_score> couple{{"woman", 62}, {"man", 55}};
    const unit_split s = describe_split(couple);
    CHECK(s.members == 2);
    CHECK(s.mean == 58.5);
    CHECK_CLOSE(s.sd, 3.5 * std::sqrt(2.0), 1e-15);
    CHECK(s.min == 55);
    CHECK(s.max == 62);
    CHECK(s.range == 7);
    REQUIRE(s.pair);
    CHECK(s.pair->first == "man");
    CHECK(s.pair->second == "woman");
    CHECK(s.pair->first_score == 55);
    CHECK(s.pair->second_score == 62);
    CHECK(s.pair->difference == -7);
    CHECK(s.pair->abs_difference == 7);

    // The same pair in the other input order: the same result (the sign follows the labels).
    const std::vector<member_score> swapped{{"man", 55}, {"woman", 62}};
    CHECK(describe_split(swapped).pair->difference == -7);

    // The caller names the order: woman first, 62 - 55 = +7, whatever the input order.
    const pair_order woman_first{"woman", "man"};
    CHECK(describe_split(couple, woman_first).pair->difference == 7);
    CHECK(describe_split(swapped, woman_first).pair->difference == 7);
    CHECK(describe_split(swapped, woman_first).pair->first == "woman");

    // Agreement: SD 0, range 0, difference 0 (not an error: a perfectly balanced couple).
    const std::vector<member_score> balanced{{"client", 40}, {"therapist", 40}};
    const unit_split b = describe_split(balanced);
    CHECK(b.sd == 0);
    CHECK(b.range == 0);
    CHECK(b.pair->difference == 0);
    CHECK(b.pair->first == "client");
}

TEST_CASE("a triad and a family of four: no pair, within-unit SD with n - 1") {
    // 3, 5, 10: mean 6; deviations -3, -1, 4; SS 26; variance 26 / 2 = 13; SD sqrt(13); range 7.
    const std::vector<member_score> triad{{"mother", 3}, {"father", 5}, {"youth", 10}};
    const unit_split t = describe_split(triad);
    CHECK(t.members == 3);
    CHECK(t.mean == 6);
    CHECK_CLOSE(t.sd, std::sqrt(13.0), 1e-15);
    CHECK(t.min == 3);
    CHECK(t.max == 10);
    CHECK(t.range == 7);
    CHECK_FALSE(t.pair);
    // 60, 72, 66, 54: mean 63; deviations -3, 9, 3, -9; SS 180; variance 60; SD sqrt(60); range 18.
    const std::vector<member_score> family{{"mother", 60}, {"father", 72}, {"youth", 66}, {"sibling", 54}};
    const unit_split f = describe_split(family);
    CHECK(f.members == 4);
    CHECK(f.mean == 63);
    CHECK_CLOSE(f.sd, std::sqrt(60.0), 1e-15);
    CHECK(f.min == 54);
    CHECK(f.max == 72);
    CHECK(f.range == 18);
    CHECK_FALSE(f.pair);
    // The pair order only concerns pairs.
    CHECK_FALSE(describe_split(family, pair_order{"mother", "father"}).pair);
}

TEST_CASE("what is not a split: one member, a member twice, a non-finite score, the wrong pair") {
    const std::vector<member_score> one{{"client", 40}};
    CHECK_THROWS_ID((void)describe_split(one), "alliance.split.too_few_members",
                    "unit: 1 member; a split needs at least two members rating the same alliance");
    const std::vector<member_score> twice{{"client", 40}, {"therapist", 38}, {"client", 36}};
    CHECK_THROWS_ID((void)describe_split(twice), "alliance.split.duplicate_member",
                    "unit: member 'client' is listed twice (scores 40 and 36)");
    // Two labels repeated: the repeat that comes first in the unit is named, with its first score.
    const std::vector<member_score> repeats{{"b", 1}, {"a", 2}, {"a", 3}, {"b", 4}, {"a", 5}};
    CHECK_THROWS_ID((void)describe_split(repeats), "alliance.split.duplicate_member",
                    "unit: member 'a' is listed twice (scores 2 and 3)");
    // A large unit of one repeated label is found quickly (sorting, not comparing every pair).
    const std::vector<member_score> crowd(200000, member_score{"same", 1});
    CHECK_THROWS_ID((void)describe_split(crowd), "alliance.split.duplicate_member", "member 'same' is listed twice");
    const std::vector<member_score> nan{{"client", 40}, {"therapist", std::nan("")}};
    CHECK_THROWS_ID((void)describe_split(nan), "alliance.stats.not_finite", "the score of 'therapist'");
    const std::vector<member_score> pair{{"client", 40}, {"partner", 38}};
    CHECK_THROWS_ID(
        (void)describe_split(pair, pair_order{"client", "therapist"}), "alliance.split.pair_labels",
        "unit: the two members are 'client' and 'partner', not 'client' (first) and 'therapist' (second)");
}

TEST_CASE("ICC(1) worked by hand: couples, triads, families of four") {
    // Couples (4, 6), (8, 8), (2, 4): unit means 5, 8, 3, grand mean 16/3.
    //   BMS = k * sum (mean - grand)^2 / (n - 1) = 2 * (1/9 + 64/9 + 49/9) / 2 = 114/9
    //   WMS = within SS / (n (k - 1)) = (2 + 0 + 2) / 3 = 4/3
    //   ICC(1) = (BMS - WMS) / (BMS + (k - 1) WMS) = (102/9) / (126/9) = 17/21
    //   F = BMS / WMS = 9.5 on 2 and 3 df; for F(2, d), P(F > x) = (1 + 2x/d)^(-d/2) = (3/22)^1.5.
    const split_icc couples = split_agreement(item_matrix{{4, 6}, {8, 8}, {2, 4}});
    CHECK(couples.units == 3);
    CHECK(couples.members_per_unit == 2);
    CHECK_CLOSE(couples.icc1.value, 17.0 / 21.0, 1e-14);
    CHECK_CLOSE(couples.icc1.f, 9.5, 1e-14);
    CHECK(couples.icc1.df1 == 2);
    CHECK(couples.icc1.df2 == 3);
    CHECK_CLOSE(couples.icc1.p, std::pow(3.0 / 22.0, 1.5), 1e-12);

    // Triads (3, 5, 10), (6, 6, 9), (1, 2, 3): means 6, 7, 2, grand 5; BMS = 3 * 14 / 2 = 21;
    // within SS 26 + 6 + 2 = 34, WMS = 34 / 6; ICC(1) = (21 - 17/3) / (21 + 34/3) = 46/97;
    // F = 63/17 on 2 and 6 df; P = (1 + 2F/6)^(-3) = (51/114)^3.
    const split_icc triads = split_agreement(item_matrix{{3, 5, 10}, {6, 6, 9}, {1, 2, 3}});
    CHECK_CLOSE(triads.icc1.value, 46.0 / 97.0, 1e-14);
    CHECK_CLOSE(triads.icc1.f, 63.0 / 17.0, 1e-14);
    CHECK(triads.icc1.df1 == 2);
    CHECK(triads.icc1.df2 == 6);
    CHECK_CLOSE(triads.icc1.p, std::pow(51.0 / 114.0, 3.0), 1e-12);

    // Families (60, 72, 66, 54), (50, 50, 52, 52): means 63, 51, grand 57; BMS = 4 * 72 / 1 = 288;
    // within SS 180 + 4 = 184, WMS = 184 / 6; ICC(1) = (288 - 92/3) / (288 + 92) = 193/285;
    // F = 216/23 on 1 and 6 df.
    const split_icc families = split_agreement(item_matrix{{60, 72, 66, 54}, {50, 50, 52, 52}});
    CHECK_CLOSE(families.icc1.value, 193.0 / 285.0, 1e-14);
    CHECK_CLOSE(families.icc1.f, 216.0 / 23.0, 1e-14);
    CHECK(families.icc1.df1 == 1);
    CHECK(families.icc1.df2 == 6);

    // ICC(1) ignores which column a member is in: swapping members within a unit changes nothing.
    const split_icc swapped = split_agreement(item_matrix{{6, 4}, {8, 8}, {4, 2}});
    CHECK_CLOSE(swapped.icc1.value, 17.0 / 21.0, 1e-14);
}

TEST_CASE("ICC(1) against psych::ICC: hand-worked units and generated couples, triads, families") {
    const reference_table icc("split-reference-icc.csv");
    const reference_table members("split-members.csv");
    // The generated datasets, from the long file, unit by unit (members in any order).
    std::map<std::string, std::map<std::string, std::vector<double>>> units;
    for (std::size_t r = 0; r < members.size(); ++r)
        units[members.text(r, "dataset")][members.text(r, "unit")].push_back(members.number(r, "score"));
    const std::map<std::string, item_matrix> hand{{"hand2", item_matrix{{4, 6}, {8, 8}, {2, 4}}},
                                                  {"hand3", item_matrix{{3, 5, 10}, {6, 6, 9}, {1, 2, 3}}},
                                                  {"hand4", item_matrix{{60, 72, 66, 54}, {50, 50, 52, 52}}}};
    int checked = 0;
    for (std::size_t r = 0; r < icc.size(); ++r) {
        const std::string dataset = icc.text(r, "dataset");
        CAPTURE(dataset);
        const double confidence = icc.number(r, "confidence");
        split_icc got;
        if (const auto found = hand.find(dataset); found != hand.end()) {
            got = split_agreement(found->second, confidence);
        } else {
            split_icc_accumulator accumulator;
            REQUIRE(units.count(dataset) == 1);
            for (const auto& [unit, scores] : units[dataset]) accumulator.add(scores);
            got = accumulator.result(confidence);
        }
        CHECK(got.units == icc.number(r, "units"));
        CHECK(got.members_per_unit == icc.number(r, "members_per_unit"));
        CHECK_CLOSE(got.icc1.value, icc.number(r, "icc1"), 1e-12);
        CHECK_CLOSE(got.icc1.f, icc.number(r, "f"), 1e-12);
        CHECK(got.icc1.df1 == icc.number(r, "df1"));
        CHECK(got.icc1.df2 == icc.number(r, "df2"));
        CHECK_CLOSE(got.icc1.p, icc.number(r, "p"), 1e-12);
        CHECK_CLOSE(got.icc1.ci.lower, icc.number(r, "lower"), 1e-12);
        CHECK_CLOSE(got.icc1.ci.upper, icc.number(r, "upper"), 1e-12);
        ++checked;
    }
    CHECK(checked == 12);  // 3 generated + 3 hand-worked datasets, 2 confidence levels each
}

TEST_CASE("per-unit statistics against base R on generated couples, triads and families") {
    const reference_table expected("split-reference-units.csv");
    const reference_table members("split-members.csv");
    std::map<std::string, std::vector<member_score>> units;
    for (std::size_t r = 0; r < members.size(); ++r)
        units[members.text(r, "unit")].push_back({members.text(r, "member"), members.number(r, "score")});
    REQUIRE(units.size() == expected.size());
    for (std::size_t r = 0; r < expected.size(); ++r) {
        const std::string unit = expected.text(r, "unit");
        CAPTURE(unit);
        const unit_split s = describe_split(units.at(unit));
        CHECK(s.members == expected.number(r, "members"));
        CHECK_CLOSE(s.mean, expected.number(r, "mean"), 1e-14);
        CHECK_CLOSE_SCALED(s.sd, expected.number(r, "sd"), 1e-13, 1.0);
        CHECK(s.min == expected.number(r, "min"));
        CHECK(s.max == expected.number(r, "max"));
        CHECK(s.range == expected.number(r, "range"));
        CHECK(s.pair.has_value() == !expected.text(r, "first").empty());
        if (s.pair) {
            CHECK(s.pair->first == expected.text(r, "first"));
            CHECK(s.pair->second == expected.text(r, "second"));
            CHECK(s.pair->difference == expected.number(r, "difference"));
            CHECK(s.pair->abs_difference == expected.number(r, "abs_difference"));
        }
    }
}

TEST_CASE("ICC(1) needs equal units, two of them, and variation within and between units") {
    split_icc_accumulator mixed;
    mixed.add(std::vector<double>{4, 6});
    CHECK_THROWS_ID(mixed.add(std::vector<double>{1, 2, 3}), "alliance.split.unequal_units",
                    "ICC(1): units differ in size (2 and 3 members)");
    CHECK_THROWS_ID((void)mixed.result(), "alliance.stats.too_few_observations", "ICC(1): 1 unit");
    split_icc_accumulator single;
    CHECK_THROWS_ID(single.add(std::vector<double>{4}), "alliance.split.too_few_members",
                    "a unit has 1 member");
    CHECK_THROWS_ID((void)split_agreement(item_matrix{{4, 4}, {6, 6}, {2, 2}}),
                    "alliance.stats.zero_variance", "the members of every unit agree exactly");
    CHECK_THROWS_ID((void)split_agreement(item_matrix{{4, 6}, {6, 4}, {5, 5}}),
                    "alliance.stats.zero_variance", "every unit has the same mean");
    CHECK_THROWS_ID((void)split_agreement(item_matrix{{4, 6}, {8, 8}}, 1.5),
                    "alliance.stats.confidence_out_of_range", "confidence");
}
