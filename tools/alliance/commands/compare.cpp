// `alliance compare`: the command's entry point, declared in commands.hpp for the dispatch in
// driver.cpp. Its options and help text are in commands/compare.hpp; the request's rules and
// messages, columns and cells are the table layer's (alliance/table/compare_options.hpp,
// compare.hpp), as in the Python and R packages.
#include <charconv>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>

#include "commands/compare.hpp"
#include "commands.hpp"

namespace alliance::cli::detail {

namespace {

// The options as the table layer's request; numbers are read here, their combinations there.
table::compare_options compare_options_from(const parsed_arguments& args) {
    table::compare_options options;
    read_options(args, options);
    options.two_tasks = args.has("score-b");
    if (const auto seed = args.get("seed")) {
        std::uint64_t value = 0;
        const char* const last = seed->data() + seed->size();
        const auto [end, error] = std::from_chars(seed->data(), last, value);
        if (seed->empty() || error != std::errc{} || end != last)
            check_request([&] { table::bad_seed("'" + *seed + "'", table::command_line_spelling); });
        options.seed = value;
    }
    return options;
}

template <class Cells>
score_summary compare_rows(const table_settings& table, const std::vector<std::string>& inputs,
                           std::span<const table::result_column> columns, byte_source& source, output_sink& sink,
                           progress_meter& progress, Cells cells) {
    return map_rows(table, inputs, column_names(columns), source, sink, &progress, [&](std::span<const double> x) {
        return table_cells(columns, [&](std::span<double> out) { cells(x, out); });
    });
}

}  // namespace

int run_compare(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, compare_options);
    if (args.has("help")) return print_help(compare_help);
    const table_settings table = table_settings_from(args);
    if (args.has("equivalence")) return run_compare_equivalence(args, table);
    refuse_options(args, {"group-mean", "group-sd", "group-n", "delta", "delta-sd", "welch", "alpha"},
                   "is for --equivalence; give --equivalence too");
    const std::string score_column = required_option(args, "score");
    if (args.has("norm")) (void)norm_option(args, "compare");  // says which norm is used
    const table::compare_plan plan =
        check_request([&] { return table::resolve(compare_options_from(args), table::command_line_spelling); });
    return run_table("compare", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        switch (plan.mode) {
            case table::compare_mode::dissociation:
                return compare_rows(table, {score_column, *args.get("score-b")}, table::dissociation_result_columns,
                                    source, sink, progress, [&](std::span<const double> x, std::span<double> out) {
                                        table::dissociation_cells(plan.two, x[0], x[1], out);
                                    });
            case table::compare_mode::bayesian:
                return compare_rows(table, {score_column}, table::bayesian_result_columns, source, sink, progress,
                                    [&](std::span<const double> x, std::span<double> out) {
                                        table::bayesian_cells(plan.bayesian, x[0], out);
                                    });
            case table::compare_mode::plain: break;
        }
        return compare_rows(table, {score_column}, table::compare_columns(plan.plain), source, sink, progress,
                            [&](std::span<const double> x, std::span<double> out) {
                                table::compare_cells(plan.plain, x[0], out);
                            });
    });
}

}  // namespace alliance::cli::detail
