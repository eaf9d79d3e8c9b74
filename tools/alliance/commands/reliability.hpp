// `alliance reliability`: the internal consistency of every scale of an instrument in the rows
// of a CSV file - Cronbach's alpha, raw and standardised, with Feldt's (1965) interval and the
// standard error of measurement; with --item-detail each item's mean, SD, corrected item-total
// correlation and alpha if deleted. Every number comes from alliance/stats
// (extract_scale_items: reverse keying on the instrument's nominal range, listwise deletion per
// scale; scale_reliability: the statistics). The driver reads, validates and lays out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/error.hpp>
#include <alliance/response.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/stats/item_matrix.hpp>
#include <alliance/stats/reliability.hpp>
#include <alliance/table/reliability.hpp>

#include "command_line.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "item_table.hpp"
#include "response_codes.hpp"
#include "row_checks.hpp"

namespace alliance::cli {

struct reliability_settings {
    score_settings input{};              // CSV dialect, missing and not-applicable codes, --items, --format
    table::reliability_settings request{};  // --confidence, --item-detail (alliance/table/reliability.hpp)
};

namespace detail {

// The valid rows of the input: `item_count` responses each. Stored in blocks of a fixed number
// of rows, so a growing input is never copied to a larger buffer (which would briefly need
// the memory twice).
class response_rows {
public:
    explicit response_rows(std::size_t item_count) : item_count_(item_count) {}

    void add(std::span<const response> row) {
        if (blocks_.empty() || blocks_.back().size() + item_count_ > blocks_.back().capacity()) {
            blocks_.emplace_back();
            blocks_.back().reserve(block_rows * item_count_);
        }
        blocks_.back().insert(blocks_.back().end(), row.begin(), row.end());
        ++rows_;
    }

    // One view per row, as stats::extract_scale_items takes records.
    [[nodiscard]] std::vector<std::span<const response>> records() const {
        std::vector<std::span<const response>> views;
        views.reserve(rows_);
        for (const std::vector<response>& block : blocks_) {
            const std::span<const response> all(block);
            for (std::size_t at = 0; at + item_count_ <= all.size(); at += item_count_)
                views.push_back(all.subspan(at, item_count_));
        }
        return views;
    }

    std::uint64_t rows_read = 0;  // data rows in the input, valid or not
    table::invalid_rows invalid{};  // rows left out for invalid values, by line

private:
    static constexpr std::size_t block_rows = 4096;
    std::size_t item_count_;
    std::size_t rows_ = 0;
    std::vector<std::vector<response>> blocks_;
};

// Every item response of every valid row, kept in memory (16 bytes each). A row with a value
// that is not a response, a response the instrument does not allow (out of range, off the
// Likert anchors, "does not apply" where not offered) or a wrong number of fields is named on
// standard error, with the same words as `alliance score` uses, and left out. Throws
// input_error when the input has no header or the header lacks an item column.
[[nodiscard]] inline response_rows read_response_rows(const runtime_instrument& instrument,
                                                      const score_settings& settings, byte_source& input,
                                                      left_out_rows& left_out, progress_meter* progress) {
    csv_reader reader(input, settings.dialect, settings.limits);
    const std::size_t item_count = instrument.item_count();
    const column_plan plan = read_item_header(reader, item_count, settings);
    const response_reader responses_from(settings.codes);

    response_rows rows(item_count);
    std::vector<response> record(item_count);
    std::string message;
    while (reader.next()) {
        ++rows.rows_read;
        message.clear();
        const auto line = [&] { return reader.row_name(); };  // for messages only
        const auto field = [&](std::size_t index) -> std::string_view {
            return index < reader.size() ? reader[index] : std::string_view{};
        };
        check_row_shape(reader, plan.header_size, no_column, {}, message);
        bool readable = true;
        for (std::size_t i = 0; i < item_count; ++i)
            readable &= responses_from.read(trim(field(plan.items[i])), record[i], i + 1);
        if (!readable || !check(instrument, record).empty())
            append_row_problems(
                instrument, responses_from, record, plan.item_names,
                [&](std::size_t i) { return trim(field(plan.items[i])); }, line(), message);
        if (message.empty()) rows.add(record);
        else {
            left_out.add(reader.line(), message, progress, reader.numbering());
            rows.invalid.add(reader.line());
        }
        if (progress != nullptr) progress->update(reader.bytes_consumed(), rows.rows_read);
    }
    return rows;
}

// Analyses every scale of the instrument (in catalogue order, the total last) over the valid
// rows of the input and writes one row per scale, or per item with --item-detail. Returns the
// exit status: 1 when an input row was left out for invalid values or a scale could not be
// computed, else 0.
inline int reliability_csv(const runtime_instrument& instrument, const reliability_settings& settings,
                           byte_source& input, output_sink& output, progress_meter* progress, bool quiet) {
    left_out_rows left_out("reliability");
    const response_rows rows = read_response_rows(instrument, settings.input, input, left_out, progress);
    const std::vector<std::span<const response>> records = rows.records();
    if (progress != nullptr) progress->finish();

    // The rows, their statuses and messages: alliance/table/reliability.hpp, as in the packages.
    const std::vector<table::scale_reliability_row> scales =
        table::analyse_scales(instrument.view(), records, rows.invalid, settings.request,
                              row_naming_for(input.numbering()));
    std::size_t ok = 0, partial = 0, errors = 0;
    for (const table::scale_reliability_row& scale : scales)
        ++(scale.status == table::row_status::ok ? ok : scale.status == table::row_status::partial ? partial : errors);
    buffered_writer out(output);
    std::vector<std::string> names;
    for (const table::output_column& column : table::reliability_columns(settings.request)) names.emplace_back(column.name);
    table_writer table(out, settings.input.format, names);
    table::put_reliability_table(table, scales, settings.request);
    out.flush();

    if (!quiet && (left_out.count() > 0 || errors > 0 || is_terminal(stderr)))
        std::fprintf(stderr,
                     "alliance reliability: %llu rows read, %llu left out for invalid values; %zu scales: %zu ok, "
                     "%zu partial, %zu error\n",
                     static_cast<unsigned long long>(rows.rows_read), static_cast<unsigned long long>(left_out.count()),
                     ok + partial + errors, ok, partial, errors);
    return left_out.count() > 0 || errors > 0 ? 1 : 0;
}

}  // namespace detail

inline constexpr std::string_view reliability_help = R"(Usage: alliance reliability (--instrument ID | --key FILE) [OPTIONS] [FILE | -]

The internal consistency of every scale of an instrument in a sample: Cronbach's alpha with
Feldt's (1965) confidence interval and the standard error of measurement, one row per scale
(in catalogue order, the total last), or with --item-detail one row per item of each scale.
The input has one row per respondent (or per session) with the instrument's item columns.

Reversed items are keyed on the instrument's NOMINAL response scale (min + max - x; psych's
reverse.code and alpha(check.keys = TRUE) use the observed range instead). A row with a
missing answer (or "does not apply") to an item of a scale is left out of that scale only
(listwise per scale); n says how many rows each scale used. Memory: the answers are held in
memory, with a copy of the scale being analysed - some 30 bytes per item per row (a 12-item
instrument: about 350 MB per million rows).

