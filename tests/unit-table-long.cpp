// alliance/table/long_format.hpp: long data (one row per answer) grouped into records, as every
// front-end groups it: which item a cell names, a record's key, the problems of grouping and
// their words, and the packages' group_long + score_long, held to score_table on the same
// records laid out wide. Expected values are the WAI-SR's published key (Hatcher & Gillaspy
// 2006: task items 1 2 10 12, goal 4 6 8 11, bond 3 5 7 9, total 1-12, every item required,
// answers 1..5) worked by hand: all 4s give task 16 and total 48; all 5s, total 60.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/table/long_format.hpp>
#include <alliance/table/score_table.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace alliance;
using namespace alliance::table;

namespace {

runtime_instrument wai_sr() { return *builtin_instrument("wai-sr"); }

// A long table held as text: client, session, item, value (nullopt: a missing cell).
struct long_rows {
    std::vector<std::vector<std::optional<std::string>>> rows;
    void add(std::optional<std::string> client, std::optional<std::string> session, std::optional<std::string> item,
             std::optional<std::string> value) {
        rows.push_back({std::move(client), std::move(session), std::move(item), std::move(value)});
    }
    [[nodiscard]] std::optional<std::string_view> cell(std::size_t row, std::size_t column) const {
        const auto& text = rows[row][column];
        if (!text) return std::nullopt;
        return std::string_view(*text);
    }
    [[nodiscard]] long_groups group(const long_request& request) const {
        return group_long(
            rows.size(), [&](std::size_t r, std::size_t k) { return cell(r, k); },
            [&](std::size_t r) { return cell(r, 2); }, [&](std::size_t r) { return cell(r, 3); }, request);
    }
};

long_request wai_request(std::vector<std::string> names = {}) {
    long_request request;
    request.layout.record = {"client", "session"};
    request.items = long_items("wai-sr", 12, std::move(names));
    return request;
}

// One record's twelve answers as long rows, items in the order given.
void add_record(long_rows& table, const std::string& client, const std::string& session,
                const std::vector<std::string>& values, const std::vector<int>& order) {
    for (const int item : order)
        table.add(client, session, std::to_string(item), values[static_cast<std::size_t>(item - 1)]);
}

struct scored {
    std::vector<double> sums;  // [scale * records + record]
    std::vector<std::int64_t> answered;
    std::vector<std::int8_t> statuses;
    std::vector<std::int8_t> rows;
    std::vector<std::pair<std::size_t, std::string>> messages;
    score_outcome outcome;
};

scored score_groups(const runtime_instrument& instrument, const long_groups& groups, const long_request& request,
                    const long_rows& table) {
    const std::size_t n = groups.records(), scales = instrument.scales().size();
    scored out;
    out.sums.assign(scales * n, 0);
    std::vector<double> means(scales * n);
    out.answered.assign(scales * n, 0);
    out.statuses.assign(scales * n, 0);
    out.rows.assign(n, 0);
    score_columns<std::int64_t, std::int8_t> columns;
    for (std::size_t s = 0; s < scales; ++s) {
        columns.sums.push_back(out.sums.data() + s * n);
        columns.means.push_back(means.data() + s * n);
        columns.answered.push_back(out.answered.data() + s * n);
        columns.statuses.push_back(out.statuses.data() + s * n);
    }
    columns.rows = out.rows.data();
    columns.no_value = std::numeric_limits<double>::quiet_NaN();
    columns.no_count = -1;
    columns.no_status = -1;
    out.outcome = score_long(
        instrument, groups, request, score_request{}, columns,
        [&](std::uint64_t row) { return std::string(table.cell(row, 3).value_or("")); },
        [&](std::size_t r, std::string&& text) { out.messages.emplace_back(r, std::move(text)); });
    return out;
}

const std::vector<int> in_order{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
const std::vector<int> shuffled{7, 3, 12, 1, 9, 5, 11, 2, 10, 4, 8, 6};
const std::vector<std::string> fours(12, "4");
const std::vector<std::string> fives(12, "5");

}  // namespace

TEST_CASE("long_items: a whole number 1..N, or a name --items gives") {
    const long_items numbers("wai-sr", 12);
    CHECK(numbers.item_of("1") == 1);
    CHECK(numbers.item_of(" 12 ") == 12);
    CHECK(numbers.item_of("04") == 4);
    CHECK(numbers.item_of("0") == 0);
    CHECK(numbers.item_of("13") == 0);
    CHECK(numbers.item_of("4.0") == 0);
    CHECK(numbers.item_of("-1") == 0);
    CHECK(numbers.item_of("") == 0);
    CHECK(numbers.item_of("wai_3") == 0);
    CHECK(numbers.accepted() == "1..12");

    std::vector<std::string> names;
    for (int i = 1; i <= 12; ++i) names.push_back("wai_" + std::to_string(i));
    const long_items named("wai-sr", 12, names);
    CHECK(named.item_of("wai_3") == 3);
    CHECK(named.item_of(" wai_12") == 12);
    CHECK(named.item_of("7") == 7);  // plain numbers always work
    CHECK(named.item_of("wai_13") == 0);
    CHECK(named.accepted() == "1..12 or wai_1..wai_12");
    CHECK(long_items("x", 2, {"a", "b"}).accepted() == "1..2 or a, b");
    // A name wins over the number it spells: --items 2,1 names item 1 '2'.
    CHECK(long_items("x", 2, {"2", "1"}).item_of("2") == 1);
}

TEST_CASE("record keys: trimmed cells, told apart whatever bytes they hold") {
    std::string a, b;
    append_key_cell(a, " c1 ");
    append_key_cell(a, "2");
    append_key_cell(b, "c1");
    append_key_cell(b, "2\t");
    CHECK(a == b);
    std::string c, d;  // "c1" + "2" must not equal "c" + "12"
    append_key_cell(c, "c1");
    append_key_cell(c, "2");
    append_key_cell(d, "c");
    append_key_cell(d, "12");
    CHECK(c != d);
    const std::string long_cell(300, 'x');
    std::string e;
    append_key_cell(e, long_cell);
    append_key_cell(e, "");
    append_key_cell(e, std::string_view("\0,\n", 3));
    const auto cells = key_cells(e);
    REQUIRE(cells.size() == 3);
    CHECK(cells[0] == long_cell);
    CHECK(cells[1].empty());
    CHECK(cells[2] == std::string_view("\0,\n", 3));
}

TEST_CASE("check_long_layout: every column named, none twice") {
    long_layout layout;
    layout.record = {"client", "session"};
    CHECK_NOTHROW(check_long_layout(layout, command_line_spelling));
    const auto refused = [](const long_layout& l) -> std::string {
        try {
            check_long_layout(l, command_line_spelling);
        } catch (const option_error& e) {
            return e.message();
        }
        return std::string{};
    };
    CHECK(refused(long_layout{{}, "item", "value"}) == "--record names no column: give the record's key columns");
    CHECK(refused(long_layout{{"client", "client"}, "item", "value"}) == "--record names column 'client' twice");
    CHECK(refused(long_layout{{"client", "item"}, "item", "value"}) == "--item 'item' is also a --record column");
    CHECK(refused(long_layout{{"client"}, "x", "x"}) == "--item and --value name the same column 'x'");
    try {
        check_long_layout(long_layout{{"value"}, "item", "value"}, binding_spelling);
        FAIL("no error");
    } catch (const option_error& e) {
        CHECK(std::string(e.message()) == "value 'value' is also a record column");
    }
}

TEST_CASE("long_record: rows in any order make the record; an item not given is missing") {
    const long_items items("wai-sr", 12);
    const response_reader read(response_codes{});
    const row_naming naming;
    const long_rules rules{items, read, naming, "item"};
    long_record record(12);
    record.start(2);
    std::uint64_t line = 2;
    for (const int item : shuffled)
        if (item != 10) record.add(line++, std::to_string(item), std::string_view("4"), rules);
    CHECK(record.well_formed());
    CHECK(record.first_row() == 2);
    CHECK(record.answers()[9].is_missing());
    CHECK(record.answers()[6].value() == 4);
    CHECK(record.row_of(6) == 2);  // item 7 came first
    CHECK(record.row_of(9) == no_row);
    const auto scores = score(wai_sr(), record.answers());
    CHECK(scores["bond"].sum() == 16);
    CHECK(scores["task"].status() == score_status::insufficient);

    // start() forgets the record before.
    record.start(20);
    CHECK(record.answers()[6].is_missing());
    CHECK(record.row_of(6) == no_row);
    CHECK(record.well_formed());
}

TEST_CASE("long_record: an item given twice, an unknown item, a value that is no answer") {
    const runtime_instrument instrument = wai_sr();
    const long_items items("wai-sr", 12);
    const response_reader read(response_codes{});
    const row_naming naming;
    long_layout layout;
    layout.record = {"client", "session"};
    const long_rules rules{items, read, naming, layout.item};
    long_record record(12);
    record.start(2);
    for (int item = 1; item <= 12; ++item) record.add(static_cast<std::uint64_t>(item + 1), std::to_string(item), std::string_view("4"), rules);
    CHECK(record.well_formed());
    record.add(14, "4", std::string_view("5"), rules);  // item 4 again (first on line 5)
    record.add(15, "13", std::string_view("4"), rules);
    record.add(16, "4", std::string_view("3"), rules);  // and a third time
    CHECK_FALSE(record.well_formed());
    CHECK(record.answers()[3].value() == 4);  // the first row's answer stays
    CHECK(long_record_message(instrument, record, layout, naming, response_codes{}) ==
          "lines 5, 14 and 16: item 4 given 3 times (column 'item'); "
          "line 15, column 'item': item '13' is not an item of wai-sr (1..12)");

    record.start(2);
    for (int item = 1; item <= 12; ++item)
        record.add(static_cast<std::uint64_t>(item + 1), std::to_string(item),
                   std::string_view(item == 3 ? "x" : item == 5 ? " 6 " : "4"), rules);
    CHECK_FALSE(record.well_formed());
    CHECK(long_record_message(instrument, record, layout, naming, response_codes{}) ==
          "line 4, column 'value': value 'x' is not a number, a missing code ('', 'NA') or a not-applicable code "
          "(none); wai-sr, record 'line 2', item 5: response 6 is outside the response scale 1..5 (line 6, "
          "column 'value', value '6')");

    record.start(2);
    record.add(2, "1", std::string_view("4"), rules);
    record.add(3, "1", std::string_view("4"), rules);
    CHECK(long_record_message(instrument, record, layout, naming, response_codes{}) ==
          "lines 2 and 3: item 1 given twice (column 'item')");
}

TEST_CASE("long_record: a record of many bad rows keeps the first few of each kind and counts the rest") {
    const runtime_instrument instrument = wai_sr();
    const long_items items("wai-sr", 12);
    const response_reader read(response_codes{});
    const row_naming naming;
    long_layout layout;
    layout.record = {"client", "session"};
    const long_rules rules{items, read, naming, layout.item};
    long_record record(12);
    record.start(2);
    for (std::uint64_t line = 2; line < 10; ++line) record.add(line, "1", std::string_view("4"), rules);
    for (std::uint64_t line = 10; line < 18; ++line) record.add(line, "0", std::string_view("4"), rules);
    for (std::uint64_t line = 18; line < 25; ++line) record.add_problem("line " + std::to_string(line) + ": bad");
    CHECK(long_record_message(instrument, record, layout, naming, response_codes{}) ==
          "lines 2, 3, 4, 5, 6, ...: item 1 given 8 times (column 'item'); "
          "line 10, column 'item': item '0' is not an item of wai-sr (1..12); "
          "line 11, column 'item': item '0' is not an item of wai-sr (1..12); "
          "line 12, column 'item': item '0' is not an item of wai-sr (1..12); "
          "line 13, column 'item': item '0' is not an item of wai-sr (1..12); "
          "line 14, column 'item': item '0' is not an item of wai-sr (1..12); "
          "line 18: bad; line 19: bad; line 20: bad; line 21: bad; line 22: bad; "
          "3 more rows name no item (column 'item'); 2 more rows have problems of their own");
}

TEST_CASE("long_record: answers as labels, read with the item's own labels") {
    response_codes codes;
    codes.labels.common().add("Never", 1, "labels");
    codes.labels.item(3).add("Always", 5, "labels of item 3");
    const long_items items("wai-sr", 12);
    const response_reader read(codes);
    const row_naming naming;
    const long_rules rules{items, read, naming, "item"};
    long_record record(12);
    record.start(2);
    record.add(2, "3", std::string_view("Always"), rules);
    record.add(3, "4", std::string_view("Never"), rules);
    record.add(4, "5", std::string_view("Always"), rules);  // item 5 has the common labels only
    CHECK(record.answers()[2].value() == 5);
    CHECK(record.answers()[3].value() == 1);
    CHECK(record.unreadable(4));
}

TEST_CASE("group_long: records in the order of their first rows, whatever order their rows come in") {
    long_rows table;
    // c2's rows are interleaved with c1's: c1 comes first (its first row is first).
    for (std::size_t i = 0; i < 12; ++i) {
        table.add("c1", "1", std::to_string(shuffled[i]), "4");
        table.add("c2", "1", std::to_string(in_order[i]), "5");
    }
    add_record(table, "c1", "2", fives, in_order);
    table.add(" c1", "2 ", "3", "5");  // the same record, trimmed: item 3 again
    const long_request request = wai_request();
    const long_groups groups = table.group(request);
    REQUIRE(groups.records() == 3);
    CHECK(groups.first_row == std::vector<std::uint64_t>{0, 1, 24});
    CHECK(groups.forced == std::vector<unsigned char>{0, 0, 1});

    const scored result = score_groups(wai_sr(), groups, request, table);
    const std::size_t total = 3;  // the total is the last of task, goal, bond, total
    CHECK(result.sums[total * 3 + 0] == 48);
    CHECK(result.sums[total * 3 + 1] == 60);
    CHECK(std::isnan(result.sums[total * 3 + 2]));
    CHECK(result.rows == std::vector<std::int8_t>{0, 0, 2});
    REQUIRE(result.messages.size() == 1);
    CHECK(result.messages[0].first == 2);
    CHECK(result.messages[0].second == "lines 26 and 36: item 3 given twice (column 'item')");
    CHECK(result.outcome.errors == 1);
    CHECK(result.outcome.first_problem == "lines 26 and 36: item 3 given twice (column 'item')");
}

TEST_CASE("group_long: a row with an empty key cell is an error record of its own, in its place") {
    long_rows table;
    add_record(table, "c1", "1", fours, in_order);
    table.add("c1", std::nullopt, "1", "4");
    table.add("", "1", "1", "4");
    add_record(table, "c2", "1", fours, in_order);
    long_request request = wai_request();
    request.naming = row_labels([](std::uint64_t row) { return std::to_string(row + 1); }, "'");
    const long_groups groups = table.group(request);
    REQUIRE(groups.records() == 4);
    CHECK(groups.no_record == std::vector<unsigned char>{0, 1, 1, 0});
    const scored result = score_groups(wai_sr(), groups, request, table);
    CHECK(result.rows == std::vector<std::int8_t>{0, 2, 2, 0});
    REQUIRE(result.messages.size() == 2);
    CHECK(result.messages[0].second == "row '13', column 'session': empty, so the row belongs to no record");
    CHECK(result.messages[1].second == "row '14', column 'client': empty, so the row belongs to no record");
}

TEST_CASE("score_long: the scores of the same records laid out wide, to the last bit") {
    // 300 records of pseudo-random answers (some missing, some out of range, some text), long
    // and shuffled, against score_table on the wide matrix.
    const runtime_instrument instrument = wai_sr();
    const std::size_t n = 300;
    std::vector<double> wide(n * 12);
    std::vector<std::string> texts(n * 12);
    std::uint64_t state = 12345;
    const auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<unsigned>(state >> 33);
    };
    for (std::size_t c = 0; c < n * 12; ++c) {
        const unsigned pick = next() % 40;
        if (pick == 0) {
            wide[c] = std::numeric_limits<double>::quiet_NaN();
            texts[c] = "NA";
        } else if (pick == 1) {
            wide[c] = 7;
            texts[c] = "7";
        } else {
            wide[c] = 1 + pick % 5;
            texts[c] = std::to_string(1 + pick % 5);
        }
    }
    long_rows table;
    std::vector<std::pair<std::size_t, std::size_t>> cells;  // (record, item)
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t i = 0; i < 12; ++i)
            if (next() % 10 != 0) cells.emplace_back(r, i);  // an item not given is missing, as NA
    for (std::size_t c = cells.size(); c > 1; --c) std::swap(cells[c - 1], cells[next() % c]);
    // Record r's first row must come in record order for the records to keep their order: put
    // each record's first cell first.
    std::vector<std::pair<std::size_t, std::size_t>> ordered;
    std::vector<bool> started(n, false);
    for (std::size_t r = 0; r < n; ++r)
        for (const auto& cell : cells)
            if (cell.first == r) {
                ordered.push_back(cell);
                started[r] = true;
                break;
            }
    std::vector<std::size_t> present;
    for (std::size_t r = 0; r < n; ++r)
        if (started[r]) present.push_back(r);
    for (const auto& cell : cells) {
        bool first = false;
        for (const auto& o : ordered) first |= o == cell;
        if (!first) ordered.push_back(cell);
    }
    std::vector<bool> given(n * 12, false);
    for (const auto& [r, i] : ordered) {
        table.add("c" + std::to_string(r), "1", std::to_string(i + 1), texts[r * 12 + i]);
        given[r * 12 + i] = true;
    }
    for (std::size_t c = 0; c < n * 12; ++c)
        if (!given[c]) wide[c] = std::numeric_limits<double>::quiet_NaN();

    const long_request request = wai_request();
    const long_groups groups = table.group(request);
    REQUIRE(groups.records() == present.size());
    const scored from_long = score_groups(instrument, groups, request, table);

    // The wide matrix of the records present, in the same order.
    struct wide_source {
        std::vector<double> cells;
        [[nodiscard]] std::size_t rows() const { return cells.size() / 12; }
        [[nodiscard]] batch_codes block_codes() const { return {}; }
        response_matrix block(std::size_t first, std::size_t count, std::vector<double>&, unsigned char*) const {
            return response_matrix::row_major(cells.data() + first * 12, count, 12);
        }
        [[nodiscard]] response answer(std::size_t row, std::size_t item) const {
            const double x = cells[row * 12 + item];
            return std::isnan(x) ? response(missing) : response(x);
        }
        [[nodiscard]] bool unreadable(std::size_t, std::size_t) const { return false; }
        [[nodiscard]] std::string text(std::size_t, std::size_t) const { return {}; }
    } source;
    for (const std::size_t r : present) source.cells.insert(source.cells.end(), wide.begin() + static_cast<std::ptrdiff_t>(r * 12), wide.begin() + static_cast<std::ptrdiff_t>(r * 12 + 12));
    const std::size_t m = present.size(), scales = instrument.scales().size();
    std::vector<double> sums(scales * m), means(scales * m);
    std::vector<std::int64_t> answered(scales * m);
    std::vector<std::int8_t> statuses(scales * m), rows(m);
    score_columns<std::int64_t, std::int8_t> columns;
    for (std::size_t s = 0; s < scales; ++s) {
        columns.sums.push_back(sums.data() + s * m);
        columns.means.push_back(means.data() + s * m);
        columns.answered.push_back(answered.data() + s * m);
        columns.statuses.push_back(statuses.data() + s * m);
    }
    columns.rows = rows.data();
    columns.no_value = std::numeric_limits<double>::quiet_NaN();
    columns.no_count = -1;
    columns.no_status = -1;
    std::vector<std::string> names;
    for (int i = 1; i <= 12; ++i) names.push_back("item" + std::to_string(i));
    score_request wide_request;
    wide_request.item_names = names;
    (void)score_table(instrument, source, wide_request, columns);

    CHECK(from_long.rows == rows);
    CHECK(from_long.statuses == statuses);
    CHECK(from_long.answered == answered);
    for (std::size_t c = 0; c < sums.size(); ++c) {
        CHECK((std::isnan(sums[c]) ? std::isnan(from_long.sums[c]) : from_long.sums[c] == sums[c]));
    }
}
