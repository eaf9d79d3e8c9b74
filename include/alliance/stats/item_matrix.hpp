// A rows x columns matrix of doubles (respondents x items, or targets x raters), and the
// extraction of one scale's items from scored records: reverse-keyed with the instrument's
// NOMINAL response scale (response_scale::reverse, min + max - x) — never with the observed
// range as psych's alpha() and reverse.code() do — and with incomplete records dropped
// listwise for that scale. This header needs no Boost.
#pragma once

#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/definition.hpp"
#include "alliance/error.hpp"
#include "alliance/response.hpp"
#include "alliance/score.hpp"
#include "alliance/stats/detail/checks.hpp"

namespace alliance::stats {

class item_matrix {
public:
    item_matrix() = default;

    // Row-major values; values.size() must equal rows x columns.
    item_matrix(std::size_t rows, std::size_t columns, std::vector<double> values)
        : rows_(rows), columns_(columns), values_(std::move(values)) {
        // rows x columns could overflow std::size_t; compare by division first.
        if (columns_ != 0 && rows_ > std::numeric_limits<std::size_t>::max() / columns_)
            detail::fail("alliance.stats.size_mismatch", "item matrix: " + std::to_string(rows_) + " x " +
                                                             std::to_string(columns_) + " is more than the " +
                                                             std::to_string(values_.size()) + " values given");
        if (values_.size() != rows_ * columns_)
            detail::fail("alliance.stats.size_mismatch",
                         "item matrix: " + std::to_string(values_.size()) + " values given for " +
                             std::to_string(rows_) + " rows x " + std::to_string(columns_) + " columns");
    }

    // {{row 1}, {row 2}, ...}; every row must have the same length.
    item_matrix(std::initializer_list<std::initializer_list<double>> rows) {
        rows_ = rows.size();
        columns_ = rows_ == 0 ? 0 : rows.begin()->size();
        values_.reserve(rows_ * columns_);
        std::size_t r = 0;
        for (const auto& row : rows) {
            ++r;
            if (row.size() != columns_)
                detail::fail("alliance.stats.size_mismatch", "item matrix: row " + std::to_string(r) + " has " +
                                                                 std::to_string(row.size()) + " values, row 1 has " +
                                                                 std::to_string(columns_));
            values_.insert(values_.end(), row.begin(), row.end());
        }
    }

    [[nodiscard]] static item_matrix from_rows(std::span<const std::vector<double>> rows) {
        const std::size_t columns = rows.empty() ? 0 : rows.front().size();
        std::vector<double> values;
        values.reserve(rows.size() * columns);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (rows[r].size() != columns)
                detail::fail("alliance.stats.size_mismatch", "item matrix: row " + std::to_string(r + 1) + " has " +
                                                                 std::to_string(rows[r].size()) +
                                                                 " values, row 1 has " + std::to_string(columns));
            values.insert(values.end(), rows[r].begin(), rows[r].end());
        }
        return item_matrix(rows.size(), columns, std::move(values));
    }

