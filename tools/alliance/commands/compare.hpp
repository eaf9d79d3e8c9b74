// `alliance compare`: each row's score compared with a norm (z, percentile; with --n the
// single-case tests against a small sample, --bayesian, or a second task with --score-b), or with
// --equivalence each row's group mean tested for equivalence to the norm. Its options and help
// text, and the --equivalence mode; the row loop is map_rows (row_results.hpp,
// shared with change), and every statistic comes from alliance/stats and the table layer
// (alliance/table/compare.hpp, compare_options.hpp), none is computed here.
#pragma once

#include <cmath>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/stats.hpp>
#include <alliance/table/compare.hpp>
#include <alliance/table/compare_options.hpp>

#include "arguments.hpp"
#include "command_line.hpp"
#include "row_results.hpp"

namespace alliance::cli {

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


// run_compare, the command's entry point: commands/compare.cpp.

}  // namespace detail

}  // namespace alliance::cli
