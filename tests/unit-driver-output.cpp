// The driver's output pieces (tools/alliance/io/output.hpp, json_writer.hpp): number text
// against std::to_chars (the reference the contract names), CSV quoting against RFC 4180's
// rules, and JSON read back by an independent parser (nlohmann/json).
#include <doctest/doctest.h>

#include "io/json_writer.hpp"
#include "io/output.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace alliance::cli;

namespace {

std::string formatted(double value) {
    char buffer[40];
    return std::string(buffer, format_number(buffer, value));
}

std::string reference(double value) {
    char buffer[40];
    return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

template <class Write>
std::string render(Write write, std::size_t buffer = 1 << 16) {
    string_sink sink;
    buffered_writer out(sink, buffer);
    write(out);
    out.flush();
    return sink.text;
}

}  // namespace

TEST_CASE("format_number equals std::to_chars shortest form on its integer fast path and beyond") {
    for (int q = -400004; q <= 400004; ++q) REQUIRE(formatted(q / 4.0) == reference(q / 4.0));
    for (const double x : {0.1, 3.75, 2.0 / 3.0, 9.333333333333334, -0.0, 1e5, 1e-7, 123456.5, 1e21, -2.5e-300,
                           std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()})
        CHECK(formatted(x) == reference(x));
    // The forms the contract promises, written out.
    CHECK(formatted(14) == "14");
    CHECK(formatted(3.5) == "3.5");
    CHECK(formatted(2.0 / 3.0) == "0.6666666666666666");
    CHECK(formatted(-0.0) == "-0");
    CHECK(formatted(1e5) == "1e+05");
    CHECK(formatted(0.25) == "0.25");
    CHECK(formatted(-99999.75) == "-99999.75");
    CHECK(formatted(99999.75) == "99999.75");
}

TEST_CASE("CSV fields are quoted only when they hold a comma, a quote or a line end") {
    auto csv = [](std::string_view text) { return render([&](buffered_writer& out) { put_csv_field(out, text); }); };
    CHECK(csv("plain") == "plain");
    CHECK(csv("") == "");
    CHECK(csv("a,b") == "\"a,b\"");
    CHECK(csv("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv("a\nb") == "\"a\nb\"");
    CHECK(csv("a\rb") == "\"a\rb\"");
    CHECK(csv("semi;colon") == "semi;colon");
}

TEST_CASE("JSON strings read back as the original text; invalid UTF-8 becomes U+FFFD") {
    auto json = [](std::string_view text) { return render([&](buffered_writer& out) { put_json_string(out, text); }); };
    for (const std::string& text : {std::string("plain"), std::string("q\"b\\s/"), std::string("\n\r\t\b\f"),
                                   std::string("\x01\x1f\x7f", 3), std::string("nul\0in", 6),
                                   std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80")}) {
        CAPTURE(text);
        CHECK(nlohmann::json::parse(json(text)).get<std::string>() == text);
    }
    const std::string replaced = "\xEF\xBF\xBD";
    CHECK(nlohmann::json::parse(json("\xFF")).get<std::string>() == replaced);
    CHECK(nlohmann::json::parse(json("a\xC3")).get<std::string>() == "a" + replaced);
    CHECK(nlohmann::json::parse(json("\xED\xA0\x80")).get<std::string>() == replaced + replaced + replaced);  // surrogate
    CHECK(nlohmann::json::parse(json("\xC0\xAF")).get<std::string>() == replaced + replaced);               // overlong
}

TEST_CASE("table_writer: CSV header then rows; JSON Lines with null for empty cells") {
    auto write = [](table_format format) {
        return render(
            [&](buffered_writer& out) {
                table_writer table(out, format, {"id", "a,b", "n", "k", "status"});
                table.text("c1");
                table.number(3.25);
                table.integer(4);
                table.empty();
                table.text("ok");
                table.end_row();
                table.text("say \"x\"");
                table.empty();
                table.integer(-1);
                table.number(1e-7);
                table.text("");
                table.end_row();
            },
            8);
    };
    CHECK(write(table_format::csv) == "id,\"a,b\",n,k,status\nc1,3.25,4,,ok\n\"say \"\"x\"\"\",,-1,1e-07,\n");

    std::istringstream lines(write(table_format::jsonl));
    std::string line;
    REQUIRE(std::getline(lines, line));
    CHECK(nlohmann::json::parse(line) == nlohmann::json{{"id", "c1"}, {"a,b", 3.25}, {"n", 4}, {"k", nullptr}, {"status", "ok"}});
    REQUIRE(std::getline(lines, line));
    CHECK(nlohmann::json::parse(line) ==
          nlohmann::json{{"id", "say \"x\""}, {"a,b", nullptr}, {"n", -1}, {"k", 1e-7}, {"status", ""}});
    CHECK_FALSE(std::getline(lines, line));
}

TEST_CASE("table_writer: prepared words, literal text and empty text in both formats") {
    auto write = [](table_format format) {
        return render([&](buffered_writer& out) {
            table_writer table(out, format, {"status", "scale", "message", "note"});
            const table_word ok = table.prepare("ok");
            const table_word complete = table.prepare("complete");
            table.word(ok);
            table.word(complete);
            table.literal("bond prorated: 3 of 4 items answered (rule: all 4 items required); x");
            table.empty_text();
            table.end_row();
        });
    };
    CHECK(write(table_format::csv) ==
          "status,scale,message,note\nok,complete,bond prorated: 3 of 4 items answered (rule: all 4 items required); x,\n");
    CHECK(nlohmann::json::parse(write(table_format::jsonl)) ==
          nlohmann::json{{"status", "ok"},
                         {"scale", "complete"},
                         {"message", "bond prorated: 3 of 4 items answered (rule: all 4 items required); x"},
                         {"note", ""}});
    CHECK(table_writer::needs_no_escaping("task prorated: 3 of 4 (rule: x); y"));
    for (const char* text : {"a,b", "say \"x\"", "back\\slash", "line\nend", "tab\t", "caf\xC3\xA9"}) {
        CAPTURE(text);
        CHECK_FALSE(table_writer::needs_no_escaping(text));
    }
}

TEST_CASE("json_writer nests objects and arrays into valid, indented JSON") {
    const std::string text = render([](buffered_writer& out) {
        json_writer json(out);
        json.begin_object();
        json.field("name", "wai-sr");
        json.field("items", std::size_t{12});
        json.field("ok", true);
        json.key("empty");
        json.begin_array();
        json.end_array();
        json.key("list");
        json.begin_array();
        json.value(1);
        json.value(2.5);
        json.null();
        json.begin_object();
        json.field("k", "v");
        json.end_object();
        json.end_array();
        json.end_object();
        json.finish();
    });
    CHECK(nlohmann::json::parse(text) ==
          nlohmann::json::parse(R"({"name":"wai-sr","items":12,"ok":true,"empty":[],"list":[1,2.5,null,{"k":"v"}]})"));
    CHECK(text ==
          "{\n  \"name\": \"wai-sr\",\n  \"items\": 12,\n  \"ok\": true,\n  \"empty\": [],\n  \"list\": [\n    1,\n"
          "    2.5,\n    null,\n    {\n      \"k\": \"v\"\n    }\n  ]\n}\n");
}

TEST_CASE("buffered_writer passes text longer than its buffer through whole") {
    const std::string long_text(100, 'x');
    CHECK(render([&](buffered_writer& out) {
              out.put("ab");
              out.put(long_text);
              out.put('c');
          },
                 8) == "ab" + long_text + "c");
}

// Regression (fuzz_score): an absent field is an empty string_view with a null pointer, and
// copying it must not reach memcpy (UBSan: null pointer passed as argument 2).
TEST_CASE("regression: empty fields with a null data pointer are written as nothing") {
    const std::string_view absent{};
    REQUIRE(absent.data() == nullptr);
    CHECK(render([&](buffered_writer& out) {
              out.put(absent);
              put_csv_field(out, absent);
              out.put('|');
              put_json_string(out, absent);
          }) == "|\"\"");
}

TEST_CASE("table_writer::unquoted_text writes what text() writes for text that needs no quoting") {
    const std::vector<std::string> texts{"c0000001", "", "2024-01-02", "semi;colon", "caf\xC3\xA9",
                                         "back\\slash", std::string(300, 'y')};
    for (const table_format format : {table_format::csv, table_format::jsonl}) {
        auto write = [&](bool unquoted) {
            return render(
                [&](buffered_writer& out) {
                    table_writer table(out, format, std::vector<std::string>(texts.size(), "c"));
                    for (const std::string& text : texts) {
                        if (unquoted) table.unquoted_text(text);
                        else table.text(text);
                    }
                    table.end_row();
                },
                64);
        };
        CHECK(write(true) == write(false));
    }
}

namespace {

// Rows of 3 cells, then a run of 3 cells (a number, an integer, a word) chosen by `keys`,
// then a last cell: written directly, or with the run through a cell_run_cache.
std::string rows_with_runs(table_format format, const std::vector<int>& keys, bool cached, std::size_t buffer) {
    return render(
        [&](buffered_writer& out) {
            table_writer table(out, format, {"id", "a", "b", "long name for column c", "status"});
            const table_word words[] = {table.prepare("complete"), table.prepare("insufficient")};
            cell_run_cache cache(2);
            for (std::size_t row = 0; row < keys.size(); ++row) {
                const int key = keys[row];
                table.text("r" + std::to_string(row));
                const auto write_run = [&](table_writer& cells) {
                    if (key % 7 == 0) cells.empty();  // a run with an empty cell
                    else cells.number(key / 4.0 + 1.0 / 3.0);
                    cells.integer(key);
                    cells.word(words[key % 2]);
                };
                if (cached) cache.write(table, row % 2, {static_cast<std::uint64_t>(key), 0, 0}, write_run);
                else write_run(table);
                table.text(key % 3 == 0 ? "x,y" : "ok");
                table.end_row();
            }
        },
        buffer);
}

}  // namespace

TEST_CASE("cell_run_cache: copies of recorded runs are the bytes written directly") {
    // Repeats (hits), more keys than slots (evictions), in two column groups, in both formats;
    // with a small buffer that empties inside runs (then nothing is kept).
    std::vector<int> keys;
    for (int i = 0; i < 3000; ++i) keys.push_back((i * 37) % (i < 1500 ? 20 : 900));
    for (const table_format format : {table_format::csv, table_format::jsonl}) {
        for (const std::size_t buffer : {std::size_t{64}, std::size_t{100}, std::size_t{1} << 16}) {
            CAPTURE(buffer);
            const std::string direct = rows_with_runs(format, keys, false, buffer);
            CHECK(rows_with_runs(format, keys, true, buffer) == direct);
        }
    }
    // Written out: the run's separators come with it.
    CHECK(rows_with_runs(table_format::csv, {5, 5}, true, 1 << 16) ==
          "id,a,b,long name for column c,status\nr0,1.5833333333333333,5,insufficient,ok\n"
          "r1,1.5833333333333333,5,insufficient,ok\n");
}

TEST_CASE("buffered_writer::written_since: the bytes since a position, until the buffer empties") {
    string_sink sink;
    buffered_writer out(sink, 64);
    out.put("head");
    const auto mark = out.here();
    out.put("run");
    REQUIRE(out.written_since(mark).has_value());
    CHECK(*out.written_since(mark) == "run");
    out.put(std::string(70, 'z'));  // empties the buffer
    CHECK_FALSE(out.written_since(mark).has_value());
}

// Memory mode (a worker thread's chunk of rows, tools/alliance/parallel_rows.hpp): every byte
// stays in the block, which grows, and take() hands over exactly what a writer to a sink writes.
TEST_CASE("buffered_writer in memory mode keeps what a sink would get, through growth and reuse") {
    const std::string long_text(300, 'y');
    const auto write = [&](buffered_writer& out, int round) {
        for (int i = 0; i < 200; ++i) {
            out.put('r');
            out.put_integer(round * 1000 + i);
            out.put(",");
            out.put_number(i / 7.0);
            if (i % 50 == 0) out.put(long_text);
            out.reserve(4);
            out.unchecked_put(std::string_view("ok\n"));
        }
    };
    buffered_writer memory;  // no buffer at first
    memory_block spare;
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        // From no block, from a block too small (replaced), and from the block of round 0.
        memory.restart(std::move(spare), round == 1 ? 16 : 64);
        write(memory, round);
        memory_block written = memory.take();
        string_sink sink;
        buffered_writer direct(sink, 64);
        write(direct, round);
        direct.flush();
        CHECK(written.bytes() == sink.text);
        CHECK(written.capacity >= written.size);
        spare = std::move(written);
    }
    // A position marked before the block grows still finds its bytes after.
    memory.restart(memory_block{}, 64);
    memory.put("head");
    const auto mark = memory.here();
    memory.put(long_text);
    REQUIRE(memory.written_since(mark).has_value());
    CHECK(*memory.written_since(mark) == long_text);
    // Nothing is handed on: flush() keeps the bytes where they are.
    memory.flush();
    CHECK(memory.take().bytes() == "head" + long_text);
}

// Regression: -o FILE was opened and truncated at the first write, so a run that failed
// later left a truncated file. stdio_sink now writes a temporary file in FILE's directory and
// renames it over FILE in close(); a sink destroyed without close() removes it.
TEST_CASE("regression: stdio_sink replaces FILE only on close(), and leaves nothing behind otherwise") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(ALLIANCE_TEST_OUTPUT_DIR) / "atomic-output";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path file = dir / "result.csv";
    const auto contents = [&] {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };
    const auto entries = [&] {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
        return names;
    };
    {
        std::ofstream(file) << "previous\n";
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    {
        stdio_sink sink(file.string());
        sink.write(std::string(3 << 20, 'x'));  // far past any buffer
        sink.flush();
        CHECK(contents() == "previous\n");
        CHECK(entries().size() == 2);  // FILE and the temporary file
    }  // destroyed without close(): the run failed
    CHECK(contents() == "previous\n");
    CHECK(entries() == std::vector<std::string>{"result.csv"});
    {
        stdio_sink sink(file.string());
        sink.write("new\n");
        sink.close();
    }
    CHECK(contents() == "new\n");
    CHECK(entries() == std::vector<std::string>{"result.csv"});
    CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    {
        stdio_sink sink((dir / "empty.csv").string());
        sink.close();  // a run that wrote nothing still leaves its (empty) file, as sort -o does
    }
    CHECK(fs::exists(dir / "empty.csv"));
    CHECK(fs::file_size(dir / "empty.csv") == 0);
    {
        stdio_sink sink((dir / "never.csv").string());
    }  // never written, never closed: no file at all
    CHECK_FALSE(fs::exists(dir / "never.csv"));
    stdio_sink full("/dev/full");
    full.write("x");
    CHECK_THROWS_WITH_AS(full.close(), "cannot write to '/dev/full': No space left on device", output_error);
}
