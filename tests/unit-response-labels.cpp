// Answers given as labels: alliance/response_labels.hpp (the maps), alliance/table/cells.hpp
// (reading a cell with them, the message for a label not in the map, check_labels), and the JSON
// form read by alliance/key_file_reader.hpp (--labels FILE, a key file's response_labels) and
// written back by key_file_writer.hpp, with a key file's item_columns.
#include <doctest/doctest.h>

#include "error_text.hpp"

#include <alliance/key_file.hpp>
#include <alliance/table/cells.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace alliance;
using namespace alliance::table;
using alliance::test::message_of;

namespace {

response_codes with_labels() {
    response_codes codes;
    codes.labels.common().add("Never", 1, "labels");
    codes.labels.common().add(" Always ", 5, "labels");
    codes.labels.item(3).add("Yes", 0, "labels of item 3");
    return codes;
}

}  // namespace

TEST_CASE("a label reads as its code, trimmed and exactly; an item's own map replaces the common one") {
    const response_codes codes = with_labels();
    response answer;
    REQUIRE(read_response("  Never ", codes, answer, 1));
    CHECK(answer.value() == 1);
    REQUIRE(read_response("Always", codes, answer, 2));
    CHECK(answer.value() == 5);
    CHECK_FALSE(read_response("never", codes, answer, 1));  // case counts
    CHECK(answer.is_missing());
    REQUIRE(read_response("Yes", codes, answer, 3));
    CHECK(answer.value() == 0);
    CHECK_FALSE(read_response("Never", codes, answer, 3));  // item 3 has a map of its own
    CHECK_FALSE(read_response("Yes", codes, answer, 1));
    // Codes and numbers read as ever; an answer of no particular item uses the common map.
    REQUIRE(read_response("NA", codes, answer, 1));
    CHECK(answer.is_missing());
    REQUIRE(read_response("4", codes, answer, 3));
    CHECK(answer.value() == 4);
    REQUIRE(read_response("Never", codes, answer));
    CHECK(answer.value() == 1);
    const response_reader reader(codes);
    REQUIRE(reader.read_field("Always", answer, 1));
    CHECK(answer.value() == 5);
    const std::vector<std::string_view> texts{"Never", "Yes", "x", ""};
    const read_cells cells = read_texts(texts, codes, 3);
    CHECK(cells.kinds == std::vector<cell_kind>{cell_kind::unreadable, cell_kind::number, cell_kind::unreadable,
                                                cell_kind::missing});
    CHECK(cells.values[1] == 0);
}

TEST_CASE("a text that is no label is named with the item, the column and the labels") {
    const response_codes codes = with_labels();
    CHECK(unreadable_cell_message("line 4", "q2", "Sometimes", codes, 2) ==
          "line 4, item 2, column 'q2': label 'Sometimes' is not one of the labels ('Never', 'Always'), a number, a "
          "missing code ('', 'NA') or a not-applicable code (none)");
    CHECK(unreadable_cell_message("row 'c3'", "q3", "Never", codes, 3) ==
          "row 'c3', item 3, column 'q3': label 'Never' is not one of the labels ('Yes'), a number, a missing code "
          "('', 'NA') or a not-applicable code (none)");
    // Without labels the message is as it always was.
    CHECK(unreadable_cell_message("line 4", "q2", "x", response_codes{}, 2) ==
          "line 4, column 'q2': value 'x' is not a number, a missing code ('', 'NA') or a not-applicable code (none)");
    label_map many;
    for (int i = 1; i <= 10; ++i) many.add("L" + std::to_string(i), i, "labels");
    CHECK(many.listing() == "'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', ... (10 in all)");
}

TEST_CASE("a map refuses empty labels, labels twice and codes that are no number") {
    label_map map;
    map.add("Never", 1, "labels");
    CHECK(message_of([&] { map.add(" Never", 2, "labels"); }) == "alliance.table.labels: labels hold label 'Never' twice");
    CHECK(message_of([&] { map.add("  ", 2, "labels"); }) == "alliance.table.labels: labels hold an empty label");
    CHECK(message_of([&] { map.add("x", std::nan(""), "labels"); }) ==
          "alliance.table.labels: labels map label 'x' to NaN, not to a number");
    CHECK(message_of([&] { map.add("x", std::numeric_limits<double>::infinity(), "labels"); }).starts_with(
        "alliance.table.labels: labels map label 'x' to "));
}

TEST_CASE("check_labels: no label is a code or a number; item maps name the instrument's items") {
    response_codes codes = with_labels();
    CHECK_NOTHROW(check_labels(codes, 12, command_line_spelling));
    CHECK(message_of([&] { check_labels(codes, 2, command_line_spelling); }) ==
          "alliance.table.labels: --labels give labels for item 3, but the items are 1..2");
    codes.labels.common().add("NA", 9, "labels");
    CHECK(message_of([&] { check_labels(codes, 12, binding_spelling); }) ==
          "alliance.table.labels: labels label 'NA' is a missing code, which is read as such before any label");
    response_codes numeric;
    numeric.labels.common().add("3", 1, "labels");
    CHECK(message_of([&] { check_labels(numeric, 12, command_line_spelling); }) ==
          "alliance.table.labels: --labels label '3' is a number, which is read as such before any label");
    response_codes na;
    na.not_applicable = {"n/a"};
    na.labels.item(2).add("n/a", 1, "labels");
    CHECK(message_of([&] { check_labels(na, 12, command_line_spelling); }) ==
          "alliance.table.labels: --labels label 'n/a' is a not-applicable code, which is read as such before any label");
    CHECK(&labels_for(std::nullopt, codes.labels) == &codes.labels);
}

