// `alliance list`: the built-in instruments, as a table (CSV, JSON Lines or aligned text), or
// one instrument in full, as text, with its scales, rules, cut-offs, norms and severity bands.
// (One instrument as JSON is its key file: alliance::to_key_file_json, alliance/key_file_writer.hpp.)
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/cutoff.hpp>
#include <alliance/definition.hpp>
#include <alliance/explain.hpp>
#include <alliance/missing_rule.hpp>
#include <alliance/norms.hpp>
#include <alliance/response_scale.hpp>
#include <alliance/severity.hpp>

#include "command_line.hpp"
#include "io/json_writer.hpp"
#include "io/output.hpp"

namespace alliance::cli {

enum class list_format { csv, jsonl, text };

namespace detail {

[[nodiscard]] inline std::string scale_names(const instrument_view& def) {
    std::string names;
    for (const scale_entry& scale : def.scales) names += (names.empty() ? "" : ", ") + std::string(scale.name);
    return names;
}

}  // namespace detail

// One row per instrument: id, name, form, items, response_scale, scales, citation.
inline void write_catalogue(buffered_writer& out, list_format format) {
    const auto entries = catalogue();
    if (format == list_format::text) {
        // Aligned columns for reading in a terminal; the citation last, unpadded.
        const std::vector<std::string> header{"id", "name", "form", "items", "response scale", "scales"};
        std::vector<std::vector<std::string>> rows{header};
        for (const catalogue_entry& entry : entries) {
            const instrument_view& def = entry.definition;
            rows.push_back({std::string(def.about.id), std::string(def.about.name),
                            std::string(to_string(def.about.form)), std::to_string(def.item_count),
                            describe(def.response_format), detail::scale_names(def)});
        }
        std::vector<std::size_t> width(header.size(), 0);
        for (const auto& row : rows)
            for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
            for (std::size_t c = 0; c < rows[r].size(); ++c) {
                out.put(rows[r][c]);
                out.put(std::string(width[c] - rows[r][c].size() + 2, ' '));
            }
            out.put(r == 0 ? std::string_view("citation") : entries[r - 1].definition.about.citation);
            out.put('\n');
        }
        return;
    }
    table_writer table(out, format == list_format::jsonl ? table_format::jsonl : table_format::csv,
                       {"id", "name", "form", "items", "response_scale", "scales", "citation"});
    for (const catalogue_entry& entry : entries) {
        const instrument_view& def = entry.definition;
        table.text(def.about.id);
        table.text(def.about.name);
        table.text(to_string(def.about.form));
        table.integer(static_cast<long long>(def.item_count));
        table.text(describe(def.response_format));
        table.text(detail::scale_names(def));
        table.text(def.about.citation);
        table.end_row();
    }
}

// "'Seldom' 1, 'Always' 5" for the text listing.
[[nodiscard]] inline std::string describe_labels(const label_map& map) {
    std::string text;
    for (const auto& [label, code] : map.entries())
        text += (text.empty() ? "'" : ", '") + label + "' " + alliance::detail::format_number(code);
    return text;
}

