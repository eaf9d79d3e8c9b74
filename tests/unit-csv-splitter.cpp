// The chunked reading of score, change and compare on several threads
// (tools/alliance/io/csv_splitter.hpp): the input cut into chunks of whole records, each read by
// a csv_reader that starts on the chunk's line, must give the same records (fields, line,
// unclosed quote, oversized) as one csv_reader over the whole input. The reference is the
// sequential reader, itself tested against RFC 4180 in unit-csv.cpp. Chunk targets from 1 byte
// put a boundary after every record; reads of 1..7 bytes cut CRLFs, quotes and the
// byte-order mark between reads.
#include <doctest/doctest.h>

#include "io/csv_reader.hpp"
#include "io/csv_splitter.hpp"
#include "csv_records.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using alliance::cli::chunk_reader;
using alliance::cli::csv_chunk;
using alliance::cli::csv_dialect;
using alliance::cli::csv_limits;
using alliance::cli::csv_reader;
using alliance::cli::csv_splitter;
using alliance::cli::memory_source;

namespace {

using record = alliance::test::csv_record;
using alliance::test::read_records;

std::vector<record> sequential(std::string_view text, char delimiter, csv_limits limits) {
    memory_source source(text);
    csv_reader reader(source, csv_dialect{delimiter}, limits);
    std::vector<record> records;
    read_records(reader, records);
    return records;
}

struct chunked_result {
    std::vector<record> records;
    std::size_t chunks = 0;
    std::size_t largest = 0;  // bytes of the largest chunk
    std::size_t markers = 0;  // chunks marked oversized
};

chunked_result chunked(std::string_view text, char delimiter, csv_limits limits, std::size_t target,
                       std::size_t max_read) {
    memory_source source(text, max_read);
    csv_splitter splitter(source, csv_dialect{delimiter}, limits, target);
    chunked_result result;
    // As a worker thread does: one reader for chunk after chunk, each chunk's bytes given back
    // to the splitter for a later chunk.
    chunk_reader reader(csv_dialect{delimiter}, limits);
    csv_chunk chunk;
    while (splitter.next(chunk)) {
        ++result.chunks;
        result.largest = std::max(result.largest, chunk.bytes.size());
        if (chunk.oversized) ++result.markers;
        read_records(reader.start(chunk), result.records);
        splitter.recycle(reader.finish());
    }
    return result;
}

// Every chunk target and read size gives the sequential reader's records, and every oversized
// record is a chunk of its own (a chunk's reader would find it oversized too, but the splitter
// must not have kept it).
void agree(std::string_view text, char delimiter = ',', csv_limits limits = {}) {
    const std::vector<record> expected = sequential(text, delimiter, limits);
    const auto oversized = static_cast<std::size_t>(
        std::count_if(expected.begin(), expected.end(), [](const record& r) { return r.oversized; }));
    for (const std::size_t target : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{17},
                                     std::size_t{64}, std::size_t{1} << 18})
        for (const std::size_t read : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, SIZE_MAX}) {
            CAPTURE(target);
            CAPTURE(read);
            csv_limits reads = limits;
            if (read != SIZE_MAX) reads.chunk = read;
            const chunked_result result = chunked(text, delimiter, reads, target, read);
            CHECK(result.records == expected);
            CHECK(result.markers == oversized);
        }
}

}  // namespace

