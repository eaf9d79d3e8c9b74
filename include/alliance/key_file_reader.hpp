// Reading key files: instruments defined at run time from a JSON key file, so a lab that holds
// an official scoring sheet (the 36-item WAI, a local translation, its own questionnaire) can
// score it without recompiling. The format is documented in docs/key-files.md; examples/keys/
// has a complete example. Writing them: alliance/key_file_writer.hpp.
//
//   alliance::runtime_instrument lab = alliance::load_key_file("keys/lab-scale.json");
//   auto scores = alliance::score(lab, responses);
//
// Every error is an alliance::key_file_error (a definition_error) whose message names the file,
// the field as a JSON path ("scales[1].items[3]") and what is wrong with it. Structural rules
// (item numbers in range, no duplicates, rules that fit their scale, ...) are not checked here:
// the definition goes through runtime_instrument, i.e. the same alliance::find_problem that
// compile-time definitions go through, and this file only adds the JSON path to its verdict.
//
// This header needs nlohmann/json (Debian: nlohmann-json3-dev). The scoring headers do not.
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "alliance/catalogue_entry.hpp"
#include "alliance/column_stem.hpp"
#include "alliance/cutoff.hpp"
#include "alliance/definition.hpp"
#include "alliance/error.hpp"
#include "alliance/norms.hpp"
#include "alliance/published.hpp"
#include "alliance/runtime_instrument.hpp"
#include "alliance/severity.hpp"

namespace alliance {

// The version this library reads and writes in the key file's "format" field.
inline constexpr std::string_view key_file_format = "alliance-key-file/1";

// The largest key file read_key_file reads. A key file is a few kilobytes (the 36-item WAI's
// is under 4 KB); anything near this size is the wrong file (a data file, /dev/zero).
inline constexpr std::uintmax_t max_key_file_bytes = std::uintmax_t{1} << 20;

// A key file that cannot be used: which file, which field, what is wrong.
class key_file_error : public definition_error {
public:
    // `kind` names what the file is in the message: "key file", "labels file".
    key_file_error(std::string_view id, std::string source, std::string field, const std::string& what,
                   std::string_view kind = "key file")
        : definition_error(id, compose(kind, source, field, what)),
          source_(std::move(source)),
          field_(std::move(field)) {}

    // The file name (or the name given to parse_key_file for text).
    [[nodiscard]] const std::string& source() const noexcept { return source_; }
    // The JSON path of the offending field ("scales[1].items[3]"); empty for the whole file.
    [[nodiscard]] const std::string& field() const noexcept { return field_; }

private:
    static std::string compose(std::string_view kind, const std::string& source, const std::string& field,
                               const std::string& what) {
        std::string text = std::string(kind) + " '" + source + "'";
        if (!field.empty()) text += ", field '" + field + "'";
        return text + ": " + what;
    }

    std::string source_;
    std::string field_;
};

// Everything one key file defines: the instrument, which carries the file's own cut-offs, norms
// and severity bands (runtime_instrument::cutoffs(), ...), and the file's name. Immutable and
// cheap to copy; the views it hands out live as long as any copy, or any copy of the
// instrument. On a temporary they would dangle at once, so those calls do not compile (the
// instrument itself is handed out by value there: it shares its state).
class key_file {
public:
    [[nodiscard]] const runtime_instrument& instrument() const& noexcept { return state_->instrument; }
    [[nodiscard]] runtime_instrument instrument() const&& noexcept { return state_->instrument; }
    [[nodiscard]] std::span<const cutoff> cutoffs() const& noexcept { return state_->instrument.cutoffs(); }
    [[nodiscard]] std::span<const norm> norms() const& noexcept { return state_->instrument.norms(); }
    [[nodiscard]] std::span<const severity_bands> severity() const& noexcept { return state_->instrument.severity(); }
    [[nodiscard]] const std::string& source() const& noexcept { return state_->source; }
    [[nodiscard]] std::string source() const&& { return state_->source; }
    // The same shape as a built-in catalogue entry, so drivers treat both alike.
    [[nodiscard]] catalogue_entry entry() const& noexcept { return state_->instrument.entry(); }
    void cutoffs() const&& = delete;
    void norms() const&& = delete;
    void severity() const&& = delete;
    void entry() const&& = delete;

private:
    struct state {
        runtime_instrument instrument;
        std::string source;
    };
    explicit key_file(std::shared_ptr<const state> s) : state_(std::move(s)) {}
    std::shared_ptr<const state> state_;

