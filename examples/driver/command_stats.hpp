// `alliance change` and `alliance compare`: per-row statistics on score columns of a CSV file
// (reliable change and clinical significance; normative and single-case comparison). The row
// loop, the reading of numbers and the error rows are shared; every statistic comes from
// alliance/stats (Boost.Math), none is computed here.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <alliance/error.hpp>
#include <alliance/stats.hpp>

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
    csv_reader reader(input, settings.dialect, settings.limits);
    if (!reader.next()) throw input_error("the input is empty: no header row");
    detail::refuse_oversized_header(reader);
    std::vector<std::string> needed = value_columns;
    if (!settings.id_column.empty()) needed.push_back(settings.id_column);
    needed.insert(needed.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    const std::vector<std::size_t> at = detail::locate_columns(reader.fields(), needed);
    const std::size_t header_size = reader.size();
    const std::size_t values = value_columns.size();
    const std::size_t id_at = settings.id_column.empty() ? detail::no_column : at[values];
    const std::size_t keep_from = settings.id_column.empty() ? values : values + 1;  // the kept columns' places in `at`

    std::vector<std::string> columns;
    if (!settings.id_column.empty()) columns.push_back(settings.id_column);
    columns.insert(columns.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    columns.insert(columns.end(), result_columns.begin(), result_columns.end());
    columns.emplace_back("status");
    columns.emplace_back("message");
    detail::refuse_repeated_columns(columns, (settings.id_column.empty() ? 0 : 1) + settings.keep_columns.size());
    buffered_writer out(output);
    table_writer table(out, settings.format, std::move(columns));

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
        if (progress != nullptr) progress->update(reader.bytes_consumed(), summary.rows);
    }
    out.flush();
    return summary;
}

// ---------------------------------------------------------------------------------------------
// compare

struct compare_settings {
    std::string score_column;
    stats::norm norm;          // mean, sd and, for the single-case methods, n
    double confidence = 0.95;  // of the Crawford & Garthwaite intervals
};

[[nodiscard]] inline std::vector<std::string> compare_columns(const compare_settings& settings) {
    std::vector<std::string> columns{"z", "t_score", "percentile"};
    if (settings.norm.n)
        for (const char* name : {"t", "df", "p_one_tailed", "p_two_tailed", "percent_below", "percent_below_lower",
                                 "percent_below_upper", "z_cc", "z_cc_lower", "z_cc_upper"})
            columns.emplace_back(name);
    return columns;
}

// The cells of one score: z, T (50 + 10 z) and percentile (100 Phi(z)) from stats::compare; with
// n, Crawford & Howell's (1998) t-test and Crawford & Garthwaite's (2002) intervals.
[[nodiscard]] inline std::vector<cell> compare_cells(const compare_settings& settings, double score) {
    const stats::standard_scores standard = stats::compare(settings.norm, score);
    std::vector<cell> cells{standard.z, standard.t, standard.percentile};
    if (settings.norm.n) {
        const stats::case_test test = stats::crawford_howell(settings.norm, score);
        const stats::case_interval interval = stats::crawford_garthwaite(settings.norm, score, settings.confidence);
        // One-tailed in the direction in which the case lies from the mean.
        const double one_tailed = test.t < 0 ? test.p_lower : test.p_upper;
        cells.insert(cells.end(), {test.t, test.df, one_tailed, test.p_two_tailed, test.percent_below,
                                   interval.percent_below.lower, interval.percent_below.upper, test.z_cc,
                                   interval.z_cc_interval.lower, interval.z_cc_interval.upper});
    }
    return cells;
}

// ---------------------------------------------------------------------------------------------
// change

struct clinical_cutoff_settings {
    std::optional<stats::cutoff_kind> kind{};  // --cutoff a|b|c
    std::optional<double> value{};            // --cutoff-value X
    std::optional<stats::norm> clinical{};
    std::optional<stats::norm> functional{};
};

