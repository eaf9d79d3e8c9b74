// A table of item columns, as `score` and `reliability` read it: the table settings with the
// --items pattern (score_settings), and where the item, id and kept columns are in the header.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/table/survey_exports.hpp>

#include "columns.hpp"
#include "command_line.hpp"
#include "io/csv_reader.hpp"

namespace alliance::cli {

struct score_settings : table_settings {
    table::item_spec items = table::item_spec::pattern("item{}");  // --items (item_options)
    std::optional<double> min_answered{};   // --min-answered: prorate_min_fraction for every scale
    bool classify = false;                  // --classify: a column per cut-off and band table
    // --redcap: the REDCap form that holds the measure ("" for the non-repeating forms, else
    // --redcap-form); rows of other forms are written with status skipped.
    std::optional<std::string> redcap_form{};
};

namespace detail {

// Where each column score needs is in the header.
struct column_plan {
    std::vector<std::size_t> items;  // item i (0-based) -> field index
    std::vector<std::string> item_names;
    std::optional<std::size_t> id;
    std::vector<std::size_t> keep;
    std::size_t header_size = 0;
    std::optional<std::size_t> redcap_form;  // the redcap_repeat_instrument column (--redcap)
};

// The redcap_repeat_instrument column with --redcap: absent in an export of a project without
// repeating forms (no row is another form's), unless --redcap-form names the measure's form.
[[nodiscard]] inline std::optional<std::size_t> redcap_form_column(std::span<const std::string_view> header,
                                                                   const std::optional<std::string>& form) {
    if (!form) return std::nullopt;
    for (std::size_t i = 0; i < header.size(); ++i)
        if (trim(header[i]) == table::redcap_form_column) return i;
    if (form->empty()) return std::nullopt;
    throw input_error("--redcap-form " + *form + ": the header has no column " +
                      std::string(table::redcap_form_column) + " to tell that form's rows by");
}

[[nodiscard]] inline column_plan plan_columns(std::span<const std::string_view> header, std::size_t item_count,
                                              const score_settings& settings) {
    column_plan plan;
    plan.header_size = header.size();
    plan.item_names = item_names_option(settings.items, item_count);
    std::vector<std::string> names = plan.item_names;
    if (!settings.id_column.empty()) names.push_back(settings.id_column);
    names.insert(names.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    const std::vector<std::size_t> at =
        locate_columns(header, names, item_columns_hint(settings.items, header, plan.item_names), 0, item_count);
    plan.items.assign(at.begin(), at.begin() + static_cast<std::ptrdiff_t>(item_count));
    std::size_t next = item_count;
    if (!settings.id_column.empty()) plan.id = at[next++];
    plan.keep.assign(at.begin() + static_cast<std::ptrdiff_t>(next), at.end());
    plan.redcap_form = redcap_form_column(header, settings.redcap_form);
    return plan;
}

// Reads the header row and finds the item, id and kept columns. Throws input_error when the
// input is empty or a column is absent.
[[nodiscard]] inline column_plan read_item_header(csv_reader& reader, std::size_t item_count,
                                                  const score_settings& settings) {
    if (!reader.next_header()) {
        const std::vector<std::string> names = item_names_option(settings.items, item_count);
        throw input_error("the input is empty: no header row (expected columns " + names.front() + ".." +
                          names.back() + ")");
    }
    refuse_oversized_header(reader);
    return plan_columns(reader.fields(), item_count, settings);
}

}  // namespace detail

}  // namespace alliance::cli
