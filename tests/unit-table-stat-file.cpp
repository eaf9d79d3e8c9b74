// The SPSS and Stata reader (alliance/table/stat_file.hpp, through ReadStat) and the command
// line's CSV of what it reads (tools/alliance/io/stat_input.hpp). The fixtures in
// tests/data/stat_files/ were written by R's haven (make-stat-files.R) from wai_sr_wide.csv: every
// value read must be the CSV's, every blank of the CSV missing (system-missing, SPSS user-missing
// -99 and 999, Stata's .a), with the value labels and missing-value definitions the script gave.
// The .por case writes its file here, with ReadStat's own writer (no other .por writer is at hand).
#include <doctest/doctest.h>

#include <alliance/table/stat_file.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/stat_input.hpp"

namespace tb = alliance::table;
namespace fs = std::filesystem;

namespace {

const std::string stat_dir = std::string(ALLIANCE_TEST_DATA_DIR) + "/stat_files/";

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// wai_sr_wide.csv as rows of fields (the command line's own CSV reader).
std::vector<std::vector<std::string>> plain_rows() {
    const std::string text = file_text(stat_dir + "wai_sr_wide.csv");
    alliance::cli::memory_source source(text);
    alliance::cli::csv_reader reader(source);
    std::vector<std::vector<std::string>> rows;
    while (reader.next()) rows.emplace_back(reader.fields().begin(), reader.fields().end());
    return rows;
}

// The message of the stat_file_error that `read` throws, with its problem checked.
template <class Read>
std::string failure(Read read, tb::stat_file_problem problem) {
    try {
        (void)read();
    } catch (const tb::stat_file_error& e) {
        CHECK(e.problem() == problem);
        return e.what();
    }
    FAIL("no stat_file_error");
    return {};
}

// Every column of `data` holds the CSV's values: its text, its number, missing where blank.
void check_against_plain(const tb::stat_table& data) {
    const auto rows = plain_rows();
    REQUIRE(data.rows + 1 == rows.size());
    const std::vector<std::string>& header = rows[0];
    REQUIRE(data.columns.size() == header.size() + 1);  // and first_seen
    for (std::size_t c = 0; c < header.size(); ++c) {
        const tb::stat_column& column = data.columns[c];
        CAPTURE(column.name);
        CHECK(column.name == header[c]);
        CHECK(column.text == (header[c] == "client" || header[c] == "therapist"));
        for (std::size_t r = 0; r < data.rows; ++r) {
            CAPTURE(r);
            const std::string& cell = rows[r + 1][c];
            if (column.text) {
                CHECK(!column.is_missing(r));
                CHECK(column.texts[r] == cell);
            } else if (cell.empty()) {
                CHECK(column.is_missing(r));
            } else {
                CHECK(!column.is_missing(r));
                CHECK(column.numbers[r] == std::stod(cell));
            }
        }
    }
    CHECK(data.columns.back().name == "first_seen");
}

// How many cells of the items hold `value` and are flagged missing.
std::size_t missing_cells_holding(const tb::stat_table& data, double value) {
    std::size_t count = 0;
    for (const tb::stat_column& column : data.columns)
        if (column.name.starts_with("item"))
            for (std::size_t r = 0; r < data.rows; ++r)
                count += column.is_missing(r) &&
                         (std::isnan(value) ? std::isnan(column.numbers[r]) : column.numbers[r] == value);
    return count;
}

const tb::stat_value_label* label_of(const tb::stat_column& column, double code) {
    for (const tb::stat_value_label& label : column.value_labels)
        if (label.code == code) return &label;
    return nullptr;
}

}  // namespace

TEST_CASE("a file's format is told by its name, whatever the case of its extension") {
    CHECK(tb::stat_format_of("data.sav") == tb::stat_format::sav);
    CHECK(tb::stat_format_of("DATA.SAV") == tb::stat_format::sav);
    CHECK(tb::stat_format_of("dir.v2/data.Zsav") == tb::stat_format::zsav);
    CHECK(tb::stat_format_of("data.por") == tb::stat_format::por);
    CHECK(tb::stat_format_of("data.DTA") == tb::stat_format::dta);
    CHECK_FALSE(tb::stat_format_of("data.csv").has_value());
    CHECK_FALSE(tb::stat_format_of("sav").has_value());
    CHECK_FALSE(tb::stat_format_of("data.sav.csv").has_value());
    CHECK_FALSE(tb::stat_format_of("data.savx").has_value());
    CHECK_FALSE(tb::stat_format_of("-").has_value());
    static_assert(tb::stat_format_of("x.dta") == tb::stat_format::dta);
}

