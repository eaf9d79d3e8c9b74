// The driver's streaming CSV reader (tools/alliance/io/csv_reader.hpp) against RFC 4180
// (sections 2.1-2.7) and the leniencies it documents. Every input is also read with the
// source cut into pieces of every size from 1 byte and with tiny chunks, so records that span
// refills are read the same way as records inside one buffer.
#include <doctest/doctest.h>

#include "io/csv_reader.hpp"
#include "io/csv_splitter.hpp"
#include "io/output.hpp"
#include "csv_records.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using alliance::cli::byte_source;
using alliance::cli::chunk_reader;
using alliance::cli::csv_chunk;
using alliance::cli::csv_dialect;
using alliance::cli::csv_limits;
using alliance::cli::csv_reader;
using alliance::cli::csv_splitter;
using alliance::cli::memory_source;

namespace {

using record = alliance::test::csv_record;

std::vector<record> read_all(std::string_view text, char delimiter, std::size_t max_read, csv_limits limits) {
    memory_source source(text, max_read);
    csv_reader reader(source, csv_dialect{delimiter}, limits);
    std::vector<record> records;
    alliance::test::read_records(reader, records);
    CHECK(reader.bytes_consumed() == text.size());
    return records;
}

// Reads `text` whole, then again cut at every size and with small chunks; all must agree.
std::vector<record> read(std::string_view text, char delimiter = ',') {
    const auto whole = read_all(text, delimiter, SIZE_MAX, {});
    for (std::size_t piece = 1; piece <= text.size() + 1; ++piece) {
        CAPTURE(piece);
        CHECK(read_all(text, delimiter, piece, {}) == whole);
    }
    for (const std::size_t chunk : {1u, 2u, 3u, 7u}) {
        CAPTURE(chunk);
        CHECK(read_all(text, delimiter, SIZE_MAX, csv_limits{chunk, 1u << 20}) == whole);
    }
    return whole;
}

record row(std::vector<std::string> fields, std::uint64_t line, bool unterminated = false) {
    return {std::move(fields), line, unterminated};
}

}  // namespace

TEST_CASE("RFC 4180 2.1-2.3: header and records, LF line ends, last line end optional") {
    CHECK(read("id,a,b\n1,2,3\n") == std::vector{row({"id", "a", "b"}, 1), row({"1", "2", "3"}, 2)});
    CHECK(read("id,a\n1,2") == std::vector{row({"id", "a"}, 1), row({"1", "2"}, 2)});
}

TEST_CASE("CRLF and lone CR line ends") {
    CHECK(read("id,a\r\n1,2\r\n3,4\r\n") ==
          std::vector{row({"id", "a"}, 1), row({"1", "2"}, 2), row({"3", "4"}, 3)});
    CHECK(read("id,a\r1,2\r3,4") == std::vector{row({"id", "a"}, 1), row({"1", "2"}, 2), row({"3", "4"}, 3)});
}

TEST_CASE("RFC 4180 2.4: empty fields and a trailing delimiter") {
    CHECK(read(",,\n") == std::vector{row({"", "", ""}, 1)});
    CHECK(read("a,\n,b\n") == std::vector{row({"a", ""}, 1), row({"", "b"}, 2)});
}

TEST_CASE("RFC 4180 2.5-2.7: quoted fields with delimiters, line breaks and doubled quotes") {
    const std::string text =
        "id,text\n"
        "1,\"a,b\"\n"
        "2,\"say \"\"hi\"\"\"\n"
        "3,\"two\nlines\"\n"
        "4,\"\"\n"
        "5,\"crlf\r\ninside\"\r\n"
        "6,\"\"\"\"\n";
    CHECK(read(text) == std::vector{row({"id", "text"}, 1), row({"1", "a,b"}, 2), row({"2", "say \"hi\""}, 3),
                                    row({"3", "two\nlines"}, 4), row({"4", ""}, 6),
                                    row({"5", "crlf\r\ninside"}, 7), row({"6", "\""}, 9)});
}