// The cut-off value to categorise with: given, or Jacobson & Truax's a, b or c.
[[nodiscard]] inline std::optional<double> cutoff_value(const clinical_cutoff_settings& settings,
                                                        stats::direction better) {
    if (settings.value) return settings.value;
    if (!settings.kind) return std::nullopt;
    // Cut-off a uses only the clinical population; jacobson_truax_cutoffs computes all three, so
    // without a functional norm the clinical one stands in for it (b and c are then unused).
    const stats::norm& functional = settings.functional ? *settings.functional : *settings.clinical;
    return stats::jacobson_truax_cutoffs(*settings.clinical, functional, better)[*settings.kind];
}

[[nodiscard]] inline std::vector<std::string> change_columns(bool with_cutoff) {
    std::vector<std::string> columns{"difference",     "standard_error", "rci",
                                     "critical_value", "threshold",      "reliable_change"};
    if (with_cutoff) {
        columns.emplace_back("cutoff");
        columns.emplace_back("category");
    }
    return columns;
}

[[nodiscard]] inline std::vector<cell> change_cells(const stats::reliable_change_index& index,
                                                    std::optional<double> cutoff, double pre, double post) {
    const stats::reliable_change_result result = stats::reliable_change(index, pre, post);
    std::vector<cell> cells{result.difference, result.standard_error, result.index, result.critical_value,
                            result.threshold ? cell(*result.threshold) : cell(),
                            std::string(stats::to_string(result.classification))};
    if (cutoff) {
        cells.emplace_back(*cutoff);
        cells.emplace_back(std::string(stats::to_string(stats::categorize(result, *cutoff))));
    }
    return cells;
}

// The complete pre/post pairs of a file (rows whose pre and post are both numbers), for the
// parameters a method needs and the user did not give. Holds 16 bytes per pair.
[[nodiscard]] inline std::vector<stats::score_pair> read_pairs(const table_settings& settings, const std::string& pre,
                                                               const std::string& post, byte_source& input) {
    csv_reader reader(input, settings.dialect, settings.limits);
    if (!reader.next()) throw input_error("the input is empty: no header row");
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

Input and output: FILE or '-' for standard input; --id COLUMN, --keep COLUMNS,
--delimiter D, --missing CODES, --decimal-comma, --format csv|jsonl, -o FILE, -q, as for
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
--delimiter D, --missing CODES, --decimal-comma, --format csv|jsonl, -o FILE, -q, as for
'alliance score'. A row with a missing score is partial with nothing computed.

Exit status: 0 every row ok or partial; 1 some row is an error; 2 usage error (e.g. --sd 0),
unreadable input, or a header without the score column.

Example:
  alliance compare --score ors_post --mean 28 --sd 6.8 --n 100 --id client examples/data/ors_pre_post.csv
)";

namespace detail {

inline const std::vector<option_spec> change_options = with_table_options(
    {{"pre"}, {"post"}, {"method"}, {"sd"}, {"mean"}, {"post-mean"}, {"post-sd"}, {"reliability"},
     {"post-reliability"}, {"prepost-correlation"}, {"confidence"}, {"critical-value"},
     {"higher-is-better", false}, {"lower-is-better", false}, {"cutoff"}, {"cutoff-value"},
     {"clinical-mean"}, {"clinical-sd"}, {"functional-mean"}, {"functional-sd"}, {"norm"}});

inline int run_change(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, change_options);
    if (args.has("help")) return print_help(change_help);
    const table_settings table = table_settings_from(args);
    const std::string pre = required_option(args, "pre");
    const std::string post = required_option(args, "post");
    const std::string method_name = args.get_or("method", "jt");
    std::optional<stats::rc_method> method;
    check_option([&] { method = stats::rc_method_from_string(method_name); });

    if (args.has("higher-is-better") == args.has("lower-is-better"))
        throw usage_error("give the direction: --higher-is-better or --lower-is-better");
    const stats::direction better =
        args.has("higher-is-better") ? stats::direction::higher_is_better : stats::direction::lower_is_better;

