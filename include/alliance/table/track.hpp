// `alliance track` / track(): a table of administrations as rows, for the command line, Python
// and R alike. The analysis is tracking/track.hpp's (series, changes, rules, episodes,
// summaries, with their sources); what is written once here is everything a front-end could
// word or lay out differently:
//
//   read_session           a session cell: a number, or a date (YYYY-MM-DD) as days
//   ..._problem, ..._note  every message of a row, a client and the unattributed rows
//   track_result_columns, put_track_cells
//                          the columns after a row's scale columns, and a row's cells
//   summarize_client, unattributed_summary, track_summary_columns, put_summary_row
//                          one summary row per client: counts, notes, status
//   track_block, put_track_table
//                          the packages' whole table: columns in, rows or summary rows out
//
// The command line streams its file through an external sort and calls the pieces client by
// client (tools/alliance's track command); the packages hand their columns to track_block.
// Rows are named as the caller names them (table/row_naming.hpp). Core tier.
#pragma once

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "alliance/detail/format_number.hpp"
#include "alliance/plot/trajectory.hpp"
#include "alliance/error.hpp"
#include "alliance/table/block.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/grouping.hpp"
#include "alliance/table/interrupt.hpp"
#include "alliance/table/output_columns.hpp"
#include "alliance/table/row_naming.hpp"
#include "alliance/table/spelling.hpp"
#include "alliance/tracking/track.hpp"

namespace alliance::table {

// ---------------------------------------------------------------------------------------------
// Sessions

// Days since 1970-01-01 of an ISO 8601 calendar date (YYYY-MM-DD), or nothing.
[[nodiscard]] inline std::optional<double> iso_date_days(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
        int value = 0;
        const char* first = text.data() + at;
        const auto [end, problem] = std::from_chars(first, first + length, value);
        if (problem != std::errc{} || end != first + length) return std::nullopt;
        return value;
    };
    const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d || *m < 1 || *d < 1) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                           std::chrono::day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    return static_cast<double>(std::chrono::sys_days{date}.time_since_epoch().count());
}

// A session cell's text (trimmed as every cell is): a finite number, or with `dates` a date as
// days since 1970-01-01; nothing when it is neither.
[[nodiscard]] inline std::optional<double> read_session(std::string_view text, bool dates) {
    text = trim(text);
    if (dates) return iso_date_days(text);
    double value = 0;
    const auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || problem != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// ---------------------------------------------------------------------------------------------
// Messages

// The client and the session are two columns: option_error "alliance.table.option" otherwise.
inline void check_track_columns(std::string_view client, std::string_view session, const option_spelling& spell) {
    if (client == session)
        throw option_error("alliance.table.option",
                           spell.option("client") + " and " + spell.option("session") + " name the same column");
}

[[nodiscard]] inline std::string empty_id_problem(std::string_view row, std::string_view column) {
    return std::string(row) + ", column '" + std::string(column) + "': the id is empty";
}

[[nodiscard]] inline std::string session_problem(std::string_view row, std::string_view column, std::string_view shown,
                                                 bool dates) {
    return std::string(row) + ", column '" + std::string(column) + "': value '" + std::string(shown) + "' is not " +
           (dates ? "a date (YYYY-MM-DD)" : "a session number");
}

// Two usable rows of one client with one session: both are left out (which one is right cannot
// be known), each naming the other. On the row itself, and in the client's summary.
[[nodiscard]] inline std::string duplicate_session_problem(std::string_view row, std::string_view client,
                                                           std::string_view session, std::string_view other) {
    return std::string(row) + ": client '" + std::string(client) + "' has session " + std::string(session) + " on " +
           std::string(other) + " as well; neither row is used";
}
[[nodiscard]] inline std::string duplicate_session_note(std::string_view row, std::string_view session,
                                                        std::string_view other) {
    return std::string(row) + ": session " + std::string(session) + " is also on " + std::string(other) +
           "; neither row is used";
}

[[nodiscard]] inline std::string partial_session_note(std::string_view row, std::string_view session) {
    return std::string(row) + ": session " + std::string(session) +
           " has a scale not fully answered (see the per-row output)";
}

[[nodiscard]] inline std::string not_evaluated_note(std::string_view why) {
    return "v-episode not evaluated: " + std::string(why);
}

// A number of the summary that is not finite (sessions or scores near the largest double).
[[nodiscard]] inline std::string overflow_note(std::string_view what) {
    return "the " + std::string(what) +
           " overflows (the sessions or scores are too large to compute it in double precision); it is left empty";
}

// `rows` the first few of them (a list names at most max_rows_named): the rows with an empty
// client, which belong to no series.
[[nodiscard]] inline std::string unattributed_message(std::uint64_t count, std::span<const std::uint64_t> rows,
                                                      const row_naming& naming) {
    return std::to_string(count) +
           (count == 1 ? " row has an empty client and belongs" : " rows have an empty client and belong") +
           " to no series (" + naming.list(rows) + ")";
}

// ---------------------------------------------------------------------------------------------
// A row's cells after its scale columns

inline constexpr output_column track_result_columns[] = {
    {"score", column_content::number},   {"change", column_content::number},
    {"change_from_mean", column_content::number}, {"alerts", column_content::text},
    {"episode", column_content::text},   {"event", column_content::text},
    {"repaired", column_content::text},  {"depth", column_content::number},
    {"sessions_to_repair", column_content::count}};

[[nodiscard]] inline std::string flag_list(std::uint16_t flags) {
    std::string text;
    for (const auto& [flag, name] : tracking::track_flag_names)
        if ((flags & flag) != 0) text += (text.empty() ? "" : ";") + std::string(name);
    return text;
}

// On a rupture row: repaired yes, no, or censored (the data end before the repair window does).
[[nodiscard]] constexpr std::string_view repaired_word(tracking::repair_status status) noexcept {
    return status == tracking::repair_status::repaired     ? "yes"
           : status == tracking::repair_status::unrepaired ? "no"
                                                           : "censored";
}

template <class Writer>
void put_empty_cells(Writer& out, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) out.empty();
}