TEST_CASE("a line holding only \"\" is a record with one empty field, not a blank line") {
    CHECK(read("a\n\"\"\nb\n") == std::vector{row({"a"}, 1), row({""}, 2), row({"b"}, 3)});
}

TEST_CASE("blank lines are skipped but counted") {
    CHECK(read("a,b\n\n1,2\n\n\n3,4\n") == std::vector{row({"a", "b"}, 1), row({"1", "2"}, 3), row({"3", "4"}, 6)});
    CHECK(read("a,b\r\n\r\n1,2\r\n") == std::vector{row({"a", "b"}, 1), row({"1", "2"}, 3)});
    CHECK(read("\n\na\n") == std::vector{row({"a"}, 3)});
    CHECK(read("\n\n").empty());
}

TEST_CASE("UTF-8 byte-order mark is dropped; other bytes pass through") {
    CHECK(read("\xEF\xBB\xBFid,x\n1,2\n") == std::vector{row({"id", "x"}, 1), row({"1", "2"}, 2)});
    CHECK(read("\xEF\xBB\xBF").empty());
    CHECK(read("\xEF\xBBx\n") == std::vector{row({"\xEF\xBBx"}, 1)});
    CHECK(read("caf\xC3\xA9,\xEF\xBB\xBF\n") == std::vector{row({"caf\xC3\xA9", "\xEF\xBB\xBF"}, 1)});
}

TEST_CASE("semicolon and tab delimiters; commas are then data") {
    CHECK(read("a;b,c;\"d;e\"\n", ';') == std::vector{row({"a", "b,c", "d;e"}, 1)});
    CHECK(read("a\tb,c\t\"d\te\"\n", '\t') == std::vector{row({"a", "b,c", "d\te"}, 1)});
}

TEST_CASE("lenient like Python's csv: a quote inside an unquoted field, text after a closing quote") {
    CHECK(read("ab\"c,\"x\"y\n") == std::vector{row({"ab\"c", "xy"}, 1)});
    CHECK(read("\"x\"y\"z\",w\n") == std::vector{row({"xy\"z\"", "w"}, 1)});
}

TEST_CASE("empty input and input without a line end") {
    CHECK(read("").empty());
    CHECK(read("x") == std::vector{row({"x"}, 1)});
    CHECK(read(",") == std::vector{row({"", ""}, 1)});
}

TEST_CASE("a quote left open runs to the end of the input and is flagged") {
    CHECK(read("a,b\n1,\"open\n2,3\n") == std::vector{row({"a", "b"}, 1), row({"1", "open\n2,3\n"}, 2, true)});
    CHECK(read("\"") == std::vector{row({""}, 1, true)});
}

// Regression: a record longer than the limit stopped reading (csv_error, exit 2) after
// the rows before it had been written. Now the reader scans the record to its real end by the
// same rules, keeps none of it, and goes on: the caller makes it an error row.
TEST_CASE("regression: a record longer than the limit is flagged, not kept, and reading goes on") {
    struct seen {
        std::vector<std::string> fields;
        std::uint64_t line;
        bool oversized;
        bool operator==(const seen&) const = default;
    };
    const auto read_limited = [](std::string_view text, std::size_t max_read, std::size_t chunk) {
        memory_source source(text, max_read);
        csv_reader reader(source, {}, csv_limits{chunk, 64});
        std::vector<seen> out;
        while (reader.next()) {
            std::vector<std::string> fields(reader.fields().begin(), reader.fields().end());
            out.push_back({fields, reader.line(), reader.oversized()});
        }
        CHECK(reader.bytes_consumed() == text.size());
        return out;
    };
    const std::string long_text(100, 'x');
    // The long record holds quoted line breaks, a delimiter and doubled quotes: its end is
    // found by the CSV rules, and the lines inside it still count.
    const std::string text = "a,b\r\n1,\"" + long_text + "\n,\"\"\r\n" + long_text + "\"\r\n2,z\n" + long_text +
                             long_text + "\n3,w";
    const std::vector<seen> expected{{{"a", "b"}, 1, false},
                                     {{}, 2, true},
                                     {{"2", "z"}, 5, false},
                                     {{}, 6, true},
                                     {{"3", "w"}, 7, false}};
    for (const std::size_t chunk : {4u, 8u, 13u, 64u})
        for (const std::size_t piece : {1u, 5u, 64u, 1000u}) {
            CAPTURE(chunk);
            CAPTURE(piece);
            CHECK(read_limited(text, piece, chunk) == expected);
        }
    // A quote left open past the limit runs to the end: one oversized record.
    CHECK(read_limited("a\n\"" + long_text + "\n1\n2\n", 1000, 8) ==
          std::vector<seen>{{{"a"}, 1, false}, {{}, 2, true}});
}

