// `alliance change` and `alliance compare`: per-row statistics on score columns of a CSV file
// (reliable change and clinical significance; normative and single-case comparison). The row
// loop, the reading of numbers and the error rows are shared; every statistic comes from
// alliance/stats (Boost.Math), none is computed here.
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <alliance/error.hpp>
#include <alliance/stats.hpp>
#include <alliance/table/change.hpp>
#include <alliance/table/compare.hpp>
#include <alliance/table/compare_options.hpp>

#include "command_line.hpp"
#include "command_score.hpp"
#include "csv_reader.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "response_codes.hpp"

namespace alliance::cli {


// One computed cell: empty ("not computed"), a number, an integer or text.
using cell = std::variant<std::monostate, double, long long, std::string>;

namespace detail {

enum class value_state { number, missing, invalid };

// A field as a number: a missing code, a finite number, or invalid (with the reason).
struct field_value {
    value_state state = value_state::missing;
    double number = 0;
    std::string_view text{};
};

[[nodiscard]] inline field_value read_value(std::string_view field, const response_codes& codes) {
    field_value value{value_state::invalid, 0.0, trim(field)};
    response answer;
    if (!read_response(value.text, codes, answer) || answer.is_not_applicable()) return value;
    if (answer.is_missing()) {
        value.state = value_state::missing;
    } else if (std::isfinite(answer.value())) {
        value.state = value_state::number;
        value.number = answer.value();
    }
    return value;
}

}  // namespace detail

// Reads every row, takes the numbers in `value_columns` and writes `result_columns` computed by
// `compute(numbers)` (which returns one cell per result column and may throw alliance::error).
// A row with a value that is not a number is an error row; a row with a missing value is
// partial with nothing computed; an alliance::error from `compute` makes an error row with its
// message. Throws input_error (nothing written) when the header lacks a column.
template <class Compute>
score_summary map_rows(const table_settings& settings, const std::vector<std::string>& value_columns,
                       const std::vector<std::string>& result_columns, byte_source& input, output_sink& output,
                       progress_meter* progress, Compute compute) {
    std::vector<std::size_t> at;
    std::size_t header_size = 0;
    const std::size_t values = value_columns.size();
    std::size_t id_at = detail::no_column;
    const std::size_t keep_from = settings.id_column.empty() ? values : values + 1;  // the kept columns' places in `at`
    const auto header = [&](csv_reader& reader) {
        if (!reader.next_header()) throw input_error("the input is empty: no header row");
        detail::refuse_oversized_header(reader);
        std::vector<std::string> needed = value_columns;
        if (!settings.id_column.empty()) needed.push_back(settings.id_column);
        needed.insert(needed.end(), settings.keep_columns.begin(), settings.keep_columns.end());
        at = detail::locate_columns(reader.fields(), needed);
        header_size = reader.size();
        if (!settings.id_column.empty()) id_at = at[values];

        std::vector<std::string> columns;
        if (!settings.id_column.empty()) columns.push_back(settings.id_column);
        columns.insert(columns.end(), settings.keep_columns.begin(), settings.keep_columns.end());
        columns.insert(columns.end(), result_columns.begin(), result_columns.end());
        columns.emplace_back("status");
        columns.emplace_back("message");
        detail::refuse_repeated_columns(columns, (settings.id_column.empty() ? 0 : 1) + settings.keep_columns.size());
        return columns;
    };

    // The row loop, over the whole input or over one chunk of it (parallel_rows.hpp).
    const auto rows = [&](csv_reader& reader, table_writer& table, progress_meter* meter) {
        std::vector<double> numbers(values);
        std::string message;
        score_summary summary;
        while (reader.next()) {
            ++summary.rows;
            message.clear();
            const std::string line = "line " + std::to_string(reader.line());
            const auto field = [&](std::size_t index) {
                return index < reader.size() ? reader[index] : std::string_view{};
            };
            detail::check_row_shape(reader, header_size, id_at, settings.id_column, message);
            bool error = !message.empty();
            bool missing = false;
            std::string missing_columns;
            for (std::size_t v = 0; v < values; ++v) {
                const detail::field_value value = detail::read_value(field(at[v]), settings.codes);
                numbers[v] = value.number;
                if (value.state == detail::value_state::invalid) {
                    detail::append_problem(message, line + ", column '" + value_columns[v] + "': value '" +
                                                        std::string(value.text) +
                                                        "' is not a finite number or a missing code (" +
                                                        quote_list(settings.codes.missing) + ")");
                    error = true;
                } else if (value.state == detail::value_state::missing) {
                    missing = true;
                    missing_columns += (missing_columns.empty() ? "" : ", ") + value_columns[v];
                }
            }
            std::vector<cell> cells;
            if (!error && !missing) {
                try {
                    cells = compute(std::span<const double>(numbers));
                } catch (const alliance::error& e) {
                    detail::append_problem(message, line + ": " + e.what());
                    error = true;
                }
            }

            if (id_at != detail::no_column) table.text(field(id_at));
            for (std::size_t k = 0; k < settings.keep_columns.size(); ++k) table.text(field(at[keep_from + k]));
            for (std::size_t r = 0; r < result_columns.size(); ++r) {
                const cell* value = r < cells.size() ? &cells[r] : nullptr;
                if (value == nullptr || std::holds_alternative<std::monostate>(*value)) table.empty();
                else if (const auto* number = std::get_if<double>(value)) table.number(*number);
                else if (const auto* integer = std::get_if<long long>(value)) table.integer(*integer);
                else table.text(std::get<std::string>(*value));
            }
            if (error) {
                ++summary.errors;
                table.text("error");
            } else if (missing) {
                ++summary.partial;
                table.text("partial");
                message = "missing " + missing_columns + "; nothing computed";
            } else {
                ++summary.ok;
                table.text("ok");
            }
            table.text(message);
            table.end_row();
            if (meter != nullptr) meter->update(reader.bytes_consumed(), summary.rows);
        }
        return summary;
    };
    return table_rows(settings, input, output, progress, header,
                      [&rows](table_writer& table) { return function_rows<decltype(rows)>{rows, table}; });
}

// ---------------------------------------------------------------------------------------------
// compare: its requests, columns and cells are the table layer's (alliance/table/compare.hpp)

// The table layer's result columns and cells (alliance/table/compare.hpp) as the writer's.
[[nodiscard]] inline std::vector<std::string> column_names(std::span<const table::result_column> columns) {
    std::vector<std::string> names;
    for (const table::result_column& column : columns) names.emplace_back(column.name);
    return names;
}

template <class Cells>
[[nodiscard]] std::vector<cell> table_cells(std::span<const table::result_column> columns, Cells&& fill) {
    std::array<double, 16> values{};
    fill(std::span<double>(values).first(columns.size()));
    std::vector<cell> cells;
    cells.reserve(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (std::isnan(values[c])) cells.emplace_back();  // not computed, e.g. a method's absent threshold
        else if (columns[c].kind == table::column_kind::yes_no) cells.emplace_back(std::string(values[c] != 0 ? "yes" : "no"));
        else if (columns[c].kind == table::column_kind::category)
            cells.emplace_back(std::string(columns[c].labels[static_cast<std::size_t>(values[c])]));
        else cells.emplace_back(values[c]);
    }
    return cells;
}

// The complete pre/post pairs of a file (rows whose pre and post are both numbers), for the
// parameters a method needs and the user did not give. Holds 16 bytes per pair.
[[nodiscard]] inline std::vector<stats::score_pair> read_pairs(const table_settings& settings, const std::string& pre,
                                                               const std::string& post, byte_source& input) {
    csv_reader reader(input, settings.dialect, settings.limits);
    if (!reader.next_header()) throw input_error("the input is empty: no header row");
    detail::refuse_oversized_header(reader);
    const std::vector<std::size_t> at = detail::locate_columns(reader.fields(), {pre, post});
    const std::size_t header_size = reader.size();
    std::vector<stats::score_pair> pairs;
    while (reader.next()) {
        if (reader.size() != header_size || reader.unterminated_quote()) continue;
        const auto x = detail::read_value(reader[at[0]], settings.codes);
        const auto y = detail::read_value(reader[at[1]], settings.codes);
        if (x.state == detail::value_state::number && y.state == detail::value_state::number)
            pairs.push_back({x.number, y.number});
    }
    return pairs;
}

inline constexpr std::string_view change_help = R"(Usage: alliance change --pre COL --post COL (--higher-is-better | --lower-is-better)
                       [--method M] [PARAMETERS] [OPTIONS] [FILE | -]

Reliable change for every row, from its pre and post scores. Output columns:
  difference        post - pre
  standard_error    the index's denominator
  rci               the reliable change index
  critical_value    the value |rci| must exceed
  threshold         the smallest reliable |post - pre| in raw score points (methods whose
                    numerator is post - pre: jt, maassen, iverson-unadjusted; else empty)
  reliable_change   improved, deteriorated or none (direction from the flag below)
and with a cut-off, cutoff and category (recovered, improved, unchanged, deteriorated,
Jacobson & Truax 1991). Then status and message.

Method (--method, default jt):
  jt                  Jacobson & Truax (1991)
  gln, hll, en, nk    Gulliksen-Lord-Novick, Hsu-Linn-Lord, Edwards-Nunnally, Nunnally-Kotsch
  ha                  Hageman & Arrindell (1999)
  maassen             Maassen (2004)
  iverson             Iverson, Lovell & Collins (2003), practice-adjusted
  iverson-unadjusted  the same without practice adjustment
  chelune, temkin     Chelune et al. (1993), Temkin et al. (1999)
  mcsweeny            McSweeny et al. (1993), regression-based
Direction (one is required): --higher-is-better, --lower-is-better

Parameters (as the method needs them):
  --sd X                  SD of the pre scores (the clinical sample)
  --mean X                mean of the pre scores
  --post-mean X           mean of the post scores
  --post-sd X             SD of the post scores
  --reliability X         reliability of the measure (always given, never estimated)
  --norm NORM_ID          a published norm for --mean, --sd and (when it reports one)
                          --reliability; id, edition and citation go to stderr
  --post-reliability X    reliability of the post scores (nk)
  --prepost-correlation X the pre-post (test-retest) correlation
A mean, SD or correlation the method needs and you do not give is estimated from the
complete pre/post pairs of the input (sample statistics, SD with n - 1) and reported on
standard error. Estimating keeps the pairs in memory (16 bytes each) and reads the input
twice (standard input is copied to a temporary file).

Critical value: --confidence C (default 0.95, two-sided) or --critical-value X (e.g. 1.96
to reproduce a paper).

Clinical significance (adds cutoff and category):
  --cutoff a|b|c          Jacobson & Truax's cut-off: a needs --clinical-mean and
                          --clinical-sd; b and c also --functional-mean and --functional-sd
  --cutoff-value X        a cut-off of your own
  --recovery-rule R       jacobson-truax (default): recovered = reliably improved and
                          beyond the cut-off; clinicalsignificance: the pre score must also
                          be on the clinical side (the R package's rule)
With --method ha, --cutoff a|b|c is Hageman & Arrindell's (1999) true-score cut-off and
adds cs_indiv, their individual clinical-significance index; the category is then
recovered when rci and cs_indiv both pass the critical value (for HA's one-sided 5%
give --critical-value 1.65). CS_indiv takes its standard error of measurement from
--clinical-sd and --reliability, and the post mean and SD from --post-mean and --post-sd
(or the input).

Input and output: FILE or '-' for standard input; --id COLUMN, --keep COLUMNS,
--delimiter D, --missing CODES, --decimal-comma, --format csv|jsonl, -o FILE, -q,
--threads N (default: every core; the output is the same whatever N), as for
'alliance score'. A row with a missing pre or post score is partial with nothing
computed; a value that is not a number makes the row an error.

Exit status: 0 every row ok or partial; 1 some row is an error; 2 usage error (including a
parameter out of its domain, e.g. --reliability 1.2), unreadable input, or a header without
the needed columns.

Example:
  alliance change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 \
    --cutoff-value 25 --id client examples/data/ors_pre_post.csv
)";

inline constexpr std::string_view compare_help = R"(Usage: alliance compare --score COL (--mean M --sd S [--n N] | --norm NORM_ID) [OPTIONS] [FILE | -]
       alliance compare --score COL --score-b COL --mean M --sd S --mean-b M --sd-b S --n N
                        --correlation R [--draws D] [--seed S] [OPTIONS] [FILE | -]
       alliance compare --equivalence --group-mean COL --group-sd COL --group-n COL
                        --mean M --sd S --n N (--delta X | --delta-sd K) [OPTIONS] [FILE | -]

Compares every row's score with a norm (mean M, SD S). Output columns:
  z            (score - M) / S
  t_score      50 + 10 z
  percentile   100 x the standard normal CDF of z
With --n N (the size of the normative sample), Crawford & Howell's (1998) test of a single
case against a small sample, and Crawford & Garthwaite's (2002) interval estimates:
  t, df                 (score - M) / (S sqrt((N + 1) / N)), N - 1
  p_one_tailed          in the direction in which the score lies from the mean
  p_two_tailed
  percent_below         estimated percentage of the population below the score
  percent_below_lower, percent_below_upper   its interval at --confidence
  z_cc, z_cc_lower, z_cc_upper               the standardised score and its interval
Then status and message.

Options:
  --score COL             the column with the score
  --mean M, --sd S        the norm
  --norm NORM_ID          a published norm instead (mean, SD and n when reported; the ids are
                          in 'alliance list ID'); its id, edition and citation go to stderr
  --n N                   size of the normative sample (at least 2)
  --confidence C          of the intervals (default 0.95)
Input and output: FILE or '-' for standard input; --id COLUMN, --keep COLUMNS,
--delimiter D, --missing CODES, --decimal-comma, --format csv|jsonl, -o FILE, -q,
--threads N (default: every core; the output is the same whatever N), as for
'alliance score'. A row with a missing score is partial with nothing computed.

Bayesian tests (Crawford & Garthwaite 2007), by Monte Carlo; need --n:
  --bayesian              the single-case columns from the Bayesian test for a deficit:
                          p_one_tailed, p_two_tailed, percent_below with its credible
                          interval, z_cc with its interval, mc_standard_error (of the p)
  --score-b COL           a second task: the case's scores in --score (task A) and COL
                          (task B) against --mean/--sd (A), --mean-b/--sd-b (B), the
                          controls' --n and the tasks' --correlation R. Columns: z_a, z_b,
                          btd_p_a, btd_p_b (Bayesian test for a deficit on each task,
                          one-tailed), z_dcc, p_one_tailed, p_two_tailed (Bayesian
                          standardised difference test), percent_below (of controls whose
                          A - B discrepancy is below the case's) with its interval,
                          z_dcc_lower, z_dcc_upper, mc_standard_error
  --prior P               standard (Crawford & Garthwaite 2007, default) or calibrated
                          (Crawford, Garthwaite & Ryan 2011)
  --unstandardised        tasks on the same scale: the raw A - B discrepancy
  --draws D, --seed S     Monte Carlo draws (default 100000) and generator seed (default 1);
                          every row uses the seed, so a row's result does not depend on the
                          others. 10 000 draws give p to about +-0.001, 1 000 000 to +-0.0001
  --confidence C          of the credible intervals (default 0.95)

Normative equivalence (Kendall et al. 1999) over group summaries: --equivalence
  --group-mean COL, --group-sd COL, --group-n COL   each row's treated group
  --mean M, --sd S, --n N                           the normative group
  --delta X | --delta-sd K   the range of closeness, in score points or normative SDs
                          (Kendall et al. used 1 SD; Cribbie & Arpin-Cribbie 0.5, 1, 1.5)
  --welch                 Welch standard error and df (Cribbie & Arpin-Cribbie 2009)
                          instead of the pooled variance (Kendall et al. 1999)
  --alpha A               of each one-sided test and of the difference test (default 0.05)
Columns: difference, delta, standard_error, df, t_upper, p_upper, t_lower, p_lower,
equivalent (yes when both one-sided p < alpha), t_difference, p_difference (two-tailed),
different (yes when p_difference < alpha).

Exit status: 0 every row ok or partial; 1 some row is an error; 2 usage error (e.g. --sd 0),
unreadable input, or a header without the score column.

Examples:
  alliance compare --score ors_post --mean 28 --sd 6.8 --n 100 --id client examples/data/ors_pre_post.csv
  alliance compare --equivalence --group-mean mean --group-sd sd --group-n n --mean 28 --sd 6.8 \
    --n 1200 --delta-sd 1 --id arm groups.csv
)";

namespace detail {

inline const std::vector<option_spec> change_options = with_table_options(
    {{"pre"}, {"post"}, {"method"}, {"sd"}, {"mean"}, {"post-mean"}, {"post-sd"}, {"reliability"},
     {"post-reliability"}, {"prepost-correlation"}, {"confidence"}, {"critical-value"},
     {"higher-is-better", false}, {"lower-is-better", false}, {"cutoff"}, {"cutoff-value"},
     {"clinical-mean"}, {"clinical-sd"}, {"functional-mean"}, {"functional-sd"}, {"norm"}, {"recovery-rule"}, {"threads"}});

// run_change, the command's entry point: command_change.cpp.

inline const std::vector<option_spec> compare_options = with_table_options(
    {{"score"}, {"mean"}, {"sd"}, {"n"}, {"confidence"}, {"norm"}, {"bayesian", false}, {"draws"}, {"seed"},
     {"score-b"}, {"mean-b"}, {"sd-b"}, {"correlation"}, {"prior"}, {"unstandardised", false},
     {"equivalence", false}, {"group-mean"}, {"group-sd"}, {"group-n"}, {"delta"}, {"delta-sd"},
     {"welch", false}, {"alpha"}, {"threads"}});

// Options that belong to one mode of compare only.
inline void refuse_options(const parsed_arguments& args, std::initializer_list<std::string_view> names,
                           std::string_view reason) {
    for (const std::string_view name : names)
        if (args.has(name)) throw usage_error("--" + std::string(name) + " " + std::string(reason));
}

inline int run_compare_equivalence(const parsed_arguments& args, const table_settings& table) {
    refuse_options(args, {"score", "score-b", "bayesian", "draws", "seed", "confidence", "mean-b", "sd-b",
                          "correlation", "prior", "unstandardised", "norm"},
                   "is not used by --equivalence (which compares group means)");
    table::equivalence_request request;
    const std::vector<std::string> columns{required_option(args, "group-mean"), required_option(args, "group-sd"),
                                           required_option(args, "group-n")};
    request.sd_column = columns[1];
    request.n_column = columns[2];
    request.normative.mean = parse_number_option("mean", required_option(args, "mean"));
    request.normative.sd = parse_number_option("sd", required_option(args, "sd"));
    request.normative.n = parse_number_option("n", required_option(args, "n"));
    if (!(request.normative.n >= 2 && request.normative.n <= 1e9 && request.normative.n == std::floor(request.normative.n)))
        throw usage_error("--n expects a whole number of at least 2, not '" + *args.get("n") + "'");
    request.delta = number_option(args, "delta");
    request.delta_sd = number_option(args, "delta-sd");
    if (args.has("welch")) request.model = stats::variance_model::welch;
    if (const auto alpha = number_option(args, "alpha")) request.alpha = *alpha;
    check_request([&] { table::check(request, table::command_line_spelling); });
    const auto result = std::span(table::equivalence_result_columns);
    return run_table("compare", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        return map_rows(table, columns, column_names(result), source, sink, &progress, [&](std::span<const double> x) {
            return table_cells(result, [&](std::span<double> out) { table::equivalence_cells(request, x[0], x[1], x[2], out); });
        });
    });
}

// run_compare, the command's entry point: command_compare.cpp.

}  // namespace detail

}  // namespace alliance::cli