// A usable row's cells in track_result_columns' order (an error row has them all empty).
template <class Writer>
void put_track_cells(Writer& out, const std::optional<double>& score, const tracking::row_result& row) {
    const auto optional_number = [&](const std::optional<double>& x) {
        if (x) out.number(*x);
        else out.empty();
    };
    optional_number(score);
    optional_number(row.change);
    optional_number(row.change_from_mean);
    out.text(flag_list(row.flags));
    // A row can repair one episode and be the lowest point of the next.
    std::string episode, event;
    if (row.repair_episode != 0) {
        episode = std::to_string(row.repair_episode);
        event = "repair";
    }
    if (row.rupture_episode != 0) {
        episode += (episode.empty() ? "" : ";") + std::to_string(row.rupture_episode);
        event += (event.empty() ? "" : ";") + std::string("rupture");
    }
    if (episode.empty()) put_empty_cells(out, 2);  // alerts is a list that may be empty; these are absent
    else {
        out.text(episode);
        out.text(event);
    }
    if (row.status) {
        out.text(repaired_word(*row.status));
        optional_number(row.depth);
    } else {
        put_empty_cells(out, 2);
    }
    if (row.sessions_to_repair) out.integer(*row.sessions_to_repair);
    else out.empty();
}

// ---------------------------------------------------------------------------------------------
// The summary: one row per client

// One row of a client as its summary lists it, in session order (rows that are ok may be left
// out: they add nothing to it).
struct administration_note {
    std::uint64_t row = 0;             // in the caller's row naming
    row_status status = row_status::ok;
    std::string_view problem{};        // an error row's message
    std::string_view session{};        // the session as given
    std::optional<std::uint64_t> duplicate_of{};  // a usable row with the same session
};

struct track_summary_row {
    std::string client;                 // empty: the rows without a client
    tracking::client_summary summary{};  // a number that overflowed is left out
    std::optional<std::uint64_t> error_rows{};
    std::optional<std::uint64_t> first_row{}, last_row{};  // in the caller's row naming
    row_status status = row_status::ok;
    std::string message;
};

