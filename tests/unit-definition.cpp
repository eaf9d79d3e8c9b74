// Run-time definitions go through the same validator as compile-time ones: each broken
// definition of tests/compile_fail/definitions.cpp, built at run time, throws a
// definition_error whose message names the instrument, the scale and the item. And one key
// scored through both routes gives the same numbers.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using namespace alliance;

namespace {

// The valid twin of tests/compile_fail/definitions.cpp.
instrument_definition valid_definition() {
    instrument_definition def;
    def.id = "compile-fail-test";
    def.name = "negative compile test";
    def.response_format = likert(1, 5);
    def.item_count = 6;
    def.reversed = {2, 6};
    def.scales = {
        {"task", {1, 2, 3}, scale_role::subscale, missing_rule::prorate_min_answered(2), "", metric::sum},
        {"bond", {4, 5, 6}, scale_role::subscale, missing_rule::all_required(), "", metric::sum},
        {"total", {1, 2, 3, 4, 5, 6}, scale_role::total, missing_rule::all_required(), "", metric::sum},
    };
    return def;
}

std::string error_of(const instrument_definition& def) {
    try {
        runtime_instrument built(def);
    } catch (const definition_error& e) {
        return e.what();
    }
    return "no exception";
}

}  // namespace

TEST_CASE("the valid definition builds") {
    const runtime_instrument built(valid_definition());
    CHECK(built.item_count() == 6);
    CHECK(built.is_reversed(2));
    CHECK_FALSE(built.is_reversed(3));
    CHECK_FALSE(built.is_reversed(0));
    CHECK_FALSE(built.is_reversed(7));
    CHECK(built.scales().size() == 3);
}

TEST_CASE("each broken definition throws a message naming what is wrong") {
    auto def = valid_definition();

    def.scales[0].items = {1, 2, 2};
    CHECK(error_of(def) == "[alliance.definition.duplicate_item] instrument 'compile-fail-test', "
                           "scale 'task': item 2 is listed twice");

    def = valid_definition();
    def.scales[0].items = {1, 2, 7};
    CHECK(error_of(def) == "[alliance.definition.item_out_of_range] instrument 'compile-fail-test', "
                           "scale 'task': item 7 is outside 1..6");

    def = valid_definition();
    def.scales[0].items = {0, 1, 2};
    CHECK(error_of(def).find("item 0 is outside 1..6") != std::string::npos);

    def = valid_definition();
    def.reversed = {2, 7};
    CHECK(error_of(def) == "[alliance.definition.reversed_out_of_range] instrument 'compile-fail-test': "
                           "reversed item 7 is outside 1..6");

    def = valid_definition();
    def.reversed = {2, 2};
    CHECK(error_of(def) == "[alliance.definition.duplicate_reversed] instrument 'compile-fail-test': "
                           "reversed item 2 is listed twice");

    def = valid_definition();
    def.scales[1].items.clear();
    CHECK(error_of(def) == "[alliance.definition.empty_scale] instrument 'compile-fail-test', scale "
                           "'bond': the scale lists no items");

    def = valid_definition();
    def.scales[0].missing = missing_rule::prorate_min_answered(4);
    CHECK(error_of(def) == "[alliance.definition.bad_missing_rule] instrument 'compile-fail-test', scale "
                           "'task': missing-item rule 'prorate if at least 4 of 3 answered' does not fit "
                           "a scale of 3 items");

    def = valid_definition();
    def.scales[0].missing = missing_rule::prorate_max_missing(3);
    CHECK(error_of(def).find("'prorate if at most 3 of 3 missing' does not fit") != std::string::npos);

    def = valid_definition();
    def.scales[0].missing = missing_rule::prorate_min_fraction(1.5);
    CHECK(error_of(def).find("alliance.definition.bad_missing_rule") != std::string::npos);

    def = valid_definition();
    def.scales[0].missing = missing_rule::prorate_min_answered(0);
    CHECK(error_of(def).find("alliance.definition.bad_missing_rule") != std::string::npos);

    def = valid_definition();
    def.scales[2].name = "task";
    CHECK(error_of(def) == "[alliance.definition.duplicate_scale_name] instrument 'compile-fail-test', "
                           "scale 'task': two scales share this name");

    def = valid_definition();
    def.scales[1].name.clear();
    CHECK(error_of(def) == "[alliance.definition.unnamed_scale] instrument 'compile-fail-test': a scale has no name");

    def = valid_definition();
    def.scales.clear();
    CHECK(error_of(def) == "[alliance.definition.no_scales] instrument 'compile-fail-test': the "
                           "instrument defines no scale");

    def = valid_definition();
    def.response_format = likert(5, 1);
    CHECK(error_of(def).find("[alliance.definition.bad_response_scale] instrument 'compile-fail-test': "
                             "response scale Likert 5..1 is malformed") == 0);

    def = valid_definition();
    def.response_format = response_scale{scale_type::likert, 1, 5.5, 1, false};
    CHECK(error_of(def).find("alliance.definition.bad_response_scale") != std::string::npos);

    def = valid_definition();
    def.response_format = visual_analogue(0, 10, 0);
    CHECK(error_of(def).find("alliance.definition.bad_response_scale") != std::string::npos);

    def = valid_definition();
    def.id.clear();
    CHECK(error_of(def) == "[alliance.definition.missing_id] an instrument definition has no id");

    def = valid_definition();
    def.item_count = 0;
    def.reversed.clear();
    CHECK(error_of(def) == "[alliance.definition.no_items] instrument 'compile-fail-test': the "
                           "instrument has no items");

    def = valid_definition();
    def.item_count = 1'000'000'000;
    CHECK(error_of(def).find("alliance.definition.too_many_items") != std::string::npos);
}

