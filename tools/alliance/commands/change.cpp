// `alliance change`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options and help text are in commands/change.hpp; the request's rules, columns
// and cells are the table layer's (alliance/table/change.hpp), as in the Python and R packages.
#include <cstdio>
#include <span>
#include <string>

#include "commands/change.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

namespace {

// The options as the table layer's request; numbers are read here, their combinations there.
table::change_request change_request_from(const parsed_arguments& args) {
    table::change_request request;
    read_options(args, request);
    return request;
}

}  // namespace

int run_change(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, change_options);
    if (args.has("help")) return print_help(change_help);
    const table_settings table = table_settings_from(args);
    const std::string pre = required_option(args, "pre");
    const std::string post = required_option(args, "post");
    if (args.has("higher-is-better") == args.has("lower-is-better"))
        throw usage_error("give the direction: --higher-is-better or --lower-is-better");
    const stats::direction better =
        args.has("higher-is-better") ? stats::direction::higher_is_better : stats::direction::lower_is_better;
    if (args.has("norm")) (void)norm_option(args, "change");  // says which norm is used
    table::change_settings settings;
    check_request([&] { settings = table::resolve(change_request_from(args), better, table::command_line_spelling); });
    for (const std::string& note : settings.notes) std::fprintf(stderr, "alliance change: %s\n", note.c_str());

    return run_table("change", args, [&](input_file& file, byte_source& source, output_sink& sink,
                                         progress_meter& progress) {
        std::optional<two_pass_input> passes;
        byte_source* rows = &source;
        std::vector<stats::score_pair> pairs;
        if (table::estimates_from_sample(settings)) {
            // First pass: the complete pairs, for the parameters to estimate.
            passes.emplace(file, source);
            pairs = read_pairs(table, pre, post, passes->first());
            rows = &passes->second();
        }
        std::optional<table::change_plan> plan;
        check_option([&] { plan.emplace(table::plan(settings, pairs)); });
        if (!plan->completed.estimated.empty())
            std::fprintf(stderr, "alliance change: %s\n", table::estimated_note(*plan).c_str());
        const std::span<const table::result_column> columns = table::change_columns(settings);
        return map_rows(table, {pre, post}, column_names(columns), *rows, sink, &progress, [&](std::span<const double> x) {
            return table_cells(columns, [&](std::span<double> out) { table::change_cells(*plan, x[0], x[1], out); });
        });
    });
}

}  // namespace alliance::cli::detail
