// alliance/table/pairing.hpp: two keyed inputs pair by key, never by position, and keys that
// cannot pair one to one are refused naming the first that differs (regression: Python's
// reliable_change paired two Series by position and labelled the result with pre's index).
#include <doctest/doctest.h>

#include <alliance/table.hpp>

#include <algorithm>
#include <optional>
#include <string_view>

#include <cstdint>
#include <string>
#include <vector>

using namespace alliance;
using namespace alliance::table;

namespace {

const paired_inputs pre_post{"pre", "post"};

// Labels "a", "b", ... for codes 0, 1, ...; the side is shown so a test can see which was named.
std::string label(bool in_second, std::size_t row, const std::vector<std::int64_t>& first,
                  const std::vector<std::int64_t>& second) {
    const std::int64_t code = in_second ? second[row] : first[row];
    return "'" + std::string(1, static_cast<char>('a' + code)) + "'";
}

std::string problem(const std::vector<std::int64_t>& first, const std::vector<std::int64_t>& second) {
    try {
        (void)pair_by_key(first, second, pre_post,
                          [&](bool in_second, std::size_t row) { return label(in_second, row, first, second); });
    } catch (const table_error& e) {
        return e.id() + " " + e.message();
    }
    return "paired";
}

}  // namespace

TEST_CASE("the same keys in another order pair by key") {
    const std::vector<std::int64_t> pre{0, 1, 2, 3};
    const std::vector<std::int64_t> post{3, 1, 0, 2};
    const auto paired = pair_by_key(pre, post, pre_post, [](bool, std::size_t) { return std::string(); });
    CHECK(paired == std::vector<std::size_t>{2, 1, 3, 0});
    CHECK(pair_by_key(pre, pre, pre_post, [](bool, std::size_t) { return std::string(); }) ==
          std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(pair_by_key({}, {}, pre_post, [](bool, std::size_t) { return std::string(); }).empty());
}

TEST_CASE("keys that do not pair one to one are refused, naming the first that differs") {
    CHECK(problem({0, 1, 2}, {0, 3, 2}) ==
          "alliance.table.unpaired_key pre and post are paired by label, and post has no 'b' (pre's row 2); give "
          "both the same labels");
    CHECK(problem({0, 1}, {0, 1, 4}) ==
          "alliance.table.unpaired_key pre and post are paired by label, and pre has no 'e' (post's row 3); give "
          "both the same labels");
    CHECK(problem({0, 1, 1}, {0, 1, 2}) ==
          "alliance.table.repeated_key pre has the label 'b' twice, so it cannot be paired with post by label; "
          "make the labels unique");
    CHECK(problem({0, 1}, {1, 1}) ==
          "alliance.table.repeated_key post has the label 'b' twice, so it cannot be paired with pre by label; make "
          "the labels unique");
}

TEST_CASE("inputs without keys pair by position and must be equally long") {
    CHECK_NOTHROW(require_same_length(3, 3, pre_post));
    CHECK_THROWS_WITH_AS(require_same_length(3, 2, {"scores", "scores_b"}),
                         "[alliance.table.lengths_differ] scores has 3 values and scores_b 2; without labels they "
                         "pair by position and must be equally long",
                         table_error);
}

// alliance/table/grouping.hpp: a key is its text trimmed of spaces and tabs, an empty or missing
// one is in no group, groups are numbered in byte order of their keys, and many short keys (whose
// characters a vector's reallocation would move) keep their groups.
TEST_CASE("group_rows: trimmed keys, no group for an empty one, groups in key order") {
    const std::vector<std::optional<std::string>> cells{" b", "a", std::nullopt, "b\t", "  ", "", "a b", "A"};
    const grouped_rows grouped = group_rows(cells.size(), [&](std::size_t r) -> std::optional<std::string_view> {
        if (!cells[r]) return std::nullopt;
        return std::string_view(*cells[r]);
    });
    CHECK(grouped.keys == std::vector<std::string>{"A", "a", "a b", "b"});
    CHECK(grouped.group == std::vector<std::int64_t>{3, 1, -1, 3, -1, -1, 2, 0});

    std::vector<std::string> many;
    for (int i = 0; i < 5000; ++i) many.push_back(std::to_string(4999 - i));
    const grouped_rows all = group_rows(many.size() * 2, [&](std::size_t r) -> std::optional<std::string_view> {
        return std::string_view(many[r % many.size()]);
    });
    REQUIRE(all.keys.size() == many.size());
    CHECK(std::is_sorted(all.keys.begin(), all.keys.end()));
    for (std::size_t r = 0; r < many.size() * 2; ++r)
        CHECK(all.keys[static_cast<std::size_t>(all.group[r])] == many[r % many.size()]);
}

// alliance/table/catalogue_lookup.hpp: one message for a norm id the catalogue lacks, spelled as each
// front-end spells the option (the command line, Python and R said it in three copies before).
TEST_CASE("catalogue_norm: a built-in norm by id, or one message naming the option and the catalogue's norms") {
    CHECK(catalogue_norm("core-10-uk-general-population-2007", binding_spelling).sd == 4.8);  // core10.hpp
    try {
        (void)catalogue_norm("core-11", command_line_spelling);
        FAIL("no error");
    } catch (const table_error& e) {
        CHECK(e.id() == "alliance.table.unknown_norm");
        CHECK(std::string(e.message()).rfind("--norm: no norm 'core-11'; the catalogue has core-10-uk-general-population-2007, ", 0) == 0);
    }
    CHECK_THROWS_WITH_AS((void)catalogue_norm("x", binding_spelling), doctest::Contains("norm: no norm 'x';"), table_error);
}
