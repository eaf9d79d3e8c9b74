// `alliance reliability` / reliability() and `alliance icc` / icc() as requests and rows, for the
// command line, Python and R alike. Everything a front-end could word differently is here, once:
// the options (resolve), which rows are left out and how each message says so (listwise for a
// missing answer or rating, every analysis for a row with invalid values, named as the caller
// names rows: table/row_naming.hpp), the status of each row (ok; partial: computed, rows left
// out; error: not computed, with the library's reason), the output columns and each row's cells.
// The statistics are stats/reliability.hpp's (Cronbach's alpha, Feldt's interval, the SEM, the
// item statistics; extract_scale_items keys and drops per scale) and stats/agreement.hpp's (the
// six ICCs of Shrout & Fleiss 1979, as psych's ICC()), whose headers cite their sources; nothing
// here is new arithmetic.
//
//   resolve                     a request's options checked (reliability_settings, icc_settings)
//   invalid_rows                rows left out for invalid values: how many, the first few named
//   analyse_scales              valid records -> one row per scale (the command line streams
//                               its file into records; the packages call reliability_block)
//   analyse_ratings             complete ratings -> the ICC result (the command line reads its
//                               file; the packages call icc_block with their columns)
//   put_reliability_table, put_icc_table
//                               the rows' cells in the columns' order, to any writer
//
// Option problems throw option_error "alliance.table.option", spelled for the caller
// (table/spelling.hpp). Stats tier (Boost.Math).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/definition.hpp"
#include "alliance/error.hpp"
#include "alliance/response.hpp"
#include "alliance/score.hpp"
#include "alliance/stats/agreement.hpp"
#include "alliance/stats/item_matrix.hpp"
#include "alliance/stats/reliability.hpp"
#include "alliance/table/block.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/option_checks.hpp"
#include "alliance/table/output_columns.hpp"
#include "alliance/table/row_naming.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// ---------------------------------------------------------------------------------------------
// Rows left out

// Rows left out of every analysis for invalid values (a cell that is no answer, an answer the
// instrument does not allow, a rating that is not a finite number, a row of the wrong width):
// how many, and the first ones by their number in the caller's row naming. One more than a
// message names is kept, so that row_naming::list ends the list with "...".
struct invalid_rows {
    std::uint64_t count = 0;
    std::vector<std::uint64_t> first{};

    void add(std::uint64_t row) {
        if (++count <= max_rows_named + 1) first.push_back(row);
    }
};

namespace detail {

[[nodiscard]] inline std::string rows_counted(std::uint64_t count) {
    return std::to_string(count) + (count == 1 ? " row" : " rows");
}

}  // namespace detail

// "4 rows with invalid values left out (lines 13, 21, 35 and 40)"; empty for none. The caller
// names each row's problems where it can (the command line on standard error).
[[nodiscard]] inline std::string invalid_rows_note(const invalid_rows& rows, const row_naming& naming) {
    if (rows.count == 0) return {};
    return detail::rows_counted(rows.count) + " with invalid values left out (" + naming.list(rows.first) + ")";
}

// ---------------------------------------------------------------------------------------------
// reliability: the request

struct reliability_request {
    std::optional<double> confidence{};  // of Feldt's interval; 0.95 when not given
    bool item_detail = false;            // one row per item instead of one per scale
};

// Calls visit(name, field) for every option but item_detail (a flag each front-end reads its
// own way), so that a front-end fills them by name in one loop.
template <class Visit>
void for_each_option(reliability_request& request, Visit&& visit) {
    visit("confidence", request.confidence);
}

struct reliability_settings {
    double confidence = 0.95;
    bool item_detail = false;
};

[[nodiscard]] inline reliability_settings resolve(const reliability_request& request, const option_spelling& spell) {
    reliability_settings settings;
    settings.item_detail = request.item_detail;
    if (request.confidence)
        settings.confidence = checked_confidence(*request.confidence, spell.value(*request.confidence), spell);
    return settings;
}

// ---------------------------------------------------------------------------------------------
// reliability: one row per scale

struct scale_reliability_row {
    std::string scale;
    std::size_t k = 0;                  // the scale's items
    std::optional<std::size_t> n{};     // records used (none: the scale's items could not be read)
    std::optional<stats::reliability_report> report{};  // none: an error row
    std::vector<int> items{};           // the instrument's item numbers, in the scale's order
    std::vector<bool> reversed{};       // each item reverse-keyed
    row_status status = row_status::error;
    std::string message{};
};

