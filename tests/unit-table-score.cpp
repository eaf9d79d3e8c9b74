// alliance/table/score_table.hpp and table/threads.hpp: the note of a partial row, the message
// of an error row, the scoring of a block of rows in parts on threads, and the thread policy.
// Expected values are the WAI-SR's published key (Hatcher & Gillaspy 2006: task items 1 2 10 12,
// goal 4 6 8 11, bond 3 5 7 9, total 1-12, every item required, answers 1..5) worked by hand,
// and the texts the front-ends have always written (README "Scoring in five lines": bond 18,
// task insufficient with item 10 missing).
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/table/score_table.hpp>
#include <alliance/table/threads.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace alliance;
using namespace alliance::table;

namespace {

constexpr double nan_ = std::numeric_limits<double>::quiet_NaN();

runtime_instrument wai_sr() { return *builtin_instrument("wai-sr"); }

std::vector<std::string> item_names() {
    std::vector<std::string> names;
    for (int i = 1; i <= 12; ++i) names.push_back("item" + std::to_string(i));
    return names;
}

// Rows of 12 numbers (NaN: missing), row-major; cells in `unreadable` are texts that are no answer.
struct rows_source {
    std::vector<double> cells;
    std::set<std::pair<std::size_t, std::size_t>> unreadable_cells;
    std::size_t throw_at = SIZE_MAX;  // block() throws for a block holding this row

    [[nodiscard]] std::size_t rows() const { return cells.size() / 12; }
    [[nodiscard]] batch_codes block_codes() const { return {}; }
    response_matrix block(std::size_t first, std::size_t count, std::vector<double>&, unsigned char* error) const {
        if (throw_at >= first && throw_at < first + count) throw std::runtime_error("block " + std::to_string(first));
        for (const auto& [row, item] : unreadable_cells)
            if (row >= first && row < first + count) error[row - first] = 1;
        return response_matrix::row_major(cells.data() + first * 12, count, 12);
    }
    [[nodiscard]] response answer(std::size_t row, std::size_t item) const {
        if (unreadable(row, item)) return missing;
        const double x = cells[row * 12 + item];
        return std::isnan(x) ? response(missing) : response(x);
    }
    [[nodiscard]] bool unreadable(std::size_t row, std::size_t item) const {
        return unreadable_cells.count({row, item}) != 0;
    }
    [[nodiscard]] std::string text(std::size_t row, std::size_t item) const {
        if (unreadable(row, item)) return "x";
        return alliance::detail::format_number(cells[row * 12 + item]);
    }
};

// The worked rows: all 4s (task 16, goal 16, bond 16, total 48); the README's record with item
// 10 missing (bond 3+5+7+9 -> 4+5+4+5 = 18, goal 3+4+3+4 = 14, task and total insufficient);
// all 5s (total 60); item 5 answered 6 (outside 1..5: an error row).
const std::vector<std::vector<double>> worked = {
    {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4},
    {4, 5, 4, 3, 5, 4, 4, 3, 5, nan_, 4, 5},
    {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5},
    {4, 5, 4, 3, 6, 4, 4, 3, 5, 4, 4, 5},
};

rows_source cycle_of(std::size_t rows) {
    rows_source source;
    for (std::size_t r = 0; r < rows; ++r)
        source.cells.insert(source.cells.end(), worked[r % 4].begin(), worked[r % 4].end());
    return source;
}

struct table_out {
    std::vector<double> sums, means;
    std::vector<std::int64_t> answered;
    std::vector<std::int8_t> statuses, rows;
    score_columns<std::int64_t, std::int8_t> columns;
    explicit table_out(std::size_t n) : sums(4 * n), means(4 * n), answered(4 * n), statuses(4 * n), rows(n) {
        for (std::size_t s = 0; s < 4; ++s) {
            columns.sums.push_back(sums.data() + s * n);
            columns.means.push_back(means.data() + s * n);
            columns.answered.push_back(answered.data() + s * n);
            columns.statuses.push_back(statuses.data() + s * n);
        }
        columns.rows = rows.data();
        columns.no_value = nan_;
        columns.no_count = -1;
        columns.no_status = -1;
    }
};

score_request request_with(unsigned threads) {
    score_request request;
    request.naming = row_labels([](std::uint64_t row) { return "c" + std::to_string(row + 1); });
    request.item_names = item_names();
    request.threads = threads;
    return request;
}

const std::string readme_note =
    "task insufficient: 3 of 4 items answered (rule: all 4 items required); "
    "total insufficient: 11 of 12 items answered (rule: all 12 items required)";

}  // namespace