TEST_CASE("SPSS .sav: codes as numbers, system- and user-missing missing, labels and missing ranges kept") {
    const tb::stat_table data = tb::read_stat_file(stat_dir + "wai_sr_wide.sav");
    CHECK(data.format == tb::stat_format::sav);
    CHECK(data.source == stat_dir + "wai_sr_wide.sav");
    check_against_plain(data);

    // make-stat-files.R turned the CSV's 18 blanks into -99, sysmis and 999 in turn (by row and
    // item): 12 user-missing cells (-99 or 999, the number kept), 6 system-missing (NaN).
    CHECK(missing_cells_holding(data, -99) + missing_cells_holding(data, 999) == 12);
    CHECK(missing_cells_holding(data, -99) > 0);
    CHECK(missing_cells_holding(data, 999) > 0);
    CHECK(missing_cells_holding(data, std::numeric_limits<double>::quiet_NaN()) == 6);

    const tb::stat_column& item1 = *data.find("item1");
    CHECK(item1.label == "WAI-SR item 1");
    REQUIRE(item1.missing_ranges.size() == 2);
    CHECK(item1.missing_ranges[0] == std::pair<double, double>(-99, -99));
    CHECK(item1.missing_ranges[1] == std::pair<double, double>(999, 999));
    REQUIRE(item1.value_labels.size() == 7);
    REQUIRE(label_of(item1, 1) != nullptr);
    CHECK(label_of(item1, 1)->label == "Seldom");
    CHECK(label_of(item1, 5)->label == "Always");
    CHECK(label_of(item1, -99)->label == "No answer");
    CHECK(label_of(item1, 999)->label == "Not asked");
    CHECK(data.find("client")->value_labels.empty());
    CHECK(data.find("absent") == nullptr);

    // A date is a number (SPSS: seconds since 1582-10-14); its format says it is a date.
    const tb::stat_column& date = data.columns.back();
    CHECK_FALSE(date.text);
    CHECK(date.format == "DATE11");
    CHECK(date.numbers[0] == 13924656000.0);  // 2024-01-15: 161,165 days after 1582-10-14
}

TEST_CASE("SPSS .zsav (zlib-compressed) reads as the .sav") {
    const tb::stat_table sav = tb::read_stat_file(stat_dir + "wai_sr_wide.sav");
    const tb::stat_table zsav = tb::read_stat_file(stat_dir + "wai_sr_wide.zsav");
    CHECK(zsav.format == tb::stat_format::zsav);
    check_against_plain(zsav);
    REQUIRE(zsav.columns.size() == sav.columns.size());
    for (std::size_t c = 0; c < sav.columns.size(); ++c) {
        CHECK(zsav.columns[c].missing == sav.columns[c].missing);
        CHECK(zsav.columns[c].texts == sav.columns[c].texts);
        CHECK(zsav.columns[c].value_labels.size() == sav.columns[c].value_labels.size());
        for (std::size_t r = 0; r < sav.rows; ++r)
            if (!sav.columns[c].text && !sav.columns[c].is_missing(r))
                CHECK(zsav.columns[c].numbers[r] == sav.columns[c].numbers[r]);
    }
}

TEST_CASE("Stata .dta: system missing and tagged .a missing, value labels with the tagged one") {
    const tb::stat_table data = tb::read_stat_file(stat_dir + "wai_sr_wide.dta");
    CHECK(data.format == tb::stat_format::dta);
    check_against_plain(data);
    // Every blank is missing and NaN (Stata's . or .a), none of them a number.
    CHECK(missing_cells_holding(data, std::numeric_limits<double>::quiet_NaN()) == 18);

    const tb::stat_column& item1 = *data.find("item1");
    CHECK(item1.label == "WAI-SR item 1");
    CHECK(item1.missing_ranges.empty());
    REQUIRE(item1.value_labels.size() == 6);
    CHECK(label_of(item1, 3)->label == "Fairly often");
    const auto tagged = std::find_if(item1.value_labels.begin(), item1.value_labels.end(),
                                     [](const tb::stat_value_label& l) { return l.tag == 'a'; });
    REQUIRE(tagged != item1.value_labels.end());
    CHECK(tagged->label == "Refused");
    CHECK(std::isnan(tagged->code));

    const tb::stat_column& date = data.columns.back();
    CHECK(date.format == "%td");
    CHECK(date.numbers[0] == 23390.0);  // 2024-01-15: days since 1960-01-01
}

TEST_CASE("bytes in memory read as the file does") {
    for (const char* name : {"wai_sr_wide.sav", "wai_sr_wide.zsav", "wai_sr_wide.dta"}) {
        CAPTURE(name);
        const std::string bytes = file_text(stat_dir + name);
        const auto format = *tb::stat_format_of(name);
        const tb::stat_table from_memory = tb::read_stat_bytes(bytes, format, name);
        CHECK(from_memory.source == name);
        check_against_plain(from_memory);
    }
}