    friend struct key_file_reader;
};

namespace detail::keys {

using json = nlohmann::ordered_json;

// A JSON value with its path and the file it came from, so every check can say where.
struct node {
    const json& value;
    std::string path;
    const std::string& source;
    std::string_view kind = "key file";  // what the file is, for messages

    [[noreturn]] void fail(std::string_view id, const std::string& what) const {
        throw key_file_error(id, source, path, what, kind);
    }

    [[nodiscard]] static std::string type_name(const json& v) {
        switch (v.type()) {
            case json::value_t::null: return "null";
            case json::value_t::boolean: return "a boolean";
            case json::value_t::string: return "a string";
            case json::value_t::number_integer:
            case json::value_t::number_unsigned: return "an integer";
            case json::value_t::number_float: return "a number with a fraction or exponent";
            case json::value_t::object: return "an object";
            case json::value_t::array: return "an array";
            case json::value_t::binary:
            case json::value_t::discarded: break;
        }
        return "an unsupported value";
    }

    [[noreturn]] void wrong_type(std::string_view expected) const {
        fail("alliance.key_file.wrong_type", "expected " + std::string(expected) + ", got " + type_name(value));
    }

    [[nodiscard]] node child(std::string_view key) const {
        return {value.at(std::string(key)), path.empty() ? std::string(key) : path + "." + std::string(key),
                source, kind};
    }
    [[nodiscard]] node element(std::size_t index) const {
        return {value.at(index), path + "[" + std::to_string(index) + "]", source, kind};
    }

