// `alliance score`: every row of a CSV file scored with one instrument. One output row per
// input row, in input order; a row that cannot be scored is an `error` row naming the line,
// the column and the value, and the other rows go on. Every number comes from the library:
// alliance::score_batch for blocks of rows (score()'s rules), alliance::score for a row on its own.
// What it shares with other commands is in files of their own: the item columns (item_table.hpp,
// columns.hpp), the row checks and messages (row_checks.hpp), a scale's cells (scale_cells.hpp).
#pragma once

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/batch.hpp>
#include <alliance/catalogue.hpp>
#include <alliance/missing_rule.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include "arguments.hpp"
#include "columns.hpp"
#include "command_line.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "item_table.hpp"
#include "parallel_rows.hpp"
#include "response_codes.hpp"
#include "row_checks.hpp"
#include "scale_cells.hpp"

namespace alliance::cli {

namespace detail {

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
        for (const cutoff& rule : entry.cutoffs) {
            const std::size_t s = scale_of(rule.scale);
            cutoffs_.push_back({rule, s, scales[s].metric});
        }
        for (const severity_bands& table : entry.severity) {
            const std::size_t s = scale_of(table.scale);
            bands_.push_back({table, s, scales[s].metric});
        }
    }
    [[nodiscard]] std::size_t size() const noexcept { return cutoffs_.size() + bands_.size(); }
    void add_names(std::vector<std::string>& columns) const {
        for (const auto& c : cutoffs_) columns.emplace_back(c.rule.id);
        for (const auto& b : bands_) columns.emplace_back(b.table.id);
    }
    // `row`: the row's scales, in the instrument's order.
    void put(table_writer& table, std::span<const scale_numbers> row) const {
        for (const auto& c : cutoffs_) {
            const scale_numbers& scale = row[c.scale];
            if (scale.has_score()) table.integer(flags(c.rule, reported_value(scale, c.metric)) ? 1 : 0);
            else table.empty();
        }
        for (const auto& b : bands_) {
            const scale_numbers& scale = row[b.scale];
            const severity_band* band = scale.has_score() ? classify(b.table, reported_value(scale, b.metric)) : nullptr;
            if (band != nullptr) table.text(band->label);
            else table.empty();
        }
    }

private:
    // The metric the instrument's authors report, as scale_score::reported_value.
    [[nodiscard]] static double reported_value(const scale_numbers& scale, alliance::metric metric) noexcept {
        return metric == alliance::metric::sum ? scale.sum : scale.mean;
    }
    struct cutoff_column {
        cutoff rule;
        std::size_t scale;
        alliance::metric metric;
    };
    struct band_column {
        severity_bands table;
        std::size_t scale;
        alliance::metric metric;
    };
    std::vector<cutoff_column> cutoffs_;
    std::vector<band_column> bands_;
};

// The copied columns (`copied`, kept first), four per scale, the --classify columns, status
// and message: the columns of a scored row, wide or long. Throws when two would share a name.
[[nodiscard]] inline std::vector<std::string> scored_columns(std::vector<std::string> copied,
                                                             std::span<const scale_entry> scales,
                                                             const classification_columns& classified) {
    const std::size_t copied_count = copied.size();
    std::vector<std::string> columns = std::move(copied);
    for (const scale_entry& scale : scales) {
        const std::string prefix = column_prefix(scale.name);
        for (const char* suffix : {"_sum", "_mean", "_answered", "_status"}) columns.push_back(prefix + suffix);
    }
    classified.add_names(columns);
    columns.emplace_back("status");
    columns.emplace_back("message");
    refuse_repeated_columns(columns, copied_count);
    return columns;
}

