// Writing key files: the exporter that writes any definition, built-in or from a key file, with
// its cut-offs, norms and severity bands, in the format alliance/key_file_reader.hpp reads back
// to the same definition (docs/key-files.md). Needs nlohmann/json, like the reader.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "alliance/catalogue_entry.hpp"
#include "alliance/key_file_reader.hpp"

namespace alliance {

namespace detail::keys {

[[nodiscard]] inline json number_json(double x) {
    // Whole numbers as JSON integers (1 rather than 1.0); others in the shortest form that
    // reads back to the same double.
    if (is_integer(x)) return json(static_cast<std::int64_t>(x));
    return json(x);
}

[[nodiscard]] inline json rule_json(const missing_rule& rule) {
    json out = json::object();
    out["rule"] = std::string(to_string(rule.kind));
    switch (rule.kind) {
        case missing_rule_kind::prorate_min_answered:
        case missing_rule_kind::prorate_max_missing:
        case missing_rule_kind::replace_by_mean: out["count"] = rule.count; break;
        case missing_rule_kind::prorate_min_fraction: out["fraction"] = rule.fraction; break;
        case missing_rule_kind::all_required: break;
    }
    if (!rule.source.empty()) out["source"] = std::string(rule.source);
    return out;
}

// Pretty JSON with short arrays of numbers or strings on one line ("items": [1, 2, 10, 12]),
// so a key file reads like the scoring sheet. Primitives are written by nlohmann (escaping).
inline void write_pretty(std::string& out, const json& value, int indent) {
    const auto pad = [&](int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); };
    if (value.is_object()) {
        if (value.empty()) { out += "{}"; return; }
        out += "{\n";
        std::size_t i = 0;
        for (auto it = value.begin(); it != value.end(); ++it, ++i) {
            pad(indent + 1);
            out += json(it.key()).dump() + ": ";
            write_pretty(out, it.value(), indent + 1);
            out += i + 1 < value.size() ? ",\n" : "\n";
        }
        pad(indent);
        out += "}";
    } else if (value.is_array()) {
        bool flat = true;
        for (const auto& element : value) flat = flat && element.is_primitive();
        if (flat) {
            out += "[";
            for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + value[i].dump();
            out += "]";
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < value.size(); ++i) {
            pad(indent + 1);
            write_pretty(out, value[i], indent + 1);
            out += i + 1 < value.size() ? ",\n" : "\n";
        }
        pad(indent);
        out += "]";
    } else {
        out += value.dump();
    }
}

[[nodiscard]] inline bool is_all_items(std::span<const int> items, std::size_t count) {
    if (items.size() != count) return false;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i] != static_cast<int>(i + 1)) return false;
    return true;
}

}  // namespace detail::keys

namespace detail::keys {

[[nodiscard]] inline json response_scale_json(const response_scale& format) {
    json scale = json::object();
    scale["type"] = std::string(to_string(format.type));
    scale["min"] = number_json(format.min);
    scale["max"] = number_json(format.max);
    if (format.type == scale_type::analogue || format.resolution != 1.0)
        scale["resolution"] = number_json(format.resolution);
    if (format.allows_not_applicable) scale["not_applicable"] = true;
    return scale;
}

// A total that closes the list is written as "total" (its items only when they are not
// simply every item); any other scale goes to "scales", a total there with "role".
inline void write_scales(json& out, const instrument_view& def) {
    const auto scales = def.scales;
    const bool closing_total = !scales.empty() && scales.back().role == scale_role::total;
    json list = json::array();
    for (std::size_t i = 0; i < scales.size(); ++i) {
        const scale_entry& entry = scales[i];
        const auto items = def.items_of(entry);
        json s = json::object();
        s["name"] = std::string(entry.name);
        const bool is_closing_total = closing_total && i + 1 == scales.size();
        if (!is_closing_total || !is_all_items(items, def.item_count))
            s["items"] = std::vector<int>(items.begin(), items.end());
        s["metric"] = std::string(to_string(entry.metric));
        s["missing"] = rule_json(entry.missing);
        if (is_closing_total) {
            out["scales"] = list;
            out["total"] = s;
            return;
        }
        if (entry.role == scale_role::total) s["role"] = "total";
        list.push_back(s);
    }
    out["scales"] = list;
}

[[nodiscard]] inline json cutoff_json(const cutoff& rule) {
    json c = json::object();
    c["id"] = std::string(rule.id);
    c["scale"] = std::string(rule.scale);
    c["value"] = number_json(rule.value);
    c["flag_when"] = std::string(to_string(rule.when));
    c["meaning"] = std::string(rule.meaning);
    c["citation"] = std::string(rule.citation);
    c["note"] = std::string(rule.note);
    return c;
}

[[nodiscard]] inline json norm_json(const norm& record) {
    json n = json::object();
    n["id"] = std::string(record.id);
    n["edition"] = record.edition;
    n["scale"] = std::string(record.scale);
    n["population"] = std::string(record.population);
    if (record.n) n["n"] = *record.n;
    n["mean"] = number_json(record.mean);
    n["sd"] = number_json(record.sd);
    if (record.reliability.kind != reliability_kind::none)
        n["reliability"] = json{{"value", record.reliability.value},
                                {"kind", std::string(to_string(record.reliability.kind))}};
    n["citation"] = std::string(record.citation);
    n["note"] = std::string(record.note);
    n["confidence"] = std::string(to_string(record.confidence));
    return n;
}

[[nodiscard]] inline json severity_json(const severity_bands& table) {
    json t = json::object();
    t["id"] = std::string(table.id);
    t["scale"] = std::string(table.scale);
    json bands = json::array();
    for (const severity_band& band : table.bands)
        bands.push_back(json{{"label", std::string(band.label)}, {"from", number_json(band.from)},
                             {"to", number_json(band.to)}});
    t["bands"] = bands;
    t["citation"] = std::string(table.citation);
    t["note"] = std::string(table.note);
    return t;
}

// An array of to_json(x) for every x, or nothing when there are none.
template <class Record, class ToJson>
void write_list(json& out, const char* field, std::span<const Record> records, ToJson to_json) {
    if (records.empty()) return;
    json items = json::array();
    for (const Record& record : records) items.push_back(to_json(record));
    out[field] = items;
}

}  // namespace detail::keys

