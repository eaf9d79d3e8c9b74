// alliance/table/split.hpp: the split request every front-end shares. The option rules and
// their messages in the command line's and the packages' spelling; how a score cell is read;
// each message about a row and a unit, with rows named by line (command line) and by label
// (packages); the grouping of rows into units and sessions; the cells of a unit row; and the
// ICC(1) summary against stats/split.hpp's own computation and the hand-worked ICC(1) = 17/21 of
// tests/unit-stats-split.cpp.
#include <doctest/doctest.h>

#include <alliance/stats/split.hpp>
#include <alliance/table/split.hpp>

#include <array>
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

// The message of the option_error that resolving `request` throws, as `spell` writes it.
std::string problem(const split_request& request, const option_spelling& spell) {
    try {
        (void)resolve(request, spell);
    } catch (const option_error& e) {
        return e.message();
    }
    return "(no error)";
}

split_request couples() { return split_request{"total", "couple", "member"}; }

const row_naming lines{};  // the command line's: "line 4", "lines 4 and 9"
const row_naming rows = row_labels([](std::uint64_t row) { return std::to_string(row + 1); });  // R's "row 1"

score_cell number(double x) { return {cell_kind::number, x, {}}; }

// A package's column of texts, none missing.
std::vector<std::optional<std::string_view>> texts(std::initializer_list<std::string_view> cells) {
    return {cells.begin(), cells.end()};
}

std::vector<score_cell> scores(std::initializer_list<double> values) {
    std::vector<score_cell> out;
    for (const double x : values) out.push_back(number(x));
    return out;
}

split_table block(const std::vector<std::optional<std::string_view>>& unit,
                  const std::vector<std::optional<std::string_view>>& member, const std::vector<score_cell>& score,
                  const split_settings& settings, const std::vector<std::optional<std::string_view>>& session = {}) {
    return split_block(split_columns{unit, session, member, score}, settings, rows);
}

// A writer that keeps the cells as text ("" for an empty cell), to check put_unit_row's layout.
struct cell_texts {
    std::vector<std::string> cells;
    void text(std::string_view x) { cells.emplace_back(x); }
    void integer(long long x) { cells.push_back(std::to_string(x)); }
    void number(double x) { cells.push_back(std::to_string(x)); }
    void empty() { cells.emplace_back(); }
};

}  // namespace

TEST_CASE("options: each rule's message, spelled for the command line and for the packages") {
    split_request request = couples();
    request.first = "a";
    CHECK(problem(request, command_line_spelling) == "--first and --second go together");
    CHECK(problem(request, binding_spelling) == "first and second go together");
    request.second = "";
    CHECK(problem(request, command_line_spelling) == "--first and --second need a member label each");
    request.second = "a";
    CHECK(problem(request, binding_spelling) == "first and second name the same member 'a'");

    // Any range of 0 or more: no cut-off for a split has been published (stats/split.hpp).
    request = couples();
    request.threshold = -1;
    CHECK(problem(request, command_line_spelling) == "--threshold expects a range of 0 or more, not '-1'");
    CHECK(problem(request, binding_spelling) == "threshold expects a range of 0 or more, not -1");
    request.threshold = 0;
    CHECK(problem(request, binding_spelling) == "(no error)");
    request.summary = true;
    CHECK(problem(request, command_line_spelling) == "--threshold flags unit rows; --summary writes none");
    CHECK(problem(request, binding_spelling) == "threshold flags unit rows; summary writes none");

    // The confidence is the ICC interval's: with the summary only, and a level in (0, 1)
    // (table/option_checks.hpp's rule).
    request = couples();
    request.confidence = 0.9;
    CHECK(problem(request, command_line_spelling) == "--confidence is the level of the ICC interval of --summary");
    CHECK(problem(request, binding_spelling) == "confidence is the level of the ICC interval of summary");
    request.summary = true;
    CHECK(resolve(request, binding_spelling).confidence == 0.9);
    request.confidence = 1.5;
    CHECK(problem(request, command_line_spelling) == "--confidence expects a level between 0 and 1 (e.g. 0.95), not '1.5'");
    CHECK(problem(request, binding_spelling) == "confidence expects a level between 0 and 1 (e.g. 0.95), not 1.5");

    request = couples();
    request.session_column = "member";
    CHECK(problem(request, command_line_spelling) ==
          "column 'member' is given for two of --score, --unit, --member, --session");
    CHECK(problem(request, binding_spelling) == "column 'member' is given for two of score, unit, member, session");

    // Defaults: no pair order, no threshold, confidence 0.95.
    const split_settings plain = resolve(couples(), binding_spelling);
    CHECK(plain.first.empty());
    CHECK_FALSE(plain.threshold);
    CHECK(plain.confidence == 0.95);
    CHECK_FALSE(plain.session_column);
}

