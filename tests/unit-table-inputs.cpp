// What the packages hand to the table layer before a request: whether a text given as an
// instrument is a built-in id or a key file's path (table/catalogue_lookup.hpp), numeric cells
// that equal a code (table/cells.hpp: number_codes), and the message for a column whose type
// holds no answers (table/column_type.hpp).
#include <doctest/doctest.h>

#include <alliance/table/catalogue_lookup.hpp>
#include <alliance/table/cells.hpp>
#include <alliance/table/column_type.hpp>

#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

namespace tb = alliance::table;
namespace fs = std::filesystem;

TEST_CASE("an instrument text: a built-in id first, then anything that looks like or is a path") {
    CHECK(tb::classify_instrument_text("wai-sr") == tb::instrument_text::builtin);
    CHECK(tb::classify_instrument_text("phq-9") == tb::instrument_text::builtin);
    CHECK(tb::classify_instrument_text("nope") == tb::instrument_text::unknown);
    CHECK(tb::classify_instrument_text("") == tb::instrument_text::unknown);
    CHECK(tb::classify_instrument_text("WAI-SR") == tb::instrument_text::unknown);
    CHECK(tb::classify_instrument_text("keys/lab") == tb::instrument_text::key_file);
    CHECK(tb::classify_instrument_text("lab.json") == tb::instrument_text::key_file);
    CHECK(tb::classify_instrument_text("LAB.JSON") == tb::instrument_text::key_file);
    CHECK(tb::classify_instrument_text("/") == tb::instrument_text::key_file);

    // things on disk without a separator or .json: a directory and a FIFO are paths (and
    // read_key_file refuses them naming the path), never unknown ids
    const fs::path dir = fs::temp_directory_path() / "alliance-unit-table-inputs";
    fs::remove_all(dir);
    fs::create_directories(dir / "a-directory");
    const fs::path old = fs::current_path();
    fs::current_path(dir);
    CHECK(tb::classify_instrument_text("a-directory") == tb::instrument_text::key_file);
    REQUIRE(::mkfifo("a-fifo", 0600) == 0);
    CHECK(tb::classify_instrument_text("a-fifo") == tb::instrument_text::key_file);
    fs::create_symlink("gone", "dangling");
    CHECK(tb::classify_instrument_text("dangling") == tb::instrument_text::key_file);
    fs::current_path(old);
    fs::remove_all(dir);
}

TEST_CASE("number_codes: a numeric cell equal to a code that reads as a number is that code") {
    tb::response_codes codes;
    codes.missing = {"", "NA", "-9", " 99 "};
    codes.not_applicable = {"8", "n/a"};
    const tb::number_codes numbers(codes);
    CHECK_FALSE(numbers.empty());
    CHECK(numbers.kind_of(-9) == tb::cell_kind::missing);
    CHECK(numbers.kind_of(99) == tb::cell_kind::missing);
    CHECK(numbers.kind_of(8) == tb::cell_kind::not_applicable);
    CHECK(numbers.kind_of(3) == tb::cell_kind::number);
    CHECK(numbers.kind_of(0.1 + 0.2) == tb::cell_kind::number);
    CHECK(numbers.kind_of(std::numeric_limits<double>::quiet_NaN()) == tb::cell_kind::number);
    CHECK(tb::number_codes(tb::response_codes{}).empty());  // "" and "NA" are no numbers
    tb::response_codes both;
    both.missing = {"5"};
    both.not_applicable = {"5"};
    CHECK(tb::number_codes(both).kind_of(5) == tb::cell_kind::missing);  // missing first, as read_response
}

TEST_CASE("a column whose type holds no answers: one message naming it") {
    CHECK(tb::column_type_message("item1", "logical", tb::column_role::answers) ==
          "column 'item1' is of type logical; answers must be numbers (or text holding numbers and codes)");
    CHECK(tb::column_type_message("j2", "list", tb::column_role::ratings) ==
          "column 'j2' is of type list; ratings must be numbers (or text holding numbers)");
    try {
        tb::wrong_column_type("client", "list", tb::column_role::keys);
        FAIL("no error");
    } catch (const alliance::argument_error& e) {
        CHECK(e.id() == "alliance.table.column_type");
        CHECK(e.from_request());
        CHECK(std::string(e.message()) == "column 'client' is of type list; a key column must hold texts or numbers");
    }
}
