// Which columns hold an instrument's items, as a user says it, once for every front-end:
//   a pattern, where {} is the item number and {:0N} the item number zero-padded to N digits
//     ("item{}" -> item1, item2, ...; "wai{:02}" -> wai01, wai02, ...);
//   a list of column names in item order ("A1,A2,A3,A4,A5" on the command line, a list or a
//     character vector in the packages);
//   item number -> column (a dict, a named vector), which must name every item once.
// And, when a header holds none of the columns asked for, which of its columns look like items
// and the pattern (or list) that would read them. Core tier.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/error.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

namespace detail {

// One placeholder of a pattern: where it starts, how long its text is, and its zero padding
// (0: none).
struct item_placeholder {
    std::size_t at = 0, length = 0;
    int width = 0;
};

// The next "{}" or "{:0N}" (N = 1..9) at or after `from`; a '{' that starts neither is malformed
// (nullopt with `bad` set to where it is).
[[nodiscard]] inline std::optional<item_placeholder> next_placeholder(std::string_view pattern, std::size_t from,
                                                                       std::size_t& bad) {
    bad = std::string_view::npos;
    const std::size_t at = pattern.find('{', from);
    if (at == std::string_view::npos) return std::nullopt;
    const std::string_view rest = pattern.substr(at);
    if (rest.starts_with("{}")) return item_placeholder{at, 2, 0};
    if (rest.size() >= 5 && rest.substr(0, 3) == "{:0" && rest[3] >= '1' && rest[3] <= '9' && rest[4] == '}')
        return item_placeholder{at, 5, rest[3] - '0'};
    bad = at;
    return std::nullopt;
}

[[nodiscard]] inline std::string padded(std::size_t number, int width) {
    std::string digits = std::to_string(number);
    if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return digits;
}

}  // namespace detail

// "item{}" with 3 -> "item3", "wai{:02}" with 3 -> "wai03": every placeholder is replaced (a
// malformed one is kept as it is; check_items_pattern refuses it first).
[[nodiscard]] inline std::string item_column(std::string_view pattern, std::size_t number) {
    std::string name;
    std::size_t from = 0, bad = 0;
    while (const auto placeholder = detail::next_placeholder(pattern, from, bad)) {
        name.append(pattern.substr(from, placeholder->at - from)).append(detail::padded(number, placeholder->width));
        from = placeholder->at + placeholder->length;
    }
    return name.append(pattern.substr(from));
}

// A pattern has a placeholder for the item number (else every item would read one column), and
// every '{' in it starts one: option_error "alliance.table.option" otherwise.
inline void check_items_pattern(std::string_view pattern, const option_spelling& spell) {
    std::size_t from = 0, bad = 0, found = 0;
    for (; const auto placeholder = detail::next_placeholder(pattern, from, bad); ++found)
        from = placeholder->at + placeholder->length;
    if (bad != std::string_view::npos)
        throw option_error("alliance.table.option",
                           spell.option("items") + " '" + std::string(pattern) + "' has '" +
                               std::string(pattern.substr(bad, std::min<std::size_t>(5, pattern.size() - bad))) +
                               "' where {} (the item number) or {:0N} (the item number zero-padded to N digits) "
                               "should be");
    if (found == 0)
        throw option_error("alliance.table.option",
                           spell.option("items") + " '" + std::string(pattern) + "' has no {} where the item number goes");
}

// Where an instrument's items are: one of the three forms above.
class item_spec {
public:
    // The command line's --items text: a pattern when it holds a '{', else a comma-separated list
    // of column names (one name without a '{' is a list of one, which only a one-item instrument
    // can use).
    [[nodiscard]] static item_spec parse(std::string_view text) {
        item_spec spec;
        if (text.find('{') != std::string_view::npos) spec.pattern_ = std::string(text);
        else
            for (const std::string& name : split_list(text)) spec.columns_.emplace_back(trim(name));
        return spec;
    }
    [[nodiscard]] static item_spec pattern(std::string text) {
        item_spec spec;
        spec.pattern_ = std::move(text);
        return spec;
    }
    // Column names in item order.
    [[nodiscard]] static item_spec listed(std::vector<std::string> names) {
        item_spec spec;
        spec.columns_ = std::move(names);
        spec.listed_ = true;
        return spec;
    }
    // Item number -> column; checked against the instrument's items by columns().
    [[nodiscard]] static item_spec mapped(std::vector<std::pair<std::int64_t, std::string>> columns) {
        item_spec spec;
        spec.mapped_ = std::move(columns);
        return spec;
    }

