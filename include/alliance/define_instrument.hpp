// An instrument defined in a call rather than a file (define_instrument in the Python and R
// packages), through the key-file reader, so that it meets exactly the checks a key file meets.
// Its scales name items by number ("3", "-3") or by column name ("A1", "-A1"), a leading '-'
// marking a reversed item, as psych's key lists do (psych::bfi.keys: scoreItems(keys, items),
// Revelle, psych package manual, "scoreItems"). Items named by column are numbered in order of
// first appearance and the instrument keeps the names (item_columns), so it scores a data
// frame holding those columns and save_key writes them into the key file.
//
//   alliance::instrument_request bfi{.id = "bfi", .response_min = 1, .response_max = 6,
//                                    .scales = {{"agree", {"-A1", "A2", "A3", "A4", "A5"}}, ...}};
//   alliance::runtime_instrument lab = alliance::define_instrument(bfi, table::binding_spelling);
//
// Needs nlohmann/json (the key_file tier).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/key_file_reader.hpp"
#include "alliance/missing_rule.hpp"
#include "alliance/response_labels.hpp"
#include "alliance/runtime_instrument.hpp"
#include "alliance/table/spelling.hpp"
#include "alliance/trim.hpp"

namespace alliance {

struct instrument_scale_request {
    std::string name;
    std::vector<std::string> items;  // "3" or "A1"; "-3", "-A1" reversed
};

struct instrument_request {
    std::string id;
    std::string name;  // empty: the id
    double response_min = 0, response_max = 0;
    std::vector<instrument_scale_request> scales;  // every scale to report, a total too if wanted
    std::vector<std::string> reversed;              // more reversed items, by number or name
    // "all_required" (empty: that), or a rule with its number: "prorate_min_answered:3",
    // "prorate_min_fraction:0.8" (docs/key-files.md, missing-item rules).
    std::string missing_rule;
    std::string metric;  // "sum" (empty: that) or "mean"
    response_labels labels;
};

namespace detail::define {

using json = nlohmann::ordered_json;

[[noreturn]] inline void refuse(const std::string& what) { throw option_error("alliance.table.define_instrument", what); }

[[nodiscard]] inline bool is_number_text(std::string_view text) noexcept {
    return !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// {"rule": ..., "count" | "fraction": ...} from "rule" or "rule:number".
[[nodiscard]] inline json missing_rule_json(std::string_view text, const table::option_spelling& spell) {
    const std::size_t colon = text.find(':');
    const std::string name(trim(text.substr(0, colon)));
    const auto kind = parse_name(missing_rule_kind_names, name);
    if (!kind) {
        std::string list;
        for (const auto& choice : missing_rule_kind_names) list += (list.empty() ? "" : ", ") + std::string(choice.name);
        refuse(spell.option("missing-rule") + " '" + std::string(text) + "' is not a rule; the rules are " + list +
               " (with ':N' for a count, ':F' for a fraction)");
    }
    json rule = json::object();
    rule["rule"] = name;
    const missing_rule_parameter parameter = parameter_of(*kind);
    if (parameter == missing_rule_parameter::none) {
        if (colon != std::string_view::npos)
            refuse(spell.option("missing-rule") + " '" + std::string(text) + "': rule " + name + " takes no number");
        return rule;
    }
    const std::string number(colon == std::string_view::npos ? std::string_view{} : trim(text.substr(colon + 1)));
    const bool count = parameter == missing_rule_parameter::count;
    if (count && is_number_text(number)) {
        rule["count"] = std::stoi(number);
        return rule;
    }
    char* end = nullptr;
    const double fraction = number.empty() ? 0 : std::strtod(number.c_str(), &end);
    if (count || number.empty() || end != number.c_str() + number.size())
        refuse(spell.option("missing-rule") + " '" + std::string(text) + "': rule " + name + " takes " +
               (count ? "a count of items (" + name + ":3)" : "a fraction of items (" + name + ":0.8)"));
    rule["fraction"] = fraction;
    return rule;
}

// Item entries as numbers, or as column names numbered in order of first appearance.
struct item_numbering {
    bool by_name = false;
    std::vector<std::string> columns;  // by_name: the column of item i + 1
    std::map<std::string, int, std::less<>> number_of;

    // The entry without its sign, trimmed; whether it was reversed.
    static std::pair<std::string_view, bool> unsigned_entry(std::string_view entry) {
        entry = trim(entry);
        const bool reversed = !entry.empty() && entry.front() == '-';
        if (reversed) entry = trim(entry.substr(1));
        return {entry, reversed};
    }

    explicit item_numbering(const instrument_request& request, const table::option_spelling& spell) {
        bool numbers = false, names = false;
        const auto note = [&](std::string_view entry, std::string_view where) {
            const std::string_view item = unsigned_entry(entry).first;
            if (item.empty()) refuse(std::string(where) + " holds an empty item");
            (is_number_text(item) ? numbers : names) = true;
        };
        for (const auto& scale : request.scales)
            for (const std::string& entry : scale.items) note(entry, spell.option("scales") + " '" + scale.name + "'");
        for (const std::string& entry : request.reversed) note(entry, spell.option("reversed"));
        if (numbers && names)
            refuse(spell.option("scales") + " mix item numbers and column names; give one or the other");
        by_name = names;
        if (!by_name) return;
        const auto number = [&](std::string_view entry) {
            const std::string_view item = unsigned_entry(entry).first;
            if (number_of.find(item) != number_of.end()) return;
            columns.emplace_back(item);
            number_of.emplace(std::string(item), static_cast<int>(columns.size()));
        };
        for (const auto& scale : request.scales)
            for (const std::string& entry : scale.items) number(entry);
        for (const std::string& entry : request.reversed) {
            if (number_of.find(unsigned_entry(entry).first) == number_of.end())
                refuse(spell.option("reversed") + " names column '" + entry + "', which no scale holds");
        }
    }

    [[nodiscard]] int item(std::string_view entry) const {
        const std::string_view text = unsigned_entry(entry).first;
        if (by_name) return number_of.find(text)->second;
        return std::stoi(std::string(text));
    }
};

}  // namespace detail::define

// Builds the instrument `request` describes through the key-file reader (alliance.key_file.*
// errors for what a key file could hold wrong), after its own checks (option_error
// "alliance.table.define_instrument": a scale with no items, an item twice in a scale, an item reversed
// in one scale and not in another, numbers mixed with names, an unknown missing rule).
[[nodiscard]] inline runtime_instrument define_instrument(const instrument_request& request,
                                                          const table::option_spelling& spell) {
    namespace define = detail::define;
    using json = define::json;
    if (!(request.response_min < request.response_max))
        define::refuse(spell.option("response") + " needs its lowest answer below its highest, not " +
                       alliance::detail::format_number(request.response_min) + " and " +
                       alliance::detail::format_number(request.response_max));
    if (request.scales.empty()) define::refuse(spell.option("scales") + " names no scale");
    const define::item_numbering numbering(request, spell);

    std::map<int, std::pair<bool, std::string>> sign;  // item -> reversed, the scale that said so
    std::set<int> reversed;
    int highest = 0;
    json scales = json::array();
    for (const auto& scale : request.scales) {
        if (scale.items.empty()) define::refuse(spell.option("scales") + " '" + scale.name + "' has no items");
        json items = json::array();
        std::set<int> seen;
        for (const std::string& entry : scale.items) {
            const int item = numbering.item(entry);
            const bool reversed_here = define::item_numbering::unsigned_entry(entry).second;
            if (!seen.insert(item).second)
                define::refuse(spell.option("scales") + " '" + scale.name + "' holds item '" +
                               std::string(define::item_numbering::unsigned_entry(entry).first) + "' twice");
            const auto [at, added] = sign.emplace(item, std::pair{reversed_here, scale.name});
            if (!added && at->second.first != reversed_here)
                define::refuse("item '" + std::string(define::item_numbering::unsigned_entry(entry).first) +
                               "' is reversed in scale '" + (reversed_here ? scale.name : at->second.second) +
                               "' and not in scale '" + (reversed_here ? at->second.second : scale.name) +
                               "'; an item is reversed for the whole instrument");
            if (reversed_here) reversed.insert(item);
            highest = std::max(highest, item);
            items.push_back(item);
        }
        json one = json::object();
        one["name"] = scale.name;
        one["items"] = std::move(items);
        scales.push_back(std::move(one));
    }
    for (const std::string& entry : request.reversed) {
        const int item = numbering.item(entry);
        reversed.insert(item);
        highest = std::max(highest, item);
    }

    json document = json::object();
    document["format"] = std::string(key_file_format);
    document["id"] = request.id;
    document["name"] = request.name.empty() ? request.id : request.name;
    document["response_scale"] = {{"type", "likert"}, {"min", request.response_min}, {"max", request.response_max}};
    document["item_count"] = numbering.by_name ? static_cast<int>(numbering.columns.size()) : highest;
    document["reversed"] = std::vector<int>(reversed.begin(), reversed.end());
    json scoring = json::object();
    if (!request.metric.empty()) scoring["metric"] = request.metric;
    if (!request.missing_rule.empty()) scoring["missing"] = define::missing_rule_json(request.missing_rule, spell);
    if (!scoring.empty()) document["scoring"] = std::move(scoring);
    document["scales"] = std::move(scales);
    if (numbering.by_name) document["item_columns"] = numbering.columns;
    std::string text;
    try {
        text = document.dump();
    } catch (const json::exception&) {
        define::refuse("a name or a label of instrument '" + request.id + "' is not valid UTF-8 text");
    }
    const runtime_instrument read = parse_key_file(text, "define_instrument('" + request.id + "')").instrument();
    // The labels are maps already checked label by label: they join the definition the reader made.
    for (const auto& [item, own] : request.labels.items())
        if (item < 1 || item > read.item_count())
            define::refuse(spell.option("labels") + " give labels for item " + std::to_string(item) +
                           ", but the items are 1.." + std::to_string(read.item_count()));
    instrument_definition definition = read.definition();
    definition.labels = request.labels;
    return runtime_instrument(std::move(definition));
}

}  // namespace alliance