// `rows` the client's rows in session order; `row_of(i)` the naming number of the client's
// i-th row in the order tracking::track_client was given them (first_row and last_row).
template <class RowOf>
[[nodiscard]] track_summary_row summarize_client(std::string client, tracking::client_summary summary,
                                                 std::span<const administration_note> rows, RowOf&& row_of,
                                                 const row_naming& naming) {
    track_summary_row out;
    out.client = std::move(client);
    out.summary = std::move(summary);
    std::uint64_t errors = 0;
    bool partial = false, overflow = false;
    for (const administration_note& row : rows) {
        if (row.status == row_status::error && !row.duplicate_of) {
            ++errors;
            append_problem(out.message, row.problem);
        } else if (row.duplicate_of) {
            ++errors;
            append_problem(out.message, duplicate_session_note(naming.name(row.row), row.session,
                                                               naming.name(*row.duplicate_of)));
        } else if (row.status == row_status::partial) {
            partial = true;
            append_problem(out.message, partial_session_note(naming.name(row.row), row.session));
        }
    }
    tracking::series_summary& about = out.summary.about;
    for (auto [value, what] : {std::pair{&about.mean, "mean"}, std::pair{&about.slope, "slope"},
                               std::pair{&about.first, "first score"}, std::pair{&about.last, "last score"}}) {
        if (*value && !std::isfinite(**value)) {
            overflow = true;
            append_problem(out.message, overflow_note(what));
            value->reset();
        }
    }
    if (out.summary.pattern && !out.summary.not_evaluated.empty()) {
        partial = true;
        append_problem(out.message, not_evaluated_note(out.summary.not_evaluated));
    }
    if (out.summary.first_row) out.first_row = row_of(*out.summary.first_row);
    if (out.summary.last_row) out.last_row = row_of(*out.summary.last_row);
    out.error_rows = errors;
    out.status = errors > 0 || overflow ? row_status::error : partial ? row_status::partial : row_status::ok;
    return out;
}

// The last summary row: the rows with an empty client, `rows` the first few of them.
[[nodiscard]] inline track_summary_row unattributed_summary(std::uint64_t count, std::span<const std::uint64_t> rows,
                                                            const row_naming& naming) {
    track_summary_row out;
    out.status = row_status::error;
    out.message = unattributed_message(count, rows, naming);
    return out;
}

[[nodiscard]] inline std::vector<output_column> track_summary_columns(std::string_view client_column) {
    using enum column_content;
    return {{client_column, text},   {"administrations", count}, {"scored", count},
            {"error_rows", count},   {"first_session", input_row}, {"last_session", input_row},
            {"mean", number},        {"slope", number},          {"first", number},
            {"last", number},        {"below_cutoff", count},    {"drops", count},
            {"reliable_drops", count}, {"ruptures", count},      {"repaired", count},
            {"unrepaired", count},   {"censored", count},        {"pattern", text},
            {"status", text},        {"message", text}};
}

// A summary row's cells in track_summary_columns' order (the unattributed row: all empty but
// its status and message).
template <class Writer>
void put_summary_row(Writer& out, const track_summary_row& row) {
    out.text(row.client);
    if (!row.error_rows) {
        put_empty_cells(out, std::size(track_summary_columns("")) - 3);
        out.text(status_word(row.status));
        out.text(row.message);
        return;
    }
    const tracking::client_summary& summary = row.summary;
    out.integer(static_cast<long long>(summary.about.sessions));
    out.integer(static_cast<long long>(summary.about.scored));
    out.integer(static_cast<long long>(*row.error_rows));
    for (const auto& at : {row.first_row, row.last_row}) {
        if (at) out.input_row(*at);
        else out.empty();
    }
    for (const auto& x : {summary.about.mean, summary.about.slope, summary.about.first, summary.about.last}) {
        if (x) out.number(*x);
        else out.empty();
    }
    for (const auto& count : {summary.below_cutoff, summary.drops, summary.reliable_drops, summary.ruptures,
                              summary.repaired, summary.unrepaired, summary.censored}) {
        if (count) out.integer(*count);
        else out.empty();
    }
    if (summary.pattern) out.text(tracking::to_string(*summary.pattern));
    else out.empty();
    out.text(status_word(row.status));
    out.text(row.message);
}

