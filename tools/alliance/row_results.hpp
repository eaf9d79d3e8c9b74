// Per-row results on value columns of a CSV file, the row loop `change` and `compare` share
// (map_rows): the numbers read, the error and partial rows, and the cells computed for the
// others; and the table layer's result columns and cells (alliance/table/block.hpp) as the
// writer's.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <alliance/error.hpp>
#include <alliance/table/block.hpp>

#include "columns.hpp"
#include "command_line.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "number_fields.hpp"
#include "parallel_rows.hpp"
#include "response_codes.hpp"
#include "row_checks.hpp"

namespace alliance::cli {

// One computed cell: empty ("not computed"), a number, an integer or text.
using cell = std::variant<std::monostate, double, long long, std::string>;

// Reads every row, takes the numbers in `value_columns` and writes `result_columns` computed by
// `compute(numbers)` (which returns one cell per result column and may throw alliance::error).
// A row with a value that is not a number is an error row; a row with a missing value is
// partial with nothing computed; an alliance::error from `compute` makes an error row with its
// message. Throws input_error (nothing written) when the header lacks a column.
template <class Compute>
score_summary map_rows(const table_settings& settings, const std::vector<std::string>& value_columns,
                       const std::vector<std::string>& result_columns, byte_source& input, output_sink& output,
                       progress_meter* progress, Compute compute) {
    std::vector<std::size_t> at;
    std::size_t header_size = 0;
    const std::size_t values = value_columns.size();
    std::size_t id_at = detail::no_column;
    const std::size_t keep_from = settings.id_column.empty() ? values : values + 1;  // the kept columns' places in `at`
    const auto header = [&](csv_reader& reader) {
        if (!reader.next_header()) throw input_error("the input is empty: no header row");
        detail::refuse_oversized_header(reader);
        std::vector<std::string> needed = value_columns;
        if (!settings.id_column.empty()) needed.push_back(settings.id_column);
        needed.insert(needed.end(), settings.keep_columns.begin(), settings.keep_columns.end());
        at = detail::locate_columns(reader.fields(), needed);
        header_size = reader.size();
        if (!settings.id_column.empty()) id_at = at[values];

        std::vector<std::string> columns;
        if (!settings.id_column.empty()) columns.push_back(settings.id_column);
        columns.insert(columns.end(), settings.keep_columns.begin(), settings.keep_columns.end());
        columns.insert(columns.end(), result_columns.begin(), result_columns.end());
        columns.emplace_back("status");
        columns.emplace_back("message");
        detail::refuse_repeated_columns(columns, (settings.id_column.empty() ? 0 : 1) + settings.keep_columns.size());
        return columns;
    };

    // The row loop, over the whole input or over one chunk of it (parallel_rows.hpp).
    const auto rows = [&](csv_reader& reader, table_writer& table, progress_meter* meter) {
        std::vector<double> numbers(values);
        std::string message;
        score_summary summary;
        while (reader.next()) {
            ++summary.rows;
            message.clear();
            const std::string line = reader.row_name();
            const auto field = [&](std::size_t index) {
                return index < reader.size() ? reader[index] : std::string_view{};
            };
            detail::check_row_shape(reader, header_size, id_at, settings.id_column, message);
            bool error = !message.empty();
            bool missing = false;
            std::string missing_columns;
            for (std::size_t v = 0; v < values; ++v) {
                const detail::field_value value = detail::read_value(field(at[v]), settings.codes);
                numbers[v] = value.number;
                if (value.state == detail::value_state::invalid) {
                    detail::append_problem(message, line + ", column '" + value_columns[v] + "': value '" +
                                                        std::string(value.text) +
                                                        "' is not a finite number or a missing code (" +
                                                        quote_list(settings.codes.missing) + ")");
                    error = true;
                } else if (value.state == detail::value_state::missing) {
                    missing = true;
                    missing_columns += (missing_columns.empty() ? "" : ", ") + value_columns[v];
                }
            }
            std::vector<cell> cells;
            if (!error && !missing) {
                try {
                    cells = compute(std::span<const double>(numbers));
                } catch (const alliance::error& e) {
                    detail::append_problem(message, line + ": " + e.what());
                    error = true;
                }
            }

            if (id_at != detail::no_column) table.text(field(id_at));
            for (std::size_t k = 0; k < settings.keep_columns.size(); ++k) table.text(field(at[keep_from + k]));
            for (std::size_t r = 0; r < result_columns.size(); ++r) {
                const cell* value = r < cells.size() ? &cells[r] : nullptr;
                if (value == nullptr || std::holds_alternative<std::monostate>(*value)) table.empty();
                else if (const auto* number = std::get_if<double>(value)) table.number(*number);
                else if (const auto* integer = std::get_if<long long>(value)) table.integer(*integer);
                else table.text(std::get<std::string>(*value));
            }
            if (error) {
                ++summary.errors;
                table.text("error");
            } else if (missing) {
                ++summary.partial;
                table.text("partial");
                message = "missing " + missing_columns + "; nothing computed";
            } else {
                ++summary.ok;
                table.text("ok");
            }
            table.text(message);
            table.end_row();
            if (meter != nullptr) meter->update(reader.bytes_consumed(), summary.rows);
        }
        return summary;
    };
    return table_rows(settings, input, output, progress, header,
                      [&rows](table_writer& table) { return function_rows<decltype(rows)>{rows, table}; });
}

// The table layer's result columns and cells (alliance/table/compare.hpp) as the writer's.
[[nodiscard]] inline std::vector<std::string> column_names(std::span<const table::result_column> columns) {
    std::vector<std::string> names;
    for (const table::result_column& column : columns) names.emplace_back(column.name);
    return names;
}

template <class Cells>
[[nodiscard]] std::vector<cell> table_cells(std::span<const table::result_column> columns, Cells&& fill) {
    std::array<double, 16> values{};
    fill(std::span<double>(values).first(columns.size()));
    std::vector<cell> cells;
    cells.reserve(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (std::isnan(values[c])) cells.emplace_back();  // not computed, e.g. a method's absent threshold
        else if (columns[c].kind == table::column_kind::yes_no) cells.emplace_back(std::string(values[c] != 0 ? "yes" : "no"));
        else if (columns[c].kind == table::column_kind::category)
            cells.emplace_back(std::string(columns[c].labels[static_cast<std::size_t>(values[c])]));
        else cells.emplace_back(values[c]);
    }
    return cells;
}

}  // namespace alliance::cli
