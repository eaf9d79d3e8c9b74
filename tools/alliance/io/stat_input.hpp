// An SPSS (.sav, .zsav, .por) or Stata (.dta) file as the CSV every table command reads. The file
// is read whole by alliance/table/stat_file.hpp (ReadStat) and written to a temporary file (in
// TMPDIR, removed from its directory at once) that the command then streams like any CSV input:
//   - the header row is the variable names, in the file's order;
//   - a number is written in the shortest form that reads back to the same double (std::to_chars):
//     the stored code, so a labelled 5 is 5 (the label is not written);
//   - a missing value (system-missing, Stata's tagged .a-.z, an SPSS user-missing value such as
//     -99) is an empty field: missing, as every command reads an empty field (table_settings_from
//     keeps the empty field a missing code for such a file, whatever --missing says);
//   - a text is quoted when it holds a comma or a quote; a line break in it becomes a space, so
//     that case N is alone on line N + 1, which messages name "case N" (row_numbering::cases).
// Without ReadStat (ALLIANCE_HAVE_READSTAT undefined) such a file is refused, saying so.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <alliance/table/stat_format.hpp>
#if defined(ALLIANCE_HAVE_READSTAT)
#include <alliance/table/stat_file.hpp>
#endif

#include "io/csv_reader.hpp"
#include "io/external_sort.hpp"

namespace alliance::cli {

#if defined(ALLIANCE_HAVE_READSTAT)

namespace detail {

inline void append_stat_number(std::string& out, double value) {
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, written.ptr);
}

// `quote`: quoted whatever it holds (the first field of the input, which a UTF-8 byte-order mark
// must not begin unquoted: the reader would take it for the file's).
inline void append_stat_text(std::string& out, std::string_view text, bool quote = false) {
    for (const char c : text) quote |= c == ',' || c == '"' || c == '\n' || c == '\r';
    if (!quote) {
        out.append(text);
        return;
    }
    out.push_back('"');
    for (const char c : text) {
        if (c == '"')
            out.append("\"\"");
        else
            out.push_back(c == '\n' || c == '\r' ? ' ' : c);
    }
    out.push_back('"');
}

}  // namespace detail

// `table` as CSV, appended to `out` row by row; `flush(out)` is called whenever `out` holds a
// megabyte or more, and once at the end.
template <class Flush>
void write_stat_csv(const table::stat_table& table, std::string& out, Flush flush) {
    constexpr std::size_t flush_at = std::size_t{1} << 20;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (c > 0) out.push_back(',');
        const std::string& name = table.columns[c].name;
        detail::append_stat_text(out, name, c == 0 && name.starts_with("\xEF\xBB\xBF"));
    }
    out.push_back('\n');
    for (std::size_t r = 0; r < table.rows; ++r) {
        const std::size_t row_start = out.size();
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const table::stat_column& column = table.columns[c];
            if (c > 0) out.push_back(',');
            if (column.is_missing(r)) continue;
            if (column.text)
                detail::append_stat_text(out, column.texts[r]);
            else
                detail::append_stat_number(out, column.numbers[r]);
        }
        // A line with nothing on it would be skipped as blank (one column, missing): a quoted
        // empty field keeps the case.
        if (out.size() == row_start) out.append("\"\"");
        out.push_back('\n');
        if (out.size() >= flush_at) flush(out);
    }
    flush(out);
}

#endif

// The CSV of the SPSS or Stata file at `path` (read as `format`) in a temporary file, rewound to
// its start; `size` is its length in bytes. Throws alliance::table::stat_file_error when the file
// cannot be read (its message names the file and says why), spill_error when the temporary file
// cannot be written, and csv_error when this program was built without ReadStat.
[[nodiscard]] inline temporary_file stat_file_as_csv([[maybe_unused]] const std::string& path,
                                                     [[maybe_unused]] table::stat_format format,
                                                     [[maybe_unused]] std::uint64_t& size) {
#if defined(ALLIANCE_HAVE_READSTAT)
    const table::stat_table table = table::read_stat_file(path, format);
    if (table.columns.empty())
        throw table::stat_file_error(table::stat_file_problem::malformed, path,
                                     "cannot read '" + path + "': it holds no variables");
    temporary_file file = make_temporary_file();
    std::string buffer;
    size = 0;
    write_stat_csv(table, buffer, [&](std::string& out) {
        if (!out.empty() && std::fwrite(out.data(), 1, out.size(), file.get()) != out.size())
            throw spill_error("cannot write the CSV of '" + path +
                              "' to a temporary file (set TMPDIR to a "
                              "writable directory with room)");
        size += out.size();
        out.clear();
    });
    if (std::fflush(file.get()) != 0 || std::fseek(file.get(), 0, SEEK_SET) != 0)
        throw spill_error("cannot read back the CSV of '" + path + "' from its temporary file");
    return file;
#else
    throw csv_error("cannot read '" + path +
                    "': this alliance was built without ReadStat, which reads SPSS and "
                    "Stata files (Debian libreadstat-dev); convert it to CSV, or rebuild with ReadStat");
#endif
}

}  // namespace alliance::cli
