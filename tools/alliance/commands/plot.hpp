// `alliance plot`: self-contained SVG pictures drawn by alliance/plot.
//   plot trajectory   one file per client: the tracked scale by session, the cut-off band,
//                     ruptures and repairs (the same options and rules as `alliance track`)
//   plot change       the Jacobson-Truax scatter of an `alliance change` result
//   plot split        one file per unit (couple, family): each member's score by session
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <alliance/plot.hpp>
#include <alliance/table/change_picture.hpp>
#include <alliance/table/pictures.hpp>

#include "arguments.hpp"
#include "command_line.hpp"
#include "commands/split.hpp"
#include "number_fields.hpp"
#include "commands/track_options.hpp"
#include "commands/track_passes.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"

namespace alliance::cli::detail {

// The names an option lists (--clients a,b or --units a,b): only those are drawn; empty when
// the option is absent (all are drawn).
[[nodiscard]] inline std::optional<std::set<std::string>> chosen_names(const parsed_arguments& args,
                                                                     std::string_view option) {
    const auto list = args.get(option);
    if (!list) return std::nullopt;
    const std::vector<std::string> names = split_list(*list);
    return std::set<std::string>(names.begin(), names.end());
}

// The error row for input rows that name no client or unit: no picture, the message says which.
inline void put_unnamed_rows(table_writer& table, score_summary& summary, const std::string& message) {
    ++summary.errors;
    table.text("");
    table.empty();
    table.empty();
    table.empty();
    table.text("error");
    table.text(message);
    table.end_row();
}

// The status and message cells that end one picture's row: ok, or an error saying how many input
// rows were left out of the picture and which command names them.
inline void put_picture_status(table_writer& table, score_summary& summary, std::size_t left_out,
                               std::string_view command) {
    if (left_out > 0) {
        ++summary.errors;
        table.text("error");
        table.text(std::to_string(left_out) + (left_out == 1 ? " row" : " rows") + " left out; 'alliance " +
                   std::string(command) + "' names them");
    } else {
        ++summary.ok;
        table.text("ok");
        table.text("");
    }
    table.end_row();
}

inline constexpr std::string_view plot_help = R"(Usage: alliance plot trajectory [TRACK OPTIONS] --output-dir DIR [FILE | -]
       alliance plot change --pre COL --post COL [OPTIONS] [FILE | -]
       alliance plot split --score COL --unit COL --member COL --session COL --output-dir DIR [FILE | -]

Draws self-contained SVG files (any browser shows them; rsvg-convert makes PNGs).

plot trajectory: for every client (or --clients A,B,...), DIR/<client>.svg with the tracked
  scale by session, the flagged side of the cut-off shaded, each rupture marked at its lowest
  point and joined to its repair. It takes the options of 'alliance track' (instrument,
  --client, --session, direction, --rule and the rules' parameters, input options); the
  cut-off is the below-cutoff rule's when chosen, else the catalogue's published cut-off for
  the scale (if any); ruptures are drawn when --rule includes v-episode. File names are the
  client's with characters other than letters, digits, '.', '_' and '-' replaced by '_'.
  Standard output lists the files: client,file,administrations,ruptures,status,message.
    --output-dir DIR   where the files go (created if absent)
    --clients LIST     only these clients (comma-separated)
    --range LO,HI      the score axis (default: the scale's possible range)
    --title TEXT       prefix of every title (default: the instrument's name)

plot change: the Jacobson-Truax scatter (post against pre, the line of no change, the band
  inside which change is not reliable, the cut-off on both axes, each case coloured by its
  category) from the output of 'alliance change' run with --keep PRE,POST: it reads the
  columns PRE, POST, reliable_change, threshold, and cutoff and category when present, so
  the picture shows exactly that result. Rows whose status is not ok are left out (counted
  on standard error).
    --pre COL, --post COL   the kept pre and post columns
    --range LO,HI           both axes (default: from the data)
    --title TEXT, --label TEXT   title and axis label
    -o, --output FILE       the SVG (default: standard output)

plot split: for every unit (or --units A,B,...), DIR/<unit>.svg with each member's score by
  session, one line and marker per member, from the input of 'alliance split' (one row per
  member and session; sessions are numbers). A row without a usable score, or a member with
  two rows in one session, is left out and counted. File names as for trajectory. Standard
  output lists the files: unit,file,members,sessions,status,message.
    --score COL, --unit COL, --member COL, --session COL   as for 'alliance split'
    --output-dir DIR   where the files go (created if absent)
    --units LIST       only these units (comma-separated)
    --range LO,HI      the score axis (default: from the data)
    --title TEXT       prefix of every title (default: "unit")
    --label TEXT       the score axis label (default: the score column)

Input options of all three: --delimiter D, --missing CODES, --decimal-comma, -q.

Examples:
  alliance plot trajectory --instrument srs --items 'srs_{}' --client client --session session \
    --higher-is-better --rule v-episode --k stiles-2004 --sd-basis stricter --external-sd 2.5 \
    --reference previous-session --max-decline 1 --repair-window 3 \
    --repair-target pre-rupture-score --repair-margin 0 --min-sessions 4 \
    --output-dir plots examples/data/srs_caseload.csv
  alliance change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 \
    --cutoff-value 25 --keep ors_pre,ors_post examples/data/ors_pre_post.csv \
    | alliance plot change --pre ors_pre --post ors_post -o jt.svg
  alliance score --instrument wai-36-c --keep couple,session,member -q \
    examples/data/couples_clients.csv | alliance plot split --score total_sum \
    --unit couple --member member --session session --output-dir plots
)";

// "LO,HI" with LO < HI (table::checked_range).
[[nodiscard]] inline std::optional<std::pair<double, double>> range_option(const parsed_arguments& args) {
    const auto text = args.get("range");
    if (!text) return std::nullopt;
    const std::vector<std::string> parts = split_list(*text);
    const std::string shown = "'" + *text + "'";
    return check_request([&] {
        if (parts.size() != 2) return table::checked_range(0, 0, shown, table::command_line_spelling);  // refused
        return table::checked_range(parse_number_option("range", parts[0]), parse_number_option("range", parts[1]),
                                    shown, table::command_line_spelling);
    });
}

// A file name from a client id: safe on every file system, never a path (table::picture_file_stems).
[[nodiscard]] inline std::string file_stem(std::string_view client) {
    const std::string name(client);
    return table::picture_file_stems(std::span(&name, 1)).front();
}

// Names asked for with --clients or --units that no input row had, on standard error.
inline void report_absent(const std::optional<std::set<std::string>>& only, const std::set<std::string>& stems,
                          const char* picture, const char* what) {
    if (!only) return;
    for (const std::string& wanted : *only)
        if (stems.count(file_stem(wanted)) == 0)
            std::fprintf(stderr, "alliance plot %s: no rows for %s '%s'\n", picture, what, wanted.c_str());
}

// Written as -o FILE is: all at once or not at all (stdio_sink).
inline void write_text_file(const std::filesystem::path& path, std::string_view text) {
    stdio_sink file(path.string());
    file.write(text);
    file.close();
}

inline const std::vector<option_spec> plot_trajectory_extra{{"output-dir"}, {"clients"}, {"range"}, {"title"}};

inline int run_plot_trajectory(std::span<const std::string> arguments) {
    std::vector<option_spec> specs = track_options();
    specs.insert(specs.end(), plot_trajectory_extra.begin(), plot_trajectory_extra.end());
    const parsed_arguments args = parse_arguments(arguments, specs);
    if (args.has("help")) return print_help(plot_help);
    for (const char* unused : {"summary", "keep", "format"})
        if (args.has(unused)) throw usage_error(std::string("--") + unused + " is for 'alliance track', not plot trajectory");
    const chosen_instrument chosen = choose_instrument(args);
    const track_settings settings = track_settings_from(args, chosen);
    announce_cutoff(settings);
    const std::filesystem::path directory = required_option(args, "output-dir");
    const std::optional<std::set<std::string>> only = chosen_names(args, "clients");

    const plot::trajectory_options look =
        table::trajectory_look(chosen.instrument, settings.scale, settings.metric, settings.rules, range_option(args),
                               args.get_or("title", std::string(chosen.instrument.view().about.name)));

    return run_table("plot trajectory", args, [&](input_file&, byte_source& source, output_sink& sink,
                                                  progress_meter& progress) {
        std::error_code error;
        std::filesystem::create_directories(directory, error);
        if (error) throw output_error("cannot create the directory '" + directory.string() + "': " + error.message());
        administration_sorter sorter(settings.sort_budget);
        const first_pass_result first = collect_administrations(chosen.instrument, settings, source, sorter, &progress);
        std::vector<std::string> columns{settings.client_column, "file", "administrations", "ruptures", "status",
                                         "message"};
        refuse_repeated_columns(columns, 1);
        buffered_writer out(sink);
        table_writer table(out, table_format::csv, std::move(columns));
        std::set<std::string> stems;
        score_summary summary;
        for_each_client(sorter, settings, [&](const client_track& track) {
            if (only && only->count(track.client) == 0) return;
            std::string stem = file_stem(track.client);
            for (int n = 2; !stems.insert(stem).second; ++n) stem = file_stem(track.client) + "-" + std::to_string(n);
            plot::trajectory_options options = look;
            options.title += ": " + track.client;
            const std::filesystem::path path = directory / (stem + ".svg");
            // A file that cannot be written (a name too long for the file system, a full disk)
            // is this client's error row; the other clients are still drawn.
            std::string not_written;
            try {
                write_text_file(path, plot::trajectory_svg(track.analysis.client,
                                                           track.analysis.episodes ? &*track.analysis.episodes : nullptr,
                                                           options));
            } catch (const output_error& e) {
                not_written = e.what();
            }
            std::size_t errors = 0;
            for (std::size_t i = 0; i < track.rows.size(); ++i)
                errors += !track.rows[i].usable() || track.duplicate_of[i] != 0 ? 1u : 0u;
            ++summary.rows;
            table.text(track.client);
            if (!not_written.empty()) {
                ++summary.errors;
                table.empty();
                table.integer(static_cast<long long>(track.analysis.in_series.size()));
                table.empty();
                table.text("error");
                table.text(not_written + "; no picture for this client");
                table.end_row();
                return;
            }
            table.text(path.string());
            table.integer(static_cast<long long>(track.analysis.in_series.size()));
            if (const auto ruptures = track.analysis.summary.ruptures) table.integer(*ruptures);
            else table.empty();
            put_picture_status(table, summary, errors, "track");
        });
        if (first.no_client.count > 0)
            put_unnamed_rows(table, summary, std::to_string(first.no_client.count) + " rows with an empty client (" +
                                                 row_naming_for(source.numbering()).list(first.no_client.lines) + ")");
        report_absent(only, stems, "trajectory", "client");
        out.flush();
        return summary;
    });
}

inline const std::vector<option_spec> plot_change_options{
    {"pre"},   {"post"},    {"range"},       {"title"},      {"label"}, {"delimiter"},
    {"missing"}, {"decimal-comma", false}, {"output", true, 'o'}, {"quiet", false, 'q'}, {"help", false, 'h'}};

// Scores so far apart that the axis length overflows (pre 1e308, post -1e308) would put NaN
// coordinates in the SVG: refused, before anything is written (table::check_plottable_extent).
inline void refuse_unplottable_extent(std::span<const plot::change_point> points, const plot::change_plot_options& look) {
    try {
        table::check_plottable_extent(points, look, table::command_line_spelling);
    } catch (const alliance::error& e) {
        throw input_error(e.message());
    }
}

inline int run_plot_change(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, plot_change_options);
    if (args.has("help")) return print_help(plot_help);
    const table_settings table = table_settings_from(args);
    const std::string pre = required_option(args, "pre");
    const std::string post = required_option(args, "post");
    plot::change_plot_options look;
    look.title = args.get_or("title", "Reliable and clinically significant change");
    look.axis_label = args.get_or("label", "score");
    if (const auto range = range_option(args)) {
        look.min = range->first;
        look.max = range->second;
    }

    const std::string input = input_path(args);
    const std::string output = args.get_or("output", "-");
    refuse_same_file(input, output);
    input_file file(input);
    stdio_source source(file.stream(), file.name(), file.numbering());
    csv_reader reader(source, table.dialect, table.limits);
    if (!reader.next_header()) throw input_error("the input is empty: no header row");
    refuse_oversized_header(reader);
    const std::vector<std::size_t> at = locate_columns(
        reader.fields(), {pre, post, "reliable_change", "threshold", "status"},
        "the input is the output of 'alliance change --keep " + pre + "," + post + "'");
    const auto optional_column = [&](std::string_view name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < reader.size(); ++i)
            if (reader[i] == name) return i;
        return std::nullopt;
    };
    const auto cutoff_at = optional_column("cutoff");
    const auto category_at = optional_column("category");

    std::vector<plot::change_point> points;
    std::uint64_t left_out = 0;
    const auto field = [&](std::size_t index) { return trim(index < reader.size() ? reader[index] : std::string_view{}); };
    const auto number = [&](std::size_t index) -> std::optional<double> {
        const field_value value = read_value(field(index), table.codes);
        if (value.state != value_state::number) return std::nullopt;
        return value.number;
    };
    while (reader.next()) {
        const auto x = number(at[0]), y = number(at[1]);
        const std::string_view change = field(at[2]);
        if (field(at[4]) != "ok" || !x || !y) {
            ++left_out;
            continue;
        }
        plot::change_point point{*x, *y, stats::change_class::none, std::nullopt};
        if (change == "improved") point.classification = stats::change_class::improved;
        else if (change == "deteriorated") point.classification = stats::change_class::deteriorated;
        else if (change != "none") throw input_error(reader.row_name() +
                                                     ": reliable_change '" + std::string(change) +
                                                     "' is not improved, deteriorated or none");
        if (category_at) {
            const std::string_view category = field(*category_at);
            for (const auto c : {stats::jt_category::recovered, stats::jt_category::improved,
                                 stats::jt_category::unchanged, stats::jt_category::deteriorated})
                if (category == stats::to_string(c)) point.category = c;
        }
        if (!look.threshold) look.threshold = number(at[3]);
        if (cutoff_at && !look.cutoff) look.cutoff = number(*cutoff_at);
        points.push_back(point);
    }
    if (left_out > 0 && !args.has("quiet"))
        std::fprintf(stderr, "alliance plot change: %llu rows left out (status not ok, or no pre or post score)\n",
                     static_cast<unsigned long long>(left_out));
    refuse_unplottable_extent(points, look);
    stdio_sink sink(output);
    buffered_writer out(sink);
    out.put(plot::change_scatter_svg(points, look));
    out.flush();
    sink.close();
    return 0;
}

inline const std::vector<option_spec> plot_split_options{
    {"score"}, {"unit"}, {"member"}, {"session"}, {"output-dir"}, {"units"}, {"range"}, {"title"}, {"label"},
    {"sort-memory"}, {"delimiter"}, {"missing"}, {"decimal-comma", false}, {"quiet", false, 'q'}, {"help", false, 'h'}};

// One unit's rows as member trajectories (table::member_trajectories); returns the number of
// rows left out.
[[nodiscard]] inline std::size_t member_trajectories(const std::vector<split_member_record>& rows,
                                                     std::vector<plot::member_trajectory>& members,
                                                     std::size_t& sessions) {
    std::vector<table::member_row> shown;
    shown.reserve(rows.size());
    for (const split_member_record& row : rows) shown.push_back({row.session, row.member, row.score, row.problem.empty()});
    return table::member_trajectories(shown, members, sessions);
}

inline int run_plot_split(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, plot_split_options);
    if (args.has("help")) return print_help(plot_help);
    split_settings settings;
    settings.input = table_settings_from(args);
    settings.split.score_column = required_option(args, "score");
    settings.split.unit_column = required_option(args, "unit");
    settings.split.member_column = required_option(args, "member");
    settings.split.session_column = required_option(args, "session");
    if (const auto megabytes = number_option(args, "sort-memory")) {
        if (!(*megabytes >= 0.001 && *megabytes <= 65536))
            throw usage_error("--sort-memory expects megabytes between 0.001 and 65536, not '" +
                              *args.get("sort-memory") + "'");
        settings.sort_budget = static_cast<std::size_t>(*megabytes * 1048576.0);
    }
    const std::filesystem::path directory = required_option(args, "output-dir");
    const std::optional<std::set<std::string>> only = chosen_names(args, "units");
    plot::split_options look;
    if (const auto range = range_option(args)) {
        look.y_min = range->first;
        look.y_max = range->second;
    }
    look.y_label = args.get_or("label", settings.split.score_column);
    look.title = args.get_or("title", "unit");

