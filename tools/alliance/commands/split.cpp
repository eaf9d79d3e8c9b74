// `alliance split`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/split.hpp.
#include <span>
#include <string>

#include "commands/split.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_split(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, split_option_specs);
    if (args.has("help")) return print_help(split_help);
    const split_settings settings = split_settings_from(args);
    const bool quiet = args.has("quiet");
    return run_analysis(args, [&](byte_source& source, output_sink& sink, progress_meter& progress) {
        return split_csv(settings, source, sink, &progress, quiet);
    });
}

}  // namespace alliance::cli::detail