TEST_CASE("rows are named by line on the command line and by label in the packages") {
    const std::array<std::uint64_t, 2> two{4, 9};
    const std::array<std::uint64_t, 3> three{2, 4, 8};
    const std::array<std::uint64_t, 7> seven{1, 2, 3, 4, 5, 6, 7};
    CHECK(lines.name(4) == "line 4");
    CHECK(lines.list(two) == "lines 4 and 9");
    CHECK(lines.list(seven) == "lines 1, 2, 3, 4, 5, ...");  // at most five named
    CHECK(rows.list(three) == "row 3, row 5 and row 9");
    CHECK(rows.list(std::span(three).first(1)) == "row 3");
}

TEST_CASE("a score cell is read as every cell is (cells.hpp); what is no score, and why") {
    const response_reader reader{response_codes{}};
    CHECK(read_score(" 42 ", reader).usable());
    CHECK(read_score("42", reader).value == 42);
    CHECK(read_score("abc", reader).kind == cell_kind::unreadable);
    CHECK(read_score("NA", reader).kind == cell_kind::missing);
    CHECK(read_score("", reader).kind == cell_kind::missing);
    CHECK_FALSE(read_score("inf", reader).usable());  // a number, but not a finite one

    const split_settings settings = resolve(couples(), command_line_spelling);
    const auto problems = [&](std::string_view member, std::string_view cell) {
        std::string text;
        add_member_problems(text, member, read_score(cell, reader), 3, settings, lines);
        return text;
    };
    CHECK(problems("a", "40").empty());
    CHECK(problems("b", "abc") == "line 3, column 'total': value 'abc' is not a finite number");
    CHECK(problems("b", "") == "line 3, column 'total': the score is empty; every member needs a score");
    CHECK(problems("b", "NA") == "line 3, column 'total': the score is the missing code 'NA'; every member needs a score");
    CHECK(problems("", "40") == "line 3, column 'member': the member is empty");
    CHECK(problems("", "x") ==
          "line 3, column 'member': the member is empty; line 3, column 'total': value 'x' is not a finite number");
}

TEST_CASE("one unit: statistics as stats/split.hpp computes them, or an error row naming its rows") {
    split_request request = couples();
    request.threshold = 7;
    const split_settings settings = resolve(request, command_line_spelling);
    // woman 62, man 55 (tests/unit-stats-split.cpp): by label man first, 55 - 62 = -7; range 7 >= 7.
    const std::vector<split_member> couple{{"woman", 62, {}, 2}, {"man", 55, {}, 3}};
    const split_unit ok = analyse_unit("c1", "", couple, settings, lines);
    REQUIRE(ok.split);
    const std::vector<stats::member_score> same{{"woman", 62}, {"man", 55}};
    const stats::unit_split expected = stats::describe_split(same);
    CHECK(ok.split->mean == expected.mean);
    CHECK(ok.split->sd == expected.sd);
    CHECK(ok.split->pair->difference == -7);
    CHECK(ok.flagged);
    CHECK(ok.members == std::optional<std::size_t>(2));
    CHECK(ok.first_row == 2);
    CHECK(ok.scores.empty());  // kept for the ICC, with the summary only
    split_request summary = couples();
    summary.summary = true;
    CHECK(analyse_unit("c1", "", couple, resolve(summary, command_line_spelling), lines).scores ==
          std::vector<double>{62, 55});
    CHECK(ok.message.empty());

    const std::vector<split_member> one{{"a", 50, {}, 2}};
    CHECK(analyse_unit("c1", "", one, settings, lines).message ==
          "line 2: unit 'c1' has one member ('a'); a split needs at least two");
    CHECK(analyse_unit("c1", "", one, settings, rows).message ==
          "row 3: unit 'c1' has one member ('a'); a split needs at least two");

    const std::vector<split_member> twice{{"a", 40, {}, 2}, {"a", 41, {}, 3}};
    CHECK(analyse_unit("c2", "", twice, settings, lines).message == "lines 2 and 3: member 'a' is listed twice in unit 'c2'");
    CHECK(analyse_unit("c2", "", twice, settings, rows).message == "row 3 and row 4: member 'a' is listed twice in unit 'c2'");
    CHECK_FALSE(analyse_unit("c2", "", twice, settings, rows).split);

    // With sessions the unit is named with its session; the rows' own problems come first.
    split_request by_session = couples();
    by_session.session_column = "session";
    const split_settings sessions = resolve(by_session, command_line_spelling);
    const std::vector<split_member> empty_member{{"", 41, "line 15, column 'member': the member is empty", 15}};
    CHECK(analyse_unit("e", "3", empty_member, sessions, lines).message ==
          "line 15, column 'member': the member is empty; line 15: unit 'e', session '3' has one member (''); a "
          "split needs at least two");

    // Five repeats named, the rest counted.
    std::vector<split_member> many;
    for (std::uint64_t row = 2; row < 10; ++row) many.push_back({"m", 1, {}, row});
    CHECK(analyse_unit("x", "", many, settings, lines).message ==
          "lines 2 and 3: member 'm' is listed twice in unit 'x'; lines 2 and 4: member 'm' is listed twice in unit "
          "'x'; lines 2 and 5: member 'm' is listed twice in unit 'x'; lines 2 and 6: member 'm' is listed twice in "
          "unit 'x'; lines 2 and 7: member 'm' is listed twice in unit 'x'; 2 more repeated members");

    // --first/--second: a pair of other members is refused by describe_split, named here.
    split_request labelled = couples();
    labelled.first = "a";
    labelled.second = "b";
    const std::vector<split_member> xy{{"x", 10, {}, 2}, {"y", 20, {}, 3}};
    CHECK(analyse_unit("c5", "", xy, resolve(labelled, command_line_spelling), lines).message ==
          "lines 2 and 3: unit 'c5': the two members are 'x' and 'y', not 'a' (first) and 'b' (second)");
    CHECK(analyse_unit("c5", "", xy, resolve(labelled, binding_spelling), rows).message ==
          "row 3 and row 4: unit 'c5': the two members are 'x' and 'y', not 'a' (first) and 'b' (second)");
}

