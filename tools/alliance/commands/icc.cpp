// `alliance icc`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/icc.hpp.
#include <span>
#include <string>

#include "commands/icc.hpp"
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
    // The options' rules are the table layer's (alliance/table/reliability.hpp), as in the packages.
    table::icc_request request{settings.raters.size()};
    read_options(args, request);
    settings.icc = check_request([&] { return table::resolve(request, table::command_line_spelling); });

    const bool quiet = args.has("quiet");
    return run_analysis(args, [&](byte_source& source, output_sink& sink, progress_meter& progress) {
        return icc_csv(settings, source, sink, &progress, quiet);
    });
}

}  // namespace alliance::cli::detail
