// How the driver turns a CSV field into a response (examples/driver/response_codes.hpp):
// missing codes, "does not apply" codes, numbers, and text that is none of them.
#include <doctest/doctest.h>

#include "../examples/driver/response_codes.hpp"

#include <cmath>
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
