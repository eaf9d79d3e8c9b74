// libFuzzer target over the SPSS and Stata reader (alliance/table/stat_file.hpp, through ReadStat)
// and the command line's conversion of what it reads to CSV (tools/alliance/io/stat_input.hpp).
// Arbitrary bytes must either be read or throw an alliance::error (any other exception, a crash,
// a hang or a sanitizer report is a bug). What is read must be a table: every column `rows`
// long, numbers in a numeric column and texts in a string one. Its CSV must read back, by the
// command line's own CSV reader, as a header of the variable names and exactly one record per
// case, case N alone on line N + 1 (which "case N" in messages relies on), with every field as
// written: a missing value empty, a number that reads back to the same double.
//
// Input: byte 0 picks the format (SPSS .sav, which also reads .zsav; SPSS .por; Stata .dta);
// the rest is the file.
#include <alliance/table/stat_file.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "io/csv_reader.hpp"
#include "io/stat_input.hpp"

namespace {

using namespace alliance;

void check_table(const table::stat_table& data) {
    for (const table::stat_column& column : data.columns) {
        if (column.missing.size() != data.rows) __builtin_trap();
        if (column.text ? column.texts.size() != data.rows || !column.numbers.empty()
                        : column.numbers.size() != data.rows || !column.texts.empty())
            __builtin_trap();
    }
}

// The CSV the command line streams, read back by its reader.
void check_csv(const table::stat_table& data) {
    if (data.columns.empty()) return;  // the command line refuses a file with no variables
    std::string csv;
    cli::write_stat_csv(data, csv, [](std::string&) {});
    cli::memory_source source(csv);
    cli::csv_reader reader(source, {}, cli::csv_limits{4096, std::size_t{1} << 30});
    if (!reader.next_header() || reader.size() != data.columns.size() || reader.line() != 1) __builtin_trap();
    for (std::size_t c = 0; c < data.columns.size(); ++c) {
        std::string name = data.columns[c].name;
        for (char& ch : name)
            if (ch == '\n' || ch == '\r') ch = ' ';
        if (reader[c] != name) __builtin_trap();
    }
    for (std::size_t r = 0; r < data.rows; ++r) {
        if (!reader.next() || reader.line() != r + 2 || reader.oversized() || reader.unterminated_quote())
            __builtin_trap();
        if (reader.size() != data.columns.size()) __builtin_trap();
        for (std::size_t c = 0; c < data.columns.size(); ++c) {
            const table::stat_column& column = data.columns[c];
            const std::string_view field = reader[c];
            if (column.is_missing(r)) {
                if (!field.empty()) __builtin_trap();
            } else if (!column.text) {
                double back = 0;
                const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), back);
                const double x = column.numbers[r];
                if (error != std::errc{} || end != field.data() + field.size()) __builtin_trap();
                if (std::isnan(x) ? !std::isnan(back)
                                  : std::bit_cast<std::uint64_t>(x) != std::bit_cast<std::uint64_t>(back))
                    __builtin_trap();
            } else {
                std::string text = column.texts[r];
                for (char& ch : text)
                    if (ch == '\n' || ch == '\r') ch = ' ';
                if (field != text) __builtin_trap();
            }
        }
    }
    if (reader.next()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    constexpr table::stat_format formats[] = {table::stat_format::sav, table::stat_format::por,
                                              table::stat_format::dta};
    const table::stat_format format = formats[data[0] % 3];
    const std::span<const char> bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    table::stat_table read;
    try {
        read = table::read_stat_bytes(bytes, format, "fuzz." + std::string(table::to_string(format)));
    } catch (const alliance::error&) {
        return 0;
    }
    check_table(read);
    check_csv(read);
    return 0;
}