TEST_CASE("a row without a unit (or session) is an error row of its own") {
    split_request request = couples();
    request.session_column = "session";
    const split_settings settings = resolve(request, command_line_spelling);
    CHECK(no_unit_row("", "1", 8, {}, settings, lines).message == "line 8, column 'couple': empty; the row belongs to no unit");
    CHECK(no_unit_row("e", "", 16, {}, settings, lines).message ==
          "line 16, column 'session': empty; the row belongs to no unit");
    CHECK_FALSE(no_unit_row("", "1", 8, {}, settings, lines).members);
}

TEST_CASE("split_block: rows grouped by trimmed unit (and session), rows in order of first appearance") {
    const split_settings settings = resolve(couples(), binding_spelling);
    const std::vector<std::optional<std::string_view>> unit{"b", " a", "b", std::nullopt, "a ", "c", ""};
    const auto member = texts({"w", "m", "m", "x", "w", "w", "y"});
    const split_table out = block(unit, member, scores({1, 2, 3, 4, 5, 6, 7}), settings);
    REQUIRE(out.units.size() == 5);
    CHECK(out.units[0].unit == "b");
    CHECK(out.units[0].members == std::optional<std::size_t>(2));
    CHECK(out.units[0].split->pair->difference == 2);  // m - w = 3 - 1
    CHECK(out.units[1].unit == "a");                    // " a" and "a " are one unit
    CHECK(out.units[1].split->mean == 3.5);
    CHECK(out.units[2].message == "row 4, column 'couple': empty; the row belongs to no unit");  // missing
    CHECK(out.units[3].message == "row 6: unit 'c' has one member ('w'); a split needs at least two");
    CHECK(out.units[4].message == "row 7, column 'couple': empty; the row belongs to no unit");   // empty
    CHECK(out.summary.empty());

    // A text score the packages pass as text: read here, named as the command line names it.
    const response_reader reader{response_codes{}};
    const std::vector<score_cell> text_scores{read_score("30", reader), read_score("abc", reader)};
    const split_table text = block(texts({"c3", "c3"}), texts({"a", "b"}), text_scores, settings);
    CHECK(text.units[0].message == "row 2, column 'total': value 'abc' is not a finite number");

    // Sessions: a unit per unit and session.
    split_request by_session = couples();
    by_session.session_column = "session";
    const split_table sessions = block(texts({"e", "e", "e", "e"}), texts({"w", "m", "w", "m"}), scores({40, 46, 41, 41}),
                                       resolve(by_session, binding_spelling), texts({"1", "1", "2", "2"}));
    REQUIRE(sessions.units.size() == 2);
    CHECK(sessions.units[1].session == "2");
    CHECK(sessions.units[1].split->range == 0);
}