TEST_CASE("a compile-time definition constructed at run time throws the same error") {
    // Not constexpr: the constructor runs at run time and throws instead of stopping the build.
    const auto build = [] {
        const instrument broken{about{.id = "broken"}, likert(1, 5), items<3>, reversed{4}, scoring{},
                                total{"total"}};
        return broken.scales().size();
    };
    CHECK_THROWS_WITH_AS(build(),
                         "[alliance.definition.reversed_out_of_range] instrument 'broken': reversed item 4 "
                         "is outside 1..3",
                         definition_error);
}

// Written about first, as definitions were before scoring_key.
namespace {

constexpr instrument keyed{
    about{.id = "keyed-test"},
    likert(0, 4),
    items<8>,
    reversed{3, 4, 8},
    scoring{.metric = metric::mean, .missing = missing_rule::prorate_max_missing(1)},
    subscale{"a", {1, 3, 5, 7}},
    subscale{"b", {2, 4, 6, 8}, missing_rule::all_required()},
    total{"total", missing_rule::prorate_min_answered(6)},
};

}  // namespace

TEST_CASE("a definition reads the same key first or about first") {
    constexpr instrument key_first{
        scoring_key{likert(0, 4), items<8>, reversed{3, 4, 8},
                    scoring{.metric = metric::mean, .missing = missing_rule::prorate_max_missing(1)},
                    subscale{"a", {1, 3, 5, 7}}, subscale{"b", {2, 4, 6, 8}, missing_rule::all_required()},
                    total{"total", missing_rule::prorate_min_answered(6)}},
        about{.id = "keyed-test"},
    };
    static_assert(std::is_same_v<decltype(key_first), decltype(keyed)>);
    const auto a = definition_of(key_first.view());
    const auto b = definition_of(keyed.view());
    CHECK(a.id == b.id);
    CHECK(a.response_format == b.response_format);
    CHECK(a.item_count == b.item_count);
    CHECK(a.reversed == std::vector<int>{3, 4, 8});
    CHECK(b.reversed == std::vector<int>{3, 4, 8});
    REQUIRE(a.scales.size() == 3);
    REQUIRE(b.scales.size() == 3);
    for (std::size_t s = 0; s < 3; ++s) {
        CHECK(a.scales[s].name == b.scales[s].name);
        CHECK(a.scales[s].items == b.scales[s].items);
        CHECK(a.scales[s].role == b.scales[s].role);
        CHECK(a.scales[s].missing == b.scales[s].missing);
        CHECK(a.scales[s].metric == b.scales[s].metric);
    }
    CHECK(a.scales[1].missing == missing_rule::all_required());
    CHECK(a.scales[2].items == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8});
    for (std::size_t item = 0; item <= 9; ++item) CHECK(key_first.is_reversed(item) == keyed.is_reversed(item));
    CHECK(key_first.is_reversed(3));
    CHECK_FALSE(key_first.is_reversed(2));
}