    [[nodiscard]] bool is_pattern() const noexcept { return pattern_.has_value(); }

    // The columns of items 1..count. Throws option_error "alliance.table.option" for a pattern
    // without a placeholder, a list whose length is not `count`, an empty name, a column named for
    // two items, or a mapping that misses an item, names one twice or names no item.
    [[nodiscard]] std::vector<std::string> columns(std::size_t count, const option_spelling& spell) const {
        std::vector<std::string> names;
        if (pattern_) {
            check_items_pattern(*pattern_, spell);
            names.reserve(count);
            for (std::size_t item = 1; item <= count; ++item) names.push_back(item_column(*pattern_, item));
            return names;  // a pattern with a placeholder names every item differently
        }
        if (!mapped_.empty() || (columns_.empty() && !listed_)) names = mapped_columns(count, spell);
        else {
            if (columns_.size() == 1 && count != 1 && !listed_) check_items_pattern(columns_.front(), spell);
            if (columns_.size() != count)
                throw option_error("alliance.table.option", spell.option("items") + " lists " +
                                                                std::to_string(columns_.size()) + " column" +
                                                                (columns_.size() == 1 ? "" : "s") + " (" +
                                                                describe_list(columns_) + ") for " +
                                                                std::to_string(count) + " items");
            names = columns_;
        }
        refuse_empty_and_repeated(names, spell);
        return names;
    }

    // "item columns come from --items 'item{}'", for a message about an absent item column.
    [[nodiscard]] std::string hint(const option_spelling& spell) const {
        if (pattern_) return "item columns come from " + spell.option("items") + " '" + *pattern_ + "'";
        return "item columns come from " + spell.option("items");
    }

private:
    [[nodiscard]] static std::string describe_list(const std::vector<std::string>& names) {
        std::string text;
        for (std::size_t i = 0; i < names.size() && i < 5; ++i) text += (i > 0 ? "," : "") + names[i];
        if (names.size() > 5) text += ",...";
        return text;
    }

    [[nodiscard]] std::vector<std::string> mapped_columns(std::size_t count, const option_spelling& spell) const {
        std::vector<std::string> names(count);
        std::vector<bool> named(count, false);
        for (const auto& [item, column] : mapped_) {
            if (item < 1 || static_cast<std::uint64_t>(item) > count)
                throw option_error("alliance.table.option", spell.option("items") + " maps item " +
                                                                std::to_string(item) + " (to column '" + column +
                                                                "'), but the items are numbered 1.." +
                                                                std::to_string(count));
            const auto at = static_cast<std::size_t>(item - 1);
            if (named[at])
                throw option_error("alliance.table.option",
                                   spell.option("items") + " maps item " + std::to_string(item) + " twice");
            named[at] = true;
            names[at] = column;
        }
        std::vector<std::string> unnamed;
        for (std::size_t i = 0; i < count; ++i)
            if (!named[i]) unnamed.push_back(std::to_string(i + 1));
        if (!unnamed.empty())
            throw option_error("alliance.table.option", spell.option("items") + " names no column for item" +
                                                            (unnamed.size() == 1 ? " " : "s ") +
                                                            describe_list(unnamed) + " (it must name items 1.." +
                                                            std::to_string(count) + ")");
        return names;
    }

    static void refuse_empty_and_repeated(const std::vector<std::string>& names, const option_spelling& spell) {
        std::map<std::string_view, std::size_t> first_item;
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (trim(names[i]).empty())
                throw option_error("alliance.table.option", spell.option("items") + " names no column for item " +
                                                                std::to_string(i + 1) + " (an empty name)");
            const auto [at, added] = first_item.emplace(trim(names[i]), i + 1);
            if (!added)
                throw option_error("alliance.table.option",
                                   spell.option("items") + " names column '" + names[i] + "' for items " +
                                       std::to_string(at->second) + " and " + std::to_string(i + 1) +
                                       "; each item needs a column of its own");
        }
    }

    std::optional<std::string> pattern_;
    std::vector<std::string> columns_;
    std::vector<std::pair<std::int64_t, std::string>> mapped_;
    bool listed_ = false;
};

