// `alliance explain`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/explain.hpp.
#include <span>
#include <string>

#include "commands/explain.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_explain(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, explain_options);
    if (args.has("help")) return print_help(explain_help);
    if (!args.positional().empty()) throw usage_error("explain reads no file; give the record with --responses");
    const std::string format = args.get_or("format", "text");
    if (format != "text" && format != "json") throw usage_error("--format expects text or json, not '" + format + "'");
    const auto list = args.get("responses");
    if (!list) throw usage_error("give the record with --responses, e.g. --responses 4,5,3,NA,2");
    const chosen_instrument chosen = choose_instrument(args);
    const std::vector<response> responses = parse_response_list(*list, codes_from(args));
    scoring_options options;
    if (const auto fraction = min_answered_from(args))
        options.missing_override = missing_rule::prorate_min_fraction(*fraction, "--min-answered");

    const explanation trace = explain(chosen.instrument, responses, options);
    stdio_sink sink(args.get_or("output", "-"));
    buffered_writer out(sink);
    if (format == "json") {
        json_writer json(out);
        write_explanation_json(json, trace);
    } else {
        out.put(describe(trace));
    }
    out.flush();
    sink.close();
    return trace.scored() ? 0 : 1;
}

}  // namespace alliance::cli::detail
