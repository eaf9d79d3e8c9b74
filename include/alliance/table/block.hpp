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
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/error.hpp"

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
// for the row's inputs `x`, or throws alliance::error.
template <class Cells>
[[nodiscard]] column_block map_block(std::span<const std::span<const double>> inputs,
                                     std::span<const std::string_view> names, std::size_t columns, Cells&& cells) {
    column_block block;
    block.columns = columns;
    block.rows = inputs.empty() ? 0 : inputs.front().size();
    block.values.assign(columns * block.rows, std::numeric_limits<double>::quiet_NaN());
    block.status.assign(block.rows, row_status::ok);
    std::vector<double> x(inputs.size());
    std::vector<double> out(columns);
    std::vector<std::string_view> missing;
    for (std::size_t r = 0; r < block.rows; ++r) {
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

}  // namespace alliance::table
