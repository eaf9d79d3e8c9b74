// alliance/table/reliability.hpp: the reliability and icc requests every front-end shares. The
// option rules and their messages in the command line's and the packages' spelling; which rows
// each analysis leaves out and how its message says so, with rows named by line (command line)
// and by label (packages); each row's status; the cells of the rows. The numbers are checked
// against psych 2.2.9 (tests/data/stats-instrument-alpha*.csv: alpha, Feldt's interval and the
// item statistics of the 5-item test instrument, by tests/reference/stats_reference.R;
// stats-icc.csv: psych::ICC of Shrout & Fleiss's 6 targets x 4 judges, whose published ICCs,
// Table 4, are .17 .29 .71 .44 .62 .91).
#include <doctest/doctest.h>

#include <alliance/instrument.hpp>
#include <alliance/table/reliability.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unit-stats-data.hpp"

using namespace alliance;
using namespace alliance::table;
using stats_test::reference_table;

namespace {

using stats_test::test_instrument;  // the instrument of stats-instrument-responses.csv

std::vector<std::vector<response>> load_records() {
    const reference_table table("stats-instrument-responses.csv");
    std::vector<std::vector<response>> records(table.size());
    for (std::size_t r = 0; r < table.size(); ++r)
        for (int item = 1; item <= 5; ++item) {
            const auto value = table.maybe(r, "q" + std::to_string(item));
            records[r].push_back(value ? response(*value) : alliance::missing);
        }
    return records;
}

const row_naming lines{};  // the command line's: "line 4", "lines 4 and 9"
const row_naming labels = row_labels([](std::uint64_t row) { return "c" + std::to_string(row + 1); });  // pandas' index

template <class Request>
std::string problem(const Request& request, const option_spelling& spell) {
    try {
        (void)resolve(request, spell);
    } catch (const option_error& e) {
        return e.message();
    }
    return "(no error)";
}

// A writer that keeps the cells as text ("" for an empty cell), row by row.
struct text_rows {
    std::vector<std::vector<std::string>> rows{{}};
    void text(std::string_view x) { rows.back().emplace_back(x); }
    void integer(long long x) { rows.back().push_back(std::to_string(x)); }
    void number(double x) { rows.back().push_back(std::to_string(x)); }
    void empty() { rows.back().emplace_back(); }
    void next_row() { rows.emplace_back(); }
    [[nodiscard]] std::size_t size() const { return rows.size() - 1; }
};

// Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges, column by column.
const std::vector<std::vector<double>> judges{
    {9, 6, 8, 7, 10, 6}, {2, 1, 4, 1, 5, 2}, {5, 3, 6, 2, 6, 4}, {8, 2, 8, 6, 9, 7}};

std::vector<rating_column> columns_of(const std::vector<std::vector<double>>& values,
                                      const std::vector<std::vector<cell_kind>>& kinds = {}) {
    std::vector<rating_column> columns;
    for (std::size_t c = 0; c < values.size(); ++c)
        columns.push_back({values[c], kinds.empty() ? std::span<const cell_kind>() : std::span(kinds[c])});
    return columns;
}

constexpr double no_rating = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("reliability: the confidence option, one message in each spelling") {
    CHECK(resolve(reliability_request{}, command_line_spelling).confidence == 0.95);
    CHECK(resolve(reliability_request{0.9, true}, binding_spelling).confidence == 0.9);
    CHECK(resolve(reliability_request{0.9, true}, binding_spelling).item_detail);
    CHECK(problem(reliability_request{2.0}, command_line_spelling) ==
          "--confidence expects a level between 0 and 1 (e.g. 0.95), not '2'");
    CHECK(problem(reliability_request{2.0}, binding_spelling) ==
          "confidence expects a level between 0 and 1 (e.g. 0.95), not 2");
    reliability_request request;
    std::vector<std::string> names;
    for_each_option(request, [&](std::string_view name, auto&) { names.emplace_back(name); });
    CHECK(names == std::vector<std::string>{"confidence"});
}

TEST_CASE("reliability: alpha, Feldt's interval and the item statistics of psych::alpha; listwise notes") {
    const reference_table scale("stats-instrument-alpha.csv");
    const reference_table items("stats-instrument-alpha-items.csv");
    const auto records = load_records();
    REQUIRE(records.size() == 90);
    const std::array<bool, 90> none{};
    const reliability_settings settings = resolve(reliability_request{}, binding_spelling);
    const auto rows = reliability_block(test_instrument.view(), records, none, settings, labels).scales;
    REQUIRE(rows.size() == 3);
    for (const scale_reliability_row& row : rows) {
        CAPTURE(row.scale);
        if (row.scale == "b") continue;  // not in the reference
        const auto value = [&](std::string_view q) { return scale.lookup({{"scale", row.scale}, {"quantity", q}}); };
        REQUIRE(row.report);
        CHECK(static_cast<double>(*row.n) == value("n"));
        CHECK_CLOSE(row.report->alpha, value("alpha"), 1e-13);
        CHECK_CLOSE(row.report->standardized_alpha, value("standardized_alpha"), 1e-13);
        CHECK_CLOSE(row.report->alpha_interval.lower, value("feldt95_lower"), 1e-13);
        CHECK_CLOSE(row.report->alpha_interval.upper, value("feldt95_upper"), 1e-13);
        // SEM of the sum score: SD x sqrt(1 - alpha), from psych's SD and alpha
        CHECK_CLOSE(*row.report->sem, value("total_sd") * std::sqrt(1 - value("alpha")), 1e-12);
        // every row valid, some with a missing answer: partial, with the count psych dropped
        CHECK(row.status == row_status::partial);
        CHECK(row.message == std::to_string(static_cast<int>(value("dropped"))) +
                                 " rows with a missing answer left out (listwise)");
        const auto expected = items.where("scale", row.scale);
        REQUIRE(expected.size() == row.items.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK(static_cast<double>(row.items[i]) == items.number(expected[i], "item"));
            CHECK(row.reversed[i] == (row.items[i] == 2 || row.items[i] == 5));
            CHECK_CLOSE(row.report->item_stats[i].mean, items.number(expected[i], "mean"), 1e-14);
            CHECK_CLOSE(row.report->item_stats[i].r_drop, items.number(expected[i], "r_drop"), 1e-13);
            CHECK_CLOSE(*row.report->item_stats[i].alpha_if_deleted, items.number(expected[i], "alpha_if_deleted"),
                        1e-13);
        }
    }
    CHECK(rows[0].scale == "a");
    CHECK(rows[0].k == 3);
    CHECK(rows[2].scale == "total");
    CHECK(rows[2].k == 5);
}

TEST_CASE("reliability: invalid rows named as each front-end names rows; statuses; sem and alpha_if_deleted notes") {
    // Rows 0..9 complete; rows 3 and 5 with a cell that is no answer (flagged by the caller),
    // row 7 with an answer out of the response scale (found by reliability_block).
    std::vector<std::vector<response>> records;
    const double answers[10][5] = {{1, 7, 1, 2, 6}, {2, 6, 2, 3, 5}, {3, 5, 3, 2, 6}, {4, 4, 4, 5, 3},
                                   {5, 3, 5, 4, 4}, {6, 2, 6, 7, 1}, {7, 1, 7, 6, 2}, {2, 9, 3, 3, 4},
                                   {6, 2, 5, 5, 3}, {4, 4, 4, 4, 4}};
    for (const auto& row : answers) records.emplace_back(std::begin(row), std::end(row));
    bool invalid[10] = {false, false, false, true, false, true, false, false, false, false};
    const reliability_settings settings = resolve(reliability_request{std::nullopt, true}, command_line_spelling);
    const reliability_table table = reliability_block(test_instrument.view(), records, invalid, settings, labels);
    CHECK(table.invalid.count == 3);
    const auto& from_packages = table.scales;
    REQUIRE(from_packages.size() == 3);
    for (const scale_reliability_row& row : from_packages) {
        CAPTURE(row.scale);
        CHECK(row.n == std::optional<std::size_t>(7));
        CHECK(row.status == row_status::partial);
        CHECK(row.message.find("3 rows with invalid values left out (row c4, row c6 and row c8)") == 0);
    }
    // scale b has 2 items: no alpha if deleted, said once, after the invalid rows
    CHECK(from_packages[1].message ==
          "3 rows with invalid values left out (row c4, row c6 and row c8); alpha_if_deleted is empty: the scale "
          "has only 2 items");

    // The command line: the valid rows only, the invalid ones by line.
    std::vector<std::span<const response>> valid;
    invalid_rows left_out;
    for (std::size_t r = 0; r < records.size(); ++r) {
        if (invalid[r] || r == 7) left_out.add(r + 2);  // line 2 is the first data row
        else valid.emplace_back(records[r]);
    }
    const auto from_file = analyse_scales(test_instrument.view(), valid, left_out, settings, lines);
    CHECK(from_file[0].message == "3 rows with invalid values left out (lines 5, 7 and 9)");
    CHECK(from_file[0].report->alpha == from_packages[0].report->alpha);

    // More than five invalid rows: five named, then "...".
    invalid_rows many;
    for (std::uint64_t line = 2; line < 12; ++line) many.add(line);
    CHECK(invalid_rows_note(many, lines) == "10 rows with invalid values left out (lines 2, 3, 4, 5, 6, ...)");
    CHECK(invalid_rows_note(invalid_rows{}, lines).empty());

    // Without invalid rows or missing answers: ok, no message.
    const auto all_valid = analyse_scales(test_instrument.view(), valid, invalid_rows{}, reliability_settings{}, lines);
    CHECK(all_valid[0].status == row_status::ok);
    CHECK(all_valid[0].message.empty());

    // A negative alpha (Cronbach 1951): x = 1 2 3, y = 3 1 2 (b's items 4 and 5, 5 reversed as
    // 8 - x: 5 7 6): var 1 each, cov -0.5, var(x + y) = 1, alpha = 2 (1 - 2/1) = -2; no SEM.
    std::vector<std::vector<response>> pair{{1, 1, 1, 1, 5}, {2, 2, 2, 2, 7}, {3, 3, 3, 3, 6}};
    const auto negative = analyse_scales(test_instrument.view(), pair, invalid_rows{}, reliability_settings{}, lines);
    REQUIRE(negative[1].report);
    CHECK(negative[1].report->alpha == doctest::Approx(-2.0).epsilon(1e-12));
    CHECK(negative[1].status == row_status::ok);
    CHECK(negative[1].message == "sem is empty: alpha is not above 0");
}

TEST_CASE("reliability: a scale that cannot be computed is an error row with the library's reason and its n") {
    std::vector<std::vector<response>> one{{1, 2, 3, 4, 5}, {response{}, 2, 3, response{}, 5}};
    const auto rows = analyse_scales(test_instrument.view(), one, invalid_rows{}, reliability_settings{}, lines);
    CHECK(rows[0].status == row_status::error);
    CHECK(rows[0].n == std::optional<std::size_t>(1));
    CHECK(!rows[0].report);
    // one complete row left after the listwise drop
    CHECK(rows[0].message ==
          "[alliance.stats.too_few_observations] stats-test, scale 'a' has 1 observation; at least 2 are needed; 1 row "
          "with a missing answer left out (listwise)");
    CHECK(rows[1].message ==
          "[alliance.stats.too_few_observations] stats-test, scale 'b' has 1 observation; at least 2 are needed; 1 row "
          "with a missing answer left out (listwise)");

    // The cells: a scale row, and with item_detail one row per item, numbers empty on error rows.
    text_rows scale_rows;
    put_reliability_table(scale_rows, rows, reliability_settings{});
    REQUIRE(scale_rows.size() == 3);
    CHECK(scale_rows.rows[0] == std::vector<std::string>{"a", "1", "3", "", "", "", "", "", "error", rows[0].message});
    CHECK(reliability_columns(reliability_settings{}).size() == scale_rows.rows[0].size());
    const reliability_settings detail{0.95, true};
    text_rows item_rows;
    put_reliability_table(item_rows, rows, detail);
    REQUIRE(item_rows.size() == 3 + 2 + 5);
    CHECK(item_rows.rows[1] == std::vector<std::string>{"a", "2", "1", "", "", "", "", "error", rows[0].message});
    CHECK(reliability_columns(detail).size() == item_rows.rows[0].size());
}

TEST_CASE("icc: the raters and confidence, one message in each spelling") {
    CHECK(problem(icc_request{1}, command_line_spelling) == "--raters needs at least two columns, one per rater, not 1");
    CHECK(problem(icc_request{1}, binding_spelling) == "ratings needs at least two columns, one per rater, not 1");
    CHECK(problem(icc_request{2, 1.5}, command_line_spelling) ==
          "--confidence expects a level between 0 and 1 (e.g. 0.95), not '1.5'");
    CHECK(problem(icc_request{2, 1.5}, binding_spelling) ==
          "confidence expects a level between 0 and 1 (e.g. 0.95), not 1.5");
    CHECK(resolve(icc_request{4}, binding_spelling).confidence == 0.95);
}

TEST_CASE("icc: Shrout & Fleiss's six ICCs as psych::ICC computes them, in psych's order and names") {
    const reference_table reference("stats-icc.csv");
    const icc_settings settings = resolve(icc_request{4}, binding_spelling);
    const auto columns = columns_of(judges);
    const icc_result result = icc_block(columns, settings, labels);
    REQUIRE(result.report);
    CHECK(result.status == row_status::ok);
    CHECK(result.message.empty());
    CHECK(result.n == 6);
    CHECK(result.k == 4);
    const std::vector<std::string_view> names{"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"};
    const double published[] = {0.17, 0.29, 0.71, 0.44, 0.62, 0.91};
    for (std::size_t i = 0; i < names.size(); ++i) {
        CAPTURE(names[i]);
        const stats::icc_form form = stats::all_icc_forms[i];
        CHECK(psych_icc_name(form) == names[i]);
        const stats::icc_estimate& e = (*result.report)[form];
        CHECK(std::round(e.value * 100) / 100 == doctest::Approx(published[i]));
        for (const std::size_t r : reference.where("form", std::string(names[i]))) {
            if (reference.text(r, "dataset") != "shrout_fleiss" || std::abs(reference.number(r, "confidence") - 0.95) > 1e-9)
                continue;
            CHECK_CLOSE(e.value, reference.number(r, "icc"), 1e-12);
            CHECK_CLOSE(e.f, reference.number(r, "f"), 1e-12);
            CHECK_CLOSE(e.ci.lower, reference.number(r, "lower"), 1e-9);
            CHECK_CLOSE(e.ci.upper, reference.number(r, "upper"), 1e-9);
            CHECK_CLOSE(e.p, reference.number(r, "p"), 1e-9);
        }
    }
    text_rows out;
    put_icc_table(out, result);
    REQUIRE(out.size() == 6);
    CHECK(out.rows[0].size() == icc_columns().size());
    CHECK(out.rows[5][0] == "ICC3k");
    CHECK(out.rows[5][4] == "6");
    CHECK(out.rows[5][10] == "ok");
}

TEST_CASE("icc: missing ratings listwise, invalid cells named, not computable rows") {
    // Target 7: a text that is no rating; 8 and 9: a missing rating each; 10: not finite.
    std::vector<std::vector<double>> values = judges;
    std::vector<std::vector<cell_kind>> kinds(4, std::vector<cell_kind>(6, cell_kind::number));
    const double extra[4][4] = {{5, 4, 1, 2}, {no_rating, 3, 1, 1}, {3, no_rating, 2, 3}, {4, 3, std::numeric_limits<double>::infinity(), 1}};
    const cell_kind extra_kinds[4][4] = {
        {cell_kind::number, cell_kind::number, cell_kind::unreadable, cell_kind::number},
        {cell_kind::missing, cell_kind::number, cell_kind::number, cell_kind::number},
        {cell_kind::number, cell_kind::missing, cell_kind::number, cell_kind::number},
        {cell_kind::number, cell_kind::number, cell_kind::number, cell_kind::number}};
    for (std::size_t c = 0; c < 4; ++c)
        for (std::size_t r = 0; r < 4; ++r) {
            values[c].push_back(extra[r][c]);
            kinds[c].push_back(extra_kinds[r][c]);
        }
    const icc_settings settings = resolve(icc_request{4}, binding_spelling);
    const auto columns = columns_of(values, kinds);
    const icc_result with_texts = icc_block(columns, settings, labels);
    const icc_result alone = icc_block(columns_of(judges), settings, labels);
    REQUIRE(with_texts.report);
    CHECK(with_texts.n == 6);
    CHECK((*with_texts.report)[stats::icc_form::icc3_1].value == (*alone.report)[stats::icc_form::icc3_1].value);
    CHECK(with_texts.status == row_status::partial);
    CHECK(with_texts.message ==
          "2 rows with a missing rating left out (listwise); 2 rows with invalid values left out (row c7 and row c10)");

    // As the command line counts them, by line.
    invalid_rows bad;
    bad.add(8);
    const icc_result from_file = analyse_ratings({1, 2, 3, 4, 5, 6, 7, 9}, 0, bad, icc_settings{2, 0.95}, lines);
    CHECK(from_file.message == "1 row with invalid values left out (line 8)");
    CHECK(from_file.status == row_status::partial);

    // One complete row: error, the library's reason and the listwise note; every number empty.
    const std::vector<std::vector<double>> one{{1, 3}, {2, no_rating}};
    const icc_result none = icc_block(columns_of(one), icc_settings{2, 0.95}, lines);
    CHECK(none.status == row_status::error);
    CHECK(none.n == 1);
    CHECK(none.message ==
          "[alliance.stats.too_few_observations] ratings has 1 observation; at least 2 are needed; 1 row with a "
          "missing rating left out (listwise)");
    text_rows out;
    put_icc_table(out, none);
    CHECK(out.rows[0] == std::vector<std::string>{"ICC1", "", "", "", "1", "2", "", "", "", "", "error", none.message});

    // Columns of different lengths, or another number of columns than raters, are refused.
    const std::vector<std::vector<double>> ragged{{1, 2, 3}, {1, 2}};
    CHECK_THROWS_AS((void)icc_block(columns_of(ragged), icc_settings{2, 0.95}, lines), table_error);
    CHECK_THROWS_AS((void)icc_block(columns_of(judges), icc_settings{2, 0.95}, lines), table_error);
}
