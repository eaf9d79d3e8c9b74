// `alliance plot`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/plot.hpp.
#include <span>
#include <string>

#include "commands/plot.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_plot(std::span<const std::string> arguments) {
    if (arguments.empty()) {  // a usage error, as 'alliance' with no command is
        std::fputs(plot_help.data(), stderr);
        return 2;
    }
    if (arguments[0] == "-h" || arguments[0] == "--help") return print_help(plot_help);
    if (arguments[0] == "trajectory") return run_plot_trajectory(arguments.subspan(1));
    if (arguments[0] == "change") return run_plot_change(arguments.subspan(1));
    if (arguments[0] == "split") return run_plot_split(arguments.subspan(1));
    throw usage_error("plot what? 'alliance plot trajectory ...', 'alliance plot change ...' or 'alliance plot split ...', not '" +
                      arguments[0] + "'");
}

}  // namespace alliance::cli::detail