TEST_CASE("chunks of whole records read as the whole input: quotes, CRLF, BOM, blank lines") {
    agree("a,b\n1,2\n3,4\n");
    agree("a,b\r\n1,2\r\n3,4");                                      // CRLF, no final line end
    agree("a,b\r1,2\r\r3,4\r");                                      // lone CR, a blank line
    agree("\xEF\xBB\xBF" "a,b\n1,2\n");                              // byte-order mark
    agree("\xEF\xBB\xBF");                                           // nothing but the mark
    agree("\xEF\xBB");                                               // part of one
    agree("");
    agree("\n\n\r\n");                                               // blank lines only
    agree("\n\na,b\n\n\n1,2\r\n\r\n\r\n3,4\n\n");                    // blank lines everywhere
    agree("a,b\n\"x,y\",\"multi\nline\"\n\"q\"\"uote\",\"cr\r\nlf\"\n");  // quoted , LF, CRLF, ""
    agree("a,b\n\"x\r\",\"\r\r\n\n\"\r\n2,3\n");                      // CRs and LFs inside quotes
    agree("a,b\nab\"c,d\n\"closed\"after,e\n\"\"\n");              // lenient quotes, a lone ""
    agree("a,b\n1,\"never closed\n2,3\n4,5\n");                      // an unclosed quote at the end
    agree("a;b\n\"1;5\";\"2\n\"\n", ';');
    agree("a\tb\n1\t2\n", '\t');
    agree("\xEF\xBB\xBF\xEF\xBB\xBF" "a\n\xEF\xBB\xBF" "b\n");       // only the first mark goes
}

TEST_CASE("a record across a chunk boundary, and a field longer than a chunk") {
    std::string text = "id,note\n";
    for (int r = 0; r < 40; ++r) text += std::to_string(r) + ",\"" + std::string(static_cast<std::size_t>(r * 7), 'z') + "\r\n\"\n";
    const auto whole = sequential(text, ',', {});
    const auto split = chunked(text, ',', csv_limits{3, 1u << 20}, 50, 3);
    CHECK(split.records == whole);
    CHECK(split.chunks > 5);  // boundaries fell inside the text
}

TEST_CASE("a 10 MB field: longer than the limit is one oversized record with the next on its line") {
    // The reader's real limit (8 MB): a 10 MB quoted field of line breaks is not kept and the
    // records after it keep their lines; a 5 MB field is kept whole.
    std::string text = "id,note\n1,\"" + std::string(5'000'000, 'a') + "\"\n2,\"" + std::string(10'000'000, '\n') +
                       "\"\n3,x\n";
    const auto whole = sequential(text, ',', {});
    REQUIRE(whole.size() == 4);
    CHECK(whole[1].fields[1].size() == 5'000'000);
    CHECK(whole[2].oversized);
    CHECK(whole[2].line == 3);
    CHECK(whole[3].line == 10'000'004);
    for (const std::size_t target : {std::size_t{1}, std::size_t{1} << 18}) {
        const auto split = chunked(text, ',', {}, target, SIZE_MAX);
        CHECK(split.records == whole);
        CHECK(split.largest < 6'000'000);  // the 10 MB record was never held
    }
}

TEST_CASE("records around the limit: the same rule in the reader and the splitter") {
    // max_record 16: records of 15, 16 and 17 bytes (line end not counted), quoted line breaks
    // inside, at every read size and chunk target.
    const csv_limits limits{4, 16};
    for (std::size_t length = 12; length <= 20; ++length) {
        CAPTURE(length);
        const std::string body(length - 4, 'q');
        agree("h\n\"" + body + "\",1\r\n2\n\"" + std::string(length - 2, '\n') + "\"\r\nz", ',', limits);
        agree("h\n" + std::string(length, 'u') + "\n" + std::string(length, 'v'), ',', limits);
    }
    agree("h\n\"open" + std::string(40, '\r'), ',', limits);  // an oversized unclosed quote at the end
}

TEST_CASE("random messy input: the splitter agrees with the reader") {
    std::mt19937 random(20240611);
    const std::string alphabet = "ab,,\"\"\r\n\n;";
    for (int round = 0; round < 400; ++round) {
        std::string text = round % 5 == 0 ? "\xEF\xBB\xBF" : "";
        const auto length = std::uniform_int_distribution<std::size_t>(0, 80)(random);
        for (std::size_t i = 0; i < length; ++i)
            text += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
        CAPTURE(text);
        const auto expected = sequential(text, ',', csv_limits{4, 24});
        for (const std::size_t target : {std::size_t{1}, std::size_t{9}, std::size_t{1000}})
            CHECK(chunked(text, ',', csv_limits{2, 24}, target, 2).records == expected);
    }
}

