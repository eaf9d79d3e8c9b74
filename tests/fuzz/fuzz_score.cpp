// libFuzzer target: `alliance score` (alliance::cli::score_csv) on arbitrary bytes, with every
// built-in instrument and the options chosen by the first two bytes. Checks, beyond "no crash,
// no sanitizer report": a run that stops (input_error) writes nothing; otherwise there is one
// output row per input record, in a table with the same number of fields in every row, and the
// row counts add up.
//
// Input: byte 0 picks the instrument, byte 1 the options; the rest is the CSV text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>

#include "commands/score.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "../csv_records.hpp"

namespace {

using namespace alliance::cli;
using alliance::test::count_records;

const std::vector<alliance::runtime_instrument>& instruments() {
    static const std::vector<alliance::runtime_instrument> all = [] {
        std::vector<alliance::runtime_instrument> list;
        for (const alliance::catalogue_entry& entry : alliance::catalogue())
            list.emplace_back(alliance::definition_of(entry.definition));
        return list;
    }();
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const auto& instrument = instruments()[data[0] % instruments().size()];
    const std::uint8_t flags = data[1];
    score_settings settings;
    settings.limits = csv_limits{4096, 1u << 20};  // small reads: fuzz inputs are small
    settings.dialect.delimiter = ",;\t"[flags % 3];
    settings.items = alliance::table::item_spec::pattern((flags & 0x04) != 0 ? "{}" : "item{}");
    if ((flags & 0x08) != 0) settings.min_answered = 0.5;
    if ((flags & 0x10) != 0) settings.format = table_format::jsonl;
    if ((flags & 0x20) != 0) settings.id_column = "id";
    if ((flags & 0x40) != 0) {
        settings.codes.not_applicable = {"N/A"};
        settings.codes.missing = {"", "-99"};
    }
    if ((flags & 0x80) != 0) {
        settings.keep_columns = {"note"};
        settings.codes.decimal_comma = settings.dialect.delimiter != ',';
    }
    const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

    memory_source source(text);
    string_sink sink;
    score_summary summary;
    try {
        summary = score_csv(instrument, settings, source, sink);
    } catch (const input_error&) {
        if (!sink.text.empty()) __builtin_trap();  // exit 2 paths write nothing
        return 0;
    }
    const std::uint64_t input_records = count_records(text, settings.dialect.delimiter);
    if (input_records == 0 || summary.rows != input_records - 1) __builtin_trap();
    if (summary.ok + summary.partial + summary.errors != summary.rows) __builtin_trap();

    if (settings.format == table_format::jsonl) {
        std::uint64_t lines = 0;
        for (const char c : sink.text) lines += c == '\n' ? 1u : 0u;  // JSON strings escape line ends
        if (lines != summary.rows) __builtin_trap();
        return 0;
    }
    memory_source output(sink.text);
    csv_reader table(output, {}, csv_limits{4096, 1u << 20});
    if (!table.next()) __builtin_trap();
    const std::size_t columns = table.size();
    std::uint64_t rows = 0;
    while (table.next()) {
        if (table.size() != columns || table.unterminated_quote()) __builtin_trap();
        ++rows;
    }
    if (rows != summary.rows) __builtin_trap();
    return 0;
}
