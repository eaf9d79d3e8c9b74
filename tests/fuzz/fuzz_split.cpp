// libFuzzer target: `alliance split` (alliance::cli::detail::split_csv) on arbitrary bytes, with
// the options chosen by the first byte. Checks, beyond "no crash, no sanitizer report": a run
// that stops (input_error) writes nothing; otherwise the output is a table with the same number
// of fields in every row and no quote left open, and (unit rows) every input row is accounted
// for: the `members` of the unit rows plus the error rows of rows without a unit add up to the
// data rows read.
//
// Input: byte 0 picks the options; the rest is the CSV text (columns unit, member, score and,
// with --session, session). A tiny sort budget makes the external sorts spill to disk.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "commands/split.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "../csv_records.hpp"

using namespace alliance::cli;
using alliance::test::count_records;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t flags = data[0];
    split_settings settings;
    settings.input.limits = csv_limits{4096, 1u << 20};
    settings.input.dialect.delimiter = (flags & 0x01) != 0 ? ';' : ',';
    alliance::table::split_settings& split = settings.split;
    split.score_column = "score";
    split.unit_column = "unit";
    split.member_column = "member";
    if ((flags & 0x02) != 0) split.session_column = "session";
    if ((flags & 0x04) != 0) {
        split.first = "a";
        split.second = "b";
    }
    if ((flags & 0x08) != 0) split.threshold = 2.5;
    split.summary = (flags & 0x10) != 0 && !split.threshold;
    if ((flags & 0x20) != 0) settings.input.format = table_format::jsonl;
    settings.sort_budget = (flags & 0x40) != 0 ? 64 : std::size_t{1} << 20;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    memory_source source(text);
    string_sink sink;
    try {
        (void)detail::split_csv(settings, source, sink, nullptr, true);
    } catch (const input_error&) {
        if (!sink.text.empty()) __builtin_trap();  // exit 2 paths write nothing
        return 0;
    }
    if (settings.input.format == table_format::jsonl) return 0;

    memory_source output(sink.text);
    csv_reader table(output, {}, csv_limits{4096, 1u << 20});
    if (!table.next()) __builtin_trap();
    const std::size_t columns = table.size();
    const std::size_t members_at = settings.split.session_column ? 2 : 1;
    std::uint64_t accounted = 0;
    while (table.next()) {
        if (table.size() != columns || table.unterminated_quote()) __builtin_trap();
        if (settings.split.summary) continue;
        const std::string_view members = table[members_at];
        if (members.empty()) {
            ++accounted;  // a row without a unit: an error row of its own
        } else {
            std::uint64_t n = 0;
            for (const char c : members) {
                if (c < '0' || c > '9') __builtin_trap();
                n = n * 10 + static_cast<std::uint64_t>(c - '0');
            }
            accounted += n;
        }
    }
    const std::uint64_t input_records = count_records(text, settings.input.dialect.delimiter);
    if (!settings.split.summary && input_records > 0 && accounted != input_records - 1) __builtin_trap();
    return 0;
}
