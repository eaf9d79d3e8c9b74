// alliance/table/track.hpp: what every front-end of `track` shares. How a session cell is read;
// each message about a row, a client and the rows without a client, with rows named by line
// (command line) and by label (packages); the cells of a row and of a summary row; and a whole
// table through track_block, worked out by hand below (a drop of 2 points or more since the
// last scored session; the analysis itself is held to tests/data/track-series.csv by
// tests/unit-tracking-track.cpp).
#include <doctest/doctest.h>

#include <alliance/table/track.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace alliance;
using namespace alliance::table;

namespace {

const row_naming lines{};  // the command line's: "line 4"
const row_naming rows = row_labels([](std::uint64_t row) { return std::to_string(row + 1); });  // R's "row 1"

// Every cell written, one text per cell: "t:" text, "i:" integer, "n:" number, "r:" input row,
// "-" empty; a row ends with "|".
struct recorder {
    std::vector<std::string> cells;
    void text(std::string_view x) { cells.push_back("t:" + std::string(x)); }
    void integer(long long x) { cells.push_back("i:" + std::to_string(x)); }
    void number(double x) { cells.push_back("n:" + alliance::detail::format_number(x)); }
    void input_row(std::uint64_t row) { cells.push_back("r:" + std::to_string(row)); }
    void empty() { cells.emplace_back("-"); }
    void next_row() { cells.emplace_back("|"); }
};

std::string message_of(const option_spelling& spell) {
    try {
        check_track_columns("visit", "visit", spell);
    } catch (const option_error& e) {
        return e.message();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("read_session: a finite number, or a date as days since 1970-01-01") {
    CHECK(read_session(" 3 ", false) == 3.0);
    CHECK(read_session("2.5", false) == 2.5);
    CHECK_FALSE(read_session("", false));
    CHECK_FALSE(read_session("first", false));
    CHECK_FALSE(read_session("nan", false));    // a number that is not finite is no session
    CHECK_FALSE(read_session("1e400", false));  // beyond double
    CHECK_FALSE(read_session("3", true));
    CHECK(read_session("1970-01-02", true) == 1.0);
    CHECK(read_session("2000-01-01", true) == 10957.0);  // 30 years of 365 days and 7 leap days
    CHECK(read_session("2024-02-29", true) == 19782.0);
    CHECK_FALSE(read_session("2023-02-29", true));  // not a day of 2023
    CHECK_FALSE(read_session("2023-2-28", true));
}

TEST_CASE("check_track_columns: one column cannot be both, in each front-end's words") {
    CHECK(message_of(command_line_spelling) == "--client and --session name the same column");
    CHECK(message_of(binding_spelling) == "client and session name the same column");
    CHECK_NOTHROW(check_track_columns("client", "session", binding_spelling));
}

TEST_CASE("messages: a row by its line or its label") {
    CHECK(empty_id_problem(lines.name(3), "client") == "line 3, column 'client': the id is empty");
    CHECK(session_problem(rows.name(0), "visit", "first", false) ==
          "row 1, column 'visit': value 'first' is not a session number");
    CHECK(session_problem(lines.name(7), "date", "2023-02-29", true) ==
          "line 7, column 'date': value '2023-02-29' is not a date (YYYY-MM-DD)");
    CHECK(duplicate_session_problem(lines.name(2), "a", "1", lines.name(3)) ==
          "line 2: client 'a' has session 1 on line 3 as well; neither row is used");
    CHECK(duplicate_session_note(rows.name(4), "1", rows.name(25)) == "row 5: session 1 is also on row 26; neither row is used");
    const std::vector<std::uint64_t> one{3}, seven{2, 3, 4, 5, 6, 7};
    CHECK(unattributed_message(1, one, lines) == "1 row has an empty client and belongs to no series (line 3)");
    CHECK(unattributed_message(7, seven, lines) ==
          "7 rows have an empty client and belong to no series (lines 2, 3, 4, 5, 6, ...)");
}

TEST_CASE("put_track_cells: a row that repairs one episode and is the lowest point of the next") {
    tracking::row_result row;
    row.change = -6;
    row.change_from_mean = -4.5;
    row.flags = tracking::flag_drop | tracking::flag_rupture;
    row.repair_episode = 1;
    row.rupture_episode = 2;
    row.status = tracking::repair_status::censored;
    row.depth = 6;
    recorder out;
    put_track_cells(out, 24.0, row);
    CHECK(out.cells == std::vector<std::string>{"n:24", "n:-6", "n:-4.5", "t:drop;v-episode", "t:1;2", "t:repair;rupture",
                                                "t:censored", "n:6", "-"});
    recorder plain;
    put_track_cells(plain, std::nullopt, tracking::row_result{});
    CHECK(plain.cells == std::vector<std::string>{"-", "-", "-", "t:", "-", "-", "-", "-", "-"});
    CHECK(plain.cells.size() == std::size(track_result_columns));
}

TEST_CASE("summarize_client: an overflowing mean is left empty and makes the row an error") {
    tracking::client_summary summary;
    summary.about.sessions = summary.about.scored = 2;
    summary.about.mean = std::numeric_limits<double>::infinity();
    summary.about.first = 1e308;
    const track_summary_row row = summarize_client("a", summary, {}, [](std::size_t i) { return i; }, lines);
    CHECK(row.status == row_status::error);
    CHECK_FALSE(row.summary.about.mean);
    CHECK(row.summary.about.first == 1e308);
    CHECK(row.message ==
          "the mean overflows (the sessions or scores are too large to compute it in double precision); it is left empty");
}

// The hand-worked table. Rows (named "row 1" .. "row 9"):
//   1 a  session 2  ok       30      5 b  session 1  partial  28
//   2 a  session 1  ok       34      6 b  session 2  ok       25
//   3 -  session 3  ok       20      7 a  session 3  ok       33
//   4 b  session x  ok       25      8 a  session 3  ok       31
//                                     9 b  session 3  error    (no score)
// a's series is 34 (session 1), 30 (session 2): change -4, a drop; rows 7 and 8 share session 3
// and are both left out. b's series is 28, 25: change -3, a drop; row 4's session is no number,
// row 9 was an error of scoring. Row 3 has no client.
namespace {

struct hand_worked {
    std::vector<std::optional<std::string_view>> client{"a", "a", "", "b", "b", "b", "a", "a", "b"};
    std::vector<std::optional<std::string_view>> session{"2", "1", "3", "x", "1", "2", "3", "3", "3"};
    std::vector<row_status> status{row_status::ok, row_status::ok,      row_status::ok, row_status::ok, row_status::partial,
                                   row_status::ok, row_status::ok,      row_status::ok, row_status::error};
    std::vector<std::string_view> message{"", "", "", "", "task prorated: 3 of 4 items answered", "", "", "",
                                          "srs, record 'row 9', item 1: no answer"};
    std::vector<double> score{30, 34, 20, 25, 28, 25, 33, 31, std::nan("")};

    [[nodiscard]] track_table run(bool summary) const {
        track_settings settings;
        settings.client_column = "client";
        settings.session_column = "session";
        settings.summary = summary;
        settings.rules.drop = tracking::drop_alert{2, tracking::previous_policy::last_scored};
        return track_block({client, {session, {}}, status, message, score}, settings, rows);
    }
};

}  // namespace

TEST_CASE("track_block: per row, the hand-worked table") {
    const track_table table = hand_worked{}.run(false);
    REQUIRE(table.status.size() == 9);
    CHECK(table.message[0].empty());
    CHECK(table.message[2] == "row 3, column 'client': the id is empty");
    CHECK(table.message[3] == "row 4, column 'session': value 'x' is not a session number");
    CHECK(table.message[6] == "row 7: client 'a' has session 3 on row 8 as well; neither row is used");
    CHECK(table.message[7] == "row 8: client 'a' has session 3 on row 7 as well; neither row is used");
    CHECK(table.message[8] == "srs, record 'row 9', item 1: no answer");
    recorder out;
    put_track_table(out, table);
    const std::vector<std::string> first(out.cells.begin(), out.cells.begin() + 12);
    CHECK(first == std::vector<std::string>{"n:30", "n:-4", "n:-4", "t:drop", "-", "-", "-", "-", "-", "t:ok", "t:", "|"});
    const std::vector<std::string> third(out.cells.begin() + 24, out.cells.begin() + 36);
    CHECK(third == std::vector<std::string>{"-", "-", "-", "-", "-", "-", "-", "-", "-", "t:error",
                                            "t:row 3, column 'client': the id is empty", "|"});
    const std::vector<std::string> fifth(out.cells.begin() + 48, out.cells.begin() + 60);
    CHECK(fifth == std::vector<std::string>{"n:28", "-", "-", "t:", "-", "-", "-", "-", "-", "t:partial",
                                            "t:task prorated: 3 of 4 items answered", "|"});
    const std::vector<std::string> sixth(out.cells.begin() + 60, out.cells.begin() + 64);
    CHECK(sixth == std::vector<std::string>{"n:25", "n:-3", "n:-3", "t:drop"});
}

TEST_CASE("track_block: the summary of the hand-worked table") {
    const track_table table = hand_worked{}.run(true);
    REQUIRE(table.summary.size() == 3);
    recorder out;
    put_track_table(out, table);
    const std::vector<std::string> a(out.cells.begin(), out.cells.begin() + 21);
    CHECK(a == std::vector<std::string>{
                   "t:a", "i:2", "i:2", "i:2", "r:1", "r:0", "n:32", "n:-4", "n:34", "n:30", "-", "i:1", "-", "-", "-",
                   "-", "-", "-", "t:error",
                   "t:row 7: session 3 is also on row 8; neither row is used; row 8: session 3 is also on row 7; "
                   "neither row is used",
                   "|"});
    const std::vector<std::string> b(out.cells.begin() + 21, out.cells.begin() + 42);
    CHECK(b == std::vector<std::string>{
                   "t:b", "i:2", "i:2", "i:2", "r:4", "r:5", "n:26.5", "n:-3", "n:28", "n:25", "-", "i:1", "-", "-",
                   "-", "-", "-", "-", "t:error",
                   "t:row 4, column 'session': value 'x' is not a session number; row 5: session 1 has a scale not "
                   "fully answered (see the per-row output); srs, record 'row 9', item 1: no answer",
                   "|"});
    const std::vector<std::string> last(out.cells.begin() + 42, out.cells.end());
    CHECK(last.size() == 21);
    CHECK(last[0] == "t:");
    CHECK(last[18] == "t:error");
    CHECK(last[19] == "t:1 row has an empty client and belongs to no series (row 3)");
}