// What reads an instrument's items when the caller names none: the instrument's own item
// columns (a key file's item_columns, an instrument defined by column names), else item{}.
[[nodiscard]] inline item_spec default_items(std::span<const std::string> instrument_columns) {
    if (instrument_columns.empty()) return item_spec::pattern("item{}");
    return item_spec::listed(std::vector<std::string>(instrument_columns.begin(), instrument_columns.end()));
}

// The columns of items 1..count from a pattern or a comma-separated list (item_spec::parse).
[[nodiscard]] inline std::vector<std::string> item_columns(std::string_view spec, std::size_t count,
                                                           const option_spelling& spell) {
    return item_spec::parse(spec).columns(count, spell);
}

// Where the item columns' names came from, for a message about an absent one.
[[nodiscard]] inline std::string items_hint(std::string_view spec, const option_spelling& spell) {
    return item_spec::parse(spec).hint(spell);
}

namespace detail {

// The header's names that end in digits (look like items).
template <class Name>
[[nodiscard]] std::vector<std::string_view> item_like_columns(std::span<const Name> header) {
    std::vector<std::string_view> alike;
    for (const Name& column : header) {
        const std::string_view name = trim(std::string_view(column));
        if (!name.empty() && name.back() >= '0' && name.back() <= '9') alike.push_back(name);
    }
    return alike;
}

}  // namespace detail

// The pattern that names every one of items 1..count among the header's columns, if one does:
// each name that ends in digits proposes its stem with {} and, when its number has a leading
// zero, with {:0N}.
template <class Name>
[[nodiscard]] std::optional<std::string> items_pattern_for(std::span<const Name> header, std::size_t count) {
    const std::vector<std::string_view> alike = detail::item_like_columns(header);
    std::vector<std::string> proposals;
    for (const std::string_view name : alike) {
        std::size_t digits = 0;
        while (digits < name.size() && name[name.size() - 1 - digits] >= '0' && name[name.size() - 1 - digits] <= '9')
            ++digits;
        const std::string stem(name.substr(0, name.size() - digits));
        // A '{' in the stem would be read as a placeholder: no pattern can name such a column.
        if (stem.find('{') != std::string::npos) continue;
        std::vector<std::string> own{stem + "{}"};
        if (digits > 1 && digits <= 9 && name[name.size() - digits] == '0')
            own.push_back(stem + "{:0" + std::to_string(digits) + "}");
        for (std::string& proposal : own)
            if (std::find(proposals.begin(), proposals.end(), proposal) == proposals.end())
                proposals.push_back(std::move(proposal));
    }
    for (const std::string& proposal : proposals) {
        std::size_t named = 0;
        for (std::size_t item = 1; item <= count; ++item)
            if (std::find(alike.begin(), alike.end(), item_column(proposal, item)) != alike.end()) ++named;
        if (count > 0 && named == count) return proposal;
    }
    return std::nullopt;
}

// When a header holds none of an instrument's item columns: the header's columns that look
// like items (a name that ends in digits) and what would read items 1..count from them, e.g.
// "columns that look like items: wai01, wai02, ... (12 in all); try --items 'wai{:02}'". Empty
// when no column looks like an item.
template <class Name>
[[nodiscard]] std::string suggest_items(std::span<const Name> header, std::size_t count, const option_spelling& spell) {
    const std::vector<std::string_view> alike = detail::item_like_columns(header);
    if (alike.empty()) return {};
    std::string text = "columns that look like items: ";
    for (std::size_t i = 0; i < alike.size() && i < 6; ++i) text += (i > 0 ? ", " : "") + std::string(alike[i]);
    if (alike.size() > 6) text += ", ... (" + std::to_string(alike.size()) + " in all)";
    if (const auto pattern = items_pattern_for(header, count))
        return text + "; try " + spell.option("items") + " '" + *pattern + "'";
    if (alike.size() >= count && count > 0) {
        std::string list;
        for (std::size_t i = 0; i < count && i < 5; ++i) list += (i > 0 ? "," : "") + std::string(alike[i]);
        return text + "; no one pattern names items 1.." + std::to_string(count) +
               " among them: list the columns in item order (" + spell.option("items") + " " + list +
               (count > 5 ? ",..." : "") + ")";
    }
    return text;
}

}  // namespace alliance::table