TEST_CASE("SPSS .por, written here by ReadStat's writer, reads back with its user-missing and labels") {
    // One numeric variable with labels and -99 declared missing, one string variable; 3 cases.
    std::string bytes;
    readstat_writer_t* writer = readstat_writer_init();
    REQUIRE(writer != nullptr);
    readstat_set_data_writer(writer, [](const void* data, std::size_t length, void* context) -> ssize_t {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), length);
        return static_cast<ssize_t>(length);
    });
    readstat_label_set_t* anchors = readstat_add_label_set(writer, READSTAT_TYPE_DOUBLE, "anchors");
    readstat_label_double_value(anchors, 1, "Seldom");
    readstat_label_double_value(anchors, 5, "Always");
    readstat_variable_t* item = readstat_add_variable(writer, "ITEM1", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_label_set(item, anchors);
    readstat_variable_add_missing_double_value(item, -99);
    readstat_variable_t* client = readstat_add_variable(writer, "CLIENT", READSTAT_TYPE_STRING, 8);
    REQUIRE(readstat_begin_writing_por(writer, &bytes, 3) == READSTAT_OK);
    const double items[] = {4, -99, 0};
    const char* clients[] = {"c001", "c002", "c003"};
    for (int r = 0; r < 3; ++r) {
        readstat_begin_row(writer);
        if (r == 2)
            readstat_insert_missing_value(writer, item);
        else
            readstat_insert_double_value(writer, item, items[r]);
        readstat_insert_string_value(writer, client, clients[r]);
        readstat_end_row(writer);
    }
    REQUIRE(readstat_end_writing(writer) == READSTAT_OK);
    readstat_writer_free(writer);

    const tb::stat_table data = tb::read_stat_bytes(bytes, tb::stat_format::por, "written.por");
    REQUIRE(data.rows == 3);
    REQUIRE(data.columns.size() == 2);
    const tb::stat_column& read_item = data.columns[0];
    CHECK(read_item.name == "ITEM1");
    CHECK(read_item.numbers[0] == 4);
    CHECK(!read_item.is_missing(0));
    CHECK(read_item.numbers[1] == -99);
    CHECK(read_item.is_missing(1));  // user-missing
    CHECK(read_item.is_missing(2));  // system-missing
    REQUIRE(read_item.value_labels.size() == 2);
    CHECK(label_of(read_item, 5)->label == "Always");
    CHECK(data.columns[1].texts == std::vector<std::string>{"c001", "c002", "c003"});

    // The seed of the fuzzer's .por inputs (tests/fuzz/corpus/stat_file/) is this file.
    std::ofstream(fs::path(ALLIANCE_TEST_OUTPUT_DIR) / "written.por", std::ios::binary) << bytes;
}

