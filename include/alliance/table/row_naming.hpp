// How a front-end names the rows of its input in a message, so that a message written once in
// the table layer names rows as each front-end's users know them: the command line by the line
// of its file ("line 4"; "lines 4, 9 and 12"), the packages by the row's label as R and pandas
// print it ("row 3"; "row 3, row 5 and row 9"). A list names at most five rows, then "...".
// Core tier.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace alliance::table {

// At most this many rows are named in a list.
inline constexpr std::size_t max_rows_named = 5;

// A row is known by a number: the command line's line number, a package's row position.
struct row_naming {
    std::string_view word = "line";     // before one row's label
    std::string_view plural = "lines";  // before a list of labels; empty: every label has `word`
    std::function<std::string(std::uint64_t)> label{};  // a row's label; none: its number
    // Around the label where a message names a cell's row ("row 'c003', column 'item2': ..."):
    // none on the command line and in R, ' in Python.
    std::string_view cell_quote{};

    [[nodiscard]] std::string label_of(std::uint64_t row) const { return label ? label(row) : std::to_string(row); }
    [[nodiscard]] std::string name(std::uint64_t row) const { return std::string(word) + " " + label_of(row); }
    // The row of a cell: "line 3", "row 'c003'".
    [[nodiscard]] std::string cell_name(std::uint64_t row) const {
        return std::string(word) + " " + std::string(cell_quote) + label_of(row) + std::string(cell_quote);
    }

    // "line 4", "lines 4 and 9", "row 3, row 5 and row 9", "lines 1, 2, 3, 4, 5, ...".
    [[nodiscard]] std::string list(std::span<const std::uint64_t> rows) const {
        if (rows.size() == 1) return name(rows.front());
        std::string text = plural.empty() ? std::string() : std::string(plural) + " ";
        const std::size_t shown = std::min(rows.size(), max_rows_named);
        for (std::size_t i = 0; i < shown; ++i) {
            if (i > 0) text += i + 1 == rows.size() ? " and " : ", ";
            text += plural.empty() ? name(rows[i]) : label_of(rows[i]);
        }
        if (rows.size() > shown) text += ", ...";
        return text;
    }
};

// The packages' naming: "row " and the label `label(position)` gives.
[[nodiscard]] inline row_naming row_labels(std::function<std::string(std::uint64_t)> label,
                                           std::string_view cell_quote = {}) {
    return row_naming{"row", "", std::move(label), cell_quote};
}

}  // namespace alliance::table