// The output's column names: id, kept columns, four per scale, the --classify columns, status
// and message. Throws input_error when two would share a name.
[[nodiscard]] inline std::vector<std::string> score_columns(std::span<const scale_entry> scales,
                                                            const score_settings& settings, const column_plan& plan,
                                                            const classification_columns& classified) {
    std::vector<std::string> copied;
    if (plan.id) copied.push_back(settings.id_column);
    copied.insert(copied.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    return scored_columns(std::move(copied), scales, classified);
}

// A block of rows for one score_batch call. Each row's items are one row of a column-major
// matrix: NaN where missing, `not_applicable` where "does not apply" (no finite answer equals
// it, and a row with a number that is not finite never enters a block). What writing the row
// needs later is copied, since the reader's fields are gone by then: its line, whether it was
// a simple record, its id and kept cells, and its trimmed item texts, which an error quotes.
class row_block {
public:
    static constexpr std::size_t capacity = 256;
    static constexpr double not_applicable = -std::numeric_limits<double>::infinity();

    // `items`: the item columns; `copied`: how many cells the id and kept columns are.
    row_block(std::span<const std::size_t> items, std::size_t copied, char delimiter)
        : items_(items), delimiter_(delimiter), cells_per_row_(copied + items.size()),
          matrix_(items.size() * capacity), cells_(cells_per_row_ * capacity), records_(capacity),
          lines_(capacity), simple_(capacity) {}

    [[nodiscard]] std::size_t size() const noexcept { return rows_; }
    // Also full when its text nears what 32-bit offsets address (records are at most
    // csv_limits::max_record bytes, far less).
    [[nodiscard]] bool full() const noexcept { return rows_ == capacity || text_.size() >= text_limit; }
    [[nodiscard]] response_matrix matrix() const noexcept {
        return response_matrix::column_major(matrix_.data(), rows_, items_.size(), capacity);
    }
    // Item `item` of the row being read (row size()); it counts once add_row() is called.
    [[nodiscard]] double& next_item(std::size_t item) noexcept { return matrix_[item * capacity + rows_]; }
    [[nodiscard]] double item(std::size_t row, std::size_t item) const noexcept {
        return matrix_[item * capacity + row];
    }

    // Completes the row being read with the reader's record. A simple record is one run of
    // bytes in the reader's buffer, copied at once: its item texts are found again only for
    // the rare row that needs them (item_text). Another record's cells are copied one by one.
    void add_row(const csv_reader& reader, std::span<const std::size_t> copied) {
        lines_[rows_] = reader.line();
        simple_[rows_] = reader.simple_record() ? 1 : 0;
        cell_span* cell = cells_.data() + rows_ * cells_per_row_;
        if (reader.simple_record()) {
            const char* first = reader[0].data();
            const std::string_view last = reader[reader.size() - 1];
            const std::size_t base = text_.size();
            records_[rows_] = append({first, static_cast<std::size_t>(last.data() + last.size() - first)});
            for (const std::size_t column : copied) {
                const std::string_view field = reader[column];
                *cell++ = span_at(base + static_cast<std::size_t>(field.data() - first), field.size());
            }
        } else {
            for (const std::size_t column : copied) *cell++ = append(reader[column]);
            for (const std::size_t column : items_) *cell++ = append(trim(reader[column]));
        }
        ++rows_;
    }

    [[nodiscard]] std::uint64_t line(std::size_t row) const noexcept { return lines_[row]; }
    [[nodiscard]] bool simple(std::size_t row) const noexcept { return simple_[row] != 0; }
    [[nodiscard]] std::string_view copied_cell(std::size_t row, std::size_t k) const noexcept {
        return text_of(cells_[row * cells_per_row_ + k]);
    }
    // Trimmed, as the reader's field was. A simple record has no quote, so its fields are the
    // text between delimiters.
    [[nodiscard]] std::string_view item_text(std::size_t row, std::size_t item) const noexcept {
        if (!simple(row)) return text_of(cells_[row * cells_per_row_ + cells_per_row_ - items_.size() + item]);
        std::string_view rest = text_of(records_[row]);
        for (std::size_t k = 0; k < items_[item]; ++k) rest.remove_prefix(rest.find(delimiter_) + 1);
        return trim(rest.substr(0, rest.find(delimiter_)));
    }

    void clear() noexcept {
        rows_ = 0;
        text_.clear();
    }

private:
    static constexpr std::size_t text_limit = std::size_t{1} << 31;
    struct cell_span {  // 32 bits each: the table of a block's cells stays small enough to stay in cache
        std::uint32_t begin = 0;
        std::uint32_t size = 0;
    };
    [[nodiscard]] static cell_span span_at(std::size_t begin, std::size_t size) noexcept {
        return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(size)};
    }
    cell_span append(std::string_view field) {
        const cell_span cell = span_at(text_.size(), field.size());
        text_.append(field);
        return cell;
    }
    [[nodiscard]] std::string_view text_of(const cell_span& cell) const noexcept {
        return {text_.data() + cell.begin, cell.size};
    }

    std::span<const std::size_t> items_;
    char delimiter_;
    std::size_t cells_per_row_;
    std::size_t rows_ = 0;
    std::vector<double> matrix_;       // [item][row]
    std::string text_;                 // the cells' bytes
    std::vector<cell_span> cells_;     // [row][copied cells, then (not simple) items]
    std::vector<cell_span> records_;   // [row]: a simple record's bytes
    std::vector<std::uint64_t> lines_;
    std::vector<unsigned char> simple_;
};