// ---------------------------------------------------------------------------------------------
// A whole table at once (the packages)

// A session column: texts, or numbers (NaN: missing) from a numeric column; one of the two.
struct session_column {
    std::span<const std::optional<std::string_view>> text{};
    std::span<const double> number{};
};

// The columns of the input, one entry per row. status, message and score are the scoring's:
// score() of the same rows, and the tracked scale's value (NaN: none).
struct track_columns {
    std::span<const std::optional<std::string_view>> client;
    session_column session;
    std::span<const row_status> status;
    std::span<const std::string_view> message;
    std::span<const double> score;
};

// Pictures of the clients' trajectories, drawn as the clients are analysed: `look` as
// trajectory_look (pictures.hpp) makes it, its title the prefix of each client's; `clients` the
// clients drawn (empty: every client).
struct trajectory_pictures {
    plot::trajectory_options look;
    std::vector<std::string> clients;
};

struct track_settings {
    std::string client_column;
    std::string session_column;
    bool session_dates = false;
    bool summary = false;
    tracking::direction better = tracking::direction::higher_is_better;
    tracking::track_rules rules{};
    interrupt_check interrupt{};  // an interpreter's (interrupt.hpp)
    std::optional<trajectory_pictures> pictures{};
};

struct track_table {
    // Per row (not with summary): status, message, what put_track_cells writes.
    std::vector<row_status> status;
    std::vector<std::string> message;
    std::vector<std::optional<double>> score;
    std::vector<tracking::row_result> results;
    std::vector<track_summary_row> summary;  // with summary: one row per client, then the unattributed
    std::vector<picture> pictures;           // with pictures: one per client drawn, in client order
};

namespace detail {

// A session cell as a message shows it: its text trimmed, a number at its shortest, '' missing.
[[nodiscard]] inline std::string shown_session(const session_column& column, std::size_t row) {
    if (!column.number.empty()) return std::isnan(column.number[row]) ? std::string() : alliance::detail::format_number(column.number[row]);
    return std::string(trim(column.text[row].value_or("")));
}

[[nodiscard]] inline std::optional<double> session_value(const session_column& column, std::size_t row, bool dates) {
    if (!column.number.empty()) {
        const double x = column.number[row];
        if (!std::isfinite(x) || dates) return std::nullopt;  // a date is a text
        return x;
    }
    return column.text[row] ? read_session(*column.text[row], dates) : std::nullopt;
}

inline void draw_client(std::vector<picture>& pictures, const trajectory_pictures& request, const std::string& client,
                        const tracking::tracked_client& track) {
    if (!request.clients.empty() &&
        std::find(request.clients.begin(), request.clients.end(), client) == request.clients.end())
        return;
    plot::trajectory_options look = request.look;
    look.title += ": " + client;
    pictures.push_back({client, plot::trajectory_svg(track.client, track.episodes ? &*track.episodes : nullptr, look)});
}

}  // namespace detail

// The columns put_track_table writes: the summary's, or per row track_result_columns, status
// and message (the packages put the scale columns of score() before them).
[[nodiscard]] inline std::vector<output_column> track_table_columns(const track_settings& settings) {
    if (settings.summary) return track_summary_columns(settings.client_column);
    std::vector<output_column> columns(std::begin(track_result_columns), std::end(track_result_columns));
    columns.insert(columns.end(), {{"status", column_content::text}, {"message", column_content::text}});
    return columns;
}

