// Two rules of the data shapes that the packages meet and that neither item_spec.hpp nor
// long_format.hpp holds, once for every front-end:
//   user_missing       the values a column itself declares missing: SPSS's MISSING VALUES as
//                      R's haven keeps them on a haven_labelled_spss column (na_values, na_range)
//                      and as pyreadstat reports them (missing_user_values, missing_ranges);
//   long_item_names    which names an item cell of long data may hold besides the item numbers.
// Core tier.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/table/item_spec.hpp"
#include "alliance/table/spelling.hpp"
#include "alliance/trim.hpp"

namespace alliance::table {

// The user-missing values a column declares (SPSS: up to three codes, or a range lo..hi and one
// code; either end of a range may be infinite, as haven's na_range = c(90, Inf)). A cell equal
// to a declared value, or within a declared range (both ends included), is a missing answer,
// whatever the missing codes say, as ReadStat's readstat_value_is_defined_missing judges a cell
// of an SPSS file (alliance/table/stat_file.hpp); any other code is read as a number, so an
// undeclared -99 is an error row, as in a CSV file. A range whose low end is above its high end,
// or that has a NaN end, holds nothing. A text column declares texts, compared trimmed as every
// cell is.
struct user_missing {
    std::vector<double> values;
    std::vector<std::pair<double, double>> ranges;
    std::vector<std::string> texts;

    [[nodiscard]] bool empty() const noexcept { return values.empty() && ranges.empty() && texts.empty(); }
    [[nodiscard]] bool contains(double x) const noexcept {
        if (std::find(values.begin(), values.end(), x) != values.end()) return true;  // NaN equals nothing
        return std::any_of(ranges.begin(), ranges.end(),
                           [x](const auto& range) { return range.first <= x && x <= range.second; });
    }
    [[nodiscard]] bool contains(std::string_view text) const noexcept {
        const std::string_view cell = trim(text);
        return std::any_of(texts.begin(), texts.end(), [cell](const std::string& t) { return trim(t) == cell; });
    }
};

// The names an item cell of long data may hold besides the numbers 1..count (long_items): the
// columns the caller's items spec names (`given`: --items, items=), else the instrument's own
// item columns (a key file's item_columns, an instrument defined by column names); none when
// neither is given, so that the default item{} does not make "item3" an item name. Throws
// option_error "alliance.table.option" for a spec that cannot name the items (item_spec::columns).
[[nodiscard]] inline std::vector<std::string> long_item_names(const item_spec* given,
                                                              std::span<const std::string> instrument_columns,
                                                              std::size_t count, const option_spelling& spell) {
    if (given != nullptr) return given->columns(count, spell);
    if (instrument_columns.empty()) return {};
    return default_items(instrument_columns).columns(count, spell);
}

}  // namespace alliance::table