    // Objects: only the listed fields are allowed, so a typo ("itmes") is an error, not a
    // silently ignored field.
    void require_object(std::initializer_list<std::string_view> allowed) const {
        if (!value.is_object()) wrong_type("an object");
        for (auto it = value.begin(); it != value.end(); ++it) {
            bool known = false;
            for (const auto name : allowed) known = known || it.key() == name;
            if (known) continue;
            std::string list;
            for (const auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
            node{it.value(), path.empty() ? it.key() : path + "." + it.key(), source, kind}
                .fail("alliance.key_file.unknown_field", "unknown field; allowed here: " + list);
        }
    }
    [[nodiscard]] bool has(std::string_view key) const { return value.contains(std::string(key)); }
    [[nodiscard]] node required(std::string_view key) const {
        if (!has(key))
            node{value, path.empty() ? std::string(key) : path + "." + std::string(key), source, kind}
                .fail("alliance.key_file.missing_field", "required field is missing");
        return child(key);
    }

    [[nodiscard]] std::string string() const {
        if (!value.is_string()) wrong_type("a string");
        return value.get<std::string>();
    }
    [[nodiscard]] bool boolean() const {
        if (!value.is_boolean()) wrong_type("true or false");
        return value.get<bool>();
    }
    [[nodiscard]] double number() const {
        if (!value.is_number()) wrong_type("a number");
        const double x = value.get<double>();
        if (!detail::is_finite(x)) fail("alliance.key_file.bad_value", "the number is too large to represent");
        return x;
    }
    // A whole number in [low, high]; JSON integers only, so 3.0 and "3" are type errors.
    [[nodiscard]] long long integer(long long low, long long high, std::string_view meaning) const {
        if (value.is_number_unsigned()) {
            const auto x = value.get<std::uint64_t>();
            if (x > static_cast<std::uint64_t>(high) || static_cast<long long>(x) < low)
                out_of_range(std::to_string(x), low, high, meaning);
            return static_cast<long long>(x);
        }
        if (!value.is_number_integer()) wrong_type("a whole number");
        const auto x = value.get<std::int64_t>();
        if (x < low || x > high) out_of_range(std::to_string(x), low, high, meaning);
        return x;
    }
    [[noreturn]] void out_of_range(const std::string& given, long long low, long long high,
                                   std::string_view meaning) const {
        fail("alliance.key_file.bad_value", given + " is not " + std::string(meaning) + " (" +
                                                std::to_string(low) + ".." + std::to_string(high) + ")");
    }
    // One of a fixed set of words; the error lists them.
    // The words are the enum's one name table (alliance/names.hpp), shared with to_string.
    template <class Enum, std::size_t N>
    [[nodiscard]] Enum word(const std::array<named<Enum>, N>& choices, std::string_view what) const {
        const std::string given = string();
        if (const auto found = parse_name(choices, given)) return *found;
        std::string list;
        for (const auto& choice : choices) list += (list.empty() ? "" : ", ") + std::string(choice.name);
        fail("alliance.key_file.unknown_value", "unknown " + std::string(what) + " '" + given + "'; expected one of " + list);
    }
    [[nodiscard]] std::size_t array_size() const {
        if (!value.is_array()) wrong_type("an array");
        return value.size();
    }
};

// Item numbers are ints in the core; anything wider is reported here, the range check against
// the instrument's item count is the core validator's.
inline constexpr long long max_int = std::numeric_limits<int>::max();
inline constexpr long long min_int = std::numeric_limits<int>::min();

[[nodiscard]] inline std::vector<int> item_list(const node& list) {
    std::vector<int> items(list.array_size());
    for (std::size_t i = 0; i < items.size(); ++i)
        items[i] = static_cast<int>(list.element(i).integer(min_int, max_int, "an item number that fits an int"));
    return items;
}

struct rule_read {
    missing_rule rule;
    std::string source;
};

[[nodiscard]] inline rule_read missing_rule_of(const node& at) {
    at.require_object({"rule", "count", "fraction", "source"});
    rule_read out{};
    out.rule.kind = at.required("rule").word(missing_rule_kind_names, "missing-item rule");
    const bool needs_count = parameter_of(out.rule.kind) == missing_rule_parameter::count;
    const bool needs_fraction = parameter_of(out.rule.kind) == missing_rule_parameter::fraction;
    if (needs_count)
        out.rule.count = static_cast<int>(at.required("count").integer(min_int, max_int, "a count that fits an int"));
    else if (at.has("count"))
        at.child("count").fail("alliance.key_file.unknown_field", "rule '" + at.child("rule").string() + "' takes no count");
    if (needs_fraction)
        out.rule.fraction = at.required("fraction").number();
    else if (at.has("fraction"))
        at.child("fraction").fail("alliance.key_file.unknown_field",
                                  "rule '" + at.child("rule").string() + "' takes no fraction");
    if (at.has("source")) out.source = at.child("source").string();
    return out;
}

// Where each scale of the definition came from in the file, to name fields in errors.
struct scale_origin {
    std::string path;           // "scales[2]" or "total"
    std::string missing_path;   // the rule's field: "<path>.missing" or "scoring.missing"
};

[[nodiscard]] inline scale_definition scale_of(const node& at, std::size_t item_count, scale_role role,
                                               const rule_read& default_rule, alliance::metric default_metric,
                                               scale_origin& origin) {
    const bool is_total_field = role == scale_role::total;
    if (is_total_field)
        at.require_object({"name", "items", "metric", "missing"});
    else
        at.require_object({"name", "items", "metric", "missing", "role"});
    scale_definition scale;
    scale.role = role;
    if (!is_total_field && at.has("role")) scale.role = at.child("role").word(scale_role_names, "scale role");
    scale.name = is_total_field && !at.has("name") ? std::string("total") : at.required("name").string();
    if (is_total_field && !at.has("items")) {
        // The total over every item (item_count was bounded by max_items when it was read).
        for (std::size_t i = 1; i <= item_count; ++i) scale.items.push_back(static_cast<int>(i));
    } else {
        scale.items = item_list(at.required("items"));
    }
    scale.metric = at.has("metric") ? at.child("metric").word(metric_names, "metric") : default_metric;
    const rule_read rule = at.has("missing") ? missing_rule_of(at.child("missing")) : default_rule;
    scale.missing = rule.rule;
    scale.missing_source = rule.source;
    origin.missing_path = at.has("missing") ? at.path + ".missing" : std::string("scoring.missing");
    return scale;
}

[[nodiscard]] inline std::string quoted(const std::string& text) { return "'" + text + "'"; }

// One label map: {"Seldom": 1, ...}.
inline void label_map_of(const node& at, label_map& map) {
    if (!at.value.is_object()) at.wrong_type("an object mapping each label to its code");
    for (auto it = at.value.begin(); it != at.value.end(); ++it) {
        const node code{it.value(), at.path.empty() ? it.key() : at.path + "." + it.key(), at.source, at.kind};
        try {
            map.add(it.key(), code.number(), "the labels");
        } catch (const option_error& e) {
            code.fail("alliance.key_file.bad_value", e.message());
        }
    }
}

// Answer labels: one map for every item ({"Seldom": 1, ..., "Always": 5}), or that map and maps
// of items' own ({"labels": {...}, "items": {"3": {...}}}); the second form is told by its
// values, which are maps. Item numbers are 1..max_item.
[[nodiscard]] inline response_labels response_labels_of(const node& at, std::size_t max_item) {
    response_labels labels;
    if (!at.value.is_object()) at.wrong_type("an object mapping each label to its code");
    bool nested = false;
    for (const auto& value : at.value) nested = nested || value.is_object();
    if (!nested) {
        label_map_of(at, labels.common());
        return labels;
    }
    at.require_object({"labels", "items"});
    if (at.has("labels")) label_map_of(at.child("labels"), labels.common());
    if (at.has("items")) {
        const node items = at.child("items");
        if (!items.value.is_object()) items.wrong_type("an object mapping item numbers to label maps");
        for (auto it = items.value.begin(); it != items.value.end(); ++it) {
            const node own{it.value(), items.path + "." + it.key(), at.source, at.kind};
            const std::string& key = it.key();
            const bool digits = !key.empty() && key.size() <= 9 &&
                                key.find_first_not_of("0123456789") == std::string::npos;
            const std::size_t item = digits ? std::stoul(key) : 0;
            if (item < 1 || item > max_item)
                own.fail("alliance.key_file.bad_value", "'" + key + "' is not an item number (1.." +
                                                            std::to_string(max_item) + ")");
            label_map_of(own, labels.item(item));
        }
    }
    return labels;
}

}  // namespace detail::keys

// Reads key files; a struct so key_file can befriend one name. Use the free functions below.
struct key_file_reader {
    using json = detail::keys::json;
    using node = detail::keys::node;