// The splitter takes the records between one quote or CR and the next in one step (whole
// records up to the last LF, or up to the chunk's end): these inputs put such runs, with blank
// lines, before a quote, a CR, a record without a line end; chunk ends inside and beyond them;
// record limits that cut a run short or refuse it.
TEST_CASE("runs of records without quotes or CR: blank lines, what ends them, small record limits") {
    std::mt19937 random(20261129);
    const std::string alphabet = "ab,;";
    for (const std::string tail : {"", "\"q\",1\n2\n", "x\r\ny\n", "x,y\rz\n", "no line end", "\n\n"}) {
        for (int round = 0; round < 6; ++round) {
            std::string text;
            for (int line = 0; line < 30; ++line) {
                const auto length = std::uniform_int_distribution<std::size_t>(0, 9)(random);
                for (std::size_t i = 0; i < length; ++i)
                    text +=
                        alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
                text += '\n';  // a length of 0: a blank line
            }
            text += tail;
            CAPTURE(text);
            agree(text);
            // Records of 9 bytes are oversized and runs are cut (whole reads: the run is held).
            agree(text, ',', csv_limits{std::size_t{1} << 20, 8});
            agree(text, ',', csv_limits{std::size_t{1} << 20, 1});
        }
    }
}

TEST_CASE("every chunk target and every read size on a short input") {
    const std::string text = "\n\nab,c\n\nd\n,e,\nfg\n\n\nh,i,j\n\"k\"\nl\r\nm\n\nn,o\nlonger,record\npq";
    for (const csv_limits limits : {csv_limits{}, csv_limits{4, 5}}) {
        const auto expected = sequential(text, ',', limits);
        for (std::size_t target = 1; target <= text.size() + 1; ++target)
            for (std::size_t read = 1; read <= text.size() + 1; ++read) {
                CAPTURE(target);
                CAPTURE(read);
                const chunked_result result =
                    chunked(text, ',', csv_limits{read, limits.max_record}, target, read);
                CHECK(result.records == expected);
                CHECK(result.markers == (limits.max_record == 5 ? 1 : 0));  // "longer,record"; "h,i,j" is 5
            }
    }
}

TEST_CASE("a large file without quotes: each chunk ends at the first line end at or after its target") {
    // The score-throughput file's shape, with blank lines: runs far longer than one read and than
    // the line counter's 4,080-byte blocks. Every chunk but the last reaches its target and no
    // line before its last does; none starts with a blank line.
    std::mt19937 random(7);
    std::string text = "client,session,date,item1,item2,item3\n";
    for (int r = 0; r < 30000; ++r) {
        if (r % 97 == 0) text += '\n';
        if (r % 1009 == 0) text += "\n\n";
        text += "c" + std::to_string(r) + "," + std::to_string(r % 20 + 1) + ",2024-01-01";
        for (int i = 0; i < 3; ++i)
            if (std::uniform_int_distribution<int>(0, 49)(random) != 0)
                text += "," + std::to_string(std::uniform_int_distribution<int>(1, 5)(random));
            else
                text += ",";
        text += '\n';
    }
    const auto expected = sequential(text, ',', {});
    REQUIRE(expected.back().line > 30000);
    for (const std::size_t target :
         {std::size_t{1000}, std::size_t{4096}, std::size_t{1} << 17, std::size_t{1} << 19})
        for (const std::size_t read : {std::size_t{4093}, std::size_t{65536}, std::size_t{1} << 20}) {
            CAPTURE(target);
            CAPTURE(read);
            memory_source source(text, read);
            csv_splitter splitter(source, csv_dialect{}, csv_limits{read, std::size_t{8} << 20}, target);
            std::vector<record> records;
            std::vector<csv_chunk> chunks;
            csv_chunk chunk;
            while (splitter.next(chunk)) {
                chunk_reader reader(chunk, csv_dialect{}, {});
                read_records(reader.reader(), records);
                chunks.push_back(chunk);
            }
            CHECK(records == expected);
            REQUIRE(chunks.size() > 1);
            for (std::size_t c = 0; c < chunks.size(); ++c) {
                const std::string& bytes = chunks[c].bytes;
                CAPTURE(c);
                REQUIRE(bytes.size() >= 2);
                CHECK(bytes.front() != '\n');
                CHECK(bytes.back() == '\n');
                if (c + 1 == chunks.size()) continue;
                CHECK(bytes.size() >= target);
                CHECK(bytes.rfind('\n', bytes.size() - 2) + 1 < target);
            }
        }
}

