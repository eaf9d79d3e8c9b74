// Which columns of a table a request reads, once for every front-end: the item columns
// (alliance/table/item_spec.hpp), and where named columns are among a
// table's column names (a CSV header, a DataFrame's or a data.frame's names), with one message
// naming every absent or repeated column. Core tier.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alliance/error.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/item_spec.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// The positions of `names` among `header` (names compared trimmed, as every cell). Throws
// column_error naming every absent column ("alliance.table.absent_column"; with `hint` when one
// of names[hint_from, hint_to) is among them) and the header's first 30 names, or every name the
// header holds twice ("alliance.table.repeated_column").
template <class Name>
[[nodiscard]] std::vector<std::size_t> locate_columns(std::span<const Name> header, std::span<const std::string> names,
                                                      std::string_view hint = {}, std::size_t hint_from = 0,
                                                      std::size_t hint_to = std::string_view::npos) {
    std::vector<std::size_t> found;
    std::vector<std::string_view> absent, repeated;
    bool hinted = false;
    for (std::size_t n = 0; n < names.size(); ++n) {
        std::optional<std::size_t> at;
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (trim(std::string_view(header[i])) != names[n]) continue;
            if (at) {
                repeated.push_back(names[n]);
                break;
            }
            at = i;
        }
        if (!at) {
            absent.push_back(names[n]);
            hinted = hinted || (n >= hint_from && n < hint_to);
        }
        found.push_back(at.value_or(0));
    }
    const auto join = [](const auto& list, std::size_t limit) {
        std::string text;
        for (std::size_t i = 0; i < list.size() && i < limit; ++i)
            text += (i > 0 ? ", " : "") + std::string(std::string_view(list[i]));
        if (list.size() > limit) text += ", ... (" + std::to_string(list.size()) + " in all)";
        return text;
    };
    if (!absent.empty())
        throw column_error("alliance.table.absent_column",
                           "the header lacks " + std::string(absent.size() == 1 ? "column " : "columns ") +
                               join(absent, absent.size()) +
                               (hinted && !hint.empty() ? " (" + std::string(hint) + ")" : "") + "; the header has " +
                               (header.empty() ? std::string("no columns") : join(header, 30)));
    if (!repeated.empty())
        throw column_error("alliance.table.repeated_column", "the header has more than one column named " +
                                                                 join(repeated, repeated.size()) +
                                                                 "; which one to read is ambiguous");
    return found;
}

// The hint for a message about absent item columns `item_names` (spec.hint()), and when the
// header holds none of them, the columns that look like items and what would read them.
template <class Name>
[[nodiscard]] std::string item_columns_hint(const item_spec& spec, std::span<const Name> header,
                                            std::span<const std::string> item_names, const option_spelling& spell) {
    std::string hint = spec.hint(spell);
    for (const std::string& name : item_names)
        for (const Name& column : header)
            if (trim(std::string_view(column)) == name) return hint;
    if (const std::string suggestion = suggest_items(header, item_names.size(), spell); !suggestion.empty())
        hint += "; " + suggestion;
    return hint;
}

}  // namespace alliance::table