    using stats::change_parameter;
    const std::pair<const char*, change_parameter> parameter_flags[] = {
        {"mean", change_parameter::mean_pre},
        {"sd", change_parameter::sd_pre},
        {"post-mean", change_parameter::mean_post},
        {"post-sd", change_parameter::sd_post},
        {"reliability", change_parameter::reliability},
        {"post-reliability", change_parameter::reliability_post},
        {"prepost-correlation", change_parameter::retest_correlation}};
    stats::change_parameters given;
    const stats::parameter_set required = stats::required_parameters(*method);
    // --norm fills the pre mean, SD and (when the norm reports one) reliability.
    if (const alliance::norm* published = norm_option(args, "change")) {
        for (const char* flag : {"mean", "sd"})
            if (args.has(flag)) throw usage_error(std::string("give --norm or --") + flag + ", not both");
        given.mean_pre = published->mean;
        given.sd_pre = published->sd;
        const bool has_reliability = published->reliability.kind != alliance::reliability_kind::none;
        if (has_reliability && args.has("reliability"))
            throw usage_error("--norm " + std::string(published->id) + " has a reliability; give --norm or --reliability, not both");
        if (has_reliability) given.reliability = published->reliability.value;
        else if (required.contains(change_parameter::reliability) && !args.has("reliability"))
            throw usage_error("--norm " + std::string(published->id) +
                              " reports no reliability; give the one you use with --reliability");
    }
    for (const auto& [flag, parameter] : parameter_flags) {
        const auto value = number_option(args, flag);
        if (!value) continue;
        if (!required.contains(parameter))
            std::fprintf(stderr, "alliance change: --%s is not used by method %s\n", flag, method_name.c_str());
        given.set(parameter, *value);
    }

    if (args.has("confidence") && args.has("critical-value"))
        throw usage_error("give --confidence or --critical-value, not both");
    std::optional<stats::critical_value> critical;
    check_option([&] {
        if (const auto z = number_option(args, "critical-value")) critical = stats::critical_value::literal(*z);
        else critical = stats::critical_value::from_confidence(number_option(args, "confidence").value_or(0.95));
    });

    clinical_cutoff_settings cutoff_settings;
    if (const auto kind = args.get("cutoff")) {
        cutoff_settings.kind = stats::parse_cutoff_kind(*kind);
        if (!cutoff_settings.kind) throw usage_error("--cutoff expects a, b or c, not '" + *kind + "'");
        if (args.has("cutoff-value")) throw usage_error("give --cutoff or --cutoff-value, not both");
        const auto clinical_mean = number_option(args, "clinical-mean");
        const auto clinical_sd = number_option(args, "clinical-sd");
        if (!clinical_mean || !clinical_sd)
            throw usage_error("--cutoff " + *kind + " needs --clinical-mean and --clinical-sd");
        cutoff_settings.clinical = stats::norm{*clinical_mean, *clinical_sd, {}, {}, "clinical", {}};
        const auto functional_mean = number_option(args, "functional-mean");
        const auto functional_sd = number_option(args, "functional-sd");
        if (*cutoff_settings.kind != stats::cutoff_kind::a && (!functional_mean || !functional_sd))
            throw usage_error("--cutoff " + *kind + " needs --functional-mean and --functional-sd as well");
        if (functional_mean && functional_sd)
            cutoff_settings.functional = stats::norm{*functional_mean, *functional_sd, {}, {}, "functional", {}};
    } else if (const auto value = number_option(args, "cutoff-value")) {
        cutoff_settings.value = *value;
    }
    for (const char* flag : {"clinical-mean", "clinical-sd", "functional-mean", "functional-sd"})
        if (args.has(flag) && !cutoff_settings.kind)
            throw usage_error(std::string("--") + flag + " is for --cutoff a|b|c; give --cutoff too");
    std::optional<double> cutoff;
    check_option([&] { cutoff = cutoff_value(cutoff_settings, better); });

