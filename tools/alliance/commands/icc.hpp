// `alliance icc`: agreement between raters who each rated the same targets (one row per target,
// one column per rater) - the six intraclass correlations of Shrout & Fleiss (1979) with their
// confidence intervals and F tests. Every number comes from stats::intraclass_correlations
// (computed as psych 2.2.9 ICC() does); the driver reads, validates and lays out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/error.hpp>
#include <alliance/stats/agreement.hpp>
#include <alliance/stats/item_matrix.hpp>
#include <alliance/table/reliability.hpp>

#include "columns.hpp"
#include "command_line.hpp"
#include "number_fields.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "response_codes.hpp"
#include "row_checks.hpp"

namespace alliance::cli {

struct icc_settings {
    table_settings input{};            // CSV dialect, missing codes, --format
    std::vector<std::string> raters;   // the rating columns, one per rater
    table::icc_settings icc{};         // raters and --confidence (alliance/table/reliability.hpp)
};

namespace detail {

// The complete rows of the rater columns (targets x raters, row-major) and what was left out.
struct rating_rows {
    std::vector<double> values;
    std::uint64_t rows_read = 0;   // data rows in the input
    std::uint64_t incomplete = 0;  // rows left out for a missing rating (listwise)
    table::invalid_rows invalid{};  // rows left out for invalid values, by line
};

// Reads the rater columns of every row, holding the complete rows in memory (8 bytes per
// rating). A rating that is neither a finite number nor a missing code, or a row with a wrong
// number of fields, is named on standard error and its row left out; a row with a missing
// rating is left out and counted. Throws input_error when the header lacks a rater column.
[[nodiscard]] inline rating_rows read_rating_rows(const icc_settings& settings, byte_source& input,
                                                  left_out_rows& left_out, progress_meter* progress) {
    csv_reader reader(input, settings.input.dialect, settings.input.limits);
    if (!reader.next_header()) throw input_error("the input is empty: no header row");
    refuse_oversized_header(reader);
    const std::vector<std::size_t> at = locate_columns(reader.fields(), settings.raters);
    const std::size_t header_size = reader.size();
    const std::size_t k = settings.raters.size();

    rating_rows rows;
    std::vector<double> row(k);
    std::string message;
    while (reader.next()) {
        ++rows.rows_read;
        message.clear();
        const auto field = [&](std::size_t index) {
            return index < reader.size() ? reader[index] : std::string_view{};
        };
        check_row_shape(reader, header_size, no_column, {}, message);
        bool missing = false;
        for (std::size_t r = 0; r < k; ++r) {
            const field_value value = read_value(field(at[r]), settings.input.codes);
            row[r] = value.number;
            if (value.state == value_state::invalid)
                append_problem(message, reader.row_name() + ", column '" + settings.raters[r] +
                                            "': value '" + std::string(value.text) +
                                            "' is not a finite number or a missing code (" +
                                            quote_list(settings.input.codes.missing) + ")");
            else if (value.state == value_state::missing)
                missing = true;
        }
        if (!message.empty()) {
            left_out.add(reader.line(), message, progress, reader.numbering());
            rows.invalid.add(reader.line());
        } else if (missing) {
            ++rows.incomplete;
        }
        else rows.values.insert(rows.values.end(), row.begin(), row.end());
        if (progress != nullptr) progress->update(reader.bytes_consumed(), rows.rows_read);
    }
    return rows;
}

// Writes the six ICCs, one row each, in Shrout & Fleiss's order. Returns the exit status: 1
// when an input row was left out for invalid values or the ICCs could not be computed, else 0.
inline int icc_csv(const icc_settings& settings, byte_source& input, output_sink& output, progress_meter* progress,
                   bool quiet) {
    left_out_rows left_out("icc");
    rating_rows rows = read_rating_rows(settings, input, left_out, progress);
    if (progress != nullptr) progress->finish();
    // The result, its status and message: alliance/table/reliability.hpp, as in the packages.
    const table::icc_result result =
        table::analyse_ratings(std::move(rows.values), rows.incomplete, rows.invalid, settings.icc,
                               row_naming_for(input.numbering()));
    const std::size_t n = result.n;
    const std::optional<stats::icc_report>& report = result.report;

    buffered_writer out(output);
    std::vector<std::string> names;
    for (const table::output_column& column : table::icc_columns()) names.emplace_back(column.name);
    table_writer table(out, settings.input.format, names);
    table::put_icc_table(table, result);
    out.flush();

    if (!quiet && (left_out.count() > 0 || !report || is_terminal(stderr)))
        std::fprintf(stderr,
                     "alliance icc: %llu rows read: %zu used, %llu with a missing rating, %llu left out for invalid "
                     "values\n",
                     static_cast<unsigned long long>(rows.rows_read), n, static_cast<unsigned long long>(rows.incomplete),
                     static_cast<unsigned long long>(left_out.count()));
    return left_out.count() > 0 || !report ? 1 : 0;
}

}  // namespace detail

inline constexpr std::string_view icc_help = R"(Usage: alliance icc --raters COL1,COL2,... [OPTIONS] [FILE | -]

Agreement between raters: the six intraclass correlations of Shrout & Fleiss (1979), each with
its confidence interval and F test, computed as psych's ICC() does (the ANOVA route, its
lmer = FALSE). The input has one row per target (client, session, recording) and one column
per rater, every rater rating every target. The ratings are held in memory (8 bytes each).

