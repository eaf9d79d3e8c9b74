// `alliance score`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/score.hpp.
#include <span>
#include <string>

#include "commands/score.hpp"
#include "commands/score_long.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_score(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, score_options);
    if (args.has("help")) return print_help(score_help);

    score_settings settings;
    const chosen_instrument chosen = choose_instrument(args);
    static_cast<table_settings&>(settings) = table_settings_from(args);
    settings.items = item_options(args, chosen.instrument, settings.codes);
    settings.min_answered = min_answered_from(args);
    settings.classify = args.has("classify");
    if (args.has("redcap-form") && !args.has("redcap")) throw usage_error("--redcap-form needs --redcap");
    if (args.has("redcap")) settings.redcap_form = args.get_or("redcap-form", "");
    refuse_long_options_without_long(args, score_long_only_options);
    if (args.has("long")) return run_score_long(args, chosen, settings);  // commands/score_long.hpp

    return run_table("score", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        return score_csv(chosen.instrument, settings, source, sink, &progress, &chosen.entry);
    });
}

}  // namespace alliance::cli::detail
