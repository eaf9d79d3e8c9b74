// A block of rows computed column by column: the shape in which every front-end hands numbers
// to the library and gets results back (Python numpy arrays, R vectors; the command line reads
// its CSV rows one at a time into the same cells). One rule for every row, in one place: a row
// with a missing input (NaN) is `partial` with nothing computed and says which input is missing
// ("missing pre, post; nothing computed", as the command line says it); a row whose
// computation throws alliance::error is an `error` row with the library's message; every other
// row is `ok`. No row is dropped.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/error.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/row_naming.hpp"
#include "alliance/table/interrupt.hpp"

namespace alliance::table {

enum class row_status : std::int8_t { ok = 0, partial = 1, error = 2 };

// How a front-end shows a result column: a number; yes/no from 1/0; or one of `labels` by its
// index (a category such as reliable_change's improved / deteriorated / none).
enum class column_kind { number, yes_no, category };

struct result_column {
    std::string_view name;
    column_kind kind = column_kind::number;
    std::span<const std::string_view> labels{};
};

// Results of `rows` rows in `columns` columns, column-major (values[c * rows + r]); a cell not
// computed is NaN. messages holds each partial and error row's message, in row order.
struct column_block {
    std::size_t columns = 0;
    std::size_t rows = 0;
    std::vector<double> values;
    std::vector<row_status> status;
    std::vector<std::pair<std::size_t, std::string>> messages;

    [[nodiscard]] double at(std::size_t column, std::size_t row) const { return values[column * rows + row]; }
};

// The message of a row whose inputs `missing` (by their names) have no value.
[[nodiscard]] inline std::string missing_message(std::span<const std::string_view> missing) {
    std::string text = "missing ";
    for (std::size_t i = 0; i < missing.size(); ++i) text.append(i ? ", " : "").append(missing[i]);
    return text + "; nothing computed";
}

// inputs: equally long columns of numbers (NaN: missing), named by `names` as the caller knows
// them (column names, argument names). cells(x, out) fills `out` (one value per result column)
// for the row's inputs `x`, or throws alliance::error. `interrupt` is polled between rows
// (interrupt.hpp).
template <class Cells>
[[nodiscard]] column_block map_block(std::span<const std::span<const double>> inputs,
                                     std::span<const std::string_view> names, std::size_t columns, Cells&& cells,
                                     const interrupt_check& interrupt = {}) {
    column_block block;
    block.columns = columns;
    block.rows = inputs.empty() ? 0 : inputs.front().size();
    block.values.assign(columns * block.rows, std::numeric_limits<double>::quiet_NaN());
    block.status.assign(block.rows, row_status::ok);
    std::vector<double> x(inputs.size());
    std::vector<double> out(columns);
    std::vector<std::string_view> missing;
    interrupt_poll poll(interrupt);
    for (std::size_t r = 0; r < block.rows; ++r) {
        poll();
        missing.clear();
        for (std::size_t k = 0; k < inputs.size(); ++k) {
            x[k] = inputs[k][r];
            if (std::isnan(x[k])) missing.push_back(names[k]);
        }
        if (!missing.empty()) {
            block.status[r] = row_status::partial;
            block.messages.emplace_back(r, missing_message(missing));
            continue;
        }
        try {
            cells(std::span<const double>(x), std::span<double>(out));
        } catch (const error& failure) {
            block.status[r] = row_status::error;
            block.messages.emplace_back(r, failure.what());
            continue;
        }
        for (std::size_t c = 0; c < columns; ++c) block.values[c * block.rows + r] = out[c];
    }
    return block;
}

// Inputs of different lengths cannot be rows of one table.
inline void require_equal_lengths(std::span<const std::span<const double>> inputs) {
    for (const auto& input : inputs)
        if (input.size() != inputs.front().size())
            throw table_error("alliance.table.lengths_differ",
                              "the inputs have " + std::to_string(inputs.front().size()) + " and " +
                                  std::to_string(input.size()) + " values; one value per row is needed in each");
}

// An input cell that is neither a number nor a missing code, as a front-end holding texts or
// other objects (a package's object column, a list of mixed values) found it: its row, which
// input (by the names map_block was given) and its text.
struct unreadable_input {
    std::size_t row = 0;
    std::size_t input = 0;
    std::string text{};
};

// Makes the row of each unreadable cell an `error` row of `block` with nothing computed, as the
// command line makes a row with such a field: "row 'c1', column 'pre': value 'x' is not a
// finite number or a missing code ('', 'NA')" (the row as `naming` names a cell's row; several
// cells of one row joined by "; ", which replaces a `partial` row's message). Messages stay in
// row order.
inline void refuse_unreadable(column_block& block, std::span<const unreadable_input> cells,
                              std::span<const std::string_view> names, const row_naming& naming,
                              const std::vector<std::string>& missing_codes) {
    if (cells.empty()) return;
    std::map<std::size_t, std::string> refused;
    for (const unreadable_input& cell : cells) {
        if (cell.row >= block.rows) continue;
        std::string& message = refused[cell.row];
        if (!message.empty()) message += "; ";
        message += naming.cell_name(cell.row) + ", column '" +
                   std::string(cell.input < names.size() ? names[cell.input] : std::string_view("?")) + "': value '" +
                   std::string(trim(cell.text)) + "' is not a finite number or a missing code (" +
                   quote_list(missing_codes) + ")";
    }
    std::vector<std::pair<std::size_t, std::string>> messages;
    messages.reserve(block.messages.size() + refused.size());
    auto next = refused.begin();
    for (auto& kept : block.messages) {
        for (; next != refused.end() && next->first < kept.first; ++next) messages.emplace_back(next->first, next->second);
        if (!refused.contains(kept.first)) messages.push_back(std::move(kept));
    }
    for (; next != refused.end(); ++next) messages.emplace_back(next->first, next->second);
    for (const auto& [row, message] : refused) {
        block.status[row] = row_status::error;
        for (std::size_t c = 0; c < block.columns; ++c) block.values[c * block.rows + row] = std::numeric_limits<double>::quiet_NaN();
    }
    block.messages = std::move(messages);
}

}  // namespace alliance::table
