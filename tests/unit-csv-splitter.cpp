// The chunked reading of score, change and compare on several threads
// (tools/alliance/csv_splitter.hpp): the input cut into chunks of whole records, each read by
// a csv_reader that starts on the chunk's line, must give the same records (fields, line,
// unclosed quote, oversized) as one csv_reader over the whole input. The reference is the
// sequential reader, itself tested against RFC 4180 in unit-csv.cpp. Chunk targets from 1 byte
// put a boundary after every record; reads of 1..7 bytes cut CRLFs, quotes and the
// byte-order mark between reads.
#include <doctest/doctest.h>

#include "csv_reader.hpp"
#include "csv_splitter.hpp"
#include "csv_records.hpp"

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
        read_records(reader.start(chunk), result.records);
        splitter.recycle(reader.finish());
    }
    return result;
}

// Every chunk target and read size gives the sequential reader's records.
void agree(std::string_view text, char delimiter = ',', csv_limits limits = {}) {
    const std::vector<record> expected = sequential(text, delimiter, limits);
    for (const std::size_t target : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{17},
                                     std::size_t{64}, std::size_t{1} << 18})
        for (const std::size_t read : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, SIZE_MAX}) {
            CAPTURE(target);
            CAPTURE(read);
            csv_limits reads = limits;
            if (read != SIZE_MAX) reads.chunk = read;
            CHECK(chunked(text, delimiter, reads, target, read).records == expected);
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
