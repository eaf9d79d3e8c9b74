// alliance/define_instrument.hpp: an instrument defined in a call, through the key-file reader:
// items by number or by column name with '-' for reversed ones (psych's key lists), the
// checks of its own, and what the instrument keeps (item columns, labels). The bfi case is
// checked against psych::scoreItems (tests/reference/bfi_psych.R -> tests/data/).
#include <doctest/doctest.h>

#include "error_text.hpp"

#include <alliance/define_instrument.hpp>
#include <alliance/key_file.hpp>
#include <alliance/score.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace alliance;
using alliance::test::message_of;

namespace {

instrument_request bfi_request() {
    // psych::bfi.keys (psych 2.2.9), typed again here.
    instrument_request request;
    request.id = "bfi";
    request.response_min = 1;
    request.response_max = 6;
    request.scales = {{"agree", {"-A1", "A2", "A3", "A4", "A5"}},
                      {"conscientious", {"C1", "C2", "C3", "-C4", "-C5"}},
                      {"extraversion", {"-E1", "-E2", "E3", "E4", "E5"}},
                      {"neuroticism", {"N1", "N2", "N3", "N4", "N5"}},
                      {"openness", {"O1", "-O2", "O3", "O4", "-O5"}}};
    request.missing_rule = "prorate_min_answered:1";  // impute = "none": the mean of what was answered
    return request;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::vector<std::string>> rows;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with('#')) continue;
        std::vector<std::string> cells;
        std::stringstream fields(line);
        for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
        if (line.ends_with(',')) cells.emplace_back();
        rows.push_back(cells);
    }
    return rows;
}

}  // namespace

TEST_CASE("by column name: numbered by first appearance, reversed by '-', the names kept") {
    const runtime_instrument bfi = define_instrument(bfi_request(), table::binding_spelling);
    CHECK(bfi.item_count() == 25);
    CHECK(std::vector<int>(bfi.reversed_items().begin(), bfi.reversed_items().end()) ==
          std::vector<int>{1, 9, 10, 11, 12, 22, 25});
    REQUIRE(bfi.item_columns().size() == 25);
    CHECK(bfi.item_columns()[0] == "A1");
    CHECK(bfi.item_columns()[24] == "O5");
    CHECK(bfi.scales().size() == 5);
    // Written and read back, it is the same instrument, and the committed key file is it too.
    const std::string written = to_key_file_json(bfi);
    CHECK(to_key_file_json(load_key_file_from_string(written)) == written);
    const runtime_instrument typed = load_key_file(ALLIANCE_TEST_DATA_DIR "/keys/bfi.json");
    CHECK(std::vector<std::string>(typed.item_columns().begin(), typed.item_columns().end()) ==
          std::vector<std::string>(bfi.item_columns().begin(), bfi.item_columns().end()));
    CHECK(std::vector<int>(typed.reversed_items().begin(), typed.reversed_items().end()) ==
          std::vector<int>(bfi.reversed_items().begin(), bfi.reversed_items().end()));
}

TEST_CASE("psych's bfi scored by the defined instrument gives psych::scoreItems' means") {
    const runtime_instrument bfi = define_instrument(bfi_request(), table::binding_spelling);
    const auto data = csv_rows(ALLIANCE_TEST_DATA_DIR "/bfi.csv");
    const auto reference = csv_rows(ALLIANCE_TEST_DATA_DIR "/bfi_scores_psych.csv");
    REQUIRE(data.size() == 2801);
    REQUIRE(reference.size() == 2801);
    // Columns of bfi.csv: case, then the 25 items in psych's order, which is the first-appearance order.
    REQUIRE(data[0][1] == "A1");
    std::size_t compared = 0, differ = 0;
    for (std::size_t row = 1; row < data.size(); ++row) {
        std::vector<response> answers;
        for (std::size_t item = 1; item <= 25; ++item)
            answers.push_back(data[row][item].empty() ? alliance::missing : response(std::stod(data[row][item])));
        const auto scores = score(bfi, answers);
        for (std::size_t s = 0; s < 5; ++s) {
            const std::string& expected = reference[row][s + 1];
            const auto& scale = scores[s];
            ++compared;
            if (expected.empty() ? scale.has_score()
                                 : !scale.has_score() || std::abs(scale.mean() - std::stod(expected)) > 1e-12)
                ++differ;
        }
    }
    CHECK(compared == 14000);
    CHECK(differ == 0);
}