    // Refuses nesting deeper than any key file needs, so hostile input cannot exhaust the stack
    // of code that walks the document.
    static constexpr int max_depth = 16;

    static key_file parse(std::string_view text, const std::string& source) {
        json document = parse_json(text, source);
        const node top{document, "", source};
        top.require_object({"format", "id", "name", "form", "citation", "licence", "verification",
                            "response_scale", "item_count", "reversed", "scoring", "scales", "total",
                            "cutoffs", "norms", "severity_bands", "item_columns", "response_labels"});
        if (top.has("format")) {
            const std::string format = top.child("format").string();
            if (format != key_file_format)
                top.child("format").fail("alliance.key_file.unsupported_format",
                                         "format " + detail::keys::quoted(format) + " is not supported; this "
                                         "library reads '" + std::string(key_file_format) + "'");
        }

        instrument_definition def;
        def.id = top.required("id").string();
        def.name = top.required("name").string();
        if (top.has("form")) def.form = top.child("form").word(form_names, "form");
        if (top.has("citation")) def.citation = top.child("citation").string();
        if (top.has("licence")) def.licence = top.child("licence").string();
        if (top.has("verification")) def.verification = top.child("verification").string();
        def.response_format = response_scale_of(top.required("response_scale"));
        def.item_count = static_cast<std::size_t>(
            top.required("item_count").integer(0, static_cast<long long>(max_items), "an item count"));
        if (top.has("reversed")) def.reversed = detail::keys::item_list(top.child("reversed"));
        if (top.has("item_columns")) {
            const node columns = top.child("item_columns");
            for (std::size_t i = 0; i < columns.array_size(); ++i)
                def.item_columns.push_back(columns.element(i).string());
        }
        if (top.has("response_labels"))
            def.labels = detail::keys::response_labels_of(top.child("response_labels"), def.item_count);

        detail::keys::rule_read default_rule{missing_rule::all_required(), {}};
        alliance::metric default_metric = metric::sum;
        if (top.has("scoring")) {
            const node scoring = top.child("scoring");
            scoring.require_object({"metric", "missing"});
            if (scoring.has("metric")) default_metric = scoring.child("metric").word(metric_names, "metric");
            if (scoring.has("missing")) default_rule = detail::keys::missing_rule_of(scoring.child("missing"));
        }

        std::vector<detail::keys::scale_origin> origins;
        const node scales = top.required("scales");
        for (std::size_t i = 0; i < scales.array_size(); ++i) {
            origins.emplace_back();
            origins.back().path = scales.element(i).path;
            def.scales.push_back(detail::keys::scale_of(scales.element(i), def.item_count, scale_role::subscale,
                                                        default_rule, default_metric, origins.back()));
        }
        if (top.has("total")) {
            origins.emplace_back();
            origins.back().path = "total";
            def.scales.push_back(detail::keys::scale_of(top.child("total"), def.item_count, scale_role::total,
                                                        default_rule, default_metric, origins.back()));
        }

        refuse_colliding_stems(def, origins, source);
        runtime_instrument instrument = validated(std::move(def), origins, source);
        auto records = std::make_shared<published_records>();
        read_records(top, instrument, *records);
        // The same definition again, now with the records it was checked against attached.
        instrument_definition checked = instrument.definition();
        return key_file(std::make_shared<const key_file::state>(
            key_file::state{runtime_instrument(std::move(checked), share(std::move(records))), source}));
    }