Options:
  --raters COLUMNS    the rating columns, comma-separated (at least two)
  --confidence C      level of the intervals (default 0.95)
  FILE                the CSV file; standard input when '-' or absent
  --delimiter D       ',' (default), ';' or 'tab'
  --missing CODES     comma-separated codes meaning "not rated" (default: the empty field
                      and NA)
  --decimal-comma     read 3,5 as 3.5 (with --delimiter ';' or 'tab')
  --format FORMAT     csv (default) or jsonl (null where the CSV cell is empty)
  -o, --output FILE   write to FILE instead of standard output
  -q, --quiet         no progress bar and no summary line on standard error
  -h, --help          this text

Rows, in this order (psych's names; Shrout & Fleiss's ICC(case, raters)):
  ICC1    ICC(1,1)  one-way random effects, a single rater
  ICC2    ICC(2,1)  two-way random effects, absolute agreement, a single rater
  ICC3    ICC(3,1)  two-way mixed effects, consistency, a single rater
  ICC1k   ICC(1,k)  as ICC1, the mean of the k raters
  ICC2k   ICC(2,k)  as ICC2, the mean of the k raters
  ICC3k   ICC(3,k)  as ICC3, the mean of the k raters (equals Cronbach's alpha)
Columns:
  form                the name above
  icc                 the intraclass correlation
  lower, upper        its interval at --confidence (for ICC2 and ICC2k approximate, with
                      Satterthwaite-type degrees of freedom, as psych computes them)
  n, k                targets used (rows with every rating), raters
  f, df1, df2, p      the F test of the form against 0 (p upper-tailed)
  status              ok: every input row was used; partial: computed, but rows were left
                      out (a missing rating, or an invalid value); error: not computed
                      (fewer than 2 complete rows, no variation between targets, perfect
                      agreement): the numbers are empty
  message             what was left out and why, or why nothing was computed

A row with a missing rating is left out (listwise); n says how many rows were used. A rating
that is neither a number nor a missing code, or a row with a wrong number of fields, is named
on standard error with its line, column and value, and the row is left out.

Exit status: 0 the ICCs were computed from valid rows; 1 some input row was invalid or the
ICCs could not be computed (the output is complete); 2 usage error, unreadable input, or a
header without the rater columns (nothing written).

Example (the 6 targets x 4 judges of Shrout & Fleiss 1979, Table 2):
  alliance icc --raters judge1,judge2,judge3,judge4 examples/data/shrout_fleiss_1979.csv
)";

namespace detail {

inline const std::vector<option_spec> icc_option_specs{
    {"raters"}, {"confidence"}, {"delimiter"}, {"missing"}, {"decimal-comma", false}, {"format"}, {"qualtrics", false},
    {"output", true, 'o'}, {"quiet", false, 'q'}, {"help", false, 'h'}};

// run_icc, the command's entry point: commands/icc.cpp.

}  // namespace detail

}  // namespace alliance::cli
