// What the commands check in a CSV row and how they report it: the row's shape (a quote left
// open, the field count, an empty id), the problems of item values that cannot be scored, and
// the message that lists them ("line 7, column 'item3': ...; ...").
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/table/score_table.hpp>

#include "command_line.hpp"
#include "io/csv_reader.hpp"
#include "response_codes.hpp"

namespace alliance::cli::detail {

inline void append_problem(std::string& message, std::string_view text) {
    if (!message.empty()) message += "; ";
    message += text;
}

// No such column (an index, rather than an empty optional: g++ 12 -O3 warns falsely about
// reading an optional<size_t> here, GCC bug 80635).
inline constexpr std::size_t no_column = SIZE_MAX;

// What every command checks in a row before reading its values: a quote left open, a field
// count that differs from the header's, an empty id (when id_at is a column). Appends to
// `message`.
inline void check_row_shape(const csv_reader& reader, std::size_t header_size, std::size_t id_at,
                            const std::string& id_column, std::string& message) {
    const auto line = [&] { return reader.row_name(); };
    if (reader.oversized()) {  // no fields were kept: nothing else can be said about it
        append_problem(message, oversized_record(reader));
        return;
    }
    if (reader.unterminated_quote())
        append_problem(message, line() + ": a quoted field is not closed before the end of the input");
    if (reader.size() != header_size)
        append_problem(message, line() + ": " + std::to_string(reader.size()) +
                                    (reader.size() == 1 ? " field" : " fields") + ", the header has " +
                                    std::to_string(header_size));
    if (id_at != no_column && (id_at >= reader.size() || trim(reader[id_at]).empty()))
        append_problem(message, line() + ", column '" + id_column + "': the id is empty");
}

// True when check_row_shape would find nothing: the usual row, tested without building text.
[[nodiscard]] inline bool row_shape_is_plain(const csv_reader& reader, std::size_t header_size,
                                             std::size_t id_at) noexcept {
    return !reader.oversized() && !reader.unterminated_quote() && reader.size() == header_size &&
           (id_at == no_column || (id_at < reader.size() && !trim(reader[id_at]).empty()));
}

// Every problem of a row that could not be scored, in item order: text that is no response
// (named by the driver), then what check() finds (out of range, not an anchor, ...), each with
// `line`, the column and the value. `text_of(i)` is item i's trimmed field.
template <class ItemText>
void append_row_problems(const runtime_instrument& instrument, const response_reader& read,
                         std::span<const response> responses, std::span<const std::string> item_names,
                         ItemText text_of, const std::string& line, std::string& message) {
    // The message is the table layer's (alliance/table/score_table.hpp), as in Python and R.
    table::append_row_problems(message, instrument, responses, item_names, line, read.codes(),
                               [&](std::size_t i) {
                                   const std::string_view text = text_of(i);
                                   response ignored;
                                   return std::pair<std::string_view, bool>(text, !read.read(text, ignored, i + 1));
                               });
}

}  // namespace alliance::cli::detail
