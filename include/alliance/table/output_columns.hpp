// The columns a table-layer request writes, and how a row's cells reach a front-end: every
// request that lays out rows (split, track) names its columns here and writes its cells to a
// Writer with text(string_view), integer(long long), number(double), empty(), for a column of
// input_row content input_row(row), and for a yes/no column put_flag (below). The command line's writer prints CSV or JSON
// lines; the packages' writers fill a pandas or R column per output column. Core tier.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alliance/table/block.hpp"

namespace alliance::table {

// What a column's cells hold; any cell may be empty. An input_row cell is a row of the input
// (by its number in the front-end's row naming) whose own cell the front-end shows as it was
// given: track's first_session is the session cell of the client's first row, a number in a
// numeric column, a text in a text column. A flag is yes or no: the packages' writers hold it
// as a boolean (pandas' boolean, R's logical), a writer of text as the words "yes" and "no".
enum class column_content : std::int8_t { text, count, number, input_row, flag };

struct output_column {
    std::string_view name;
    column_content content;
};

// A picture a request draws (an SVG document) and whose it is: a client, a unit.
struct picture {
    std::string name;
    std::string svg;
};

[[nodiscard]] inline std::string_view status_word(row_status status) noexcept {
    return status == row_status::ok ? "ok" : status == row_status::partial ? "partial" : "error";
}

// A flag cell: to a writer with flag(bool) as it is, to any other as the word.
template <class Writer>
void put_flag(Writer& out, bool value) {
    if constexpr (requires { out.flag(value); }) out.flag(value);
    else out.text(value ? "yes" : "no");
}

// Problems of one row are joined by "; ", in the order they were found.
inline void append_problem(std::string& message, std::string_view text) {
    if (!message.empty()) message += "; ";
    message += text;
}

}  // namespace alliance::table