TEST_CASE("a key is checked when an instrument is built from it, under that instrument's id") {
    // Not constexpr: the constructor runs at run time and throws instead of stopping the build.
    const scoring_key broken_key{likert(1, 5), items<3>, reversed{}, scoring{}, subscale{"a", {1, 4}}};
    const auto build = [&](std::string_view id) {
        const instrument broken{broken_key, about{.id = id}};
        return broken.scales().size();
    };
    CHECK_THROWS_WITH_AS(build("first"),
                         "[alliance.definition.item_out_of_range] instrument 'first', scale 'a': item 4 is "
                         "outside 1..3",
                         definition_error);
    CHECK_THROWS_WITH_AS(build(""), "[alliance.definition.missing_id] an instrument definition has no id",
                         definition_error);
}

TEST_CASE("definition_of copies a compile-time key faithfully") {
    const auto def = definition_of(instruments::wai_sr.view());
    CHECK(def.id == "wai-sr");
    CHECK(def.item_count == 12);
    CHECK(def.reversed.empty());
    REQUIRE(def.scales.size() == 4);
    CHECK(def.scales[0].name == "task");
    CHECK(def.scales[0].items == std::vector<int>{1, 2, 10, 12});
    CHECK(def.scales[3].role == scale_role::total);
    CHECK(def.scales[3].items.size() == 12);
    CHECK(def.response_format == likert(1, 5));
}

TEST_CASE("runtime_instrument copies share their state and stay valid") {
    std::vector<runtime_instrument> many;
    for (int i = 0; i < 20; ++i) many.push_back(to_runtime(instruments::wai_sr));  // reallocations move them
    const auto copy = many.front();
    many.clear();
    const auto s = score(copy, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4});
    CHECK(s["task"].sum() == 14);
    CHECK(s["task"].name() == "task");
}

namespace {

template <class Scores>
void check_same(const Scores& compiled, const dynamic_score_set& runtime) {
    REQUIRE(compiled.size() == runtime.size());
    for (std::size_t i = 0; i < compiled.size(); ++i) {
        CHECK(compiled[i].name() == runtime[i].name());
        CHECK(compiled[i].status() == runtime[i].status());
        CHECK(compiled[i].answered() == runtime[i].answered());
        if (compiled[i].has_score()) {
            CHECK(compiled[i].sum() == runtime[i].sum());  // bit-identical: same code, same order
            CHECK(compiled[i].mean() == runtime[i].mean());
        }
    }
}

}  // namespace

TEST_CASE("one key, two routes: compile-time and run-time descriptions score identically") {
    std::mt19937 rng(20261121);
    std::uniform_int_distribution<int> likert04(0, 4);
    std::uniform_int_distribution<int> coin(0, 5);
    const auto runtime_keyed = to_runtime(keyed);
    const auto runtime_wai = to_runtime(instruments::wai_sr);
    for (int record = 0; record < 500; ++record) {
        std::array<response, 8> k{};
        for (auto& r : k) r = coin(rng) == 0 ? missing : response(likert04(rng));
        check_same(score(keyed, k), score(runtime_keyed, std::span<const response>(k)));

        std::array<response, 12> w{};
        for (auto& r : w) r = coin(rng) == 0 ? missing : response(likert04(rng) + 1);
        const scoring_options opts{.missing_override = missing_rule::prorate_min_fraction(0.5)};
        check_same(score(instruments::wai_sr, w, opts), score(runtime_wai, std::span<const response>(w), opts));
    }
}
