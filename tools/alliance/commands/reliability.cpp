// `alliance reliability`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/reliability.hpp.
#include <span>
#include <string>

#include "commands/reliability.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_reliability(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, reliability_option_specs);
    if (args.has("help")) return print_help(reliability_help);

    reliability_settings settings;
    const chosen_instrument chosen = choose_instrument(args);
    static_cast<table_settings&>(settings.input) = table_settings_from(args);
    settings.input.items = item_options(args, chosen.instrument, settings.input.codes);
    // The options' rules are the table layer's (alliance/table/reliability.hpp), as in the packages.
    table::reliability_request request;
    read_options(args, request);
    request.item_detail = args.has("item-detail");
    settings.request = check_request([&] { return table::resolve(request, table::command_line_spelling); });

    const bool quiet = args.has("quiet");
    return run_analysis(args, [&](byte_source& source, output_sink& sink, progress_meter& progress) {
        return reliability_csv(chosen.instrument, settings, source, sink, &progress, quiet);
    });
}

}  // namespace alliance::cli::detail
