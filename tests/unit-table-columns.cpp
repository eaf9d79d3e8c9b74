// alliance/table/columns.hpp and response_list.hpp: which columns a request reads and one
// record's answers as a list, with their messages in the command line's and the packages'
// spelling (the same texts the three front-ends give: tests/messages/).
#include <doctest/doctest.h>

#include "error_text.hpp"

#include <alliance/table/columns.hpp>
#include <alliance/table/response_list.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace alliance;
using namespace alliance::table;
using alliance::test::message_of;

TEST_CASE("item_columns: every {} is the item number; a pattern needs one") {
    CHECK(item_column("item{}", 3) == "item3");
    CHECK(item_column("q{}_{}", 12) == "q12_12");
    CHECK(item_columns("srs_{}", 4, binding_spelling) == std::vector<std::string>{"srs_1", "srs_2", "srs_3", "srs_4"});
    CHECK(message_of([] { (void)item_columns("item", 12, command_line_spelling); }) ==
          "alliance.table.option: --items 'item' has no {} where the item number goes");
    CHECK(message_of([] { (void)item_columns("item", 12, binding_spelling); }) ==
          "alliance.table.option: items 'item' has no {} where the item number goes");
}

TEST_CASE("locate_columns: positions, or every absent and repeated column named") {
    const std::vector<std::string_view> header{"client", " session ", "srs_1", "srs_2", "srs_1"};
    const std::vector<std::string> wanted{"session", "client", "srs_2"};
    CHECK(locate_columns(std::span<const std::string_view>(header), std::span<const std::string>(wanted)) ==
          std::vector<std::size_t>{1, 0, 3});
    const std::vector<std::string> absent{"who", "srs_3", "srs_4"};
    const std::string hint = items_hint("srs_{}", binding_spelling);
    CHECK(message_of([&] { (void)locate_columns(std::span<const std::string_view>(header), std::span<const std::string>(absent), hint, 1); }) ==
          "alliance.table.absent_column: the header lacks columns who, srs_3, srs_4 (item columns come from items "
          "'srs_{}'); the header has client,  session , srs_1, srs_2, srs_1");
    // The hint only when an absent column is one it explains.
    CHECK(message_of([&] { (void)locate_columns(std::span<const std::string_view>(header), std::span<const std::string>(absent), hint, 0, 1); }) ==
          "alliance.table.absent_column: the header lacks columns who, srs_3, srs_4 (item columns come from items "
          "'srs_{}'); the header has client,  session , srs_1, srs_2, srs_1");
    const std::vector<std::string> who{"who"};
    CHECK(message_of([&] { (void)locate_columns(std::span<const std::string_view>(header), std::span<const std::string>(who), hint, 1); }) ==
          "alliance.table.absent_column: the header lacks column who; the header has client,  session , srs_1, srs_2, srs_1");
    const std::vector<std::string> twice{"srs_1"};
    CHECK(message_of([&] { (void)locate_columns(std::span<const std::string_view>(header), std::span<const std::string>(twice)); }) ==
          "alliance.table.repeated_column: the header has more than one column named srs_1; which one to read is "
          "ambiguous");
    const std::vector<std::string_view> none;
    CHECK(message_of([&] { (void)locate_columns(std::span<const std::string_view>(none), std::span<const std::string>(who)); }) ==
          "alliance.table.absent_column: the header lacks column who; the header has no columns");
    CHECK_THROWS_AS((void)locate_columns(std::span<const std::string_view>(none), std::span<const std::string>(who)),
                    column_error);
}

TEST_CASE("read_response_list: numbers, missing cells and texts read as cells") {
    const std::vector<listed_answer> answers{{4.0, {}}, {{}, {}}, {std::nan(""), {}}, {{}, " 3 "}, {{}, "NA"}, {{}, "n/a"}};
    const response_codes codes{{"", "NA"}, {"n/a"}};
    const std::vector<response> read = read_response_list(answers, codes, binding_spelling);
    REQUIRE(read.size() == 6);
    CHECK(read[0].value() == 4.0);
    CHECK(read[1].is_missing());
    CHECK(read[2].is_missing());
    CHECK(read[3].value() == 3.0);
    CHECK(read[4].is_missing());
    CHECK(read[5].is_not_applicable());
    const std::vector<listed_answer> bad{{4.0, {}}, {{}, "abc"}};
    CHECK(message_of([&] { (void)read_response_list(bad, codes, command_line_spelling); }) ==
          "alliance.table.option: --responses: response 2 'abc' is not a number, a missing code ('', 'NA') or a "
          "not-applicable code ('n/a')");
    CHECK(message_of([&] { (void)read_response_list(bad, response_codes{}, binding_spelling); }) ==
          "alliance.table.option: responses: response 2 'abc' is not a number, a missing code ('', 'NA') or a "
          "not-applicable code (none)");
}
