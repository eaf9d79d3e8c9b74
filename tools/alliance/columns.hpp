// Column names shared by the commands: the item columns --items names, a
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
#include <alliance/key_file_reader.hpp>
#include <alliance/runtime_instrument.hpp>
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

// The columns of items 1..item_count that `items` names (alliance/table/item_spec.hpp); a spec
// that cannot name them is a usage error.
[[nodiscard]] inline std::vector<std::string> item_names_option(const table::item_spec& items, std::size_t item_count) {
    return check_request([&] { return items.columns(item_count, table::command_line_spelling); });
}

// The hint after absent item columns: where their names came from, and when the header holds
// none of them, the columns that look like items and the --items that would read them.
[[nodiscard]] inline std::string item_columns_hint(const table::item_spec& items,
                                                   std::span<const std::string_view> header,
                                                   const std::vector<std::string>& item_names) {
    return table::item_columns_hint(items, header, std::span<const std::string>(item_names),
                                    table::command_line_spelling);
}

// --items (else the instrument's own item columns, else item{}) and --labels FILE (else the
// key file's response_labels) for a command that reads item columns, checked against the
// instrument: a spec or labels that cannot read it are usage errors; a labels file that cannot
// be read is a key_file_error naming it and the field.
[[nodiscard]] inline table::item_spec item_options(const parsed_arguments& args, const runtime_instrument& instrument,
                                                   response_codes& codes) {
    table::item_spec items = args.get("items") ? table::item_spec::parse(*args.get("items"))
                                               : table::default_items(instrument.item_columns());
    (void)item_names_option(items, instrument.item_count());
    std::optional<response_labels> given;
    if (const auto path = args.get("labels")) given = read_labels_file(*path);
    codes.labels = table::labels_for(given, instrument.labels());
    check_request([&] { table::check_labels(codes, instrument.item_count(), table::command_line_spelling); });
    return items;
}

}  // namespace detail

}  // namespace alliance::cli