    // A labels file (--labels): the response_labels of a key file, alone.
    static response_labels parse_labels(std::string_view text, const std::string& source) {
        constexpr std::string_view kind = "labels file";
        json document = parse_json(text, source, kind);
        return detail::keys::response_labels_of(node{document, "", source, kind}, max_items);
    }

private:
    // Two scales whose names differ only in case or punctuation ("Bond" and "bond", "a b" and
    // "a_b") would write columns of the same name; which is which could not be told.
    static void refuse_colliding_stems(const instrument_definition& def,
                                       const std::vector<detail::keys::scale_origin>& origins,
                                       const std::string& source) {
        for (std::size_t j = 1; j < def.scales.size(); ++j)
            for (std::size_t i = 0; i < j; ++i) {
                if (def.scales[i].name == def.scales[j].name) continue;  // the validator's duplicate_scale_name
                const std::string stem = column_stem(def.scales[j].name);
                if (column_stem(def.scales[i].name) != stem) continue;
                throw key_file_error("alliance.key_file.colliding_scale_names", source, origins[j].path + ".name",
                                     "scale " + detail::keys::quoted(def.scales[j].name) + " and scale " +
                                         detail::keys::quoted(def.scales[i].name) + " (" + origins[i].path +
                                         ") give the same column names '" + stem + "_sum', '" + stem +
                                         "_mean', ...; rename one of them");
            }
    }

    static json parse_json(std::string_view text, const std::string& source, std::string_view kind = "key file") {
        // Duplicate keys would otherwise be resolved silently (the last one wins); a key file
        // with "items" twice is an error.
        std::vector<std::set<std::string>> open_objects;
        const json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
            if (depth > max_depth)
                throw key_file_error("alliance.key_file.too_deep", source, "",
                                     "nesting deeper than " + std::to_string(max_depth) + " levels", kind);
            switch (event) {
                case json::parse_event_t::object_start: open_objects.emplace_back(); break;
                case json::parse_event_t::object_end:
                    if (!open_objects.empty()) open_objects.pop_back();
                    break;
                case json::parse_event_t::key:
                    if (!open_objects.empty() && !open_objects.back().insert(parsed.get<std::string>()).second)
                        throw key_file_error("alliance.key_file.duplicate_field", source, parsed.get<std::string>(),
                                             "the field appears twice in the same object", kind);
                    break;
                case json::parse_event_t::array_start:
                case json::parse_event_t::array_end:
                case json::parse_event_t::value: break;
            }
            return true;
        };
        try {
            return json::parse(text.begin(), text.end(), check);
        } catch (const json::exception& e) {
            // A syntax error (parse_error) or a number too large for a double (out_of_range 406,
            // found by fuzzing). nlohmann's message after its own "[json.exception.*] " prefix
            // names the line and column or the number.
            std::string what = e.what();
            if (const auto end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
            throw key_file_error("alliance.key_file.bad_json", source, "", "not valid JSON: " + what, kind);
        }
    }

