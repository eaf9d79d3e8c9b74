// alliance/table/block.hpp and table/compare.hpp: the row rule every front-end shares (a missing
// input makes a partial row that names it, a library error an error row with its message, no
// row dropped), and compare_block's per-score memory, which must give exactly the cells that
// compare_cells gives for each score on its own.
#include <doctest/doctest.h>

#include <alliance/table/block.hpp>
#include <alliance/table/compare.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace alliance;
using namespace alliance::table;

namespace {
constexpr double no_value = std::numeric_limits<double>::quiet_NaN();  // a missing input
}

TEST_CASE("map_block: every row is ok, partial (naming its missing inputs) or an error with the library's message") {
    const std::vector<double> pre{10, no_value, 3, no_value};
    const std::vector<double> post{12, 5, -1, no_value};
    const std::array<std::span<const double>, 2> inputs{pre, post};
    const std::array<std::string_view, 2> names{"pre", "post"};
    const column_block block = map_block(inputs, names, 2, [](std::span<const double> x, std::span<double> out) {
        if (x[1] < 0) throw domain_error("alliance.stats.test", "post " + std::to_string(static_cast<int>(x[1])) + " is below 0");
        out[0] = x[1] - x[0];
        out[1] = x[0] + x[1];
    });
    REQUIRE(block.rows == 4);
    CHECK(block.status == std::vector<row_status>{row_status::ok, row_status::partial, row_status::error,
                                                  row_status::partial});
    CHECK(block.at(0, 0) == 2);
    CHECK(block.at(1, 0) == 22);
    for (std::size_t r = 1; r < 4; ++r) {
        CHECK(std::isnan(block.at(0, r)));
        CHECK(std::isnan(block.at(1, r)));
    }
    REQUIRE(block.messages.size() == 3);
    CHECK(block.messages[0] == std::pair<std::size_t, std::string>{1, "missing pre; nothing computed"});
    CHECK(block.messages[1] == std::pair<std::size_t, std::string>{2, "[alliance.stats.test] post -1 is below 0"});
    CHECK(block.messages[2] == std::pair<std::size_t, std::string>{3, "missing pre, post; nothing computed"});

    const std::vector<double> shorter{1};
    const std::array<std::span<const double>, 2> uneven{pre, shorter};
    CHECK_THROWS_AS(require_equal_lengths(uneven), table_error);
}

TEST_CASE("compare_block remembers each distinct score and gives exactly compare_cells' numbers") {
    for (const std::optional<int> n : {std::optional<int>{}, std::optional<int>{100}}) {
        const compare_request request{norm{.n = n, .mean = 20, .sd = 7}, 0.95};
        std::vector<double> scores;
        for (int round = 0; round < 3; ++round)
            for (const double score : {0.0, -0.0, 20.0, 40.0, 13.5, no_value, 7.0}) scores.push_back(score);
        const column_block block = compare_block(scores, request);
        const std::size_t columns = compare_columns(request).size();
        CHECK(columns == (n ? 13u : 3u));
        std::vector<double> expected(columns);
        for (std::size_t r = 0; r < scores.size(); ++r) {
            if (std::isnan(scores[r])) {
                CHECK(block.status[r] == row_status::partial);
                continue;
            }
            compare_cells(request, scores[r], expected);
            for (std::size_t c = 0; c < columns; ++c)
                CHECK(std::bit_cast<std::uint64_t>(block.at(c, r)) == std::bit_cast<std::uint64_t>(expected[c]));
        }
        // z of 27 against M 20, SD 7 is 1 (by hand).
        const std::vector<double> one{27};
        CHECK(compare_block(one, request).at(0, 0) == 1.0);
    }
}

TEST_CASE("the requests are checked once, with the option spelled as the front-end spells it") {
    equivalence_request request;
    request.normative = {10, -1, 20};
    request.delta = 2;
    CHECK_THROWS_WITH_AS(check(request, command_line_spelling),
                         doctest::Contains("normative group (--mean, --sd, --n)"), domain_error);
    CHECK_THROWS_WITH_AS(check(request, binding_spelling), doctest::Contains("normative group (mean, sd, n)"),
                         domain_error);
}
