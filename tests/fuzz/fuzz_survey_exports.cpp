// libFuzzer target over survey exports (alliance/table/survey_exports.hpp and the command line's
// io/qualtrics_source.hpp): any bytes read with and without --qualtrics. Checks, beyond "no
// crash": without --qualtrics the records are exactly the plain reader's, unless the source
// refuses the input; with it, a run that is not refused gives the plain reader's records but
// records 2 and 3, every other record on the same line; the REDCap rule decides every row.
//
// Input: byte 0 picks the delimiter and the read size; the rest is the CSV text.
#include <alliance/table/survey_exports.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/qualtrics_source.hpp"
#include "../csv_records.hpp"

namespace {

using namespace alliance::cli;
using record = alliance::test::csv_record;

std::vector<record> records_of(byte_source& source, char delimiter) {
    csv_reader reader(source, csv_dialect{delimiter}, csv_limits{4096, 1u << 20});
    std::vector<record> records;
    while (reader.next()) {
        record r{{}, reader.line(), reader.unterminated_quote(), reader.oversized()};
        for (const std::string_view field : reader.fields()) r.fields.emplace_back(field);
        // A REDCap row is the measure's or names why not, whatever its cells.
        if (!r.fields.empty()) {
            const auto other = alliance::table::redcap_other_form(r.fields.front(), r.fields.back());
            if (other && other->empty()) __builtin_trap();
        }
        records.push_back(std::move(r));
    }
    return records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const char delimiter = ",;\t"[data[0] % 3];
    const std::size_t piece = static_cast<std::size_t>(data[0] / 3 % 8) + 1;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    memory_source plain_bytes(text);
    const std::vector<record> plain = records_of(plain_bytes, delimiter);

    for (const bool skip : {false, true}) {
        memory_source bytes(text, piece);
        qualtrics_source source(bytes, skip, csv_dialect{delimiter}, nullptr);
        std::vector<record> read;
        try {
            read = records_of(source, delimiter);
        } catch (const csv_error&) {
            continue;  // refused: a Qualtrics export without --qualtrics, or row 3 not its metadata
        }
        std::vector<record> expected = plain;
        if (skip) {
            if (expected.size() < 3) __builtin_trap();  // refused above when there is no row 3
            expected.erase(expected.begin() + 1, expected.begin() + 3);
        }
        if (read != expected) __builtin_trap();
    }
    return 0;
}