TEST_CASE("the note of a partial row names the scale, its status, the count and the rule") {
    const runtime_instrument inst = wai_sr();
    const auto scales = inst.scales();  // task, goal, bond, total
    CHECK(partial_note(scales[0], score_status::insufficient, 3, scales[0].missing) ==
          "task insufficient: 3 of 4 items answered (rule: all 4 items required)");
    partial_notes notes(scales, missing_rule::prorate_min_fraction(0.75, "min_answered"));
    CHECK(notes.note(0, score_status::prorated, 3) ==
          "task prorated: 3 of 4 items answered (rule: prorate if at least 0.75 of 4 items answered)");
    CHECK(&notes.note(0, score_status::prorated, 3) == &notes.note(0, score_status::prorated, 3));  // built once
    partial_notes own(scales);
    CHECK(own.note(3, score_status::insufficient, 11) ==
          "total insufficient: 11 of 12 items answered (rule: all 12 items required)");
}

TEST_CASE("the message of an error row: item order, the label, the column and the value") {
    const runtime_instrument inst = wai_sr();
    const std::vector<std::string> names = item_names();
    // item 5 answered 6, item 8 a text 'x' (read as missing for check()), item 11 answered 0
    std::vector<response> answers(12, response(4.0));
    answers[4] = response(6.0);
    answers[7] = missing;
    answers[10] = response(0.0);
    const auto cell = [](std::size_t i) -> std::pair<std::string, bool> {
        if (i == 7) return {"x", true};
        return {i == 4 ? "6" : i == 10 ? "0" : "4", false};
    };
    std::string packages;
    append_row_problems(packages, inst, answers, names,
                        row_labels([](std::uint64_t) { return std::string("c003"); }), 2, response_codes{}, cell);
    CHECK(packages ==
          "wai-sr, record 'row c003', item 5: response 6 is outside the response scale 1..5 (column 'item5', value '6'); "
          "row c003, column 'item8': value 'x' is not a number, a missing code ('', 'NA') or a not-applicable code (none); "
          "wai-sr, record 'row c003', item 11: response 0 is outside the response scale 1..5 (column 'item11', value '0')");
    std::string command_line = "line 3: 13 fields, the header has 12";  // a problem found before
    append_row_problems(command_line, inst, std::span<const response>(answers).first(5),
                        std::span<const std::string>(names).first(5), row_naming{}, 3, response_codes{}, cell);
    CHECK(command_line == "line 3: 13 fields, the header has 12; wai-sr, record 'line 3': 5 responses given, the "
                          "instrument has 12 items");
    std::string python;
    append_row_problems(python, inst, answers, names,
                        row_labels([](std::uint64_t) { return std::string("c003"); }, "'"), 2, response_codes{}, cell);
    CHECK(python.find("; row 'c003', column 'item8': value 'x'") != std::string::npos);
    CHECK(error_rows_message("first", 1) == "first");
    CHECK(error_rows_message("first", 3) == "first (and 2 more rows with errors)");
}