// Every row of a table; rows are numbered 0, 1, ... in `naming`. A row without a client, with a
// session that is not one, or that scoring made an error is an error row (its problems first,
// then scoring's); the others go into their client's series, grouped as grouping.hpp groups
// keys and sorted by session.
[[nodiscard]] inline track_table track_block(const track_columns& input, const track_settings& settings,
                                             const row_naming& naming) {
    const std::size_t n = input.client.size();
    const bool numbers = !input.session.number.empty();
    if ((numbers ? input.session.number.size() : input.session.text.size()) != n || input.status.size() != n ||
        input.message.size() != n || input.score.size() != n)
        throw table_error("alliance.table.lengths_differ", "the client, session and score columns differ in length");
    const grouped_rows clients = group_rows(n, [&](std::size_t r) { return input.client[r]; });
    track_table out;
    out.status.assign(input.status.begin(), input.status.end());
    out.message.resize(n);
    const auto shown = [&](std::size_t r) { return detail::shown_session(input.session, r); };
    interrupt_poll poll(settings.interrupt);
    std::vector<tracking::tracked_row> rows(n);
    for (std::size_t r = 0; r < n; ++r) {
        poll();
        std::string& message = out.message[r];
        if (clients.group[r] < 0) append_problem(message, empty_id_problem(naming.name(r), settings.client_column));
        const std::optional<double> session = detail::session_value(input.session, r, settings.session_dates);
        if (!session) append_problem(message, session_problem(naming.name(r), settings.session_column, shown(r),
                                                              settings.session_dates));
        if (!message.empty()) {
            if (out.status[r] == row_status::error) append_problem(message, input.message[r]);
            out.status[r] = row_status::error;
        } else {
            message = input.message[r];
        }
        const double score = input.score[r];
        rows[r] = {session.value_or(0), std::isnan(score) ? std::nullopt : std::optional<double>(score),
                   out.status[r] != row_status::error};
    }
    std::vector<long long> codes(clients.group.begin(), clients.group.end());
    if (!settings.summary) {
        out.results.resize(n);
        out.score.reserve(n);
        for (const tracking::tracked_row& row : rows) out.score.push_back(row.score);
    }
    std::vector<administration_note> notes;
    std::vector<std::string> sessions;
    tracking::for_each_client(codes, rows, clients.keys, settings.better, settings.rules,
                              [&](std::size_t g, std::span<const std::size_t> at, tracking::tracked_client&& track) {
        for (std::size_t j = 0; j < at.size(); ++j) {
            poll();
            const std::size_t r = at[j];
            if (const auto other = track.rows[j].duplicate_of) {
                out.status[r] = row_status::error;
                out.message[r] = settings.summary
                                     ? duplicate_session_note(naming.name(r), shown(r), naming.name(at[*other]))
                                     : duplicate_session_problem(naming.name(r), clients.keys[g], shown(r),
                                                                 naming.name(at[*other]));
            }
            if (!settings.summary) out.results[r] = track.rows[j];
        }
        if (settings.pictures) detail::draw_client(out.pictures, *settings.pictures, clients.keys[g], track);
        if (!settings.summary) return;
        // The rows with something to say (a duplicate's message is already the summary's).
        notes.clear();
        sessions.clear();
        for (const std::size_t r : at)
            if (out.status[r] != row_status::ok) sessions.push_back(shown(r));
        std::size_t next = 0;
        for (const std::size_t r : at)
            if (out.status[r] != row_status::ok) notes.push_back({r, out.status[r], out.message[r], sessions[next++], std::nullopt});
        out.summary.push_back(summarize_client(clients.keys[g], std::move(track.summary), notes,
                                               [&](std::size_t j) { return static_cast<std::uint64_t>(at[j]); }, naming));
    });
    if (!settings.summary) return out;
    std::vector<std::uint64_t> without;
    for (std::size_t r = 0; r < n; ++r)
        if (clients.group[r] < 0) without.push_back(r);
    if (!without.empty()) {
        const std::size_t named = std::min(without.size(), max_rows_named + 1);
        out.summary.push_back(unattributed_summary(without.size(), std::span(without).first(named), naming));
    }
    return out;
}

// A table as a writer's rows (with next_row() after each row): with summary the summary rows,
// else per row the cells of track_result_columns, status and message.
template <class Writer>
void put_track_table(Writer& out, const track_table& table) {
    for (const track_summary_row& row : table.summary) {
        put_summary_row(out, row);
        out.next_row();
    }
    for (std::size_t r = 0; r < table.results.size(); ++r) {
        if (table.status[r] == row_status::error) put_empty_cells(out, std::size(track_result_columns));
        else put_track_cells(out, table.score[r], table.results[r]);
        out.text(status_word(table.status[r]));
        out.text(table.message[r]);
        out.next_row();
    }
}

}  // namespace alliance::table
