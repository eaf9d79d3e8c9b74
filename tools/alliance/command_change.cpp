// `alliance change`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in command_stats.hpp.
#include <span>
#include <string>

#include "command_stats.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_change(std::span<const std::string> arguments) {
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
    const stats::change_parameters given = change_parameters_option(args, *method, method_name);
    const stats::critical_value critical = critical_value_option(args);
    const clinical_cutoff_settings cutoff_settings = change_cutoff_option(args);
    // With --method ha, --cutoff a|b|c is Hageman & Arrindell's true-score cut-off and the category
    // comes from CS_indiv; a cut-off of one's own has no CS_indiv.
    const bool ha_cutoff = *method == stats::rc_method::hageman_arrindell && cutoff_settings.kind.has_value();
    if (*method == stats::rc_method::hageman_arrindell && cutoff_settings.value)
        throw usage_error("--method ha classifies with CS_indiv and its true-score cut-offs: give --cutoff a|b|c, "
                          "not --cutoff-value");
    std::optional<double> cutoff;
    if (!ha_cutoff) check_option([&] { cutoff = cutoff_value(cutoff_settings, better); });
    // The norms' checks. CS_indiv also reads the post scores' mean and SD, which method ha needs
    // anyway (given, or estimated from the input below).
    if (ha_cutoff) check_option([&] { (void)cutoff_value(cutoff_settings, better); });
    const stats::recovery_rule rule = recovery_rule_option(args, cutoff_settings);

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
        check_option([&] { index.emplace(*method, parameters, better, critical); });
        if (ha_cutoff) {
            // CS_indiv: the true-score cut-off of the clinical and functional norms, the post
            // scores' mean and SD (given or estimated) and the same reliability and critical value.
            std::optional<stats::cs_indiv_index> cs;
            check_option([&] {
                cs.emplace(stats::cs_indiv_parameters{.clinical = *cutoff_settings.clinical,
                                                      .functional = cutoff_settings.functional
                                                                        ? *cutoff_settings.functional
                                                                        : *cutoff_settings.clinical,
                                                      .mean_post = *parameters.mean_post,
                                                      .sd_post = *parameters.sd_post,
                                                      .reliability = *parameters.reliability,
                                                      .kind = *cutoff_settings.kind},
                           better, critical);
            });
            return map_rows(table, {pre, post}, change_columns(true, true), *rows, sink, &progress,
                            [&](std::span<const double> x) { return ha_change_cells(*index, *cs, x[0], x[1], rule); });
        }
        return map_rows(table, {pre, post}, change_columns(cutoff.has_value()), *rows, sink, &progress,
                        [&](std::span<const double> x) { return change_cells(*index, cutoff, x[0], x[1], rule); });
    });
}

}  // namespace alliance::cli::detail
