// libFuzzer target: the driver's CSV reader on arbitrary bytes. Checks, beyond "no crash, no
// sanitizer report": the records do not depend on how the input is cut into reads or chunks;
// line numbers never go down; every byte is consumed; a small record limit finds the same
// records, each either whole or flagged oversized with no fields; and what the CSV writer makes
// of the records reads back as the same records.
//
// Input: byte 0 picks the delimiter and the read size; the rest is the CSV text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "../csv_records.hpp"

namespace {

using namespace alliance::cli;

using record = alliance::test::csv_record;

std::vector<record> read_all(std::string_view text, char delimiter, std::size_t max_read, csv_limits limits) {
    memory_source source(text, max_read);
    csv_reader reader(source, csv_dialect{delimiter}, limits);
    std::vector<record> records;
    std::uint64_t last_line = 0;
    while (reader.next()) {
        if (reader.line() < last_line || (reader.size() == 0) != reader.oversized()) __builtin_trap();
        last_line = reader.line();
        record r{{}, reader.line(), reader.unterminated_quote(), reader.oversized()};
        for (const std::string_view field : reader.fields()) r.fields.emplace_back(field);
        records.push_back(std::move(r));
    }
    if (reader.bytes_consumed() != text.size()) __builtin_trap();
    return records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const char delimiter = ",;\t"[data[0] % 3];
    const std::size_t piece = static_cast<std::size_t>(data[0] / 3 % 8) + 1;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    const auto whole = read_all(text, delimiter, SIZE_MAX, csv_limits{4096, 1u << 20});
    if (read_all(text, delimiter, piece, csv_limits{3, 1u << 20}) != whole) __builtin_trap();

    // A small record limit: records longer than it are flagged and skipped by the same rules,
    // so the same records start on the same lines, and those not flagged are read whole.
    const auto limited = read_all(text, delimiter, SIZE_MAX, csv_limits{4, 32});
    if (limited.size() != whole.size()) __builtin_trap();
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (limited[i].line != whole[i].line || whole[i].oversized) __builtin_trap();
        if (!limited[i].oversized && limited[i].fields != whole[i].fields) __builtin_trap();
    }

    // Write the records as strict CSV (comma-delimited) and read them back. A byte-order mark
    // goes first, so a first field that itself starts with one survives the reread.
    string_sink sink;
    {
        buffered_writer out(sink);
        out.put("\xEF\xBB\xBF");
        for (const record& r : whole) {
            for (std::size_t i = 0; i < r.fields.size(); ++i) {
                if (i > 0) out.put(',');
                put_csv_field(out, r.fields[i]);
            }
            if (r.fields.size() == 1 && r.fields[0].empty()) out.put("\"\"");  // not a blank line
            out.put('\n');
        }
        out.flush();
    }
    const auto again = read_all(sink.text, ',', SIZE_MAX, csv_limits{4096, 1u << 20});
    if (again.size() != whole.size()) __builtin_trap();
    for (std::size_t i = 0; i < whole.size(); ++i)
        if (again[i].fields != whole[i].fields || again[i].unterminated) __builtin_trap();
    return 0;
}