    static response_scale response_scale_of(const node& at) {
        at.require_object({"type", "min", "max", "resolution", "not_applicable"});
        response_scale scale;
        scale.type = at.required("type").word(scale_type_names, "response scale type");
        scale.min = at.required("min").number();
        scale.max = at.required("max").number();
        if (scale.type == scale_type::analogue)
            scale.resolution = at.required("resolution").number();
        else if (at.has("resolution"))
            scale.resolution = at.child("resolution").number();  // the validator insists on 1
        if (at.has("not_applicable")) scale.allows_not_applicable = at.child("not_applicable").boolean();
        return scale;
    }

    // The core validator decides; this only finds the field its verdict is about.
    static runtime_instrument validated(instrument_definition def,
                                        const std::vector<detail::keys::scale_origin>& origins,
                                        const std::string& source) {
        try {
            return runtime_instrument(std::move(def));
        } catch (const invalid_definition& e) {
            throw key_file_error(e.id(), source, field_of(e, origins), e.message());
        } catch (const definition_error& e) {
            if (e.id() != "alliance.definition.item_columns") throw;
            throw key_file_error(e.id(), source, "item_columns", e.message());
        }
    }

    // Maps the validator's verdict to a JSON path, from the indices the error carries.
    static std::string field_of(const invalid_definition& problem,
                                const std::vector<detail::keys::scale_origin>& origins) {
        const auto index = [&] { return "[" + std::to_string(problem.position()) + "]"; };
        using errc = definition_errc;
        switch (problem.code()) {
            case errc::missing_id: return "id";
            case errc::no_items:
            case errc::too_many_items: return "item_count";
            case errc::bad_response_scale: return "response_scale";
            case errc::no_scales: return "scales";
            case errc::reversed_out_of_range:
            case errc::duplicate_reversed: return "reversed" + index();
            case errc::unnamed_scale:
            case errc::duplicate_scale_name:
            case errc::empty_scale:
            case errc::item_out_of_range:
            case errc::duplicate_item:
            case errc::bad_missing_rule: break;
        }
        if (problem.scale_index() >= origins.size()) return {};
        const auto& origin = origins[problem.scale_index()];
        switch (problem.code()) {
            case errc::unnamed_scale:
            case errc::duplicate_scale_name: return origin.path + ".name";
            case errc::empty_scale: return origin.path + ".items";
            case errc::item_out_of_range:
            case errc::duplicate_item: return origin.path + ".items" + index();
            case errc::bad_missing_rule: return origin.missing_path;
            default: return {};
        }
    }

    static std::string_view keep(published_records& state, std::string text) { return state.keep(std::move(text)); }

    static void require_scale(const node& at, const runtime_instrument& def, const std::string& name) {
        for (const auto& scale : def.scales())
            if (scale.name == name) return;
        std::string list;
        for (const auto& scale : def.scales()) list += (list.empty() ? "" : ", ") + std::string(scale.name);
        at.fail("alliance.key_file.unknown_scale",
                "the instrument has no scale " + detail::keys::quoted(name) + "; its scales are " + list);
    }

    static void require_unique(const node& at, const std::set<std::string>& seen, const std::string& id) {
        if (seen.count(id) != 0)
            at.fail("alliance.key_file.duplicate_id", "id " + detail::keys::quoted(id) + " is used twice");
    }