TEST_CASE("by number: item_count is the highest, no item columns; metric and labels are kept") {
    instrument_request request;
    request.id = "short";
    request.response_min = 0;
    request.response_max = 4;
    request.scales = {{"a", {"1", "-2"}}, {"total", {"1", "-2", "3"}}};  // reversed= reverses 3 wherever it is
    request.reversed = {"3"};
    request.metric = "mean";
    request.labels.common().add("Never", 0, "labels");
    const runtime_instrument made = define_instrument(request, table::binding_spelling);
    CHECK(made.item_count() == 3);
    CHECK(made.item_columns().empty());
    CHECK(std::vector<int>(made.reversed_items().begin(), made.reversed_items().end()) == std::vector<int>{2, 3});
    CHECK(made.scales()[0].metric == metric::mean);
    CHECK(made.labels().code(1, "Never") == 0);
    // 1 -> 1, 2 reversed: 4 - 3 = 1; 3 reversed: 4 - 0 = 4.
    const auto scores = score(made, std::vector<response>{response(1.0), response(3.0), response(0.0)});
    CHECK(scores[0].sum() == 2);
    CHECK(scores[1].sum() == 6);
}

TEST_CASE("what define_instrument refuses, named in the packages' spelling") {
    const auto refused = [](auto change) {
        instrument_request request;
        request.id = "x";
        request.response_min = 1;
        request.response_max = 5;
        request.scales = {{"a", {"1", "2"}}, {"b", {"2", "3"}}};
        change(request);
        return message_of([&] { (void)define_instrument(request, table::binding_spelling); });
    };
    CHECK(refused([](instrument_request& r) { r.scales[1].items = {"A1"}; }) ==
          "alliance.table.define_instrument: scales mix item numbers and column names; give one or the other");
    CHECK(refused([](instrument_request& r) { r.scales[1].items = {"-2", "3"}; }) ==
          "alliance.table.define_instrument: item '2' is reversed in scale 'b' and not in scale 'a'; an item is reversed "
          "for the whole instrument");
    CHECK(refused([](instrument_request& r) { r.scales[0].items = {"1", " 1"}; }) ==
          "alliance.table.define_instrument: scales 'a' holds item '1' twice");
    CHECK(refused([](instrument_request& r) { r.scales[0].items.clear(); }) ==
          "alliance.table.define_instrument: scales 'a' has no items");
    CHECK(refused([](instrument_request& r) { r.scales.clear(); }) == "alliance.table.define_instrument: scales names no scale");
    CHECK(refused([](instrument_request& r) { r.scales[0].items = {"-", "2"}; }) ==
          "alliance.table.define_instrument: scales 'a' holds an empty item");
    CHECK(refused([](instrument_request& r) { r.response_max = 1; }) ==
          "alliance.table.define_instrument: response needs its lowest answer below its highest, not 1 and 1");
    CHECK(refused([](instrument_request& r) { r.missing_rule = "some"; }) ==
          "alliance.table.define_instrument: missing_rule 'some' is not a rule; the rules are all_required, "
          "prorate_min_answered, prorate_max_missing, prorate_min_fraction, replace_by_mean (with ':N' for a count, "
          "':F' for a fraction)");
    CHECK(refused([](instrument_request& r) { r.missing_rule = "prorate_min_answered:0.5"; }) ==
          "alliance.table.define_instrument: missing_rule 'prorate_min_answered:0.5': rule prorate_min_answered takes a "
          "count of items (prorate_min_answered:3)");
    CHECK(refused([](instrument_request& r) { r.missing_rule = "all_required:1"; }) ==
          "alliance.table.define_instrument: missing_rule 'all_required:1': rule all_required takes no number");
    CHECK(refused([](instrument_request& r) { r.missing_rule = "prorate_min_fraction:x"; }) ==
          "alliance.table.define_instrument: missing_rule 'prorate_min_fraction:x': rule prorate_min_fraction takes a "
          "fraction of items (prorate_min_fraction:0.8)");
    CHECK(refused([](instrument_request& r) { r.labels.item(4).add("No", 1, "labels"); }) ==
          "alliance.table.define_instrument: labels give labels for item 4, but the items are 1..3");
    CHECK(refused([](instrument_request& r) {
              r.scales = {{"a", {"A1"}}};
              r.reversed = {"B1"};
          }) == "alliance.table.define_instrument: reversed names column 'B1', which no scale holds");
    // What a key file could hold wrong is the key-file reader's verdict, on the field.
    CHECK(refused([](instrument_request& r) { r.missing_rule = "prorate_min_answered:3"; }).starts_with(
        "alliance.definition.bad_missing_rule: key file 'define_instrument('x')', field 'scoring.missing'"));
    CHECK(refused([](instrument_request& r) { r.id.clear(); }).starts_with("alliance.definition.missing_id"));
    CHECK(refused([](instrument_request& r) { r.metric = "median"; }).starts_with(
        "alliance.key_file.unknown_value: key file 'define_instrument('x')', field 'scoring.metric'"));
    CHECK(refused([](instrument_request& r) { r.scales[0].name = "\xff"; }) ==
          "alliance.table.define_instrument: a name or a label of instrument 'x' is not valid UTF-8 text");
}