// The rows of `alliance score` from one reader (the whole input, or one chunk of it:
// parallel_rows.hpp) into one table, in input order. A row whose shape is right and whose item
// texts are all responses joins a block, scored by one score_batch call (score()'s rules) when
// the block is full; the rows written from it carry the batch's numbers. Any other row is
// scored on its own, after the block before it is written: it is an error row (its shape, or
// text that is no response, or a number that is not finite), explained as always.
class score_row_loop {
public:
    score_row_loop(const runtime_instrument& instrument, const batch_plan& plan_of_batch,
                   const score_settings& settings, const column_plan& plan, const classification_columns& classified,
                   const scoring_options& options, table_writer& table)
        : instrument_(instrument),
          batch_plan_(plan_of_batch),
          settings_(settings),
          plan_(plan),
          classified_(classified),
          options_(options),
          table_(table),
          scales_(instrument.scales()),
          word_ok_(table.prepare("ok")),
          word_partial_(table.prepare("partial")),
          word_error_(table.prepare("error")),
          word_skipped_(table.prepare("skipped")),
          read_(settings.codes),
          responses_(instrument.item_count()),
          copied_columns_(copied_columns(plan)),
          partial_notes_(scales_, options.missing_override),
          scale_cells_(scales_.size()),
          scores_(instrument.id(), scales_.size()),
          row_(scales_.size()),
          block_(plan.items, copied_columns_.size(), settings.dialect.delimiter),
          batch_columns_(scales_.size()) {
        // Only where a "does not apply" code can be read: a matrix without codes is scored faster.
        if (!settings.codes.not_applicable.empty()) batch_options_.codes.not_applicable = row_block::not_applicable;
        batch_options_.missing_override = options.missing_override;
    }

    // The rows of `reader` (a loop runs once per chunk: the counts are the chunk's).
    score_summary run(csv_reader& reader, progress_meter* meter) {
        summary_ = {};
        numbering_ = reader.numbering();
        while (reader.next()) {
            ++summary_.rows;
            if (!read_into_block(reader)) {
                write_block();
                score_row(reader);
            } else if (block_.full()) {
                write_block();
            }
            if (meter != nullptr) meter->update(reader.bytes_consumed(), summary_.rows);
        }
        write_block();
        return summary_;
    }

private:
    // The id column (if any), then the kept columns.
    [[nodiscard]] static std::vector<std::size_t> copied_columns(const column_plan& plan) {
        std::vector<std::size_t> columns;
        if (plan.id) columns.push_back(*plan.id);
        columns.insert(columns.end(), plan.keep.begin(), plan.keep.end());
        return columns;
    }

    [[nodiscard, gnu::always_inline]] static std::string_view field(const csv_reader& reader,
                                                                    std::size_t index) noexcept {
        return index < reader.size() ? reader[index] : std::string_view{};
    }

