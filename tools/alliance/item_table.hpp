// A table of item columns, as `score` and `reliability` read it: the table settings with the
// --items pattern (score_settings), and where the item, id and kept columns are in the header.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "columns.hpp"
#include "command_line.hpp"
#include "io/csv_reader.hpp"

namespace alliance::cli {

struct score_settings : table_settings {
    std::string items_pattern = "item{}";   // {} stands for the item number
    std::optional<double> min_answered{};   // --min-answered: prorate_min_fraction for every scale
    bool classify = false;                  // --classify: a column per cut-off and band table
};

namespace detail {

// Where each column score needs is in the header.
struct column_plan {
    std::vector<std::size_t> items;  // item i (0-based) -> field index
    std::vector<std::string> item_names;
    std::optional<std::size_t> id;
    std::vector<std::size_t> keep;
    std::size_t header_size = 0;
};

[[nodiscard]] inline column_plan plan_columns(std::span<const std::string_view> header, std::size_t item_count,
                                              const score_settings& settings) {
    column_plan plan;
    plan.header_size = header.size();
    for (std::size_t item = 1; item <= item_count; ++item)
        plan.item_names.push_back(item_column(settings.items_pattern, item));
    std::vector<std::string> names = plan.item_names;
    if (!settings.id_column.empty()) names.push_back(settings.id_column);
    names.insert(names.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    const std::vector<std::size_t> at =
        locate_columns(header, names, table::items_hint(settings.items_pattern, table::command_line_spelling), 0, item_count);
    plan.items.assign(at.begin(), at.begin() + static_cast<std::ptrdiff_t>(item_count));
    std::size_t next = item_count;
    if (!settings.id_column.empty()) plan.id = at[next++];
    plan.keep.assign(at.begin() + static_cast<std::ptrdiff_t>(next), at.end());
    return plan;
}

// Reads the header row and finds the item, id and kept columns. Throws input_error when the
// input is empty or a column is absent.
[[nodiscard]] inline column_plan read_item_header(csv_reader& reader, std::size_t item_count,
                                                  const score_settings& settings) {
    if (!reader.next_header())
        throw input_error("the input is empty: no header row (expected columns " +
                          item_column(settings.items_pattern, 1) + ".." +
                          item_column(settings.items_pattern, item_count) + ")");
    refuse_oversized_header(reader);
    return plan_columns(reader.fields(), item_count, settings);
}

}  // namespace detail

}  // namespace alliance::cli