// Every scale of the instrument (in its order, the total last) over `records`, the valid rows
// (each with the instrument's item count of responses; missing and "does not apply" drop a
// record from a scale listwise). `invalid`: the rows left out before, for the messages.
template <stats::response_records Records>
[[nodiscard]] std::vector<scale_reliability_row> analyse_scales(const instrument_view& def, const Records& records,
                                                                const invalid_rows& invalid,
                                                                const reliability_settings& settings,
                                                                const row_naming& naming) {
    const std::string invalid_note = invalid_rows_note(invalid, naming);
    const std::string_view unanswered = def.response_format.allows_not_applicable
                                            ? " with a missing or 'does not apply' answer"
                                            : " with a missing answer";
    std::vector<scale_reliability_row> rows;
    for (const scale_entry& scale : def.scales) {
        scale_reliability_row row{std::string(scale.name), scale.count};
        for (const int item : def.items_of(scale)) {
            row.items.push_back(item);
            bool reversed = false;
            for (const int r : def.reversed) reversed = reversed || r == item;
            row.reversed.push_back(reversed);
        }
        std::size_t dropped = 0;
        try {
            const stats::scale_items items = stats::extract_scale_items(def, scale.name, records);
            row.n = items.n();
            dropped = items.dropped;
            row.report = stats::scale_reliability(items, stats::reliability_options{settings.confidence});
        } catch (const alliance::error& e) {
            append_problem(row.message, e.what());
        }
        if (dropped > 0) append_problem(row.message, detail::rows_counted(dropped) + std::string(unanswered) + " left out (listwise)");
        if (!invalid_note.empty()) append_problem(row.message, invalid_note);
        if (row.report && !row.report->sem) append_problem(row.message, "sem is empty: alpha is not above 0");
        if (row.report && settings.item_detail && row.report->items < 3)
            append_problem(row.message, "alpha_if_deleted is empty: the scale has only 2 items");
        row.status = !row.report ? row_status::error
                     : dropped > 0 || invalid.count > 0 ? row_status::partial
                                                        : row_status::ok;
        rows.push_back(std::move(row));
    }
    return rows;
}

// Whether a record can be scored: the instrument's item count of responses, each one it allows
// (in range, finite, on the Likert anchors, "does not apply" only where offered): the rows
// score() does not make error rows, apart from cells that are no answer at all.
[[nodiscard]] inline bool valid_record(const instrument_view& def, std::span<const response> record) {
    if (record.size() != def.item_count) return false;
    for (std::size_t i = 0; i < record.size(); ++i)
        if (alliance::detail::check_response(def.response_format, record[i], i + 1)) return false;
    return true;
}

// The packages' whole table: the scale rows, and the rows left out for invalid values (R warns
// with invalid_rows_note of them).
struct reliability_table {
    std::vector<scale_reliability_row> scales;
    invalid_rows invalid;
};

// `records` every row of the input, `unreadable[r]` true for a row with a cell that is no answer
// (the package read it as missing). Such a row, and one that is not a valid_record, is left out
// of every scale and named by `naming`.
[[nodiscard]] inline reliability_table reliability_block(
    const instrument_view& def, std::span<const std::vector<response>> records, std::span<const bool> unreadable,
    const reliability_settings& settings, const row_naming& naming) {
    if (unreadable.size() != records.size())
        throw table_error("alliance.table.lengths_differ", "the records and their unreadable flags differ in length");
    std::vector<std::span<const response>> valid;
    reliability_table out;
    for (std::size_t r = 0; r < records.size(); ++r) {
        if (unreadable[r] || !valid_record(def, records[r])) out.invalid.add(r);
        else valid.emplace_back(records[r]);
    }
    out.scales = analyse_scales(def, valid, out.invalid, settings, naming);
    return out;
}

[[nodiscard]] inline std::vector<output_column> reliability_columns(const reliability_settings& settings) {
    using enum column_content;
    if (settings.item_detail)
        return {{"scale", text}, {"item", count}, {"reversed", count}, {"mean", number}, {"sd", number},
                {"r_drop", number}, {"alpha_if_deleted", number}, {"status", text}, {"message", text}};
    return {{"scale", text}, {"n", count}, {"k", count}, {"alpha", number}, {"alpha_standardized", number},
            {"alpha_lower", number}, {"alpha_upper", number}, {"sem", number}, {"status", text},
            {"message", text}};
}