namespace detail::keys {

[[nodiscard]] inline json key_file_document(const instrument_view& def, std::span<const cutoff> cutoffs,
                                            std::span<const norm> norms, std::span<const severity_bands> severity) {
    json out = json::object();
    out["format"] = std::string(key_file_format);
    out["id"] = std::string(def.about.id);
    out["name"] = std::string(def.about.name);
    out["form"] = std::string(to_string(def.about.form));
    out["citation"] = std::string(def.about.citation);
    out["licence"] = std::string(def.about.licence);
    out["verification"] = std::string(def.about.verification);
    out["response_scale"] = response_scale_json(def.response_format);
    out["item_count"] = def.item_count;
    out["reversed"] = std::vector<int>(def.reversed.begin(), def.reversed.end());
    write_scales(out, def);
    write_list(out, "cutoffs", cutoffs, cutoff_json);
    write_list(out, "norms", norms, norm_json);
    write_list(out, "severity_bands", severity, severity_json);
    return out;
}

[[nodiscard]] inline json label_map_json(const label_map& map) {
    json out = json::object();
    for (const auto& [label, code] : map.entries()) out[label] = number_json(code);
    return out;
}

// The short form when every item shares one map, as key-files.md shows it first.
[[nodiscard]] inline json response_labels_json(const response_labels& labels) {
    if (labels.items().empty()) return label_map_json(labels.common());
    json out = json::object();
    if (!labels.common().empty()) out["labels"] = label_map_json(labels.common());
    json items = json::object();
    for (const auto& [item, own] : labels.items()) items[std::to_string(item)] = label_map_json(own);
    out["items"] = std::move(items);
    return out;
}

[[nodiscard]] inline std::string pretty(const json& document) {
    std::string text;
    write_pretty(text, document, 0);
    return text + "\n";
}

}  // namespace detail::keys

// Writes a definition, with its cut-offs, norms and severity bands, as a key file that
// parse_key_file reads back to the same definition (`alliance list ID --format json`).
[[nodiscard]] inline std::string to_key_file_json(const instrument_view& def, std::span<const cutoff> cutoffs = {},
                                                  std::span<const norm> norms = {},
                                                  std::span<const severity_bands> severity = {}) {
    return detail::keys::pretty(detail::keys::key_file_document(def, cutoffs, norms, severity));
}

// A catalogue entry (built-in or from key_file::entry()) with everything attached to it.
[[nodiscard]] inline std::string to_key_file_json(const catalogue_entry& entry) {
    return to_key_file_json(entry.definition, entry.cutoffs, entry.norms, entry.severity);
}

// Any run-time instrument with the records it carries, its item columns and answer labels:
// read back, it is the same instrument.
[[nodiscard]] inline std::string to_key_file_json(const runtime_instrument& instrument) {
    namespace keys = detail::keys;
    keys::json out = keys::key_file_document(instrument.view(), instrument.cutoffs(), instrument.norms(),
                                             instrument.severity());
    if (!instrument.item_columns().empty())
        out["item_columns"] = std::vector<std::string>(instrument.item_columns().begin(), instrument.item_columns().end());
    if (!instrument.labels().empty()) out["response_labels"] = keys::response_labels_json(instrument.labels());
    return keys::pretty(out);
}

}  // namespace alliance
