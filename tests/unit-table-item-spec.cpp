// alliance/table/item_spec.hpp: which columns hold an instrument's items (a pattern with {} or
// {:0N}, a list in item order, item number -> column), its messages in the command line's and
// the packages' spelling, and the suggestion when a header holds none of the columns asked for.
#include <doctest/doctest.h>

#include "error_text.hpp"

#include <alliance/table/columns.hpp>
#include <alliance/table/item_spec.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace alliance::table;
using alliance::test::message_of;

namespace {

using names = std::vector<std::string>;

}  // namespace

TEST_CASE("patterns: {} is the item number, {:0N} the number zero-padded to N digits") {
    CHECK(item_column("wai{:02}", 3) == "wai03");
    CHECK(item_column("wai{:02}", 12) == "wai12");
    CHECK(item_column("q{:03}_{}", 7) == "q007_7");
    CHECK(item_column("wai{:02}", 123) == "wai123");  // a wider number is written whole
    CHECK(item_columns("WAI_SR_Q{}", 3, command_line_spelling) == names{"WAI_SR_Q1", "WAI_SR_Q2", "WAI_SR_Q3"});
    CHECK(item_spec::pattern("x{:01}").columns(2, binding_spelling) == names{"x1", "x2"});
}

TEST_CASE("a malformed placeholder is named, in each front-end's spelling") {
    CHECK(message_of([] { (void)item_columns("wai{:2}", 12, command_line_spelling); }) ==
          "alliance.table.option: --items 'wai{:2}' has '{:2}' where {} (the item number) or {:0N} (the item "
          "number zero-padded to N digits) should be");
    CHECK(message_of([] { (void)item_columns("wai{", 12, binding_spelling); }) ==
          "alliance.table.option: items 'wai{' has '{' where {} (the item number) or {:0N} (the item number "
          "zero-padded to N digits) should be");
    CHECK(message_of([] { (void)item_columns("wai{}{:0}", 2, command_line_spelling); }).starts_with(
        "alliance.table.option: --items 'wai{}{:0}' has '{:0}'"));
}

TEST_CASE("lists: the columns in item order, trimmed; the length is the instrument's") {
    CHECK(item_columns("A1, A2 ,A3", 3, command_line_spelling) == names{"A1", "A2", "A3"});
    CHECK(item_spec::listed({"b", "a"}).columns(2, binding_spelling) == names{"b", "a"});
    CHECK(item_columns("only", 1, command_line_spelling) == names{"only"});
    CHECK(message_of([] { (void)item_columns("A1,A2", 3, command_line_spelling); }) ==
          "alliance.table.option: --items lists 2 columns (A1,A2) for 3 items");
    CHECK(message_of([] { (void)item_spec::listed({"a", "b", "c", "d", "e", "f"}).columns(3, binding_spelling); }) ==
          "alliance.table.option: items lists 6 columns (a,b,c,d,e,...) for 3 items");
    CHECK(message_of([] { (void)item_spec::listed({"a"}).columns(3, binding_spelling); }) ==
          "alliance.table.option: items lists 1 column (a) for 3 items");
    CHECK(message_of([] { (void)item_columns("A1,A2,A1", 3, command_line_spelling); }) ==
          "alliance.table.option: --items names column 'A1' for items 1 and 3; each item needs a column of its own");
    CHECK(message_of([] { (void)item_columns("A1,,A3", 3, command_line_spelling); }) ==
          "alliance.table.option: --items names no column for item 2 (an empty name)");
}

TEST_CASE("mappings: item number -> column, every item once") {
    CHECK(item_spec::mapped({{2, "second"}, {1, "first"}}).columns(2, binding_spelling) == names{"first", "second"});
    CHECK(message_of([] { (void)item_spec::mapped({{1, "a"}, {3, "c"}}).columns(3, binding_spelling); }) ==
          "alliance.table.option: items names no column for item 2 (it must name items 1..3)");
    CHECK(message_of([] { (void)item_spec::mapped({{1, "a"}, {4, "d"}}).columns(3, binding_spelling); }) ==
          "alliance.table.option: items maps item 4 (to column 'd'), but the items are numbered 1..3");
    CHECK(message_of([] { (void)item_spec::mapped({{0, "a"}}).columns(1, binding_spelling); }) ==
          "alliance.table.option: items maps item 0 (to column 'a'), but the items are numbered 1..1");
    CHECK(message_of([] { (void)item_spec::mapped({{1, "a"}, {1, "b"}}).columns(2, binding_spelling); }) ==
          "alliance.table.option: items maps item 1 twice");
    CHECK(message_of([] { (void)item_spec::mapped({{1, "a"}, {2, "a"}}).columns(2, binding_spelling); }) ==
          "alliance.table.option: items names column 'a' for items 1 and 2; each item needs a column of its own");
}

TEST_CASE("default_items: an instrument's own columns, else item{}") {
    const names own{"A1", "A2"};
    CHECK(default_items(own).columns(2, binding_spelling) == own);
    CHECK(default_items({}).columns(2, binding_spelling) == names{"item1", "item2"});
}

TEST_CASE("suggest_items: the columns that look like items and what would read them") {
    const std::vector<std::string_view> padded{"id", "wai01", "wai02", "wai03", "wai04", "wai05", "wai06", "wai07",
                                               "wai08", "wai09", "wai10", "wai11", "wai12"};
    CHECK(suggest_items(std::span<const std::string_view>(padded), 12, command_line_spelling) ==
          "columns that look like items: wai01, wai02, wai03, wai04, wai05, wai06, ... (12 in all); try --items "
          "'wai{:02}'");
    const names plain{"client", "WAI_SR_Q1", "WAI_SR_Q2", "WAI_SR_Q3"};
    CHECK(suggest_items(std::span<const std::string>(plain), 3, binding_spelling) ==
          "columns that look like items: WAI_SR_Q1, WAI_SR_Q2, WAI_SR_Q3; try items 'WAI_SR_Q{}'");
    const names bfi{"A1", "A2", "A3", "C1", "C2"};
    CHECK(suggest_items(std::span<const std::string>(bfi), 5, command_line_spelling) ==
          "columns that look like items: A1, A2, A3, C1, C2; no one pattern names items 1..5 among them: list the "
          "columns in item order (--items A1,A2,A3,C1,C2)");
    const names few{"q1", "x"};
    CHECK(suggest_items(std::span<const std::string>(few), 4, command_line_spelling) == "columns that look like items: q1");
    const names none{"client", "session"};
    CHECK(suggest_items(std::span<const std::string>(none), 4, command_line_spelling).empty());
}

TEST_CASE("item_columns_hint: the suggestion only when no item column is there") {
    const names header{"wai01", "wai02"};
    const names wanted{"item1", "item2"};
    CHECK(item_columns_hint(item_spec::parse("item{}"), std::span<const std::string>(header),
                            std::span<const std::string>(wanted), command_line_spelling) ==
          "item columns come from --items 'item{}'; columns that look like items: wai01, wai02; try --items 'wai{:02}'");
    const names half{"item1", "wai02"};
    CHECK(item_columns_hint(item_spec::parse("item{}"), std::span<const std::string>(half),
                            std::span<const std::string>(wanted), command_line_spelling) ==
          "item columns come from --items 'item{}'");
    CHECK(item_columns_hint(item_spec::listed({"a", "b"}), std::span<const std::string>(half),
                            std::span<const std::string>(wanted), binding_spelling) ==
          "item columns come from items");
}