    return run_table("change", args, [&](input_file& file, byte_source& source, output_sink& sink,
                                         progress_meter& progress) {
        stats::change_parameters parameters = given;
        std::optional<two_pass_input> passes;
        byte_source* rows = &source;
        bool estimate = false;
        for (const change_parameter parameter : stats::missing_parameters(*method, given).members())
            estimate |= stats::estimable_from_sample(parameter);
        if (estimate) {
            // First pass: the complete pairs, for the parameters to estimate.
            passes.emplace(file, source);
            const std::vector<stats::score_pair> pairs = read_pairs(table, pre, post, passes->first());
            rows = &passes->second();
            stats::completed_parameters completed;
            check_option([&] { completed = stats::complete_from_sample(*method, given, pairs); });
            parameters = completed.parameters;
            std::string report;
            for (const change_parameter parameter : completed.estimated.members())
                report += (report.empty() ? "" : ", ") + std::string(stats::to_string(parameter)) + " = " +
                          alliance::detail::format_number(*parameters.get(parameter));
            std::fprintf(stderr,
                         "alliance change: estimated from the %zu complete pre/post pairs of the input (sample "
                         "statistics, SD with n - 1): %s\n",
                         completed.n, report.c_str());
        }
        std::optional<stats::reliable_change_index> index;
        check_option([&] { index.emplace(*method, parameters, better, *critical); });
        return map_rows(table, {pre, post}, change_columns(cutoff.has_value()), *rows, sink, &progress,
                        [&](std::span<const double> x) { return change_cells(*index, cutoff, x[0], x[1]); });
    });
}

inline const std::vector<option_spec> compare_options =
    with_table_options({{"score"}, {"mean"}, {"sd"}, {"n"}, {"confidence"}, {"norm"}});

inline int run_compare(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, compare_options);
    if (args.has("help")) return print_help(compare_help);
    const table_settings table = table_settings_from(args);
    compare_settings settings;
    settings.score_column = required_option(args, "score");
    if (const alliance::norm* published = norm_option(args, "compare")) {
        for (const char* flag : {"mean", "sd"})
            if (args.has(flag)) throw usage_error(std::string("give --norm or --") + flag + ", not both");
        if (published->n && args.has("n")) throw usage_error("--norm " + std::string(published->id) + " has its n; give --norm or --n, not both");
        settings.norm.mean = published->mean;
        settings.norm.sd = published->sd;
        settings.norm.n = published->n;
        settings.norm.id = std::string(published->id) + " (edition " + std::to_string(published->edition) + ")";
        settings.norm.citation = std::string(published->citation);
    } else {
        settings.norm.mean = parse_number_option("mean", required_option(args, "mean"));
        settings.norm.sd = parse_number_option("sd", required_option(args, "sd"));
    }
    if (const auto n = number_option(args, "n")) {
        if (!(*n >= 2 && *n <= 1e9 && *n == std::floor(*n)))
            throw usage_error("--n expects a whole number of at least 2, not '" + *args.get("n") + "'");
        settings.norm.n = static_cast<int>(*n);
    }
    if (const auto confidence = number_option(args, "confidence")) settings.confidence = *confidence;
    else if (args.has("confidence")) throw usage_error("--confidence needs a value");
    // The norm and the confidence go through the library's checks once, before any row.
    check_option([&] {
        (void)stats::compare(settings.norm, settings.norm.mean);
        if (settings.norm.n) (void)stats::crawford_garthwaite(settings.norm, settings.norm.mean, settings.confidence);
        else if (args.has("confidence"))
            throw usage_error("--confidence is for the intervals of --n; give --n too");
    });
    return run_table("compare", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        return map_rows(table, {settings.score_column}, compare_columns(settings), source, sink, &progress,
                        [&](std::span<const double> x) { return compare_cells(settings, x[0]); });
    });
}

}  // namespace detail

}  // namespace alliance::cli