TEST_CASE("the cells of a unit row follow split_unit_columns") {
    split_request request = couples();
    request.threshold = 10;
    const split_settings settings = resolve(request, command_line_spelling);
    const std::vector<split_member> couple{{"woman", 62, {}, 2}, {"man", 55, {}, 3}};
    cell_texts ok;
    put_unit_row(ok, analyse_unit("c1", "", couple, settings, lines), settings);
    REQUIRE(ok.cells.size() == split_unit_columns(settings).size());
    CHECK(ok.cells[0] == "c1");
    CHECK(ok.cells[1] == "2");
    CHECK(ok.cells[7] == "man");
    CHECK(ok.cells[13] == "no");  // flag: range 7 < 10
    CHECK(ok.cells[14] == "ok");
    cell_texts error;
    put_unit_row(error, no_unit_row("", "", 4, {}, settings, lines), settings);
    CHECK(error.cells.size() == ok.cells.size());
    CHECK(error.cells[1].empty());
    CHECK(error.cells[13].empty());
    CHECK(error.cells[14] == "error");
}

TEST_CASE("summary: ICC(1) as stats/split.hpp computes it, per session, with the units left out named") {
    split_request request = couples();
    request.summary = true;
    request.session_column = "session";
    const split_settings settings = resolve(request, binding_spelling);
    // Session 2 is tests/unit-stats-split.cpp's hand-worked ICC(1) = 17/21 (psych: F 9.5);
    // session 1 has one usable unit and one with a missing score; the last row has no session.
    const auto unit = texts({"x", "x", "y", "y", "z", "z", "x", "x", "y", "y", "w"});
    const auto member = texts({"a", "b", "a", "b", "a", "b", "a", "b", "a", "b", "a"});
    std::vector<score_cell> score = scores({4, 6, 8, 8, 2, 4, 5, 5, 1, 0, 3});
    score[9] = score_cell{cell_kind::missing, std::nan(""), ""};
    const auto session = std::vector<std::optional<std::string_view>>{"2", "2", "2", "2", "2", "2", "1", "1", "1", "1",
                                                                       std::nullopt};
    const split_table out = block(unit, member, score, settings, session);
    REQUIRE(out.summary.size() == 2);
    CHECK(out.units.empty());

    const split_summary_row& two = out.summary[0];
    CHECK(two.session == "2");
    REQUIRE(two.icc);
    const std::vector<double> wide{4, 6, 8, 8, 2, 4};
    const stats::split_icc expected = stats::split_agreement(stats::item_matrix(3, 2, wide), 0.95);
    CHECK(two.icc->icc1.value == expected.icc1.value);
    CHECK(two.icc->icc1.ci.lower == expected.icc1.ci.lower);
    CHECK(two.icc->icc1.f == expected.icc1.f);
    CHECK(std::fabs(two.icc->icc1.value - 17.0 / 21.0) < 1e-15);
    CHECK(two.icc->icc1.f == doctest::Approx(9.5));
    CHECK(two.units == 3);
    CHECK(two.members_per_unit == std::optional<std::size_t>(2));
    CHECK(two.status == row_status::partial);  // the row without a session is left out
    CHECK(two.message == "1 row without a unit or session left out (row 11)");

    const split_summary_row& one = out.summary[1];
    CHECK(one.session == "1");
    CHECK_FALSE(one.icc);
    CHECK(one.status == row_status::error);
    CHECK(one.message == "[alliance.stats.too_few_observations] ICC(1): 1 unit; at least two are needed; 1 unit with "
                         "errors left out (row 9); 1 row without a unit or session left out (row 11)");

    cell_texts cells;
    put_summary_row(cells, two, settings);
    CHECK(cells.cells.size() == split_summary_columns(settings).size());
    CHECK(cells.cells[10] == "partial");
}

TEST_CASE("summary: units of different sizes, and no unit at all") {
    split_request request = couples();
    request.summary = true;
    const split_settings settings = resolve(request, command_line_spelling);
    const split_table unequal = block(texts({"c5", "c5", "c6", "c6", "c6"}), texts({"x", "y", "x", "y", "z"}),
                                      scores({10, 20, 10, 20, 1}), settings);
    REQUIRE(unequal.summary.size() == 1);
    CHECK(unequal.summary[0].message == "units differ in size (1 unit of 2 members, 1 of 3); ICC(1) needs units of equal size");
    CHECK(unequal.summary[0].units == 2);
    CHECK_FALSE(unequal.summary[0].members_per_unit);
    CHECK(unequal.summary[0].status == row_status::error);

    const split_table none = block({std::nullopt}, texts({"a"}), scores({1}), settings);
    REQUIRE(none.summary.size() == 1);
    CHECK(none.summary[0].message ==
          "no unit without errors; ICC(1) needs at least two; 1 row without a unit left out (row 1)");
}