// The rows in reliability_columns' order: one per scale, or with item_detail one per item of
// each scale (empty numbers where the scale was not computed). `out` has text(string_view),
// integer(long long), number(double), empty() and next_row().
template <class Writer>
void put_reliability_table(Writer& out, std::span<const scale_reliability_row> rows,
                           const reliability_settings& settings) {
    const auto optional_number = [&](const std::optional<double>& x) {
        if (x) out.number(*x);
        else out.empty();
    };
    for (const scale_reliability_row& row : rows) {
        const stats::reliability_report* report = row.report ? &*row.report : nullptr;
        if (settings.item_detail) {
            for (std::size_t i = 0; i < row.items.size(); ++i) {
                out.text(row.scale);
                out.integer(row.items[i]);
                out.integer(row.reversed[i] ? 1 : 0);
                if (report && i < report->item_stats.size()) {
                    const stats::item_statistics& item = report->item_stats[i];
                    out.number(item.mean);
                    out.number(item.sd);
                    out.number(item.r_drop);
                    optional_number(item.alpha_if_deleted);
                } else {
                    for (int cell = 0; cell < 4; ++cell) out.empty();
                }
                out.text(status_word(row.status));
                out.text(row.message);
                out.next_row();
            }
            continue;
        }
        out.text(row.scale);
        if (row.n) out.integer(static_cast<long long>(*row.n));
        else out.empty();
        out.integer(static_cast<long long>(row.k));
        if (report) {
            for (const double x : {report->alpha, report->standardized_alpha, report->alpha_interval.lower,
                                   report->alpha_interval.upper})
                out.number(x);
            optional_number(report->sem);
        } else {
            for (int cell = 0; cell < 5; ++cell) out.empty();
        }
        out.text(status_word(row.status));
        out.text(row.message);
        out.next_row();
    }
}

// ---------------------------------------------------------------------------------------------
// icc: the request

struct icc_request {
    std::size_t raters = 0;              // rating columns, one per rater
    std::optional<double> confidence{};  // of the intervals; 0.95 when not given
};

// Calls visit(name, field) for every option but the raters (the command line's --raters list,
// the packages' columns).
template <class Visit>
void for_each_option(icc_request& request, Visit&& visit) {
    visit("confidence", request.confidence);
}

struct icc_settings {
    std::size_t raters = 0;
    double confidence = 0.95;
};

// --raters on the command line names the columns; the packages' `ratings` holds them
// (binding_spelling renames the option).
[[nodiscard]] inline icc_settings resolve(const icc_request& request, const option_spelling& spell) {
    if (request.raters < 2)
        throw option_error("alliance.table.option",
                           spell.option("raters") + " needs at least two columns, one per rater, not " +
                               std::to_string(request.raters));
    icc_settings settings{request.raters, 0.95};
    if (request.confidence)
        settings.confidence = checked_confidence(*request.confidence, spell.value(*request.confidence), spell);
    return settings;
}

// ---------------------------------------------------------------------------------------------
// icc: the result

// psych's names for the forms (ICC(); Shrout & Fleiss 1979 cases 1-3, a single rater and the
// mean of k raters); stats::to_string gives Shrout & Fleiss's "ICC(1,1)".
[[nodiscard]] constexpr std::string_view psych_icc_name(stats::icc_form form) noexcept {
    switch (form) {
        case stats::icc_form::icc1_1: return "ICC1";
        case stats::icc_form::icc2_1: return "ICC2";
        case stats::icc_form::icc3_1: return "ICC3";
        case stats::icc_form::icc1_k: return "ICC1k";
        case stats::icc_form::icc2_k: return "ICC2k";
        case stats::icc_form::icc3_k: return "ICC3k";
    }
    return "unknown";
}

// The six ICCs (one row each, every row with the same n, k, status and message).
struct icc_result {
    std::optional<stats::icc_report> report{};  // none: not computed (the message says why)
    std::size_t n = 0;                          // targets used: rows with every rating
    std::size_t k = 0;                          // raters
    row_status status = row_status::error;
    std::string message{};
};

