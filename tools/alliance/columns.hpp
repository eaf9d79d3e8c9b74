// Column names shared by the commands: an item column's name from the --items pattern, a
// scale's output column prefix, and where named columns are in a header (every absent or
// repeated one named in the error).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/column_stem.hpp>
#include <alliance/table/columns.hpp>

#include "command_line.hpp"
#include "response_codes.hpp"

namespace alliance::cli {

// "item{}" with 3 -> "item3" (alliance/table/columns.hpp).
using table::item_column;

// Output column prefix for a scale: lower case, anything but letters and digits as '_'
// ("Emotional Bond" from a key file -> "emotional_bond"); a key file whose scales share one is
// refused when it is read.
[[nodiscard]] inline std::string column_prefix(std::string_view scale_name) { return alliance::column_stem(scale_name); }

namespace detail {

// The header positions of `names` (alliance/table/columns.hpp); input_error naming every absent
// or repeated column, with `hint` (where names[hint_from, hint_to) came from) after the absent ones.
[[nodiscard]] inline std::vector<std::size_t> locate_columns(std::span<const std::string_view> header,
                                                             const std::vector<std::string>& names,
                                                             std::string_view hint = {}, std::size_t hint_from = 0,
                                                             std::size_t hint_to = std::string_view::npos) {
    try {
        return table::locate_columns(header, std::span<const std::string>(names), hint, hint_from, hint_to);
    } catch (const column_error& e) {
        throw input_error(e.message());
    }
}

// The pattern's check (check_items_pattern) as a usage error.
inline void check_items_option(std::string_view pattern) {
    check_request([&] { table::check_items_pattern(pattern, table::command_line_spelling); });
}

}  // namespace detail

}  // namespace alliance::cli
