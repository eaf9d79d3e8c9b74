// Rows grouped by a key column (a client id in `track`, a unit in `split`): what a key is and
// how groups are numbered, once for every front-end. A key is its text trimmed of spaces and
// tabs (as a cell is: table/cells.hpp); an empty or missing key puts its row in no group.
// Groups are numbered in the byte order of their keys (for UTF-8, code point order: pandas'
// sort and R's radix sort agree), the order in which summaries list them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "alliance/table/cells.hpp"

namespace alliance::table {

struct grouped_rows {
    std::vector<std::int64_t> group;  // per row: 0 .. keys.size() - 1, or -1 for no group
    std::vector<std::string> keys;    // per group, sorted
};

// `key_of(row)` is the row's key text, or nullopt when the cell is missing.
template <class KeyOf>
[[nodiscard]] grouped_rows group_rows(std::size_t rows, KeyOf&& key_of) {
    grouped_rows out;
    out.group.assign(rows, -1);
    // The keys in order of first appearance; a deque, so the views `seen` holds never move.
    std::deque<std::string> first_text;
    std::unordered_map<std::string_view, std::int64_t> seen;
    std::vector<std::int64_t> by_appearance(rows, -1);  // per row: its key's place in first_text
    for (std::size_t r = 0; r < rows; ++r) {
        const std::optional<std::string_view> text = key_of(r);
        if (!text) continue;
        const std::string_view key = trim(*text);
        if (key.empty()) continue;
        auto found = seen.find(key);
        if (found == seen.end()) {
            first_text.emplace_back(key);
            found = seen.emplace(std::string_view(first_text.back()), static_cast<std::int64_t>(first_text.size() - 1)).first;
        }
        by_appearance[r] = found->second;
    }
    // Number the groups in sorted order.
    std::vector<std::size_t> order(first_text.size());
    for (std::size_t g = 0; g < order.size(); ++g) order[g] = g;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return first_text[a] < first_text[b]; });
    std::vector<std::int64_t> rank(first_text.size());
    out.keys.reserve(first_text.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        rank[order[i]] = static_cast<std::int64_t>(i);
        out.keys.push_back(first_text[order[i]]);
    }
    for (std::size_t r = 0; r < rows; ++r)
        if (by_appearance[r] >= 0) out.group[r] = rank[static_cast<std::size_t>(by_appearance[r])];
    return out;
}

}  // namespace alliance::table