TEST_CASE("records up to the limit are read whole") {
    const std::string long_field(60, 'y');
    const std::string text = "1," + long_field + "\n2,z\n";
    memory_source source(text);
    csv_reader reader(source, {}, csv_limits{4, 64});
    REQUIRE(reader.next());
    CHECK(reader[1] == long_field);
    REQUIRE(reader.next());
    CHECK(reader[1] == "z");
    CHECK_FALSE(reader.next());
}

TEST_CASE("what table_writer writes, csv_reader reads back unchanged") {
    using namespace alliance::cli;
    const std::vector<std::string> texts{"plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\rlf\r\n", "\"", " spaced "};
    string_sink sink;
    {
        buffered_writer out(sink, 16);
        table_writer table(out, table_format::csv, texts);
        for (const std::string& text : texts) table.text(text);
        table.end_row();
        out.flush();
    }
    memory_source source(sink.text);
    csv_reader reader(source);
    for (int record = 0; record < 2; ++record) {
        REQUIRE(reader.next());
        REQUIRE(reader.size() == texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i) CHECK(reader[i] == texts[i]);
    }
    CHECK_FALSE(reader.next());
}

TEST_CASE("simple_record: set for a record without quotes, whose fields then hold no special byte") {
    memory_source source("a,b;c\n\"q\",x\ny\"z,w\n1,2\r\n");
    csv_reader reader(source);
    REQUIRE(reader.next());
    CHECK(reader.simple_record());
    CHECK(reader[1] == "b;c");
    REQUIRE(reader.next());
    CHECK_FALSE(reader.simple_record());  // a quoted field
    CHECK(reader[0] == "q");
    REQUIRE(reader.next());
    CHECK_FALSE(reader.simple_record());  // a quote inside an unquoted field is a literal character
    CHECK(reader[0] == "y\"z");
    REQUIRE(reader.next());
    CHECK(reader.simple_record());
    CHECK(reader[1] == "2");
    CHECK_FALSE(reader.next());
}

// The fast path (a whole record in the buffer, no quote) against the general state machine:
// reading with 1-byte pieces never has a whole record in the buffer, so it always takes the
// general way. Random text over the bytes that matter, with long and short records.
TEST_CASE("random input reads the same through the fast path and the general path") {
    std::uint64_t state = 20240611;
    auto next = [&state](std::uint64_t bound) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;  // Knuth's MMIX LCG
        return (state >> 33) % bound;
    };
    const std::string alphabet = "ab1,,,\"\r\n\n; \t";
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const std::uint64_t length = next(round % 10 == 0 ? 400 : 40);
        for (std::uint64_t i = 0; i < length; ++i) {
            // Mostly plain bytes and delimiters, so that many records take the fast path.
            text += next(4) == 0 ? alphabet[next(alphabet.size())] : "x,"[next(2)];
        }
        for (const char delimiter : {',', ';'}) {
            CAPTURE(text);
            CHECK(read_all(text, delimiter, SIZE_MAX, {}) == read_all(text, delimiter, 1, {}));
            CHECK(read_all(text, delimiter, SIZE_MAX, csv_limits{5, 1u << 20}) == read_all(text, delimiter, 1, {}));
        }
    }
}

TEST_CASE("records with more fields than any before them, on both paths") {
    std::string text = "a,b\n";
    std::vector<std::string> many;
    for (int i = 0; i < 40; ++i) {
        many.push_back(std::to_string(i));
        text += (i > 0 ? "," : "") + many.back();
    }
    text += "\n1,2\n";
    CHECK(read(text) == std::vector{row({"a", "b"}, 1), row(many, 2), row({"1", "2"}, 3)});
}

