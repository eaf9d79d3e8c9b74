// `alliance score`: every row of a CSV file scored with one instrument. One output row per
// input row, in input order; a row that cannot be scored is an `error` row naming the line,
// the column and the value, and the other rows go on. Every number comes from alliance::score.
#pragma once

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/missing_rule.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include "command_line.hpp"
#include "csv_reader.hpp"
#include "output.hpp"
#include "parallel_rows.hpp"
#include "progress.hpp"
#include "response_codes.hpp"

namespace alliance::cli {

struct score_settings : table_settings {
    std::string items_pattern = "item{}";   // {} stands for the item number
    std::optional<double> min_answered{};   // --min-answered: prorate_min_fraction for every scale
    bool classify = false;                  // --classify: a column per cut-off and band table
};

// "item{}" with 3 -> "item3": every {} is replaced.
[[nodiscard]] inline std::string item_column(std::string_view pattern, std::size_t number) {
    std::string name;
    const std::string digits = std::to_string(number);
    for (;;) {
        const std::size_t at = pattern.find("{}");
        name.append(pattern.substr(0, at));
        if (at == std::string_view::npos) return name;
        name.append(digits);
        pattern.remove_prefix(at + 2);
    }
}

// Output column prefix for a scale: lower case, anything but letters and digits as '_'
// ("Emotional Bond" from a key file -> "emotional_bond"); a key file whose scales share one is
// refused when it is read.
[[nodiscard]] inline std::string column_prefix(std::string_view scale_name) { return alliance::column_stem(scale_name); }

namespace detail {

// The header positions of `names`; input_error naming every absent or repeated column, with
// `hint` (where the names came from) after the absent ones.
[[nodiscard]] inline std::vector<std::size_t> locate_columns(std::span<const std::string_view> header,
                                                             const std::vector<std::string>& names,
                                                             std::string_view hint = {}) {
    std::vector<std::size_t> found;
    std::vector<std::string> absent;
    std::vector<std::string> repeated;
    for (const std::string& name : names) {
        std::optional<std::size_t> at;
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (trim(header[i]) != name) continue;
            if (at) {
                repeated.push_back(name);
                break;
            }
            at = i;
        }
        if (!at) absent.push_back(name);
        found.push_back(at.value_or(0));
    }
    auto join = [](const auto& list, std::size_t limit) {
        std::string text;
        for (std::size_t i = 0; i < list.size() && i < limit; ++i) text += (i > 0 ? ", " : "") + std::string(list[i]);
        if (list.size() > limit) text += ", ... (" + std::to_string(list.size()) + " in all)";
        return text;
    };
    if (!absent.empty())
        throw input_error("the header lacks " + std::string(absent.size() == 1 ? "column " : "columns ") +
                          join(absent, absent.size()) + (hint.empty() ? "" : " (" + std::string(hint) + ")") +
                          "; the header has " + (header.empty() ? std::string("no columns") : join(header, 30)));
    if (!repeated.empty())
        throw input_error("the header has more than one column named " + join(repeated, repeated.size()) +
                          "; which one to read is ambiguous");
    return found;
}

// Where each column score needs is in the header.
struct column_plan {
    std::vector<std::size_t> items;  // item i (0-based) -> field index
    std::vector<std::string> item_names;
    std::optional<std::size_t> id;
    std::vector<std::size_t> keep;
    std::size_t header_size = 0;
};

[[nodiscard]] inline column_plan plan_columns(std::span<const std::string_view> header, std::size_t item_count,
                                              const score_settings& settings) {
    column_plan plan;
    plan.header_size = header.size();
    for (std::size_t item = 1; item <= item_count; ++item)
        plan.item_names.push_back(item_column(settings.items_pattern, item));
    std::vector<std::string> names = plan.item_names;
    if (!settings.id_column.empty()) names.push_back(settings.id_column);
    names.insert(names.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    const std::vector<std::size_t> at =
        locate_columns(header, names, "item columns come from --items '" + settings.items_pattern + "'");
    plan.items.assign(at.begin(), at.begin() + static_cast<std::ptrdiff_t>(item_count));
    std::size_t next = item_count;
    if (!settings.id_column.empty()) plan.id = at[next++];
    plan.keep.assign(at.begin() + static_cast<std::ptrdiff_t>(next), at.end());
    return plan;
}

// "task prorated: 3 of 4 items answered (rule: prorate if ...)", the note a partial row carries
// for each scale that is not complete. It depends only on the scale, its status and the number
// answered, so each text is built once per run.
class partial_note_cache {
public:
    explicit partial_note_cache(std::span<const scale_entry> scales) : notes_(scales.size()) {
        for (std::size_t s = 0; s < scales.size(); ++s) notes_[s].resize(2 * (scales[s].count + 1));
    }
    struct entry {
        std::string text;
        bool plain = false;  // table_writer::literal may write it
    };
    const entry& note(std::size_t scale_index, const scale_score& scale) {
        const auto answered = static_cast<std::size_t>(scale.answered());
        entry& cached = notes_[scale_index][2 * answered + (scale.status() == score_status::prorated ? 1 : 0)];
        if (cached.text.empty()) {
            cached.text = std::string(scale.name()) + " " + std::string(to_string(scale.status())) + ": " +
                          std::to_string(scale.answered()) + " of " + std::to_string(scale.items()) +
                          " items answered (rule: " + describe(scale.rule(), scale.items()) + ")";
            cached.plain = table_writer::needs_no_escaping(cached.text);
        }
        return cached;
    }

private:
    std::vector<std::vector<entry>> notes_;  // [scale][2 * answered + prorated]
};

inline void append_problem(std::string& message, std::string_view text) {
    if (!message.empty()) message += "; ";
    message += text;
}

// No such column (an index, rather than an empty optional: g++ 12 -O3 warns falsely about
// reading an optional<size_t> here, GCC bug 80635).
inline constexpr std::size_t no_column = SIZE_MAX;

// What every command checks in a row before reading its values: a quote left open, a field
// count that differs from the header's, an empty id (when id_at is a column). Appends to
// `message`.
inline void check_row_shape(const csv_reader& reader, std::size_t header_size, std::size_t id_at,
                            const std::string& id_column, std::string& message) {
    const auto line = [&] { return "line " + std::to_string(reader.line()); };
    if (reader.oversized()) {  // no fields were kept: nothing else can be said about it
        append_problem(message, oversized_record(reader));
        return;
    }
    if (reader.unterminated_quote())
        append_problem(message, line() + ": a quoted field is not closed before the end of the input");
    if (reader.size() != header_size)
        append_problem(message, line() + ": " + std::to_string(reader.size()) +
                                    (reader.size() == 1 ? " field" : " fields") + ", the header has " +
                                    std::to_string(header_size));
    if (id_at != no_column && (id_at >= reader.size() || trim(reader[id_at]).empty()))
        append_problem(message, line() + ", column '" + id_column + "': the id is empty");
}

// Reads the header row and finds the item, id and kept columns. Throws input_error when the
// input is empty or a column is absent.
[[nodiscard]] inline column_plan read_item_header(csv_reader& reader, std::size_t item_count,
                                                  const score_settings& settings) {
    if (!reader.next())
        throw input_error("the input is empty: no header row (expected columns " +
                          item_column(settings.items_pattern, 1) + ".." +
                          item_column(settings.items_pattern, item_count) + ")");
    refuse_oversized_header(reader);
    return plan_columns(reader.fields(), item_count, settings);
}

// A scale's four cells: sum, mean (empty when insufficient), answered, status.
inline void put_scale_cells(table_writer& table, const scale_score& scale) {
    if (scale.has_score()) {
        table.number(scale.sum());
        table.number(scale.mean());
    } else {
        table.empty();
        table.empty();
    }
    table.integer(scale.answered());
    table.text(to_string(scale.status()));
}

// Every problem of a row that could not be scored, in item order: text that is no response
// (named by the driver), then what check() finds (out of range, not an anchor, ...), each with
// `line`, the column and the value. `text_of(i)` is item i's trimmed field.
template <class ItemText>
void append_row_problems(const runtime_instrument& instrument, const response_reader& read,
                         std::span<const response> responses, std::span<const std::string> item_names,
                         ItemText text_of, const std::string& line, std::string& message) {
    const auto problems = check(instrument, responses);
    auto next_problem = problems.begin();
    for (std::size_t i = 0; i < item_names.size(); ++i) {
        const std::string_view text = text_of(i);
        const std::string column = "column '" + item_names[i] + "'";
        response ignored;
        if (!read.read(text, ignored))
            append_problem(message, line + ", " + column + ": value '" + std::string(text) +
                                        "' is not a number, a missing code (" + quote_list(read.codes().missing) +
                                        ") or a not-applicable code (" + quote_list(read.codes().not_applicable) +
                                        ")");
        for (; next_problem != problems.end() && next_problem->item == i + 1; ++next_problem)
            append_problem(message, describe(*next_problem, instrument.view(), line) + " (" + column + ", value '" +
                                        std::string(text) + "')");
    }
}

// --classify: for each of the instrument's cut-offs a column named by its id, 1 when the scale's
// reported value (its canonical metric) is flagged and 0 when not; for each severity band table
// a column named by its id with the band's label. Empty when the scale has no score. The values
// compared are exact decimals (alliance::score), so a total of exactly 36 meets '< 36' as the
// published rule says.
class classification_columns {
public:
    classification_columns() = default;
    classification_columns(const catalogue_entry& entry, std::span<const scale_entry> scales) {
        const auto scale_of = [&](std::string_view name) {
            for (std::size_t s = 0; s < scales.size(); ++s)
                if (scales[s].name == name) return s;
            throw input_error("cut-off or band table on scale '" + std::string(name) +
                              "', which the instrument does not have");
        };
        for (const cutoff& rule : entry.cutoffs) cutoffs_.push_back({rule, scale_of(rule.scale)});
        for (const severity_bands& table : entry.severity) bands_.push_back({table, scale_of(table.scale)});
    }
    [[nodiscard]] std::size_t size() const noexcept { return cutoffs_.size() + bands_.size(); }
    void add_names(std::vector<std::string>& columns) const {
        for (const auto& c : cutoffs_) columns.emplace_back(c.rule.id);
        for (const auto& b : bands_) columns.emplace_back(b.table.id);
    }
    void put(table_writer& table, const dynamic_score_set& scores) const {
        for (const auto& c : cutoffs_) {
            const scale_score& scale = scores[c.scale];
            if (scale.has_score()) table.integer(flags(c.rule, scale.reported_value()) ? 1 : 0);
            else table.empty();
        }
        for (const auto& b : bands_) {
            const scale_score& scale = scores[b.scale];
            const severity_band* band = scale.has_score() ? classify(b.table, scale.reported_value()) : nullptr;
            if (band != nullptr) table.text(band->label);
            else table.empty();
        }
    }

private:
    struct cutoff_column {
        cutoff rule;
        std::size_t scale;
    };
    struct band_column {
        severity_bands table;
        std::size_t scale;
    };
    std::vector<cutoff_column> cutoffs_;
    std::vector<band_column> bands_;
};

// The output's column names: id, kept columns, four per scale, the --classify columns, status
// and message. Throws input_error when two would share a name.
[[nodiscard]] inline std::vector<std::string> score_columns(std::span<const scale_entry> scales,
                                                            const score_settings& settings, const column_plan& plan,
                                                            const classification_columns& classified) {
    std::vector<std::string> columns;
    if (plan.id) columns.push_back(settings.id_column);
    for (const std::string& name : settings.keep_columns) columns.push_back(name);
    for (const scale_entry& scale : scales) {
        const std::string prefix = column_prefix(scale.name);
        for (const char* suffix : {"_sum", "_mean", "_answered", "_status"}) columns.push_back(prefix + suffix);
    }
    classified.add_names(columns);
    columns.emplace_back("status");
    columns.emplace_back("message");
    refuse_repeated_columns(columns, (plan.id ? 1 : 0) + settings.keep_columns.size());
    return columns;
}

// The rows of `alliance score` from one reader (the whole input, or one chunk of it:
// parallel_rows.hpp) into one table. Each row: check its shape, read and score its items, copy
// the id and kept columns, then write the error cells or the score cells.
class score_row_loop {
public:
    score_row_loop(const runtime_instrument& instrument, const score_settings& settings, const column_plan& plan,
                   const classification_columns& classified, const scoring_options& options, table_writer& table)
        : instrument_(instrument),
          settings_(settings),
          plan_(plan),
          classified_(classified),
          options_(options),
          table_(table),
          scales_(instrument.scales()),
          word_ok_(table.prepare("ok")),
          word_partial_(table.prepare("partial")),
          word_error_(table.prepare("error")),
          read_(settings.codes),
          responses_(instrument.item_count()),
          partial_notes_(scales_),
          scale_cells_(scales_.size()),
          scores_(instrument.id(), scales_.size()) {}

    score_summary run(csv_reader& reader, progress_meter* meter) {
        while (reader.next()) {
            score_row(reader);
            if (meter != nullptr) meter->update(reader.bytes_consumed(), summary_.rows);
        }
        return summary_;
    }

private:
    [[gnu::always_inline]] void score_row(const csv_reader& reader) {
        ++summary_.rows;
        message_.clear();
        check_row_shape(reader, plan_.header_size, plan_.id.value_or(no_column), settings_.id_column, message_);
        if (!read_and_score(reader)) explain_unscored(reader);
        put_copied_columns(reader);
        if (message_.empty()) put_score_cells();
        else put_error_cells();
        table_.end_row();
    }

    [[nodiscard, gnu::always_inline]] static std::string_view field(const csv_reader& reader,
                                                                    std::size_t index) noexcept {
        return index < reader.size() ? reader[index] : std::string_view{};
    }

    // One validating pass in the common case: the problem list is built only for rows that
    // have one (explain_unscored).
    [[gnu::always_inline]] bool read_and_score(const csv_reader& reader) {
        // Through locals: a store to a response may alias the members, which would be reloaded.
        const std::span<response> responses(responses_);
        const std::span<const std::size_t> columns(plan_.items);
        const response_reader& read = read_;
        bool readable = true;
        for (std::size_t i = 0; i < responses.size(); ++i)
            readable &= read.read_field(field(reader, columns[i]), responses[i]);
        return readable && try_score(instrument_, responses, options_, scores_);
    }

    // Text that is no response is reported by the driver; the library's check() reports the
    // rest (out of range, not an anchor, ...). Both in item order.
    void explain_unscored(const csv_reader& reader) {
        append_row_problems(
            instrument_, read_, responses_, plan_.item_names,
            [&](std::size_t i) { return trim(field(reader, plan_.items[i])); },
            "line " + std::to_string(reader.line()), message_);
    }

    // The id and kept columns. A simple record read with ',' as delimiter has no field that CSV
    // output must quote.
    [[gnu::always_inline]] void put_copied_columns(const csv_reader& reader) {
        if (reader.simple_record() && settings_.dialect.delimiter == ',') {
            if (plan_.id) table_.unquoted_text(field(reader, *plan_.id));
            for (const std::size_t index : plan_.keep) table_.unquoted_text(field(reader, index));
        } else {
            if (plan_.id) table_.text(field(reader, *plan_.id));
            for (const std::size_t index : plan_.keep) table_.text(field(reader, index));
        }
    }

    // Every score cell empty; status error; the message lists every problem.
    void put_error_cells() {
        ++summary_.errors;
        for (std::size_t s = 0; s < scales_.size() * 4 + classified_.size(); ++s) table_.empty();
        table_.word(word_error_);
        table_.text(message_);
    }

    [[gnu::always_inline]] void put_score_cells() {
        const bool message_is_plain = put_scales();
        classified_.put(table_, scores_);
        if (message_.empty()) {
            ++summary_.ok;
            table_.word(word_ok_);
            table_.empty_text();
        } else {
            ++summary_.partial;
            table_.word(word_partial_);
            if (message_is_plain) table_.literal(message_);
            else table_.text(message_);
        }
    }

    // Each scale's four cells (a run seen before is copied from scale_cells_), and the note of
    // each scale that is not complete appended to the message. False when a note needs escaping.
    [[gnu::always_inline]] bool put_scales() {
        std::size_t scale_index = 0;
        bool message_is_plain = true;
        for (const scale_score& scale : scores_) {
            const bool has_score = scale.has_score();
            const cell_run_cache::key key{std::bit_cast<std::uint64_t>(has_score ? scale.sum() : 0.0),
                                          std::bit_cast<std::uint64_t>(has_score ? scale.mean() : 0.0),
                                          static_cast<std::uint64_t>(scale.answered()) << 8 |
                                              static_cast<std::uint64_t>(scale.status())};
            scale_cells_.write(table_, scale_index, key, [&](table_writer& cells) { put_scale_cells(cells, scale); });
            if (scale.status() != score_status::complete) {
                const auto& note = partial_notes_.note(scale_index, scale);
                append_problem(message_, note.text);
                message_is_plain &= note.plain;
            }
            ++scale_index;
        }
        return message_is_plain;
    }

    const runtime_instrument& instrument_;
    const score_settings& settings_;
    const column_plan& plan_;
    const classification_columns& classified_;
    const scoring_options& options_;
    table_writer& table_;
    std::span<const scale_entry> scales_;
    table_word word_ok_;
    table_word word_partial_;
    table_word word_error_;
    response_reader read_;
    std::vector<response> responses_;
    std::string message_;
    partial_note_cache partial_notes_;
    cell_run_cache scale_cells_;
    score_summary summary_;
    dynamic_score_set scores_;
};

}  // namespace detail

// Reads CSV from `input`, writes the scored table to `output`. Throws input_error (no header,
// absent columns: nothing written), csv_error (unreadable input) or output_error.
// `entry` gives the cut-offs and band tables for --classify.
inline score_summary score_csv(const runtime_instrument& instrument, const score_settings& settings,
                               byte_source& input, output_sink& output, progress_meter* progress = nullptr,
                               const catalogue_entry* entry = nullptr) {
    const detail::classification_columns classified =
        settings.classify && entry != nullptr ? detail::classification_columns(*entry, instrument.scales())
                                              : detail::classification_columns();
    scoring_options options;
    if (settings.min_answered)
        options.missing_override = missing_rule::prorate_min_fraction(*settings.min_answered, "--min-answered");

    detail::column_plan plan;
    const auto header = [&](csv_reader& reader) {
        plan = detail::read_item_header(reader, instrument.item_count(), settings);
        return detail::score_columns(instrument.scales(), settings, plan, classified);
    };
    // Over the whole input or over one chunk of it (parallel_rows.hpp).
    const auto rows = [&](csv_reader& reader, table_writer& table, progress_meter* meter) {
        return detail::score_row_loop(instrument, settings, plan, classified, options, table).run(reader, meter);
    };
    return table_rows(settings, input, output, progress, header, rows);
}

inline constexpr std::string_view score_help = R"(Usage: alliance score (--instrument ID | --key FILE) [OPTIONS] [FILE | -]

Scores every row of a CSV file with one instrument. The output has one row per input row,
in input order: the --id column, the --keep columns, then for every scale of the instrument
(in catalogue order, the total last) four columns
  <scale>_sum, <scale>_mean, <scale>_answered, <scale>_status
then status and message. Scale names are the catalogue's in lower case ('alliance list ID').

Instrument (exactly one):
  --instrument ID           a built-in instrument, e.g. wai-sr, srs, ors ('alliance list')
  --key FILE                an instrument key file (docs/key-files.md; 'alliance list ID
                            --format json' writes a built-in one to start from)

Input:
  FILE                      the CSV file; standard input when '-' or absent
  --items PATTERN           item column names, {} standing for the item number 1..N
                            (default 'item{}'; --items 'wai_{}' reads wai_1..wai_12)
  --delimiter D             ',' (default), ';' or 'tab'
  --missing CODES           comma-separated codes meaning "not answered"; replaces the
                            default list, which is the empty field and NA. To keep empty
                            fields missing, include an empty code: --missing ',NA,-99'
  --not-applicable CODES    comma-separated codes meaning "does not apply", for
                            instruments that offer that answer (none by default)
  --decimal-comma           read 3,5 as 3.5 (with --delimiter ';' or 'tab')

Scoring:
  --classify                add a column per published cut-off of the instrument, named by
                            its id (1 flagged, 0 not), and per severity band table (the
                            band's label); 'alliance list ID' shows them. Scores are exact
                            decimals, so a total of exactly 36 is not below 36.
  --min-answered FRACTION   score a scale when at least this fraction of its items is
                            answered (0 < FRACTION <= 1), prorating the sum to all items;
                            replaces every scale's own rule. Default: the instrument's rule
                            ('alliance list ID' shows it).

Output:
  --id COLUMN               copy this column first; an empty id makes the row an error
  --keep COLUMNS            copy these comma-separated columns after the id
  --format FORMAT           csv (default) or jsonl (one JSON object per row, null where
                            the CSV cell would be empty)
  -o, --output FILE         write to FILE instead of standard output
  -q, --quiet               no progress bar and no summary on standard error
  --threads N               score on N threads (default: every core; 1 reads and scores
                            on one). The output is the same whatever N.
  -h, --help                this text

Columns:
  <scale>_sum       sum over the scale's items after reverse keying; when prorated, the
                    mean of the answered items times the number of items
  <scale>_mean      mean of the answered items
  <scale>_answered  number of the scale's items answered
  <scale>_status    complete, prorated, or insufficient (then sum and mean are empty)
  <cut-off id>      with --classify: 1 when the scale's reported value is flagged, else 0
  <band table id>   with --classify: the severity band's label (empty when not scored)
  status            ok; partial when any scale is prorated or insufficient; error when
                    the row cannot be scored (a value out of range, text that is neither
                    a number nor a code, an empty id, a wrong number of fields): then
                    every score is empty
  message           empty when ok; otherwise what happened, naming the input line, the
                    column and the value

Numbers are written in the shortest form that reads back to the same value. Lines with
nothing on them are skipped; line numbers count every physical line (the header is line 1).

Exit status: 0 every row ok or partial; 1 some row is an error (the output is complete);
2 usage error, unreadable input, or a header without the needed columns (nothing written).

Example:
  alliance score --instrument wai-sr --id client examples/data/wai_sr_sample.csv
)";

namespace detail {

inline const std::vector<option_spec> score_options{
    {"instrument"}, {"key"},          {"items"},         {"delimiter"},    {"missing"},
    {"not-applicable"}, {"decimal-comma", false}, {"min-answered"}, {"classify", false}, {"id"}, {"keep"},
    {"format"},     {"output", true, 'o'}, {"quiet", false, 'q'}, {"help", false, 'h'}, {"threads"}};

// run_score, the command's entry point: command_score.cpp.

}  // namespace detail

}  // namespace alliance::cli