Instrument (exactly one):
  --instrument ID           a built-in instrument, e.g. wai-sr ('alliance list')
  --key FILE                an instrument key file (docs/key-files.md)

Options:
  --confidence C            level of Feldt's interval (default 0.95)
  --item-detail             one row per item instead of one per scale
  FILE                      the CSV file; standard input when '-' or absent
  --items SPEC              the item columns: a pattern ('wai_{}', 'wai{:02}') or a list
                            (A1,A2,...); see 'alliance score --help' (default 'item{}')
  --labels FILE             answers given as labels (see 'alliance score --help')
  --delimiter D             ',' (default), ';' or 'tab'
  --missing CODES           comma-separated codes meaning "not answered" (default: the
                            empty field and NA; see 'alliance score --help')
  --not-applicable CODES    codes meaning "does not apply", for instruments that offer it
  --decimal-comma           read 3,5 as 3.5 (with --delimiter ';' or 'tab')
  --format FORMAT           csv (default) or jsonl (null where the CSV cell is empty)
  -o, --output FILE         write to FILE instead of standard output
  -q, --quiet               no progress bar and no summary line on standard error
  -h, --help                this text

Columns, one row per scale:
  scale                the scale's name ('alliance list ID')
  n                    rows used: valid rows with every item of the scale answered
  k                    items in the scale
  alpha                Cronbach's (1951) alpha of the raw items
  alpha_standardized   alpha of the standardised items (from the mean inter-item r)
  alpha_lower, alpha_upper   Feldt's (1965) interval at --confidence (psych alpha.ci)
  sem                  standard error of measurement of the sum score, SD x sqrt(1 - alpha);
                       empty when alpha is not above 0
With --item-detail, one row per item of each scale:
  scale, item          the scale and the item's number in the instrument
  reversed             1 when the item is reverse-keyed, else 0
  mean, sd             of the (keyed) item over the scale's n rows; SD with n - 1
  r_drop               correlation of the item with the sum of the scale's other items
  alpha_if_deleted     alpha of the scale without the item; empty for a 2-item scale
Then, in both forms:
  status               ok: every input row was used; partial: computed, but some rows
                       were left out (a missing answer, or an invalid value); error: not
                       computed (fewer than 2 rows, fewer than 2 items, an item with zero
                       variance): the numbers are empty
  message              what was left out and why, or why nothing was computed

An input row with an invalid value (not a number or a code, out of the response scale, off
the Likert anchors, a wrong number of fields) is named on standard error with its line,
column and value, and left out of every scale; the messages count such rows.

Exit status: 0 every scale computed from valid rows; 1 some input row was invalid or some
scale could not be computed (the output is complete); 2 usage error, unreadable input, or a
header without the item columns (nothing written).

Example:
  alliance reliability --instrument wai-sr examples/data/wai_sr_sample.csv
)";

namespace detail {

inline const std::vector<option_spec> reliability_option_specs{
    {"instrument"},         {"key"},           {"items"},          {"labels"},         {"confidence"},
    {"item-detail", false}, {"delimiter"},     {"missing"},        {"not-applicable"},
    {"decimal-comma", false}, {"format"},      {"qualtrics", false}, {"output", true, 'o'}, {"quiet", false, 'q'},
    {"help", false, 'h'}};

// run_reliability, the command's entry point: commands/reliability.cpp.

}  // namespace detail

}  // namespace alliance::cli