// read_chunk (a worker thread's reader, reused chunk after chunk): whatever the reader read
// before, and however much of it, a chunk reads as a new reader starting on its line would.
TEST_CASE("read_chunk: a reused reader reads each chunk as a new one, whatever came before") {
    const std::vector<std::string> texts{"a,b\r",           "\nx,y\n",         "1,\"open\nquote",
                                         "\"q\"\"\",2\r\n3", "\r\r\n\n4,5\n",    "",
                                         "p;q\n7;8\n",       "\"a\rb\",c\r"};
    const auto fresh = [](const std::string& text, std::uint64_t line) {  // reading from a source
        memory_source source(text);
        csv_reader reader(source);
        reader.start_within(line);
        std::vector<record> records;
        alliance::test::read_records(reader, records);
        return records;
    };
    memory_source none{std::string_view()};
    csv_reader reused(none, csv_dialect{','}, csv_limits{1, 1u << 20});
    for (const std::string& before : texts) {
        for (std::size_t taken = 0; taken <= 3; ++taken) {  // records read of `before`
            for (const bool oversized_pending : {false, true}) {
                for (const std::string& text : texts) {
                    CAPTURE(before);
                    CAPTURE(taken);
                    CAPTURE(text);
                    reused.read_chunk(std::string(before), 1);
                    if (oversized_pending) reused.begin_with_oversized_record(true);
                    for (std::size_t k = 0; k < taken && reused.next(); ++k) {
                    }
                    (void)reused.take_chunk();
                    reused.read_chunk(std::string(text), 40);
                    std::vector<record> records;
                    alliance::test::read_records(reused, records);
                    CHECK(records == fresh(text, 40));
                }
            }
        }
    }
}

namespace {

// `prefix`, then `fill` for ever (as /dev/zero is), at most `max_read` bytes a read. Reading
// more than `give_up` bytes is a failure: the test fails rather than runs for ever.
class endless_source final : public byte_source {
public:
    endless_source(std::string prefix, char fill, std::size_t max_read, std::size_t give_up = 1u << 20)
        : prefix_(std::move(prefix)), fill_(fill), max_read_(max_read), give_up_(give_up) {}
    std::size_t read(char* into, std::size_t capacity) override {
        const std::size_t n = std::min(capacity, max_read_);
        for (std::size_t i = 0; i < n; ++i, ++read_)
            into[i] = read_ < prefix_.size() ? prefix_[static_cast<std::size_t>(read_)] : fill_;
        if (read_ > give_up_) throw std::runtime_error("read on past the record limit");
        return n;
    }
    [[nodiscard]] std::uint64_t bytes_read() const noexcept { return read_; }

private:
    std::string prefix_;
    char fill_;
    std::size_t max_read_;
    std::size_t give_up_;
    std::uint64_t read_ = 0;
};

}  // namespace

// An input with no line end (alliance score /dev/zero) ran for ever: the header, longer than
// the limit, was read to its end, which never came. next_header() stops once the record has
// passed the limit: it is oversized, on its line, and nothing more is read.
TEST_CASE("next_header: a header longer than the limit stops the reading at the limit") {
    constexpr std::size_t max_record = 64;
    for (const std::size_t chunk : {1u, 7u, 16u, 64u})
        for (const std::size_t piece : {1u, 5u, 100u})
            for (const char fill : {'\0', 'x', ','})
                for (const std::string& prefix : {std::string(), std::string("\"open "), std::string("\n\r\n"),
                                                  std::string("\xEF\xBB\xBF")}) {
                    CAPTURE(chunk);
                    CAPTURE(piece);
                    CAPTURE(static_cast<int>(fill));
                    CAPTURE(prefix);
                    endless_source source(prefix, fill, piece);
                    csv_reader reader(source, {}, csv_limits{chunk, max_record});
                    REQUIRE(reader.next_header());
                    CHECK(reader.oversized());
                    CHECK(reader.size() == 0);
                    CHECK_FALSE(reader.unterminated_quote());
                    CHECK(reader.line() == (prefix == "\n\r\n" ? 3u : 1u));  // blank lines count
                    // Stopped within a read or a chunk of the limit (and the byte-order mark).
                    CHECK(source.bytes_read() <= max_record + std::max(chunk, piece) + prefix.size());
                    CHECK_FALSE(reader.next());  // the reader stopped: the rest is not read
                    CHECK(source.bytes_read() <= max_record + std::max(chunk, piece) + prefix.size());
                }
}