    return run_table("plot split", args, [&](input_file&, byte_source& source, output_sink& sink,
                                             progress_meter& progress) {
        std::error_code error;
        std::filesystem::create_directories(directory, error);
        if (error) throw output_error("cannot create the directory '" + directory.string() + "': " + error.message());
        split_member_sorter sorter(settings.sort_budget);
        table::rows_without_unit without_unit;
        (void)collect_members(settings, source, sorter, nullptr, without_unit, &progress);
        buffered_writer out(sink);
        table_writer table(out, table_format::csv, {"unit", "file", "members", "sessions", "status", "message"});
        std::set<std::string> stems;
        score_summary summary;
        std::vector<split_member_record> rows;
        const auto draw = [&] {
            const std::string unit = rows.front().unit;
            if (only && only->count(unit) == 0) return;
            std::vector<plot::member_trajectory> members;
            std::size_t sessions = 0;
            const std::size_t left_out = member_trajectories(rows, members, sessions);
            std::string stem = file_stem(unit);
            for (int n = 2; !stems.insert(stem).second; ++n) stem = file_stem(unit) + "-" + std::to_string(n);
            plot::split_options options = look;
            options.title += " " + unit;
            const std::filesystem::path path = directory / (stem + ".svg");
            write_text_file(path, plot::split_svg(members, options));
            ++summary.rows;
            table.text(unit);
            table.text(path.string());
            table.integer(static_cast<long long>(members.size()));
            table.integer(static_cast<long long>(sessions));
            put_picture_status(table, summary, left_out, "split");
        };
        sorter.drain([&](split_member_record&& record) {
            if (!rows.empty() && record.unit != rows.front().unit) {
                draw();
                rows.clear();
            }
            rows.push_back(std::move(record));
        });
        if (!rows.empty()) draw();
        if (without_unit.count > 0)
            put_unnamed_rows(table, summary,
                             std::to_string(without_unit.count) + (without_unit.count == 1 ? " row" : " rows") +
                                 " without a unit or session (" +
                                 row_naming_for(source.numbering()).list(without_unit.first) + ")");
        report_absent(only, stems, "split", "unit");
        out.flush();
        return summary;
    });
}

// run_plot, the command's entry point: commands/plot.cpp.

}  // namespace alliance::cli::detail