TEST_CASE("a file that cannot be read is an error naming it, with the system's or ReadStat's reason") {
    const fs::path dir = fs::path(ALLIANCE_TEST_OUTPUT_DIR) / "stat-file-errors";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string sav = file_text(stat_dir + "wai_sr_wide.sav");

    SUBCASE("truncated: the first half of a .sav") {
        const std::string path = (dir / "half.sav").string();
        std::ofstream(path, std::ios::binary) << sav.substr(0, sav.size() / 2);
        const std::string message =
            failure([&] { return tb::read_stat_file(path); }, tb::stat_file_problem::malformed);
        CHECK(message.starts_with("[alliance.stat_file.malformed] cannot read '" + path +
                                  "' as an SPSS system file (.sav): "));
        CHECK(message.find("Unable to read from file") != std::string::npos);  // readstat_error_message
        CHECK(message.find("is it cut short?") != std::string::npos);
    }
    SUBCASE("truncated in its last case: the header's count of cases is not met") {
        const std::string path = (dir / "last-case.sav").string();
        std::ofstream(path, std::ios::binary) << sav.substr(0, sav.size() - 3);
        const std::string message =
            failure([&] { return tb::read_stat_file(path); }, tb::stat_file_problem::malformed);
        CHECK(message.find("'" + path + "'") != std::string::npos);
    }
    SUBCASE("truncated .dta and .zsav") {
        for (const char* name : {"wai_sr_wide.dta", "wai_sr_wide.zsav"}) {
            const std::string whole = file_text(stat_dir + name);
            const std::string path = (dir / (std::string("half-") + name)).string();
            std::ofstream(path, std::ios::binary) << whole.substr(0, whole.size() / 2);
            const std::string message =
                failure([&] { return tb::read_stat_file(path); }, tb::stat_file_problem::malformed);
            CHECK(message.find("cannot read '" + path + "'") != std::string::npos);
        }
    }
    SUBCASE("not an SPSS file: a CSV named .sav") {
        const std::string path = (dir / "plain.sav").string();
        fs::copy_file(stat_dir + "wai_sr_wide.csv", path);
        const std::string message =
            failure([&] { return tb::read_stat_file(path); }, tb::stat_file_problem::malformed);
        CHECK(message ==
              "[alliance.stat_file.malformed] cannot read '" + path +
                  "' as an SPSS system file (.sav): Invalid file, or file has unsupported features");
    }
    SUBCASE("an SPSS file named .dta") {
        const std::string path = (dir / "spss.dta").string();
        fs::copy_file(stat_dir + "wai_sr_wide.sav", path);
        const std::string message =
            failure([&] { return tb::read_stat_file(path); }, tb::stat_file_problem::malformed);
        CHECK(message.find("cannot read '" + path + "' as a Stata file (.dta): ") != std::string::npos);
    }
    SUBCASE("empty") {
        const std::string path = (dir / "empty.sav").string();
        std::ofstream{path};
        CHECK(failure([&] { return tb::read_stat_file(path); }, tb::stat_file_problem::malformed) ==
              "[alliance.stat_file.malformed] cannot read '" + path +
                  "' as an SPSS system file (.sav): the file is empty");
        CHECK_THROWS_AS((void)tb::read_stat_bytes({}, tb::stat_format::dta, "nothing"), tb::stat_file_error);
    }
    SUBCASE("absent, a directory") {
        const std::string absent = (dir / "absent.sav").string();
        CHECK(failure([&] { return tb::read_stat_file(absent); }, tb::stat_file_problem::unreadable) ==
              "[alliance.stat_file.unreadable] cannot read '" + absent + "': No such file or directory");
        fs::create_directories(dir / "folder.sav");
        const std::string folder = (dir / "folder.sav").string();
        CHECK(failure([&] { return tb::read_stat_file(folder); }, tb::stat_file_problem::unreadable) ==
              "[alliance.stat_file.unreadable] cannot read '" + folder + "': it is a directory");
    }
    SUBCASE("a name that is no statistics file's: the caller's mistake") {
        try {
            (void)tb::read_stat_file(stat_dir + "wai_sr_wide.csv");
            FAIL("no error");
        } catch (const tb::stat_file_error& e) {
            CHECK(e.problem() == tb::stat_file_problem::unknown_format);
            CHECK(e.id() == "alliance.stat_file.unknown_format");
            CHECK(e.from_request());
            CHECK(e.source() == stat_dir + "wai_sr_wide.csv");
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("the CSV of an SPSS file is the plain CSV it was written from") {
    // Without first_seen (which the plain file lacks), the .sav's CSV is wai_sr_wide.csv byte for
    // byte: the same numbers in the same shortest form, user- and system-missing empty, the text
    // with a comma and quotes quoted as the plain file quotes it.
    for (const char* name : {"wai_sr_wide.sav", "wai_sr_wide.zsav", "wai_sr_wide.dta"}) {
        CAPTURE(name);
        tb::stat_table data = tb::read_stat_file(stat_dir + name);
        data.columns.pop_back();
        std::string csv;
        std::size_t flushes = 0;
        alliance::cli::write_stat_csv(data, csv, [&](std::string&) { ++flushes; });
        CHECK(flushes == 1);
        CHECK(csv == file_text(stat_dir + "wai_sr_wide.csv"));
    }
}

TEST_CASE("the CSV keeps one case a line: line breaks in text, a lone empty column, a leading BOM") {
    tb::stat_table data;
    data.rows = 3;
    tb::stat_column note;
    note.name = "\xEF\xBB\xBFnote";
    note.text = true;
    note.texts = {"two\nlines", "", "cr\r\nlf"};
    note.missing = {0, 0, 1};
    data.columns.push_back(note);
    std::string csv;
    alliance::cli::write_stat_csv(data, csv, [](std::string&) {});
    CHECK(csv == "\"\xEF\xBB\xBFnote\"\n\"two lines\"\n\"\"\n\"\"\n");

    alliance::cli::memory_source source(csv);
    alliance::cli::csv_reader reader(source);
    REQUIRE(reader.next_header());
    CHECK(reader[0] == "\xEF\xBB\xBFnote");
    for (std::uint64_t line = 2; line <= 4; ++line) {
        REQUIRE(reader.next());
        CHECK(reader.line() == line);
    }
    CHECK_FALSE(reader.next());
}

TEST_CASE("cases are named by number: case N is line N + 1 of the CSV") {
    using alliance::cli::row_name;
    using alliance::cli::row_numbering;
    CHECK(row_name(row_numbering::lines, 4) == "line 4");
    CHECK(row_name(row_numbering::cases, 4) == "case 3");
    CHECK(row_name(row_numbering::cases, 2) == "case 1");
    CHECK(row_name(row_numbering::cases, 1) == "the header");
}
