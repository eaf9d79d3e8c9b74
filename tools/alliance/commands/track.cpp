// `alliance track`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/track.hpp.
#include <span>
#include <string>
#include <vector>

#include "commands/track.hpp"
#include "commands/track_long.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_track(std::span<const std::string> arguments) {
    std::vector<option_spec> options = track_options();
    options.insert(options.end(), track_long_options.begin(), track_long_options.end());
    const parsed_arguments args = parse_arguments(arguments, options);
    if (args.has("help")) return print_help(track_help);
    const chosen_instrument chosen = choose_instrument(args);
    const track_settings settings = track_settings_from(args, chosen);
    announce_cutoff(settings);
    refuse_long_options_without_long(args, track_long_only_options);
    if (args.has("long")) return run_track_long(args, chosen, settings);  // commands/track_long.hpp
    return run_table("track", args, [&](input_file& file, byte_source& source, output_sink& sink,
                                        progress_meter& progress) {
        two_pass_input passes(file, source);
        return track_table(chosen.instrument, settings, passes.first(), [&]() -> byte_source& { return passes.second(); },
                           sink, &progress, args.has("quiet"), file.size());
    });
}

}  // namespace alliance::cli::detail