TEST_CASE("a block of worked rows: results, statuses and messages in row order") {
    const runtime_instrument inst = wai_sr();
    rows_source source = cycle_of(8);
    source.unreadable_cells.insert({4, 7});  // row c5 (all 4s) has a text 'x' in item 8
    table_out out(8);
    const score_messages messages = score_table(inst, source, request_with(1), out.columns);
    const std::vector<std::int8_t> expected_rows = {0, 1, 0, 2, 2, 1, 0, 2};
    CHECK(out.rows == expected_rows);
    CHECK(out.sums[0 * 8 + 0] == 16);   // task, all 4s
    CHECK(out.sums[2 * 8 + 1] == 18);   // bond of the README record
    CHECK(out.sums[1 * 8 + 1] == 14);   // its goal
    CHECK(std::isnan(out.sums[0 * 8 + 1]));
    CHECK(out.statuses[0 * 8 + 1] == 2);  // task insufficient
    CHECK(out.answered[3 * 8 + 1] == 11);
    CHECK(out.sums[3 * 8 + 2] == 60);
    CHECK(out.means[3 * 8 + 2] == 5);
    CHECK(std::isnan(out.sums[3 * 8 + 3]));  // an error row has no scores, counts or statuses
    CHECK(out.answered[3 * 8 + 3] == -1);
    CHECK(out.statuses[0 * 8 + 4] == -1);
    CHECK(messages.rows == std::vector<std::size_t>{1, 3, 4, 5, 7});
    CHECK(messages.texts[0] == readme_note);
    const std::string out_of_range = "wai-sr, record 'row c4', item 5: response 6 is outside the response scale 1..5 "
                                     "(column 'item5', value '6')";
    CHECK(messages.texts[1] == out_of_range);
    CHECK(messages.texts[2] == "row c5, column 'item8': value 'x' is not a number, a missing code ('', 'NA') or a "
                               "not-applicable code (none)");
    CHECK(messages.first_problem == out_of_range);
    CHECK(messages.errors == 3);
}

TEST_CASE("the thread split: the same results with 1 and 2 threads, in row order") {
    const runtime_instrument inst = wai_sr();
    const std::size_t n = 3 * score_part_rows + 123;  // four parts, the last one short
    const rows_source source = cycle_of(n);
    table_out one(n), two(n);
    const score_messages by_one = score_table(inst, source, request_with(1), one.columns);
    const score_messages by_two = score_table(inst, source, request_with(2), two.columns);
    CHECK(one.rows == two.rows);
    CHECK(one.answered == two.answered);
    CHECK(one.statuses == two.statuses);
    CHECK(std::equal(one.sums.begin(), one.sums.end(), two.sums.begin(), two.sums.end(),
                     [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }));
    CHECK(by_one.rows == by_two.rows);
    CHECK(by_one.texts == by_two.texts);
    REQUIRE(by_two.rows.size() == n / 4 * 2 + 1);  // rows 1 and 3 of every four (n % 4 == 3)
    bool in_order = true;
    for (std::size_t k = 0; k < by_two.rows.size(); ++k) {
        const std::size_t row = by_two.rows[k];
        in_order &= row == (k / 2) * 4 + (k % 2 == 0 ? 1 : 3);
        in_order &= by_two.texts[k] == (row % 4 == 1 ? readme_note
                                                     : "wai-sr, record 'row c" + std::to_string(row + 1) +
                                                           "', item 5: response 6 is outside the response scale "
                                                           "1..5 (column 'item5', value '6')");
    }
    CHECK(in_order);
    CHECK(two.sums[3 * n + n - 1] == 60);  // the last row, all 5s (n - 1 = 2 mod 4)
}