    // Adds the row to the block; false (the block as it was) when the row is for score_row:
    // a shape problem, text that is no response, or a number that is not finite, which
    // score() refuses and the block could not tell from its codes.
    [[gnu::always_inline]] bool read_into_block(const csv_reader& reader) {
        if (!row_shape_is_plain(reader, plan_.header_size, plan_.id.value_or(no_column))) return false;
        if (plan_.redcap_form && other_form(reader)) return false;
        const std::span<const std::size_t> columns(plan_.items);
        const response_reader& read = read_;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            response answer;
            if (!read.read_field(reader[columns[i]], answer, i + 1)) return false;  // every column is there
            if (answer.has_value() && !std::isfinite(answer.value())) return false;
            block_.next_item(i) = answer.has_value()  ? answer.value()
                                  : answer.is_missing() ? std::numeric_limits<double>::quiet_NaN()
                                                        : row_block::not_applicable;
        }
        block_.add_row(reader, copied_columns_);
        return true;
    }

    // Scores the block and writes its rows.
    void write_block() {
        if (block_.size() == 0) return;
        score_batch(batch_plan_, block_.matrix(), batch_, batch_options_);
        find_batch_columns();
        for (std::size_t r = 0; r < block_.size(); ++r) {
            message_.clear();
            if (batch_.valid(r)) take_batch_numbers(r);
            else explain_block_row(r);
            put_copied_columns(block_.simple(r), [&](std::size_t k) { return block_.copied_cell(r, k); });
            if (batch_.valid(r)) put_score_cells();
            else put_error_cells();
            table_.end_row();
        }
        block_.clear();
    }

    // Each scale's result columns of the block just scored.
    void find_batch_columns() {
        for (std::size_t s = 0; s < batch_columns_.size(); ++s)
            batch_columns_[s] = {batch_.sums(s).data(), batch_.means(s).data(), batch_.answered(s).data(),
                                 batch_.statuses(s).data()};
    }

    // Record r's scales from the batch results.
    [[gnu::always_inline]] void take_batch_numbers(std::size_t r) {
        scale_numbers* row = row_.data();
        const batch_column* columns = batch_columns_.data();
        for (std::size_t s = 0; s < row_.size(); ++s) {
            const batch_column& column = columns[s];
            const score_status status = column.statuses[r];
            const bool has_score = status != score_status::insufficient;
            row[s] = {has_score ? column.sums[r] : 0.0, has_score ? column.means[r] : 0.0, column.answered[r], status};
        }
    }

    // An invalid answer in a block's row: the problems score_row would list, from the row's
    // responses (as read: the block's codes stand for missing and "does not apply") and texts.
    void explain_block_row(std::size_t r) {
        for (std::size_t i = 0; i < responses_.size(); ++i) {
            const double x = block_.item(r, i);
            responses_[i] = std::isnan(x) ? alliance::missing
                            : x == row_block::not_applicable ? alliance::not_applicable
                                                            : response(x);
        }
        append_row_problems(
            instrument_, read_, responses_, plan_.item_names, [&](std::size_t i) { return block_.item_text(r, i); },
            row_name(numbering_, block_.line(r)), message_);
    }

    // One row on its own: check its shape, read and score its items, then write the copied
    // columns and the error cells or the score cells.
    void score_row(const csv_reader& reader) {
        message_.clear();
        if (plan_.redcap_form) {
            if (const auto other = other_form(reader)) return put_skipped_row(reader, *other);
        }
        check_row_shape(reader, plan_.header_size, plan_.id.value_or(no_column), settings_.id_column, message_);
        if (read_and_score(reader)) {
            for (std::size_t s = 0; s < row_.size(); ++s) row_[s] = numbers_of(scores_[s]);
        } else {
            explain_unscored(reader);
        }
        put_copied_columns(reader.simple_record(),
                           [&](std::size_t k) { return field(reader, copied_columns_[k]); });
        if (message_.empty()) put_score_cells();
        else put_error_cells();
        table_.end_row();
    }

    // One validating pass: the problem list is built only for rows that have one
    // (explain_unscored).
    bool read_and_score(const csv_reader& reader) {
        bool readable = true;
        for (std::size_t i = 0; i < responses_.size(); ++i)
            readable &= read_.read_field(field(reader, plan_.items[i]), responses_[i], i + 1);
        return readable && try_score(instrument_, responses_, options_, scores_);
    }

    // Text that is no response is reported by the driver; the library's check() reports the
    // rest (out of range, not an anchor, ...). Both in item order.
    void explain_unscored(const csv_reader& reader) {
        append_row_problems(
            instrument_, read_, responses_, plan_.item_names,
            [&](std::size_t i) { return trim(field(reader, plan_.items[i])); },
            reader.row_name(), message_);
    }

    // The id and kept columns, `cell(k)` the k-th. A simple record read with ',' as delimiter
    // has no field that CSV output must quote.
    template <class Cell>
    [[gnu::always_inline]] void put_copied_columns(bool simple_record, Cell cell) {
        if (simple_record && settings_.dialect.delimiter == ',') {
            for (std::size_t k = 0; k < copied_columns_.size(); ++k) table_.unquoted_text(cell(k));
        } else {
            for (std::size_t k = 0; k < copied_columns_.size(); ++k) table_.text(cell(k));
        }
    }

    // Why a row is another REDCap form's (--redcap), or nullopt when it is the measure's.
    [[nodiscard]] std::optional<std::string> other_form(const csv_reader& reader) const {
        return table::redcap_other_form(field(reader, *plan_.redcap_form), *settings_.redcap_form);
    }

    // A row of another REDCap form: its copied columns, every score cell empty, status skipped.
    void put_skipped_row(const csv_reader& reader, const std::string& why) {
        ++summary_.skipped;
        put_copied_columns(reader.simple_record(), [&](std::size_t k) { return field(reader, copied_columns_[k]); });
        for (std::size_t s = 0; s < scales_.size() * 4 + classified_.size(); ++s) table_.empty();
        table_.word(word_skipped_);
        table_.text(why);
        table_.end_row();
    }

    // Every score cell empty; status error; the message lists every problem.
    void put_error_cells() {
        ++summary_.errors;
        for (std::size_t s = 0; s < scales_.size() * 4 + classified_.size(); ++s) table_.empty();
        table_.word(word_error_);
        table_.text(message_);
    }

    // The cells of row_, the row's scales.
    [[gnu::always_inline]] void put_score_cells() {
        const bool message_is_plain = put_scales();
        classified_.put(table_, row_);
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
        bool message_is_plain = true;
        for (std::size_t s = 0; s < row_.size(); ++s) {
            const scale_numbers& scale = row_[s];
            const cell_run_cache::key key{std::bit_cast<std::uint64_t>(scale.sum),
                                          std::bit_cast<std::uint64_t>(scale.mean),
                                          static_cast<std::uint64_t>(scale.answered) << 8 |
                                              static_cast<std::uint64_t>(scale.status)};
            scale_cells_.write(table_, s, key, [&](table_writer& cells) { put_scale_cells(cells, scale); });
            if (scale.status != score_status::complete) {
                const auto& note = partial_notes_.note(s, scale);
                append_problem(message_, note.text);
                message_is_plain &= note.plain;
            }
        }
        return message_is_plain;
    }

    const runtime_instrument& instrument_;
    const batch_plan& batch_plan_;
    const score_settings& settings_;
    const column_plan& plan_;
    const classification_columns& classified_;
    const scoring_options& options_;
    table_writer& table_;
    std::span<const scale_entry> scales_;
    table_word word_ok_;
    table_word word_partial_;
    table_word word_error_;
    table_word word_skipped_;
    response_reader read_;
    std::vector<response> responses_;
    std::vector<std::size_t> copied_columns_;
    std::string message_;
    partial_note_cache partial_notes_;
    cell_run_cache scale_cells_;
    score_summary summary_;
    dynamic_score_set scores_;
    std::vector<scale_numbers> row_;  // the scales of the row being written
    row_block block_;
    batch_options batch_options_;
    batch_scores batch_;
    struct batch_column {
        const double* sums;
        const double* means;
        const std::int32_t* answered;
        const score_status* statuses;
    };
    std::vector<batch_column> batch_columns_;  // [scale], into batch_
    row_numbering numbering_ = row_numbering::lines;  // the input's, for the block's rows' names
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

    const batch_plan plan_of_batch(instrument);  // shared by the threads' row loops
    detail::column_plan plan;
    const auto header = [&](csv_reader& reader) {
        plan = detail::read_item_header(reader, instrument.item_count(), settings);
        return detail::score_columns(instrument.scales(), settings, plan, classified);
    };
    // One loop over the whole input, or one per thread over chunk after chunk (parallel_rows.hpp).
    const auto make_rows = [&](table_writer& table) {
        return detail::score_row_loop(instrument, plan_of_batch, settings, plan, classified, options, table);
    };
    return table_rows(settings, input, output, progress, header, make_rows);
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
  --items SPEC              the item columns: a pattern, {} standing for the item number
                            1..N and {:0N} for it zero-padded to N digits (--items 'wai_{}'
                            reads wai_1..wai_12, --items 'wai{:02}' wai01..wai12), or the
                            columns in item order (--items A1,A2,A3,A4,A5). Default: a key
                            file's item_columns, else 'item{}'
  --labels FILE             answers given as labels: a JSON object of label -> code
                            ({"Seldom": 1, ..., "Always": 5}), optionally per item
                            ({"labels": {...}, "items": {"3": {...}}}); default: a key
                            file's response_labels (docs/driver.md, "Labels")
  --delimiter D             ',' (default), ';' or 'tab'
  --missing CODES           comma-separated codes meaning "not answered"; replaces the
                            default list, which is the empty field and NA. To keep empty
                            fields missing, include an empty code: --missing ',NA,-99'
  --not-applicable CODES    comma-separated codes meaning "does not apply", for
                            instruments that offer that answer (none by default)
  --decimal-comma           read 3,5 as 3.5 (with --delimiter ';' or 'tab')
  --qualtrics               a Qualtrics CSV export: rows 2 and 3 (question text, ImportId
                            metadata) are skipped; without it such a file is refused
  --redcap                  a REDCap raw export: rows of other repeating forms (their
                            redcap_repeat_instrument names another form) are written with
                            status skipped, naming the form
  --redcap-form FORM        with --redcap: the measure is the repeating form FORM (rows
                            of the non-repeating forms are skipped too)