TEST_CASE("labels files: one map, or a map and items' own; errors name the file and the field") {
    const response_labels one = parse_labels_file(R"({"Seldom": 1, "Always": 5.5})");
    CHECK(one.code(7, "Always") == 5.5);
    CHECK(one.items().empty());
    const response_labels both = parse_labels_file(R"({"labels": {"No": 0}, "items": {"3": {"No": 1}}})");
    CHECK(both.code(1, "No") == 0);
    CHECK(both.code(3, "No") == 1);
    const response_labels only_items = parse_labels_file(R"({"items": {"2": {"No": 1}}})");
    CHECK(only_items.common().empty());
    CHECK_FALSE(only_items.code(1, "No").has_value());
    CHECK(message_of([] { (void)parse_labels_file(R"({"Seldom": "1"})", "l.json"); }) ==
          "alliance.key_file.wrong_type: labels file 'l.json', field 'Seldom': expected a number, got a string");
    CHECK(message_of([] { (void)parse_labels_file(R"([1, 2])", "l.json"); }) ==
          "alliance.key_file.wrong_type: labels file 'l.json': expected an object mapping each label to its code, got "
          "an array");
    CHECK(message_of([] { (void)parse_labels_file(R"({"labels": {}, "extra": {}})", "l.json"); }) ==
          "alliance.key_file.unknown_field: labels file 'l.json', field 'extra': unknown field; allowed here: labels, "
          "items");
    CHECK(message_of([] { (void)parse_labels_file(R"({"items": {"x": {"No": 1}}})", "l.json"); }) ==
          "alliance.key_file.bad_value: labels file 'l.json', field 'items.x': 'x' is not an item number (1..10000)");
    CHECK(message_of([] { (void)parse_labels_file(R"({"A": 1, "A": 2})", "l.json"); }) ==
          "alliance.key_file.duplicate_field: labels file 'l.json', field 'A': the field appears twice in the same "
          "object");
    CHECK(message_of([] { (void)parse_labels_file(R"({"A": 1,)", "l.json"); }).starts_with(
        "alliance.key_file.bad_json: labels file 'l.json': not valid JSON"));
    CHECK(message_of([] { (void)read_labels_file("/nonexistent/labels.json"); }) ==
          "alliance.key_file.unreadable: labels file '/nonexistent/labels.json': cannot read the file: No such file "
          "or directory");
}

TEST_CASE("a key file's item_columns and response_labels travel with its instrument and are written back") {
    const std::string text = R"({
      "format": "alliance-key-file/1", "id": "lab", "name": "Lab scale",
      "response_scale": {"type": "likert", "min": 1, "max": 5}, "item_count": 2,
      "scales": [{"name": "total", "items": [1, 2]}],
      "item_columns": ["q_a", "q_b"],
      "response_labels": {"labels": {"Never": 1, "Always": 5}, "items": {"2": {"Yes": 5}}}})";
    const runtime_instrument lab = load_key_file_from_string(text, "lab.json");
    CHECK(std::vector<std::string>(lab.item_columns().begin(), lab.item_columns().end()) ==
          std::vector<std::string>{"q_a", "q_b"});
    CHECK(lab.labels().code(1, "Never") == 1);
    CHECK(lab.labels().code(2, "Yes") == 5);
    const std::string written = to_key_file_json(lab);
    const runtime_instrument back = load_key_file_from_string(written);
    CHECK(to_key_file_json(back) == written);
    CHECK(written.find("\"item_columns\": [\"q_a\", \"q_b\"]") != std::string::npos);
    CHECK(back.labels().code(2, "Yes") == 5);
    // The checks name the field.
    const auto with = [&](const std::string& field) {
        std::string changed = text;
        changed.replace(changed.find("\"item_columns\": [\"q_a\", \"q_b\"]"), 30, field);
        return changed;
    };
    CHECK(message_of([&] { (void)load_key_file_from_string(with(R"("item_columns": ["q_a"])"), "lab.json"); }) ==
          "alliance.definition.item_columns: key file 'lab.json', field 'item_columns': instrument 'lab': "
          "item_columns names 1 columns for 2 items");
    CHECK(message_of([&] { (void)load_key_file_from_string(with(R"("item_columns": ["q", " q"])"), "lab.json"); }) ==
          "alliance.definition.item_columns: key file 'lab.json', field 'item_columns': instrument 'lab': "
          "item_columns names column ' q' for items 1 and 2");
    CHECK(message_of([&] { (void)load_key_file_from_string(with(R"("item_columns": [1, 2])"), "lab.json"); }) ==
          "alliance.key_file.wrong_type: key file 'lab.json', field 'item_columns[0]': expected a string, got an "
          "integer");
    std::string bad_item = text;
    bad_item.replace(bad_item.find("\"2\": {\"Yes\""), 3, "\"3\"");
    CHECK(message_of([&] { (void)load_key_file_from_string(bad_item, "lab.json"); }) ==
          "alliance.key_file.bad_value: key file 'lab.json', field 'response_labels.items.3': '3' is not an item "
          "number (1..2)");
}
