// libFuzzer target: the chunked reading of score, change and compare on several threads
// (tools/alliance/io/csv_splitter.hpp) on arbitrary bytes. The input cut into chunks of whole
// records, each read by a csv_reader starting on the chunk's line, must give exactly the
// records of one csv_reader over the whole input (fields, line, unclosed quote, oversized),
// whatever the chunk target, the read size and a small record limit; the chunks' bytes never
// exceed the input's, and every oversized record is a chunk of its own (never held).
//
// Input: byte 0 picks the delimiter, the chunk target and the read size; byte 1 the record
// limit; the rest is the CSV text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/csv_splitter.hpp"
#include "../csv_records.hpp"

using namespace alliance::cli;
using record = alliance::test::csv_record;
using alliance::test::read_records;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const char delimiter = ",;\t"[data[0] % 3];
    const std::size_t target = std::size_t{1} << (data[0] / 3 % 10);  // 1 .. 512 bytes
    // Reads of 1..7 bytes, or of 4096: runs of many records in one read, as files are read.
    const std::size_t read = data[0] / 30 % 8 == 7 ? 4096 : static_cast<std::size_t>(data[0] / 30 % 8) + 1;
    const csv_limits limits{read, static_cast<std::size_t>(data[1]) + 1};
    const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

    std::vector<record> expected;
    {
        memory_source source(text);
        csv_reader reader(source, csv_dialect{delimiter}, csv_limits{4096, limits.max_record});
        read_records(reader, expected);
    }
    std::vector<record> chunked;
    std::size_t bytes = 0;
    std::size_t markers = 0;
    memory_source source(text, read);
    csv_splitter splitter(source, csv_dialect{delimiter}, limits, target);
    // One reader for every chunk and the bytes given back, as a worker thread does.
    chunk_reader reader(csv_dialect{delimiter}, limits);
    csv_chunk chunk;
    while (splitter.next(chunk)) {
        bytes += chunk.bytes.size();
        if (chunk.oversized && !chunk.bytes.empty()) __builtin_trap();
        if (chunk.oversized) ++markers;
        read_records(reader.start(chunk), chunked);
        splitter.recycle(reader.finish());
    }
    if (bytes > text.size() || chunked != expected) __builtin_trap();
    for (const record& r : expected) markers -= r.oversized ? 1 : 0;
    if (markers != 0) __builtin_trap();
    return 0;
}