// `complete`: the complete rows, row-major (n x raters); `incomplete`: rows left out for a
// missing rating (listwise); `invalid`: rows left out for invalid values, named by `naming`.
[[nodiscard]] inline icc_result analyse_ratings(std::vector<double> complete, std::uint64_t incomplete,
                                                const invalid_rows& invalid, const icc_settings& settings,
                                                const row_naming& naming) {
    icc_result out;
    out.k = settings.raters;
    out.n = settings.raters == 0 ? 0 : complete.size() / settings.raters;
    try {
        out.report = stats::intraclass_correlations(stats::item_matrix(out.n, out.k, std::move(complete)),
                                                    settings.confidence);
    } catch (const alliance::error& e) {
        out.message = e.what();
    }
    if (incomplete > 0)
        append_problem(out.message, detail::rows_counted(incomplete) + " with a missing rating left out (listwise)");
    if (invalid.count > 0) append_problem(out.message, invalid_rows_note(invalid, naming));
    out.status = !out.report ? row_status::error
                 : incomplete > 0 || invalid.count > 0 ? row_status::partial
                                                       : row_status::ok;
    return out;
}

// One rating column as a package holds it: values (NaN: missing) and, for a column that held
// text, each cell's kind as read_texts reads it (empty: every cell a number or NaN).
struct rating_column {
    std::span<const double> values;
    std::span<const cell_kind> kinds{};
};

// The packages' ratings, one column per rater (settings.raters of them), rows numbered 0, 1, ...
// in `naming`: a row with a cell that is no finite number and no missing code is invalid, a row
// with a missing rating incomplete; the others are the targets.
[[nodiscard]] inline icc_result icc_block(std::span<const rating_column> columns, const icc_settings& settings,
                                          const row_naming& naming) {
    if (columns.size() != settings.raters)
        throw table_error("alliance.table.lengths_differ", "the ratings have " + std::to_string(columns.size()) +
                                                              " columns; the request has " +
                                                              std::to_string(settings.raters) + " raters");
    const std::size_t rows = columns.empty() ? 0 : columns.front().values.size();
    for (const rating_column& column : columns)
        if (column.values.size() != rows || (!column.kinds.empty() && column.kinds.size() != rows))
            throw table_error("alliance.table.lengths_differ", "the rating columns differ in length");
    std::vector<double> complete;
    std::uint64_t incomplete = 0;
    invalid_rows invalid;
    std::vector<double> row(columns.size());
    for (std::size_t r = 0; r < rows; ++r) {
        bool missing = false, bad = false;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const double x = columns[c].values[r];
            const cell_kind kind = columns[c].kinds.empty() ? (std::isnan(x) ? cell_kind::missing : cell_kind::number)
                                                            : columns[c].kinds[r];
            if (kind == cell_kind::missing) missing = true;
            else if (kind != cell_kind::number || !std::isfinite(x)) bad = true;
            row[c] = x;
        }
        if (bad) invalid.add(r);
        else if (missing) ++incomplete;
        else complete.insert(complete.end(), row.begin(), row.end());
    }
    return analyse_ratings(std::move(complete), incomplete, invalid, settings, naming);
}

[[nodiscard]] inline std::vector<output_column> icc_columns() {
    using enum column_content;
    return {{"form", text}, {"icc", number}, {"lower", number}, {"upper", number}, {"n", count}, {"k", count},
            {"f", number}, {"df1", number}, {"df2", number}, {"p", number}, {"status", text}, {"message", text}};
}

// The six rows in Shrout & Fleiss's order, in icc_columns' order (put_reliability_table's Writer).
template <class Writer>
void put_icc_table(Writer& out, const icc_result& result) {
    for (const stats::icc_form form : stats::all_icc_forms) {
        out.text(psych_icc_name(form));
        const stats::icc_estimate* estimate = result.report ? &(*result.report)[form] : nullptr;
        if (estimate) {
            out.number(estimate->value);
            out.number(estimate->ci.lower);
            out.number(estimate->ci.upper);
        } else {
            for (int cell = 0; cell < 3; ++cell) out.empty();
        }
        out.integer(static_cast<long long>(result.n));
        out.integer(static_cast<long long>(result.k));
        for (const double stats::icc_estimate::*x : {&stats::icc_estimate::f, &stats::icc_estimate::df1,
                                                     &stats::icc_estimate::df2, &stats::icc_estimate::p}) {
            if (estimate) out.number(estimate->*x);
            else out.empty();
        }
        out.text(status_word(result.status));
        out.text(result.message);
        out.next_row();
    }
}

}  // namespace alliance::table
