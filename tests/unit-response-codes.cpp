// What a cell means (alliance/table/cells.hpp; the driver's tools/alliance/response_codes.hpp
// names it): missing codes, "does not apply" codes, numbers, and text that is none of them;
// read_texts, through which the Python and R packages read text columns, agrees with it.
#include <doctest/doctest.h>

#include "response_codes.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using alliance::response;
using alliance::cli::response_codes;
using alliance::cli::split_list;
using alliance::cli::to_response;

namespace {

double value_of(const std::optional<response>& r) {
    REQUIRE(r.has_value());
    REQUIRE(r->has_value());
    return r->value();
}

}  // namespace

TEST_CASE("numbers: integers, decimals, signs, exponents, surrounding spaces") {
    const response_codes codes;
    CHECK(value_of(to_response("4", codes)) == 4);
    CHECK(value_of(to_response("0", codes)) == 0);
    CHECK(value_of(to_response("12", codes)) == 12);
    CHECK(value_of(to_response("3.5", codes)) == 3.5);
    CHECK(value_of(to_response("-2", codes)) == -2);
    CHECK(value_of(to_response("+2", codes)) == 2);
    CHECK(value_of(to_response("1e1", codes)) == 10);
    CHECK(value_of(to_response(" 4 ", codes)) == 4);
    CHECK(value_of(to_response("\t7.25", codes)) == 7.25);
    CHECK(value_of(to_response(".5", codes)) == 0.5);
}

TEST_CASE("text that is neither a number nor a code is no response") {
    const response_codes codes;
    for (const char* text : {"abc", "4x", "x4", "4 5", "+-3", "++3", "+", "-", "3,5", "0x10", "four", "N/A"}) {
        CAPTURE(text);
        CHECK_FALSE(to_response(text, codes).has_value());
    }
}

TEST_CASE("nan and inf read as numbers, so the library reports them as not finite") {
    const response_codes codes;
    CHECK(std::isnan(value_of(to_response("nan", codes))));
    CHECK(std::isinf(value_of(to_response("inf", codes))));
}

TEST_CASE("default missing codes: the empty field and NA, nothing else") {
    const response_codes codes;
    CHECK(to_response("", codes)->is_missing());
    CHECK(to_response("  ", codes)->is_missing());
    CHECK(to_response("NA", codes)->is_missing());
    CHECK_FALSE(to_response("na", codes).has_value());
    CHECK(value_of(to_response("-99", codes)) == -99);
}

TEST_CASE("--missing replaces the list; codes win over numbers") {
    response_codes codes;
    codes.missing = split_list("-99,999,.");
    CHECK(to_response("-99", codes)->is_missing());
    CHECK(to_response("999", codes)->is_missing());
    CHECK(to_response(".", codes)->is_missing());
    CHECK_FALSE(to_response("", codes).has_value());
    CHECK_FALSE(to_response("NA", codes).has_value());
    codes.missing = split_list(",NA,-99");
    CHECK(to_response("", codes)->is_missing());
    CHECK(to_response("NA", codes)->is_missing());
}

TEST_CASE("--not-applicable codes") {
    response_codes codes;
    codes.not_applicable = split_list("N/A,DNA");
    CHECK(to_response("N/A", codes)->is_not_applicable());
    CHECK(to_response(" DNA ", codes)->is_not_applicable());
    CHECK(to_response("", codes)->is_missing());
}

TEST_CASE("--decimal-comma reads 3,5 as 3.5") {
    response_codes codes;
    codes.decimal_comma = true;
    CHECK(value_of(to_response("3,5", codes)) == 3.5);
    CHECK(value_of(to_response("3.5", codes)) == 3.5);
    CHECK_FALSE(to_response("3,5,1", codes).has_value());
    CHECK_FALSE(to_response(std::string(80, '1') + ",5", codes).has_value());
}

TEST_CASE("split_list keeps empty items") {
    CHECK(split_list("a,,b") == std::vector<std::string>{"a", "", "b"});
    CHECK(split_list("") == std::vector<std::string>{""});
    CHECK(split_list(",") == std::vector<std::string>{"", ""});
    CHECK(split_list("-99") == std::vector<std::string>{"-99"});
}

namespace {

// The same answer: both readable or both not, of the same kind, with the same value bits
// (so -0 and 0 differ, and NaN equals NaN).
bool same_answer(bool ok_a, const response& a, bool ok_b, const response& b) {
    if (ok_a != ok_b || a.kind() != b.kind()) return false;
    return !a.has_value() || std::bit_cast<std::uint64_t>(a.value()) == std::bit_cast<std::uint64_t>(b.value());
}

}  // namespace