    // The records view only texts that `state` keeps, the instrument's id included, so they
    // stay valid with the records alone.
    static void read_records(const node& top, const runtime_instrument& def, published_records& state) {
        const std::string_view instrument_id = state.keep(std::string(def.id()));
        if (top.has("cutoffs")) {
            const node list = top.child("cutoffs");
            std::set<std::string> ids;
            for (std::size_t i = 0; i < list.array_size(); ++i) {
                const node at = list.element(i);
                at.require_object({"id", "scale", "value", "flag_when", "meaning", "citation", "note"});
                const std::string id = at.required("id").string();
                if (id.empty()) at.child("id").fail("alliance.key_file.bad_value", "the id is empty");
                require_unique(at.child("id"), ids, id);
                ids.insert(id);
                const std::string scale = at.required("scale").string();
                require_scale(at.child("scale"), def, scale);
                cutoff rule;
                rule.id = keep(state, id);
                rule.instrument = instrument_id;
                rule.scale = keep(state, scale);
                rule.value = at.required("value").number();
                rule.when = at.required("flag_when").word(flag_when_names, "flag_when");
                if (at.has("meaning")) rule.meaning = keep(state, at.child("meaning").string());
                if (at.has("citation")) rule.citation = keep(state, at.child("citation").string());
                if (at.has("note")) rule.note = keep(state, at.child("note").string());
                state.cutoffs.push_back(rule);
            }
        }
        if (top.has("norms")) {
            const node list = top.child("norms");
            std::set<std::string> ids;
            for (std::size_t i = 0; i < list.array_size(); ++i) {
                const node at = list.element(i);
                at.require_object({"id", "edition", "scale", "population", "n", "mean", "sd", "reliability",
                                   "citation", "note", "confidence"});
                norm record;
                const std::string id = at.required("id").string();
                require_unique(at.child("id"), ids, id);
                ids.insert(id);
                record.id = keep(state, id);
                record.instrument = instrument_id;
                if (at.has("edition"))
                    record.edition = static_cast<int>(at.child("edition").integer(min_int(), max_int(), "an edition"));
                const std::string scale = at.required("scale").string();
                record.scale = keep(state, scale);
                if (at.has("population")) record.population = keep(state, at.child("population").string());
                if (at.has("n")) record.n = static_cast<int>(at.child("n").integer(min_int(), max_int(), "a sample size"));
                record.mean = at.required("mean").number();
                record.sd = at.required("sd").number();
                if (at.has("reliability")) {
                    const node rel = at.child("reliability");
                    rel.require_object({"value", "kind"});
                    record.reliability.value = rel.required("value").number();
                    record.reliability.kind = rel.required("kind").word(reliability_kind_names, "reliability kind");
                }
                if (at.has("citation")) record.citation = keep(state, at.child("citation").string());
                if (at.has("note")) record.note = keep(state, at.child("note").string());
                if (at.has("confidence"))
                    record.confidence = at.child("confidence").word(confidence_names, "confidence");
                if (const auto problem = find_problem(record))
                    node{at.value, at.path + "." + std::string(problem->field), at.source}.fail(problem->id,
                                                                                               std::string(problem->what));
                require_scale(at.child("scale"), def, scale);
                state.norms.push_back(record);
            }
        }
        if (top.has("severity_bands")) {
            const node list = top.child("severity_bands");
            std::set<std::string> ids;
            for (std::size_t i = 0; i < list.array_size(); ++i) {
                const node at = list.element(i);
                at.require_object({"id", "scale", "bands", "citation", "note"});
                severity_bands table;
                const std::string id = at.required("id").string();
                require_unique(at.child("id"), ids, id);
                ids.insert(id);
                table.id = keep(state, id);
                table.instrument = instrument_id;
                const std::string scale = at.required("scale").string();
                table.scale = keep(state, scale);
                if (at.has("citation")) table.citation = keep(state, at.child("citation").string());
                if (at.has("note")) table.note = keep(state, at.child("note").string());
                const node bands = at.required("bands");
                auto& owned = state.band_lists.emplace_back(bands.array_size());
                for (std::size_t b = 0; b < owned.size(); ++b) {
                    const node band = bands.element(b);
                    band.require_object({"label", "from", "to"});
                    owned[b] = {keep(state, band.required("label").string()), band.required("from").number(),
                                band.required("to").number()};
                }
                table.bands = owned;
                if (const auto problem = find_problem(table)) {
                    std::string field = bands.path + "[" + std::to_string(problem->band) + "]";
                    if (problem->id == std::string_view("alliance.severity.missing_id")) field = at.path + ".id";
                    if (problem->id == std::string_view("alliance.severity.missing_scale")) field = at.path + ".scale";
                    if (problem->id == std::string_view("alliance.severity.no_bands")) field = bands.path;
                    node{at.value, field, at.source}.fail(problem->id, std::string(problem->what));
                }
                require_scale(at.child("scale"), def, scale);
                state.severity.push_back(table);
            }
        }
    }