TEST_CASE("next_header: otherwise as next(), and the data rows after it as before") {
    const std::string long_text(100, 'x');
    const std::string text = "\xEF\xBB\xBF\nid,a\r\n1," + long_text + "\n2,b\n";
    for (const std::size_t piece : {1u, 3u, 1000u}) {
        CAPTURE(piece);
        memory_source source(text, piece);
        csv_reader reader(source, {}, csv_limits{4, 64});
        REQUIRE(reader.next_header());
        CHECK_FALSE(reader.oversized());
        CHECK(reader.line() == 2);
        CHECK(std::vector<std::string_view>(reader.fields().begin(), reader.fields().end()) ==
              std::vector<std::string_view>{"id", "a"});
        std::vector<record> rows;
        alliance::test::read_records(reader, rows);  // an oversized data row is read to its end
        CHECK(rows == std::vector<record>{{{}, 3, false, true}, {{"2", "b"}, 4, false, false}});
        CHECK(reader.bytes_consumed() == text.size());
    }
    // A header of the limit's length is read whole; one byte more is oversized, as next() finds.
    for (const std::size_t length : {64u, 65u}) {
        const std::string header = std::string(length, 'h') + "\n1\n";
        memory_source source(header, 3);
        csv_reader reader(source, {}, csv_limits{4, 64});
        REQUIRE(reader.next_header());
        CHECK(reader.oversized() == (length > 64));
    }
    memory_source empty{std::string_view("\n\n")};
    csv_reader reader(empty);
    CHECK_FALSE(reader.next_header());
}

// The same on several threads: the splitter stops at an oversized header (a chunk of its own,
// marked oversized) and reads no more; without stop_at_oversized_header() it would read on.
TEST_CASE("csv_splitter::stop_at_oversized_header: an endless header is one oversized chunk") {
    constexpr std::size_t max_record = 64;
    for (const std::size_t chunk : {1u, 16u, 100u})
        for (const std::string& prefix : {std::string(), std::string("\r\n\n"), std::string("\"a,")}) {
            CAPTURE(chunk);
            CAPTURE(prefix);
            endless_source source(prefix, '\0', 1000);
            csv_splitter splitter(source, {}, csv_limits{chunk, max_record}, 32);
            splitter.stop_at_oversized_header();
            csv_chunk first;
            REQUIRE(splitter.next(first));
            CHECK(first.oversized);
            CHECK(first.first_line == (prefix == "\r\n\n" ? 3u : 1u));
            CHECK(source.bytes_read() <= max_record + chunk + prefix.size());
            chunk_reader reader(first, {}, csv_limits{chunk, max_record});
            REQUIRE(reader.reader().next_header());
            CHECK(reader.reader().oversized());
            CHECK(reader.reader().line() == first.first_line);
            csv_chunk more;
            CHECK_FALSE(splitter.next(more));
        }
    // A header within the limit: the records after it are split as before, an oversized one too.
    const std::string text = "id,a\n1," + std::string(100, 'x') + "\n2,b\n";
    memory_source source(text, 7);
    csv_splitter splitter(source, {}, csv_limits{16, 64}, 1);
    splitter.stop_at_oversized_header();
    std::vector<record> rows;
    chunk_reader reader({}, csv_limits{16, 64});
    csv_chunk chunk;
    while (splitter.next(chunk)) {
        alliance::test::read_records(reader.start(chunk), rows);
        (void)reader.finish();
    }
    CHECK(rows == std::vector<record>{{{"id", "a"}, 1, false, false},
                                      {{}, 2, false, true},
                                      {{"2", "b"}, 3, false, false}});
}
