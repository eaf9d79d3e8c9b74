// alliance/stats/item_matrix.hpp: the matrix value and the extraction of one scale's items from
// records (reverse keying on the nominal range, listwise deletion, errors naming the record).
// Expected values are worked out by hand from the definitions in the test.
#include <doctest/doctest.h>

#include <alliance/instrument.hpp>
#include <alliance/stats/item_matrix.hpp>

#include <array>
#include <limits>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance::stats;
using alliance::missing;
using alliance::not_applicable;
using alliance::response;

namespace {

inline constexpr alliance::instrument four_items{
    alliance::about{.id = "four", .name = "four items"},
    alliance::likert(0, 4),
    alliance::items<4>,
    alliance::reversed{3},
    alliance::scoring{},
    alliance::subscale{"odd", {1, 3}},
    alliance::subscale{"even", {2, 4}},
    alliance::total{"total"},
};

inline constexpr alliance::instrument with_na{
    alliance::about{.id = "with-na", .name = "offers does-not-apply"},
    alliance::with_not_applicable(alliance::likert(1, 5)),
    alliance::items<2>,
    alliance::reversed{},
    alliance::scoring{},
    alliance::total{"total"},
};

}  // namespace

TEST_CASE("an item matrix holds rows x columns in row-major order") {
    const item_matrix m{{1, 2, 3}, {4, 5, 6}};
    CHECK(m.rows() == 2);
    CHECK(m.columns() == 3);
    CHECK(m(1, 0) == 4);
    CHECK(m.row(1)[2] == 6);
    CHECK(m.values().size() == 6);
    const std::vector<std::vector<double>> rows{{1, 2}, {3, 4}, {5, 6}};
    const item_matrix from = item_matrix::from_rows(rows);
    CHECK(from.rows() == 3);
    CHECK(from(2, 1) == 6);
    CHECK(item_matrix(2, 2, {1, 2, 3, 4})(1, 1) == 4);
    CHECK_THROWS_ID(item_matrix(2, 3, {1, 2, 3, 4}), "alliance.stats.size_mismatch", "4 values given for 2 rows x 3");
    CHECK_THROWS_ID((item_matrix{{1, 2}, {3}}), "alliance.stats.size_mismatch", "row 2 has 1 values, row 1 has 2");
    const std::vector<std::vector<double>> ragged{{1, 2}, {3, 4, 5}};
    CHECK_THROWS_ID(item_matrix::from_rows(ragged), "alliance.stats.size_mismatch", "row 2 has 3 values");
    CHECK_THROWS_ID(item_matrix(std::numeric_limits<std::size_t>::max(), 2, {}), "alliance.stats.size_mismatch",
                    "is more than the 0 values given");
}

TEST_CASE("extraction reverse-keys with the nominal range and drops incomplete records") {
    // Item 3 is reversed on 0..4: x -> 4 - x, whatever the answers observed.
    const std::vector<std::vector<response>> records{
        {1, 2, 3, 4},
        {2, missing, 2, 1},  // complete for "odd", not for "even"
        {3, 3, missing, 3},  // the other way round
        {4, 0, 1, 2},
    };
    const scale_items odd = extract_scale_items(four_items.view(), "odd", records);
    CHECK(odd.instrument == "four");
    CHECK(odd.scale == "odd");
    CHECK(odd.item_numbers == std::vector<int>{1, 3});
    CHECK(odd.records == std::vector<std::size_t>{0, 1, 3});
    CHECK(odd.records_total == 4);
    CHECK(odd.dropped == 1);
    REQUIRE(odd.n() == 3);
    CHECK(odd.items(0, 0) == 1);
    CHECK(odd.items(0, 1) == 1);  // 4 - 3
    CHECK(odd.items(1, 1) == 2);  // 4 - 2
    CHECK(odd.items(2, 1) == 3);  // 4 - 1
    const scale_items even = extract_scale_items(four_items.view(), "even", records);
    CHECK(even.records == std::vector<std::size_t>{0, 2, 3});
    CHECK(even.items(1, 0) == 3);
    const scale_items total = extract_scale_items(four_items.view(), "total", records);
    CHECK(total.n() == 2);
    CHECK(total.dropped == 2);
    // Records may be arrays or spans too.
    const std::vector<std::array<response, 4>> arrays{{{1, 2, 3, 4}}, {{0, 1, 2, 3}}};
    CHECK(extract_scale_items(four_items.view(), "total", arrays).items(1, 2) == 2);
}

TEST_CASE("'does not apply' drops the record where offered and is an error where not") {
    const std::vector<std::vector<response>> records{{1, 2}, {not_applicable, 3}, {4, 5}};
    const scale_items items = extract_scale_items(with_na.view(), "total", records);
    CHECK(items.n() == 2);
    CHECK(items.dropped == 1);
    const std::vector<std::vector<response>> bad{{1, 2, 3, 4}, {1, not_applicable, 3, 4}};
    CHECK_THROWS_ID(extract_scale_items(four_items.view(), "even", bad).n(),
                    "alliance.response.not_applicable_not_offered", "four, record 'record 2', item 2");
}

TEST_CASE("invalid records are errors naming the record and item, not missing values") {
    const std::vector<std::vector<response>> out_of_range{{1, 2, 3, 4}, {1, 2, 5, 4}};
    CHECK_THROWS_ID(extract_scale_items(four_items.view(), "odd", out_of_range).n(),
                    "alliance.response.out_of_range", "record 'record 2', item 3: response 5 is outside");
    const std::vector<std::vector<response>> short_record{{1, 2, 3, 4}, {1, 2, 3}};
    CHECK_THROWS_ID(extract_scale_items(four_items.view(), "odd", short_record).n(), "alliance.response.wrong_count",
                    "record 'record 2': 3 responses given, the instrument has 4 items");
    const std::vector<std::vector<response>> nan{{1, 2, std::numeric_limits<double>::quiet_NaN(), 4}};
    CHECK_THROWS_ID(extract_scale_items(four_items.view(), "odd", nan).n(), "alliance.response.not_finite",
                    "item 3: response NaN is not a finite number");
    const std::vector<std::vector<response>> fine{{1, 2, 3, 4}};
    CHECK_THROWS((void)extract_scale_items(four_items.view(), "bond", fine));
    try {
        (void)extract_scale_items(four_items.view(), "bond", fine);
    } catch (const alliance::lookup_error& e) {
        CHECK(e.id() == "alliance.stats.unknown_scale");
        CHECK(std::string(e.what()).find("four has no scale 'bond'; its scales are odd, even, total") !=
              std::string::npos);
    }
}