TEST_CASE("a run of blank lines and of 16-byte records: the line counter's byte lanes do not wrap") {
    // Every LF in the same one of the counter's 16 lanes, for more than 255 steps of 16 bytes.
    std::string text = "a\n" + std::string(5000, '\n');
    for (int r = 0; r < 600; ++r) text += "0123456789,abcd\n";
    text += "last\n";
    const auto expected = sequential(text, ',', {});
    REQUIRE(expected.back().line == 5602);
    // A chunk's first line is the splitter's count: from 9,000 bytes on, after one step of them.
    for (const std::size_t target :
         {std::size_t{1}, std::size_t{100}, std::size_t{9000}, std::size_t{1} << 18})
        CHECK(chunked(text, ',', {}, target, SIZE_MAX).records == expected);
}

TEST_CASE("records after a quoted first field: the rest of the record in one step, or not") {
    // After "..." and its delimiter the rest is taken up to the LF unless a quote or a CR comes
    // first or the record would be too long; a quote inside an unquoted field is a character.
    const std::string text =
        "\"id\",b,c\n\"a\",b,c\n\"d\",\"e\",f\n\"g\",h\"i\n\"j\",k\r\n\"l\",\n\"m\";n\n\"o\",,,,,,,,,,,,"
        "\n\"p\",q";
    agree(text);
    agree(text, ';');
    for (const std::size_t max_record : {std::size_t{5}, std::size_t{6}, std::size_t{7}, std::size_t{12}})
        agree(text, ',', csv_limits{std::size_t{1} << 20, max_record});
}

TEST_CASE("a large messy file at the driver's sizes: chunks that take their read buffer, and chunks copied") {
    // Reads of about a chunk: the chunk reaching its target takes the buffer it was read into
    // when little follows it, and is copied otherwise (a quoted field or a long record running
    // past the read, several chunks in one read). Quoted line ends, CRLF, doubled quotes, blank
    // lines, a byte-order mark, fields longer than a read and one longer than the record limit.
    // (Counted once: both kinds with 4 KiB targets, and with 64 KiB ones read 1 MiB at a time.)
    std::mt19937 random(20261129);
    std::string text = "\xEF\xBB\xBF" "id,a,b\r\n";
    const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    while (text.size() < (std::size_t{3} << 20)) {
        const int kind = pick(1000);
        if (kind < 10)
            text += "\r\n";
        else if (kind < 30)
            text += "\"q\r\nline\",\"say \"\"hi\"\"\",3\n";
        else if (kind == 30)
            text += "long," + std::string(std::size_t{70000} + static_cast<std::size_t>(pick(9000)), 'x') + ",9\r\n";
        else if (kind == 31)
            text += "\"quoted long\n" + std::string(40000, 'y') + "\",1,2\n";
        else
            text += "c" + std::to_string(pick(100000)) + "," + std::to_string(pick(5) + 1) + ",2\n";
    }
    text += "huge," + std::string(std::size_t{300} << 10, 'z') + "\nlast,1";  // past a 256 KiB limit
    const csv_limits limits{std::size_t{1} << 20, std::size_t{256} << 10};
    const auto expected = sequential(text, ',', limits);
    REQUIRE(expected.size() > 10000);
    for (const std::size_t target : {std::size_t{4096}, std::size_t{1} << 16, std::size_t{1} << 18})
        for (const std::size_t read : {std::size_t{4093}, std::size_t{1} << 20}) {
            CAPTURE(target);
            CAPTURE(read);
            const chunked_result result = chunked(text, ',', csv_limits{read, limits.max_record}, target, read);
            CHECK(result.records == expected);
            CHECK(result.markers == 1);
            CHECK(result.chunks > 8);
        }
}