    static constexpr long long min_int() { return detail::keys::min_int; }
    static constexpr long long max_int() { return detail::keys::max_int; }
};

// Parses key-file text. `source` names it in error messages (a file name, "stdin", ...).
[[nodiscard]] inline key_file parse_key_file(std::string_view text, std::string_view source = "<string>") {
    return key_file_reader::parse(text, std::string(source));
}

// Which files read_key_file opens. The command line reads a key from any file it can open, a
// pipe included (`--key <(...)`); an embedding program (the Python and R packages) opens regular
// files only, because opening a FIFO blocks until a writer comes, where an interpreter cannot be
// interrupted.
enum class key_file_source { any, regular_only };

namespace detail::keys {

// The text of a small file (a key file, a labels file: `kind`), refused past max_key_file_bytes.
[[nodiscard]] inline std::string read_small_file(const std::filesystem::path& path, key_file_source accepted,
                                                 std::string_view kind) {
    const std::string source = path.string();
    const auto unreadable = [&](const std::string& why) {
        return key_file_error("alliance.key_file.unreadable", source, "", "cannot read the file: " + why, kind);
    };
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (std::filesystem::is_directory(status)) throw unreadable("it is a directory");
    if (accepted == key_file_source::regular_only && std::filesystem::exists(status) &&
        !std::filesystem::is_regular_file(status)) {
        const std::string_view what = std::filesystem::is_fifo(status)             ? "a FIFO (named pipe)"
                                      : std::filesystem::is_character_file(status) ? "a character device"
                                      : std::filesystem::is_block_file(status)     ? "a block device"
                                      : std::filesystem::is_socket(status)         ? "a socket"
                                                                                    : "not a file";
        throw unreadable("it is " + std::string(what) + ", not a regular file");
    }
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(source.c_str(), "rb"), &std::fclose);
    if (!file) throw unreadable(std::strerror(errno));
    // Read in pieces up to one byte past the limit, so an endless device (/dev/zero) or a
    // pipe is refused as soon as it is too large, whatever its reported size.
    std::string text;
    char buffer[1 << 14];
    for (;;) {
        const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
        text.append(buffer, got);
        if (text.size() > max_key_file_bytes)
            throw key_file_error("alliance.key_file.too_large", source, "",
                                 "the file is larger than " + std::to_string(max_key_file_bytes) + " bytes, the most a " +
                                     std::string(kind) + " may have (a " + std::string(kind) +
                                     " is a few kilobytes; is this the right file?)",
                                 kind);
        if (got < sizeof buffer) break;
    }
    if (std::ferror(file.get())) throw unreadable(std::strerror(errno));
    return text;
}

}  // namespace detail::keys

// Reads and parses a key file; the error names the file and, when it cannot be read, why (the
// system's reason: no such file, permission denied, it is a directory; with regular_only also a
// FIFO, a device or a socket). A file larger than max_key_file_bytes is refused before it is
// parsed (alliance.key_file.too_large).
[[nodiscard]] inline key_file read_key_file(const std::filesystem::path& path,
                                            key_file_source accepted = key_file_source::any) {
    return parse_key_file(detail::keys::read_small_file(path, accepted, "key file"), path.string());
}

// Answer labels (docs/key-files.md, "response_labels") from JSON text: {"Seldom": 1, ...} or
// {"labels": {...}, "items": {"3": {...}}}. Errors are key_file_errors naming the labels file.
[[nodiscard]] inline response_labels parse_labels_file(std::string_view text, std::string_view source = "<string>") {
    return key_file_reader::parse_labels(text, std::string(source));
}

// The same from a file (--labels FILE), read as read_key_file reads.
[[nodiscard]] inline response_labels read_labels_file(const std::filesystem::path& path,
                                                      key_file_source accepted = key_file_source::any) {
    return parse_labels_file(detail::keys::read_small_file(path, accepted, "labels file"), path.string());
}


// The instrument a key file defines (the norms, cut-offs and bands: read_key_file).
[[nodiscard]] inline runtime_instrument load_key_file(const std::filesystem::path& path,
                                                     key_file_source accepted = key_file_source::any) {
    return read_key_file(path, accepted).instrument();
}

// The same from text already in memory.
[[nodiscard]] inline runtime_instrument load_key_file_from_string(std::string_view text,
                                                                 std::string_view source = "<string>") {
    return parse_key_file(text, source).instrument();
}

}  // namespace alliance