TEST_CASE("an exception in a part is rethrown after every thread is joined") {
    const runtime_instrument inst = wai_sr();
    rows_source source = cycle_of(2 * score_part_rows + 10);
    source.throw_at = score_part_rows + 5;  // in the second part
    table_out out(source.rows());
    CHECK_THROWS_WITH_AS(score_table(inst, source, request_with(2), out.columns),
                         ("block " + std::to_string(score_part_rows + 5 - 5 % score_block_rows)).c_str(),
                         std::runtime_error);
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH_AS(run_parts(8, 2,
                                   [&](std::size_t p, unsigned) {
                                       ++ran;
                                       if (p == 2 || p == 5) throw std::logic_error("part " + std::to_string(p));
                                   }),
                         "part 2", std::logic_error);
    CHECK(ran.load() <= 8);
    std::vector<int> seen(5, 0);
    run_parts(5, 2, [&](std::size_t p, unsigned worker) {
        CHECK(worker < 2);
        seen[p] += 1;
    });
    CHECK(seen == std::vector<int>(5, 1));
}

TEST_CASE("the thread policy: one thread for every 50,000 rows, up to what is allowed") {
    CHECK(threads_for(10, 8) == 1);
    CHECK(threads_for(49999, 2) == 1);
    CHECK(threads_for(50000, 2) == 2);
    CHECK(threads_for(1000000, 2) == 2);
    CHECK(threads_for(1000000, 4) == 4);
    CHECK(threads_for(std::nullopt, 3) == 3);  // a stream: what is allowed
    CHECK(threads_for(std::nullopt, 0) == machine_threads());
    CHECK(threads_for(0, 0) == 1);
}

// An interpreter's Ctrl-C (table/interrupt.hpp): the calling thread asks between parts and
// between error rows' messages; what the check throws ends the call, the other threads joined.
TEST_CASE("an interrupt check that throws stops the parts and the messages, on the calling thread") {
    struct stopped {};
    std::atomic<int> ran{0};
    int asked = 0;
    const interrupt_check stop_at_second = [&] {
        if (++asked == 2) throw stopped{};
    };
    CHECK_THROWS_AS(run_parts(8, 1, [&](std::size_t, unsigned) { ++ran; }, stop_at_second), stopped);
    CHECK(ran == 2);  // worker 0 (the only one) asked after each of its parts

    const runtime_instrument inst = wai_sr();
    const rows_source source = cycle_of(2 * score_part_rows);
    table_out out(source.rows());
    score_request request = request_with(2);
    const std::thread::id caller = std::this_thread::get_id();
    bool elsewhere = false;
    asked = 0;
    request.interrupt = [&] {
        elsewhere |= std::this_thread::get_id() != caller;
        ++asked;
    };
    (void)score_table(inst, source, request, out.columns);
    CHECK_FALSE(elsewhere);  // however the parts fell to the two threads
    request.threads = 1;
    asked = 0;
    (void)score_table(inst, source, request, out.columns);
    CHECK(asked >= 2);  // after each of the two parts, and between messages once the interval has passed
}

TEST_CASE("interrupt_poll asks once the interval has passed, never with no check") {
    int asked = 0;
    interrupt_poll every_step([&] { ++asked; }, 1);
    every_step();
    CHECK(asked == 0);  // the interval has not passed
    std::this_thread::sleep_for(interrupt_interval + std::chrono::milliseconds(20));
    every_step();
    CHECK(asked == 1);
    interrupt_poll none(interrupt_check{});
    for (int i = 0; i < 1000; ++i) none();  // nothing to call: no throw
}

TEST_CASE("score_table hands each message over in row order as it is made") {
    const runtime_instrument inst = wai_sr();
    const rows_source source = cycle_of(8);
    table_out kept(8), handed(8);
    const score_messages messages = score_table(inst, source, request_with(1), kept.columns);
    std::vector<std::size_t> rows;
    std::vector<std::string> texts;
    const score_outcome outcome = score_table(inst, source, request_with(1), handed.columns,
                                              [&](std::size_t row, std::string&& text) {
                                                  rows.push_back(row);
                                                  texts.push_back(std::move(text));
                                              });
    CHECK(rows == messages.rows);
    CHECK(texts == messages.texts);
    CHECK(outcome.errors == 2);  // rows c4 and c8 (item 5 answered 6)
    CHECK(outcome.first_problem == messages.first_problem);
}
