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
    std::vector<std::string> needed = value_columns;
    if (!settings.id_column.empty()) needed.push_back(settings.id_column);
    needed.insert(needed.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    const std::vector<std::size_t> at = detail::locate_columns(reader.fields(), needed);
    const std::size_t header_size = reader.size();
    const std::size_t values = value_columns.size();
    const std::size_t id_at = settings.id_column.empty() ? detail::no_column : at[values];

    std::vector<std::string> columns;
    if (!settings.id_column.empty()) columns.push_back(settings.id_column);
    columns.insert(columns.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    columns.insert(columns.end(), result_columns.begin(), result_columns.end());
    columns.emplace_back("status");
    columns.emplace_back("message");
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
        for (std::size_t k = 0; k < settings.keep_columns.size(); ++k) table.text(field(at[values + 1 + k]));
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

// A source that copies what it reads to a temporary file, so standard input can be read twice.
class tee_source final : public byte_source {
public:
    tee_source(byte_source& input, std::FILE* copy) : input_(input), copy_(copy) {}
    std::size_t read(char* into, std::size_t capacity) override {
        const std::size_t n = input_.read(into, capacity);
        if (n > 0 && std::fwrite(into, 1, n, copy_) != n)
            throw csv_error("cannot write a temporary copy of standard input");
        return n;
    }

private:
    byte_source& input_;
    std::FILE* copy_;
};

}  // namespace alliance::cli