// One instrument in full, for people; with its item columns and answer labels when it has them.
inline void write_instrument_text(buffered_writer& out, const catalogue_entry& entry,
                                  const runtime_instrument& instrument) {
    const instrument_view& def = entry.definition;
    auto line = [&](std::string_view label, std::string_view value) {
        if (value.empty()) return;
        out.put(label);
        out.put(std::string(16 - std::min<std::size_t>(label.size(), 15), ' '));
        out.put(value);
        out.put('\n');
    };
    line("id", def.about.id);
    line("name", def.about.name);
    line("form", to_string(def.about.form));
    line("items", std::to_string(def.item_count));
    line("response scale", describe(def.response_format));
    line("reversed items", def.reversed.empty() ? std::string("none") : alliance::detail::join_numbers(def.reversed));
    std::string columns;
    for (const std::string& column : instrument.item_columns()) columns += (columns.empty() ? "" : ", ") + column;
    line("item columns", columns);
    line("answer labels", describe_labels(instrument.labels().common()));
    for (const auto& [item, own] : instrument.labels().items())
        line("  of item " + std::to_string(item), describe_labels(own));
    line("citation", def.about.citation);
    line("licence", def.about.licence);
    line("verification", def.about.verification);
    out.put("scales\n");
    for (const scale_entry& scale : def.scales) {
        const auto items = def.items_of(scale);
        std::string text = "  " + std::string(scale.name) + " (" +
                           std::string(to_string(scale.role)) + "): " +
                           (alliance::detail::is_every_item(items, def.item_count)
                                ? "all " + std::to_string(def.item_count) + " items"
                                : "items " + alliance::detail::join_numbers(items)) +
                           "; reported as " +
                           std::string(to_string(scale.metric)) + "; missing items: " +
                           describe(scale.missing, static_cast<int>(scale.count));
        if (!scale.missing.source.empty()) text += " (source: " + std::string(scale.missing.source) + ")";
        out.put(text);
        out.put('\n');
    }
    out.put("cut-offs\n");
    if (entry.cutoffs.empty()) out.put("  none\n");
    for (const cutoff& rule : entry.cutoffs) {
        std::string text = "  " + std::string(rule.id) + ": " + std::string(rule.scale) + " " +
                           std::string(symbol(rule.when)) + " " + alliance::detail::format_number(rule.value) +
                           " flags " + std::string(rule.meaning) + "\n    source: " + std::string(rule.citation);
        if (!rule.note.empty()) text += "\n    note: " + std::string(rule.note);
        out.put(text);
        out.put('\n');
    }
    out.put("norms\n");
    if (entry.norms.empty()) out.put("  none\n");
    for (const norm& record : entry.norms) {
        out.put("  " + describe(record) + "\n");
        if (!record.note.empty()) out.put("    note: " + std::string(record.note) + "\n");
    }
    out.put("severity bands\n");
    if (entry.severity.empty()) out.put("  none\n");
    for (const severity_bands& table : entry.severity) {
        std::string text = "  " + std::string(table.id) + ": " + std::string(table.scale);
        for (const severity_band& band : table.bands)
            text += (&band == table.bands.data() ? " " : ", ") + alliance::detail::format_number(band.from) + "-" +
                    alliance::detail::format_number(band.to) + " " + std::string(band.label);
        text += "\n    source: " + std::string(table.citation);
        if (!table.note.empty()) text += "\n    note: " + std::string(table.note);
        out.put(text + "\n");
    }
}

// A missing-item rule as a JSON object: kind, its parameter, description, source.
inline void write_rule_json(json_writer& json, const missing_rule& rule, int items) {
    json.begin_object();
    json.field("kind", to_string(rule.kind));
    if (rule.kind == missing_rule_kind::prorate_min_fraction) json.field("fraction", rule.fraction);
    else if (rule.kind != missing_rule_kind::all_required) json.field("count", rule.count);
    json.field("description", describe(rule, items));
    json.field("source", rule.source);
    json.end_object();
}

inline void write_response_scale_json(json_writer& json, const response_scale& scale) {
    json.begin_object();
    json.field("type", to_string(scale.type));
    json.field("min", scale.min);
    json.field("max", scale.max);
    json.field("resolution", scale.resolution);
    json.field("allows_not_applicable", scale.allows_not_applicable);
    json.field("description", describe(scale));
    json.end_object();
}

inline constexpr std::string_view list_help = R"(Usage: alliance list [ID | --key FILE] [OPTIONS]

Without ID: the built-in instruments, one row each, with the columns
  id, name, form, items, response_scale, scales, citation
With ID (or --key FILE): that instrument in full - response scale, reversed items, every
scale's items, metric and missing-item rule with its source, licence, how the key was
verified, and its published cut-offs, norms and severity bands.

Options:
  --key FILE          show the instrument a key file defines (docs/key-files.md)
  --format FORMAT     without ID: csv (default), jsonl or text (aligned columns);
                      with ID: text (default) or json - the instrument as a key file,
                      which 'alliance score --key' reads back: a start for your own keys
  -o, --output FILE   write to FILE instead of standard output
  -h, --help          this text
)";

namespace detail {

inline const std::vector<option_spec> list_options{{"key"}, {"format"}, {"output", true, 'o'}, {"help", false, 'h'}};

// run_list, the command's entry point: commands/list.cpp.

}  // namespace detail

}  // namespace alliance::cli