    [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
    [[nodiscard]] std::size_t columns() const noexcept { return columns_; }
    [[nodiscard]] double operator()(std::size_t row, std::size_t column) const noexcept {
        return values_[row * columns_ + column];
    }
    [[nodiscard]] std::span<const double> row(std::size_t index) const noexcept {
        return std::span<const double>(values_).subspan(index * columns_, columns_);
    }
    [[nodiscard]] std::span<const double> values() const noexcept { return values_; }

private:
    std::size_t rows_ = 0;
    std::size_t columns_ = 0;
    std::vector<double> values_;
};

namespace detail {

// n >= 2 rows, >= 2 columns, every value finite; names the first offending cell.
inline void require_item_matrix(const item_matrix& matrix, std::string_view what, std::string_view row_name,
                                std::string_view column_name, std::size_t min_columns = 2) {
    require_observations(what, matrix.rows(), 2);
    if (matrix.columns() < min_columns)
        fail("alliance.stats.too_few_items", std::string(what) + " has " + std::to_string(matrix.columns()) + " " +
                                                 std::string(column_name) + (matrix.columns() == 1 ? "" : "s") +
                                                 "; at least " + std::to_string(min_columns) + " are needed");
    for (std::size_t r = 0; r < matrix.rows(); ++r)
        for (std::size_t c = 0; c < matrix.columns(); ++c)
            if (!std::isfinite(matrix(r, c)))
                require_finite(std::string(what) + ", " + std::string(row_name) + " " + std::to_string(r + 1) + ", " +
                                   std::string(column_name) + " " + std::to_string(c + 1),
                               matrix(r, c));
}

}  // namespace detail

// One scale's items from a set of records, ready for reliability analysis.
struct scale_items {
    std::string instrument;
    std::string scale;
    item_matrix items;                 // complete records x the scale's items, reverse-keyed
    std::vector<int> item_numbers;     // the instrument's 1-based item number of each column
    std::vector<std::size_t> records;  // 0-based index of each row's record in the input
    std::size_t records_total = 0;     // records given
    std::size_t dropped = 0;           // records left out because an item of the scale was missing

    [[nodiscard]] std::size_t n() const noexcept { return items.rows(); }
};

// Records whose elements can be viewed as a span of responses: std::vector<response>,
// std::array<response, N>, std::span<const response>.
template <class Records>
concept response_records = std::ranges::input_range<Records> &&
                           std::convertible_to<const std::ranges::range_value_t<Records>&, std::span<const response>>;

// Extracts the items of `scale_name`. A record of the wrong length, or a response that is not
// valid for the instrument (out of range, not finite, off the Likert anchors, "does not apply"
// where not offered), throws response_error naming the record (1-based) and item. A missing
// answer, or "does not apply" where offered, drops the record from this scale (listwise).
template <response_records Records>
[[nodiscard]] scale_items extract_scale_items(const instrument_view& def, std::string_view scale_name,
                                              const Records& records) {
    const scale_entry* entry = nullptr;
    for (const scale_entry& candidate : def.scales)
        if (candidate.name == scale_name) entry = &candidate;
    if (entry == nullptr) {
        std::string known;
        for (const scale_entry& candidate : def.scales)
            known += (known.empty() ? "" : ", ") + std::string(candidate.name);
        throw lookup_error("alliance.stats.unknown_scale", std::string(def.about.id) + " has no scale '" +
                                                               std::string(scale_name) + "'; its scales are " + known);
    }
    const std::span<const int> items = def.items_of(*entry);
    std::vector<bool> reversed(def.item_count + 1, false);
    for (const int item : def.reversed) reversed[static_cast<std::size_t>(item)] = true;

    scale_items out;
    out.instrument = std::string(def.about.id);
    out.scale = std::string(scale_name);
    out.item_numbers.assign(items.begin(), items.end());
    std::vector<double> values;
    std::vector<double> row(items.size());
    std::size_t index = 0;
    for (const auto& record_value : records) {
        const std::span<const response> record = record_value;
        const std::string label = "record " + std::to_string(index + 1);
        if (record.size() != def.item_count)
            alliance::detail::throw_response_error(
                {response_errc::wrong_count, 0, static_cast<double>(record.size())}, def, label, 0);
        bool complete = true;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto number = static_cast<std::size_t>(items[i]);
            const response& answer = record[number - 1];
            if (const auto problem = alliance::detail::check_response(def.response_format, answer, number))
                alliance::detail::throw_response_error(*problem, def, label, 0);
            if (!answer.has_value()) {
                complete = false;
                continue;
            }
            row[i] = reversed[number] ? def.response_format.reverse(answer.value()) : answer.value();
        }
        if (complete) {
            values.insert(values.end(), row.begin(), row.end());
            out.records.push_back(index);
        } else {
            ++out.dropped;
        }
        ++index;
    }
    out.records_total = index;
    out.items = item_matrix(out.records.size(), items.size(), std::move(values));
    return out;
}

}  // namespace alliance::stats
