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
    compare_settings settings;
    settings.score_column = required_option(args, "score");
    settings.norm = compare_norm(args);
    if (const auto confidence = number_option(args, "confidence")) settings.confidence = *confidence;
    const bool two_tasks = args.has("score-b");
    const bool bayesian = args.has("bayesian") || two_tasks;
    if (!bayesian) refuse_options(args, {"draws", "seed"}, "is for the Monte Carlo tests; give --bayesian or --score-b too");
    if (!two_tasks)
        refuse_options(args, {"mean-b", "sd-b", "correlation", "prior", "unstandardised"},
                       "is for the two-task test; give --score-b too");
    if (bayesian && !settings.norm.n)
        throw usage_error(std::string(two_tasks ? "--score-b" : "--bayesian") +
                          " compares with a control sample: give its size with --n");
    const monte_carlo_settings mc = monte_carlo_from(args, settings.confidence);

    dissociation_settings two;
    if (two_tasks) {
        two.score_b_column = required_option(args, "score-b");
        two.task_b.mean = parse_number_option("mean-b", required_option(args, "mean-b"));
        two.task_b.sd = parse_number_option("sd-b", required_option(args, "sd-b"));
        two.task_b.n = settings.norm.n;
        two.correlation = parse_number_option("correlation", required_option(args, "correlation"));
        const std::string prior = args.get_or("prior", "standard");
        const auto parsed = stats::parse_bsdt_prior(prior);
        if (!parsed) throw usage_error("--prior expects standard or calibrated, not '" + prior + "'");
        two.prior = *parsed;
        if (args.has("unstandardised")) two.effect = stats::bsdt_effect::unstandardised;
    }
    // The norm, the confidence and the Monte Carlo settings go through the library's checks once,
    // before any row (with the fewest draws, so that this costs nothing).
    check_option([&] {
        (void)stats::compare(settings.norm, settings.norm.mean);
        stats::monte_carlo quick = mc.draws;
        quick.draws = stats::minimum_draws;
        if (two_tasks)
            (void)stats::bayesian_standardized_difference_test(settings.norm, two.task_b, two.correlation,
                                                               settings.norm.mean, two.task_b.mean, quick, two.prior,
                                                               two.effect, mc.confidence);
        else if (bayesian)
            (void)stats::bayesian_deficit_test(settings.norm, settings.norm.mean, quick, mc.confidence);
        else if (settings.norm.n)
            (void)stats::crawford_garthwaite(settings.norm, settings.norm.mean, settings.confidence);
        else if (args.has("confidence"))
            throw usage_error("--confidence is for the intervals of --n; give --n too");
    });
    return run_table("compare", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        if (two_tasks)
            return map_rows(table, {settings.score_column, two.score_b_column}, dissociation_columns(), source, sink,
                            &progress, [&](std::span<const double> x) {
                                return dissociation_cells(settings, two, mc, x[0], x[1]);
                            });
        if (bayesian)
            return map_rows(table, {settings.score_column}, bayesian_compare_columns(), source, sink, &progress,
                            [&](std::span<const double> x) { return bayesian_compare_cells(settings, mc, x[0]); });
        return map_rows(table, {settings.score_column}, compare_columns(settings), source, sink, &progress,
                        [&](std::span<const double> x) { return compare_cells(settings, x[0]); });
    });
}

}  // namespace alliance::cli::detail
