// `alliance compare`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in command_stats.hpp.
#include <span>
#include <string>

#include "command_stats.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_compare(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, compare_options);
    if (args.has("help")) return print_help(compare_help);
    const table_settings table = table_settings_from(args);
    if (args.has("equivalence")) return run_compare_equivalence(args, table);
    refuse_options(args, {"group-mean", "group-sd", "group-n", "delta", "delta-sd", "welch", "alpha"},
                   "is for --equivalence; give --equivalence too");
    const std::string score_column = required_option(args, "score");
    table::bayesian_request request{compare_norm(args), {}, number_option(args, "confidence").value_or(0.95)};
    const alliance::norm& norm = request.reference;
    const bool two_tasks = args.has("score-b");
    const bool bayesian = args.has("bayesian") || two_tasks;
    if (!bayesian) refuse_options(args, {"draws", "seed"}, "is for the Monte Carlo tests; give --bayesian or --score-b too");
    if (!two_tasks)
        refuse_options(args, {"mean-b", "sd-b", "correlation", "prior", "unstandardised"},
                       "is for the two-task test; give --score-b too");
    if (bayesian && !norm.n)
        throw usage_error(std::string(two_tasks ? "--score-b" : "--bayesian") +
                          " compares with a control sample: give its size with --n");
    request.draws = monte_carlo_from(args);

    table::dissociation_request two{request, {}, 0, stats::bsdt_prior::standard, stats::bsdt_effect::standardised};
    std::string score_b_column;
    if (two_tasks) {
        score_b_column = required_option(args, "score-b");
        two.task_b.mean = parse_number_option("mean-b", required_option(args, "mean-b"));
        two.task_b.sd = parse_number_option("sd-b", required_option(args, "sd-b"));
        two.task_b.n = norm.n;
        two.correlation = parse_number_option("correlation", required_option(args, "correlation"));
        const std::string prior = args.get_or("prior", "standard");
        const auto parsed = stats::parse_bsdt_prior(prior);
        if (!parsed) throw usage_error("--prior expects standard or calibrated, not '" + prior + "'");
        two.prior = *parsed;
        if (args.has("unstandardised")) two.effect = stats::bsdt_effect::unstandardised;
    }
    const table::compare_request plain{norm, request.confidence};
    // The requests go through the library's checks once, before any row.
    check_option([&] {
        (void)stats::compare(norm, norm.mean);
        if (two_tasks) table::check(two);
        else if (bayesian) table::check(request);
        else if (norm.n) table::check(plain);
        else if (args.has("confidence"))
            throw usage_error("--confidence is for the intervals of --n; give --n too");
    });
    return run_table("compare", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        if (two_tasks) {
            const auto columns = std::span(table::dissociation_result_columns);
            return map_rows(table, {score_column, score_b_column}, column_names(columns), source, sink, &progress,
                            [&](std::span<const double> x) {
                                return table_cells(columns, [&](std::span<double> out) {
                                    table::dissociation_cells(two, x[0], x[1], out);
                                });
                            });
        }
        if (bayesian) {
            const auto columns = std::span(table::bayesian_result_columns);
            return map_rows(table, {score_column}, column_names(columns), source, sink, &progress,
                            [&](std::span<const double> x) {
                                return table_cells(columns,
                                                   [&](std::span<double> out) { table::bayesian_cells(request, x[0], out); });
                            });
        }
        const auto columns = table::compare_columns(plain);
        return map_rows(table, {score_column}, column_names(columns), source, sink, &progress,
                        [&](std::span<const double> x) {
                            return table_cells(columns, [&](std::span<double> out) { table::compare_cells(plain, x[0], out); });
                        });
    });
}

}  // namespace alliance::cli::detail
