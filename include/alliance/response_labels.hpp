// Answers exported as labels ("Seldom" ... "Always": REDCap's label export, most survey tools'
// default) and the codes they stand for, once for every front-end: --labels FILE and a key
// file's response_labels on the command line, labels= in Python and R. One map for every item,
// and optionally a map of its own for an item (which replaces the common one for that item:
// an item worded the other way round may label its answers differently). A label is matched
// after trimming spaces, exactly (case included). A key file's response_labels travel with its
// instrument (instrument_definition::response_labels); the JSON form is read by
// alliance/key_file_reader.hpp, the cells by alliance/table/cells.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/trim.hpp"

namespace alliance {

// Labels and their codes, in the order given.
class label_map {
public:
    // Adds `label` (trimmed) for `code`. `where` names the map in a message ("labels",
    // "labels of item 3"). Throws option_error "alliance.table.labels" for an empty label, a
    // label given twice, or a code that is not a finite number.
    void add(std::string_view label, double code, std::string_view where) {
        const std::string_view text = trim(label);
        if (text.empty()) throw option_error("alliance.table.labels", std::string(where) + " hold an empty label");
        if (!std::isfinite(code))
            throw option_error("alliance.table.labels", std::string(where) + " map label '" + std::string(text) +
                                                            "' to " + alliance::detail::format_number(code) +
                                                            ", not to a number");
        if (find(text))
            throw option_error("alliance.table.labels",
                               std::string(where) + " hold label '" + std::string(text) + "' twice");
        entries_.emplace_back(std::string(text), code);
    }
    // The code of a trimmed text, or nullopt.
    [[nodiscard]] std::optional<double> find(std::string_view text) const noexcept {
        for (const auto& [label, code] : entries_)
            if (label == text) return code;
        return std::nullopt;
    }
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    [[nodiscard]] const std::vector<std::pair<std::string, double>>& entries() const noexcept { return entries_; }
    // "'Never', 'Seldom', ..." for messages (the first eight).
    [[nodiscard]] std::string listing() const {
        std::string text;
        for (std::size_t i = 0; i < entries_.size() && i < 8; ++i) text += (i > 0 ? ", '" : "'") + entries_[i].first + "'";
        if (entries_.size() > 8) text += ", ... (" + std::to_string(entries_.size()) + " in all)";
        return text;
    }

private:
    std::vector<std::pair<std::string, double>> entries_;
};

// The common map and the items' own maps.
class response_labels {
public:
    [[nodiscard]] label_map& common() noexcept { return common_; }
    [[nodiscard]] const label_map& common() const noexcept { return common_; }
    // Item `item`'s own map (1-based), made empty when it has none yet.
    [[nodiscard]] label_map& item(std::size_t item) {
        const auto at = std::find_if(items_.begin(), items_.end(), [&](const auto& own) { return own.first == item; });
        if (at != items_.end()) return at->second;
        return items_.emplace_back(item, label_map{}).second;
    }
    [[nodiscard]] bool empty() const noexcept { return common_.empty() && items_.empty(); }

    // The map that reads item `item` (1-based; 0: an answer of no particular item): its own,
    // else the common one; nullptr when there are no labels.
    [[nodiscard]] const label_map* for_item(std::size_t item) const noexcept {
        for (const auto& [number, own] : items_)
            if (number == item) return &own;
        return common_.empty() ? nullptr : &common_;
    }
    [[nodiscard]] std::optional<double> code(std::size_t item, std::string_view trimmed) const noexcept {
        const label_map* map = for_item(item);
        return map != nullptr ? map->find(trimmed) : std::nullopt;
    }
    [[nodiscard]] const std::vector<std::pair<std::size_t, label_map>>& items() const noexcept { return items_; }

private:
    label_map common_;
    std::vector<std::pair<std::size_t, label_map>> items_;
};

}  // namespace alliance