Long input (a row per answer; docs/driver.md, "Long data"):
  --long                    the file has a row per answer: the record's key columns, an
                            item column and a value column; the output has a row per
                            record, in the order of its first row, the --record columns
                            first, then the columns below
  --record COLUMNS          the record's key columns, comma-separated (required)
  --item COL                the column naming the item: its number 1..N, or a name that
                            --items gives (default 'item')
  --value COL               the column holding the answer (default 'value')
  --sort-memory MB          memory for each of the two sorts a file whose records' rows
                            are not together goes through (default 16; beyond it,
                            temporary files in TMPDIR)
  An item with no row is a missing answer; an item given twice, or one the instrument
  does not have, makes the record an error row naming the lines; a row with an empty key
  cell is an error row of its own. --id, --keep, --qualtrics and --redcap are not
  available with --long. --threads N groups and scores a grouped file on N threads (the
  sort of a file that is not grouped runs on one); the output is the same.

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
                    every score is empty; skipped (--redcap) for a row of another form
  message           empty when ok; otherwise what happened, naming the input line, the
                    column and the value

Numbers are written in the shortest form that reads back to the same value. Lines with
nothing on them are skipped; line numbers count every physical line (the header is line 1).

Exit status: 0 every row ok, partial or skipped; 1 some row is an error (the output is complete);
2 usage error, unreadable input, or a header without the needed columns (nothing written).

Example:
  alliance score --instrument wai-sr --id client examples/data/wai_sr_sample.csv
)";

namespace detail {

inline const std::vector<option_spec> score_options{
    {"instrument"}, {"key"},          {"items"},         {"labels"},       {"delimiter"},    {"missing"},
    {"not-applicable"}, {"decimal-comma", false}, {"min-answered"}, {"classify", false}, {"id"}, {"keep"}, {"qualtrics", false}, {"redcap", false}, {"redcap-form"},
    {"format"},     {"output", true, 'o'}, {"quiet", false, 'q'}, {"help", false, 'h'}, {"threads"},
    {"long", false}, {"record"}, {"item"}, {"value"}, {"sort-memory"}};  // --long: commands/score_long.hpp

// run_score, the command's entry point: commands/score.cpp.

}  // namespace detail

}  // namespace alliance::cli