// response_reader's shortcut (one digit that is no code) must give what the general path,
// read_response, gives: for every kind of field, with and without digits among the codes.
TEST_CASE("response_reader: the one-digit shortcut agrees with read_response on every kind of field") {
    using alliance::cli::read_response;
    using alliance::cli::response_reader;
    using alliance::cli::trim;
    std::vector<response_codes> configurations(5);
    configurations[1].missing = split_list("3,NA");      // a digit that is a missing code
    configurations[2].not_applicable = split_list("0");  // a digit that is a not-applicable code
    configurations[3].missing = split_list("-99");       // the empty field is no code
    configurations[4].decimal_comma = true;
    const std::vector<std::string> fields{
        "0", "1", "3", "5", "7", "9", "10", "1.5", "3,5", " 3", "3 ", "\t3", " 3 ", "+3", "-3", "-0", "+0", "",
        " ", "\t", "NA", "na", "x", "/", ":", "\x80", std::string(1, '\0'), "99", "1e0", ".5", "5.", "-99", "+"};
    for (std::size_t c = 0; c < configurations.size(); ++c) {
        const response_reader reader(configurations[c]);
        for (const std::string& field : fields) {
            CAPTURE(c);
            CAPTURE(field);
            response general;
            const bool general_ok = read_response(field, configurations[c], general);
            response shortcut;
            const bool shortcut_ok = reader.read_field(field, shortcut);
            CHECK(same_answer(shortcut_ok, shortcut, general_ok, general));
            response trimmed;
            const bool trimmed_ok = reader.read(trim(field), trimmed);
            CHECK(same_answer(trimmed_ok, trimmed, general_ok, general));
        }
    }
    // What the shortcut must give, written out: a digit is its value unless it is a code.
    response answer;
    CHECK(response_reader(configurations[0]).read_field("3", answer));
    CHECK(answer == response(3.0));
    CHECK(response_reader(configurations[1]).read_field("3", answer));
    CHECK(answer.is_missing());
    CHECK(response_reader(configurations[2]).read_field("0", answer));
    CHECK(answer.is_not_applicable());
    CHECK(response_reader(configurations[0]).read_field("10", answer));
    CHECK(answer == response(10.0));
    CHECK(response_reader(configurations[0]).read_field(" 4", answer));
    CHECK(answer == response(4.0));
    CHECK_FALSE(response_reader(configurations[0]).read_field("x", answer));
    CHECK(answer.is_missing());
}

TEST_CASE("read_texts: each text as the command line reads its field, and the message for one that is no answer") {
    using alliance::table::cell_kind;
    response_codes codes;
    codes.missing = {"", "NA", "-99"};
    codes.not_applicable = {"n/a"};
    const std::vector<std::string_view> texts{"4", " 3.5 ", "", "NA", "-99", "n/a", "x", "1e1", "+2", "0x10", "nan",
                                              "4,5", "1_000"};
    const auto cells = alliance::table::read_texts(texts, codes);
    REQUIRE(cells.kinds.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto answer = to_response(texts[i], codes);
        INFO("text '" << texts[i] << "'");
        if (!answer) {
            CHECK(cells.kinds[i] == cell_kind::unreadable);
            CHECK(std::isnan(cells.values[i]));
        } else if (answer->is_missing()) {
            CHECK(cells.kinds[i] == cell_kind::missing);
        } else if (answer->is_not_applicable()) {
            CHECK(cells.kinds[i] == cell_kind::not_applicable);
        } else {
            CHECK(cells.kinds[i] == cell_kind::number);  // "nan" is a number that is not finite, as on the command line
            CHECK(std::bit_cast<std::uint64_t>(cells.values[i]) == std::bit_cast<std::uint64_t>(answer->value()));
        }
    }
    // Published by hand: what a questionnaire answer can be.
    CHECK(cells.values[1] == 3.5);
    CHECK(cells.values[7] == 10.0);
    CHECK(cells.values[8] == 2.0);
    CHECK(cells.kinds[4] == cell_kind::missing);       // a code, never the value -99
    CHECK(cells.kinds[9] == cell_kind::unreadable);    // no hexadecimal
    CHECK(cells.kinds[11] == cell_kind::unreadable);   // no decimal comma unless asked
    CHECK(cells.kinds[12] == cell_kind::unreadable);   // no digit separators (Python's float() takes them)
    CHECK(alliance::table::unreadable_cell_message("row 'c003'", "item2", "x", codes) ==
          "row 'c003', column 'item2': value 'x' is not a number, a missing code ('', 'NA', '-99') or a "
          "not-applicable code ('n/a')");
}
