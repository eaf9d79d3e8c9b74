// `alliance list`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options, help text and the code it runs are in commands/list.hpp.
#include <span>
#include <string>

#include "commands/list.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

int run_list(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, list_options);
    if (args.has("help")) return print_help(list_help);
    const auto& positional = args.positional();
    if (positional.size() > 1) throw usage_error("list takes at most one instrument id");
    if (!positional.empty() && args.has("key")) throw usage_error("give an instrument id or --key, not both");
    const bool one = !positional.empty() || args.has("key");
    const std::string format = args.get_or("format", one ? "text" : "csv");
    if (!one && format != "csv" && format != "jsonl" && format != "text")
        throw usage_error("--format expects csv, jsonl or text, not '" + format + "'");
    if (one && format != "text" && format != "json")
        throw usage_error("--format expects text or json for one instrument, not '" + format + "'");

    std::optional<chosen_instrument> chosen;
    if (one) {
        parsed_arguments lookup;
        if (args.has("key")) lookup.add("key", *args.get("key"));
        else lookup.add("instrument", positional[0]);
        chosen = choose_instrument(lookup);
    }
    stdio_sink sink(args.get_or("output", "-"));
    buffered_writer out(sink);
    if (!one) write_catalogue(out, format == "csv" ? list_format::csv : format == "jsonl" ? list_format::jsonl : list_format::text);
    else if (format == "text") write_instrument_text(out, chosen->entry, chosen->instrument);
    else out.put(to_key_file_json(chosen->instrument));  // a key file that --key reads back, item columns and labels too
    out.flush();
    sink.close();
    return 0;
}

}  // namespace alliance::cli::detail
