// `alliance icc`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in command_icc.hpp.
#include <span>
#include <string>

#include "command_icc.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_icc(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, icc_option_specs);
    if (args.has("help")) return print_help(icc_help);

    icc_settings settings;
    settings.input = table_settings_from(args);
    for (const std::string& name : split_list(required_option(args, "raters"))) {
        const std::string column(trim(name));
        if (column.empty()) throw usage_error("--raters has an empty column name");
        for (const std::string& earlier : settings.raters)
            if (earlier == column) throw usage_error("--raters names column '" + column + "' twice");
        settings.raters.push_back(column);
    }
    if (settings.raters.size() < 2) throw usage_error("--raters needs at least two columns, one per rater");
    settings.confidence = confidence_option(args);

    const bool quiet = args.has("quiet");
    return run_analysis(args, [&](byte_source& source, output_sink& sink, progress_meter& progress) {
        return icc_csv(settings, source, sink, &progress, quiet);
    });
}

}  // namespace alliance::cli::detail
