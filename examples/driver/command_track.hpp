// `alliance track`: session-by-session alliance scores, grouped by client and sorted by
// session whatever the input order, with the change from the previous session, the alerts
// that fired and the rupture-repair episodes (alliance/tracking). One output row per input
// row, in input order; `--summary` writes one row per client instead.
//
// How: pass 1 scores every row and sends a small record (client, session, score, row number)
// to an external sort; pass 2 takes each client's records in session order, builds the
// series and writes each row's results at its row number in a temporary file; pass 3 reads
// the input again and writes every row with its results. Memory holds one client's sessions
// and the sort's buffer, never the file.
#pragma once

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/cutoff.hpp>
#include <alliance/error.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/tracking.hpp>

#include "arguments.hpp"
#include "command_line.hpp"
#include "command_score.hpp"
#include "csv_reader.hpp"
#include "external_sort.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "row_scorer.hpp"

namespace alliance::cli {
namespace detail {

// ---------------------------------------------------------------------------------------------
// Settings

// The rules of alliance/tracking, as chosen on the command line (--rule LIST).
struct track_rules {
    std::optional<tracking::below_cutoff> below{};
    std::optional<tracking::drop_alert> drop{};
    std::optional<tracking::reliable_drop> reliable{};
    std::optional<tracking::v_episode_rule> episodes{};
    tracking::pattern_rule pattern = tracking::pattern_rule::not_set;  // for --summary
};

// Bits of a row's `flags`, in the order they are written.
enum track_flag : std::uint16_t { flag_below_cutoff = 1, flag_drop = 2, flag_reliable_drop = 4, flag_rupture = 8 };
inline constexpr std::pair<track_flag, std::string_view> track_flag_names[] = {
    {flag_below_cutoff, "below-cutoff"}, {flag_drop, "drop"}, {flag_reliable_drop, "reliable-drop"},
    {flag_rupture, "v-episode"}};

struct track_settings : table_settings {
    std::string client_column;
    std::string session_column;
    std::string items_pattern = "item{}";
    std::optional<double> min_answered{};
    bool session_dates = false;  // --session-dates: YYYY-MM-DD, counted in days
    std::size_t scale = 0;       // the tracked scale's index in the instrument
    alliance::metric metric = alliance::metric::sum;
    tracking::direction better = tracking::direction::higher_is_better;
    track_rules rules{};
    bool summary = false;
    std::size_t sort_budget = std::size_t{16} << 20;  // bytes of records sorted in memory
};

// ---------------------------------------------------------------------------------------------
// Reading a row

// Days since 1970-01-01 of an ISO 8601 calendar date (YYYY-MM-DD), or nothing.
[[nodiscard]] inline std::optional<double> parse_iso_date(std::string_view text) {
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

[[nodiscard]] inline std::optional<double> parse_session(std::string_view text, bool dates) {
    text = trim(text);
    if (dates) return parse_iso_date(text);
    double value = 0;
    const auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || problem != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

struct track_columns {
    std::size_t client = 0;
    std::size_t session = 0;
    std::vector<std::size_t> keep;
    std::vector<std::size_t> items;
    std::vector<std::string> item_names;
    std::size_t header_size = 0;
};

// Throws input_error naming every absent column.
[[nodiscard]] inline track_columns locate_track_columns(std::span<const std::string_view> header,
                                                        std::size_t item_count, const track_settings& settings) {
    track_columns columns;
    columns.header_size = header.size();
    for (std::size_t item = 1; item <= item_count; ++item)
        columns.item_names.push_back(item_column(settings.items_pattern, item));
    std::vector<std::string> names{settings.client_column, settings.session_column};
    names.insert(names.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    names.insert(names.end(), columns.item_names.begin(), columns.item_names.end());
    const std::vector<std::size_t> at =
        locate_columns(header, names, "item columns come from --items '" + settings.items_pattern + "'");
    columns.client = at[0];
    columns.session = at[1];
    const auto keep_end = at.begin() + 2 + static_cast<std::ptrdiff_t>(settings.keep_columns.size());
    columns.keep.assign(at.begin() + 2, keep_end);
    columns.items.assign(keep_end, at.end());
    return columns;
}

// One row read: what both the first and the last pass need, so they agree.
struct administration_reading {
    bool error = false;    // not usable: message says why
    bool partial = false;  // some scale is not complete
    double session = 0;
    std::optional<double> score{};  // the tracked scale; empty when insufficient
};

class administration_reader {
public:
    administration_reader(const runtime_instrument& instrument, const track_settings& settings,
                          const track_columns& columns)
        : settings_(settings),
          columns_(columns),
          scorer_(instrument, settings.codes, settings.min_answered, columns.items, columns.item_names) {}

    // Reads the reader's current row; appends its problems and partial-scale notes to `message`.
    administration_reading read(const csv_reader& reader, std::string& message) {
        administration_reading row;
        check_row_shape(reader, columns_.header_size, columns_.client, settings_.client_column, message);
        const auto field = [&](std::size_t index) {
            return index < reader.size() ? reader[index] : std::string_view{};
        };
        const std::string_view session_text = trim(field(columns_.session));
        const auto session = parse_session(session_text, settings_.session_dates);
        if (session) row.session = *session;
        else
            append_problem(message, "line " + std::to_string(reader.line()) + ", column '" + settings_.session_column +
                                        "': value '" + std::string(session_text) + "' is not " +
                                        (settings_.session_dates ? "a date (YYYY-MM-DD)" : "a session number"));
        const bool scored = scorer_.score(reader, message);
        row.error = !message.empty() || !scored;
        if (row.error) return row;
        for (const scale_score& scale : scorer_.scores()) {
            if (scale.status() == score_status::complete) continue;
            row.partial = true;
            append_problem(message, std::string(scale.name()) + " " + std::string(to_string(scale.status())) + ": " +
                                        std::to_string(scale.answered()) + " of " + std::to_string(scale.items()) +
                                        " items answered (rule: " + describe(scale.rule(), scale.items()) + ")");
        }
        const scale_score& tracked = scorer_.scores()[settings_.scale];
        if (tracked.has_score())
            row.score = settings_.metric == alliance::metric::sum ? tracked.sum() : tracked.mean();
        return row;
    }

    [[nodiscard]] const dynamic_score_set& scores() const noexcept { return scorer_.scores(); }

private:
    const track_settings& settings_;
    const track_columns& columns_;
    row_scorer scorer_;
};

// ---------------------------------------------------------------------------------------------
// Pass 1: a record per row with a client, sorted by client and session

struct administration_record {
    std::string client;
    std::string session_text;  // as written, for the summary
    std::string problem;       // why the row is not usable; empty when it is
    double session = 0;
    std::uint64_t row = 0;     // data row number, from 0
    std::uint64_t line = 0;    // input line number
    double score = 0;
    bool has_score = false;
    bool partial = false;

    [[nodiscard]] bool usable() const noexcept { return problem.empty(); }
    [[nodiscard]] std::size_t footprint() const noexcept {
        return sizeof(*this) + client.capacity() + session_text.capacity() + problem.capacity();
    }
    void write(std::FILE* file) const {
        spill_write(file, client);
        spill_write(file, session_text);
        spill_write(file, problem);
        spill_write(file, session);
        spill_write(file, row);
        spill_write(file, line);
        spill_write(file, score);
        spill_write(file, static_cast<std::uint8_t>((has_score ? 1 : 0) | (partial ? 2 : 0)));
    }
    static bool read(std::FILE* file, administration_record& out) {
        std::uint64_t size = 0;
        if (!spill_read(file, size)) return false;
        out.client.resize(static_cast<std::size_t>(size));
        if (size > 0 && std::fread(out.client.data(), 1, out.client.size(), file) != out.client.size())
            throw spill_error("cannot read a temporary file back");
        spill_read_required(file, out.session_text);
        spill_read_required(file, out.problem);
        std::uint8_t bits = 0;
        if (!spill_read(file, out.session) || !spill_read(file, out.row) || !spill_read(file, out.line) ||
            !spill_read(file, out.score) || !spill_read(file, bits))
            throw spill_error("cannot read a temporary file back");
        out.has_score = (bits & 1) != 0;
        out.partial = (bits & 2) != 0;
        return true;
    }
};

struct by_client_and_session {
    bool operator()(const administration_record& a, const administration_record& b) const noexcept {
        if (a.client != b.client) return a.client < b.client;
        return a.session < b.session;  // equal sessions keep input order (stable sort)
    }
};

using administration_sorter = external_sorter<administration_record, by_client_and_session>;

// Rows whose client is empty belong to no series; the summary names them in a row of its own.
struct unattributed_rows {
    std::uint64_t count = 0;
    std::string lines;  // the first few line numbers
    void add(std::uint64_t line) {
        if (++count <= 10) lines += (lines.empty() ? "" : ", ") + std::to_string(line);
    }
};

struct first_pass_result {
    std::uint64_t rows = 0;
    unattributed_rows no_client;
};

inline first_pass_result collect_administrations(const runtime_instrument& instrument, const track_settings& settings,
                                                 byte_source& input, administration_sorter& sorter,
                                                 progress_meter* progress) {
    csv_reader reader(input, settings.dialect, settings.limits);
    if (!reader.next()) throw input_error("the input is empty: no header row");
    const track_columns columns = locate_track_columns(reader.fields(), instrument.item_count(), settings);
    administration_reader rows(instrument, settings, columns);
    first_pass_result result;
    std::string message;
    while (reader.next()) {
        message.clear();
        const administration_reading reading = rows.read(reader, message);
        const std::string_view client =
            trim(columns.client < reader.size() ? reader[columns.client] : std::string_view{});
        if (client.empty()) {
            result.no_client.add(reader.line());
        } else {
            administration_record record;
            record.client = client;
            record.session_text = trim(columns.session < reader.size() ? reader[columns.session] : std::string_view{});
            if (reading.error) record.problem = message;
            record.session = reading.session;
            record.row = result.rows;
            record.line = reader.line();
            record.has_score = reading.score.has_value();
            record.score = reading.score.value_or(0);
            record.partial = reading.partial;
            sorter.push(std::move(record));
        }
        ++result.rows;
        if (progress != nullptr) progress->update(reader.bytes_consumed() / 2, result.rows);
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Pass 2: one client at a time

struct client_track {
    std::string client;
    std::vector<administration_record> rows;  // every row of the client, by session
    std::vector<std::size_t> in_series;       // rows[in_series[p]] is the series' position p
    std::vector<std::uint64_t> duplicate_of;  // per row: another line with its session, or 0
    std::optional<tracking::series> series;
    std::vector<tracking::session_change> changes;  // per position
    std::vector<std::uint16_t> flags;               // per position
    std::optional<tracking::episode_analysis> episodes;
};

// Builds the series of one client's rows (sorted by session) and applies the rules. Two
// usable rows with the same session are both left out: which one is right cannot be known,
// and keeping either would make the result depend on the input order.
[[nodiscard]] inline client_track analyse_client(std::string client, std::vector<administration_record> rows,
                                                 const track_settings& settings) {
    client_track track;
    track.client = std::move(client);
    track.rows = std::move(rows);
    track.duplicate_of.assign(track.rows.size(), 0);
    std::vector<tracking::administration> sessions;
    for (std::size_t i = 0; i < track.rows.size();) {
        if (!track.rows[i].usable()) {
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        std::vector<std::size_t> same{i};
        for (; end < track.rows.size() && track.rows[end].session == track.rows[i].session; ++end)
            if (track.rows[end].usable()) same.push_back(end);
        if (same.size() > 1) {
            for (std::size_t k = 0; k < same.size(); ++k)
                track.duplicate_of[same[k]] = track.rows[same[k == 0 ? 1 : 0]].line;
        } else {
            const administration_record& row = track.rows[i];
            track.in_series.push_back(i);
            sessions.push_back({row.session, row.has_score ? std::optional<double>(row.score) : std::nullopt});
        }
        i = end;
    }
    track.series.emplace(track.client, std::move(sessions), settings.better);
    const tracking::series& series = *track.series;
    track.changes = tracking::changes(series);
    track.flags.assign(series.size(), 0);
    const auto mark = [&](const std::vector<bool>& fired, track_flag flag) {
        for (std::size_t p = 0; p < fired.size(); ++p)
            if (fired[p]) track.flags[p] = static_cast<std::uint16_t>(track.flags[p] | flag);
    };
    const track_rules& rules = settings.rules;
    if (rules.below) mark(tracking::evaluate(series, *rules.below), flag_below_cutoff);
    if (rules.drop) mark(tracking::evaluate(series, *rules.drop), flag_drop);
    if (rules.reliable) mark(tracking::evaluate(series, *rules.reliable), flag_reliable_drop);
    if (rules.episodes) {
        track.episodes = tracking::find_episodes(series, *rules.episodes);
        for (const tracking::episode& e : track.episodes->episodes)
            track.flags[e.rupture] = static_cast<std::uint16_t>(track.flags[e.rupture] | flag_rupture);
    }
    return track;
}

// Drains the sorter and calls visit(client_track&&) for every client, in client order.
template <class Visit>
void for_each_client(administration_sorter& sorter, const track_settings& settings, Visit visit) {
    std::string client;
    std::vector<administration_record> rows;
    bool any = false;
    sorter.drain([&](administration_record&& record) {
        if (any && record.client != client) {
            visit(analyse_client(std::move(client), std::move(rows), settings));
            rows = {};
        }
        if (rows.empty()) client = record.client;
        any = true;
        rows.push_back(std::move(record));
    });
    if (any) visit(analyse_client(std::move(client), std::move(rows), settings));
}

// ---------------------------------------------------------------------------------------------
// Per-row results, kept in a temporary file at their row number between pass 2 and pass 3

struct row_track_result {
    std::uint8_t present = 0;  // 1 when the row is in its client's series
    std::uint8_t has_change = 0;
    std::uint8_t has_change_from_mean = 0;
    std::uint8_t repair_status = 0;  // on a rupture row: 1 + tracking::repair_status
    std::uint16_t flags = 0;
    std::uint16_t padding = 0;
    std::int32_t rupture_episode = 0;  // episode whose lowest point this row is; 0: none
    std::int32_t repair_episode = 0;   // episode this row repairs; 0: none
    std::int32_t sessions_to_repair = -1;
    double change = 0;
    double change_from_mean = 0;
    double depth = 0;
    std::uint64_t duplicate_of = 0;  // another line of the client with the same session
};

class row_results {
public:
    row_results() : file_(make_temporary_file()) {}

    void put(std::uint64_t row, const row_track_result& result) {
        if (std::fseek(file_.get(), offset(row), SEEK_SET) != 0) throw spill_error("cannot write a temporary file");
        spill_write(file_.get(), result);
    }
    void start_reading() {
        if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0)
            throw spill_error("cannot read a temporary file back");
    }
    // The next row's result in row order; rows nothing was written for (and the holes of the
    // file, which read as zeros) are "not present".
    [[nodiscard]] row_track_result next() {
        row_track_result result;
        if (!ended_ && !spill_read(file_.get(), result)) {
            ended_ = true;
            result = {};
        }
        return result;
    }

private:
    static long offset(std::uint64_t row) {
        return static_cast<long>(row * sizeof(row_track_result));
    }
    temporary_file file_;
    bool ended_ = false;
};

inline void store_results(const client_track& track, row_results& results) {
    for (std::size_t i = 0; i < track.rows.size(); ++i)
        if (track.duplicate_of[i] != 0) {
            row_track_result result;
            result.duplicate_of = track.duplicate_of[i];
            results.put(track.rows[i].row, result);
        }
    std::vector<row_track_result> at(track.in_series.size());
    for (std::size_t p = 0; p < at.size(); ++p) {
        row_track_result& result = at[p];
        result.present = 1;
        result.flags = track.flags[p];
        if (const auto& change = track.changes[p].from_previous) {
            result.has_change = 1;
            result.change = *change;
        }
        if (const auto& change = track.changes[p].from_running_mean) {
            result.has_change_from_mean = 1;
            result.change_from_mean = *change;
        }
    }
    if (track.episodes)
        for (const tracking::episode& e : track.episodes->episodes) {
            row_track_result& rupture = at[e.rupture];
            rupture.rupture_episode = e.id;
            rupture.depth = e.depth;
            rupture.repair_status = static_cast<std::uint8_t>(1 + static_cast<int>(e.status));
            if (e.sessions_to_repair) rupture.sessions_to_repair = *e.sessions_to_repair;
            if (e.repair) at[*e.repair].repair_episode = e.id;
        }
    for (std::size_t p = 0; p < at.size(); ++p) results.put(track.rows[track.in_series[p]].row, at[p]);
}

// ---------------------------------------------------------------------------------------------
// Pass 3: the rows again, in input order, with their results

inline const char* const track_columns_after_scores[] = {"score",   "change",   "change_from_mean",   "flags",
                                                          "episode", "event",    "repaired",           "depth",
                                                          "sessions_to_repair"};

[[nodiscard]] inline std::string flag_list(std::uint16_t flags) {
    std::string text;
    for (const auto& [flag, name] : track_flag_names)
        if ((flags & flag) != 0) text += (text.empty() ? "" : ";") + std::string(name);
    return text;
}

inline score_summary write_tracked_rows(const runtime_instrument& instrument, const track_settings& settings,
                                        byte_source& input, row_results& results, output_sink& output,
                                        progress_meter* progress, std::uint64_t half_done) {
    csv_reader reader(input, settings.dialect, settings.limits);
    if (!reader.next()) throw input_error("the input is empty: no header row");
    const track_columns columns = locate_track_columns(reader.fields(), instrument.item_count(), settings);
    administration_reader rows(instrument, settings, columns);

    std::vector<std::string> names{settings.client_column, settings.session_column};
    names.insert(names.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    for (const scale_entry& scale : instrument.scales())
        for (const char* suffix : {"_sum", "_mean", "_answered", "_status"})
            names.push_back(column_prefix(scale.name) + suffix);
    names.insert(names.end(), std::begin(track_columns_after_scores), std::end(track_columns_after_scores));
    names.emplace_back("status");
    names.emplace_back("message");
    buffered_writer out(output);
    table_writer table(out, settings.format, std::move(names));

    results.start_reading();
    score_summary summary;
    std::string message;
    while (reader.next()) {
        ++summary.rows;
        message.clear();
        const administration_reading reading = rows.read(reader, message);
        const row_track_result result = results.next();
        const auto field = [&](std::size_t index) {
            return index < reader.size() ? reader[index] : std::string_view{};
        };
        table.text(field(columns.client));
        table.text(field(columns.session));
        for (const std::size_t index : columns.keep) table.text(field(index));

        const bool duplicate = result.duplicate_of != 0;
        if (duplicate && !reading.error) {
            message = "line " + std::to_string(reader.line()) + ": client '" + std::string(trim(field(columns.client))) +
                      "' has session " + std::string(trim(field(columns.session))) + " on line " +
                      std::to_string(result.duplicate_of) + " as well; neither row is used";
        }
        const bool error = reading.error || duplicate;
        if (error) {
            for (std::size_t s = 0; s < instrument.scales().size() * 4 + std::size(track_columns_after_scores); ++s)
                table.empty();
            ++summary.errors;
            table.text("error");
            table.text(message);
            table.end_row();
            if (progress != nullptr) progress->update(half_done + reader.bytes_consumed() / 2, summary.rows);
            continue;
        }
        for (const scale_score& scale : rows.scores()) {
            if (scale.has_score()) {
                table.number(scale.sum());
                table.number(scale.mean());
            } else {
                table.empty();
                table.empty();
            }
            table.integer(scale.answered());
            table.text(to_string(scale.status()));
        }
        if (reading.score) table.number(*reading.score);
        else table.empty();
        if (result.has_change != 0) table.number(result.change);
        else table.empty();
        if (result.has_change_from_mean != 0) table.number(result.change_from_mean);
        else table.empty();
        table.text(flag_list(result.flags));
        // A row can repair one episode and be the lowest point of the next.
        std::string episode, event;
        if (result.repair_episode != 0) {
            episode = std::to_string(result.repair_episode);
            event = "repair";
        }
        if (result.rupture_episode != 0) {
            episode += (episode.empty() ? "" : ";") + std::to_string(result.rupture_episode);
            event += (event.empty() ? "" : ";") + std::string("rupture");
        }
        table.text(episode);
        table.text(event);
        if (result.repair_status != 0) {
            const auto status = static_cast<tracking::repair_status>(result.repair_status - 1);
            table.text(status == tracking::repair_status::repaired     ? "yes"
                       : status == tracking::repair_status::unrepaired ? "no"
                                                                        : "censored");
            table.number(result.depth);
        } else {
            table.empty();
            table.empty();
        }
        if (result.sessions_to_repair >= 0) table.integer(result.sessions_to_repair);
        else table.empty();
        if (reading.partial) {
            ++summary.partial;
            table.text("partial");
        } else {
            ++summary.ok;
            table.text("ok");
        }
        table.text(message);
        table.end_row();
        if (progress != nullptr) progress->update(half_done + reader.bytes_consumed() / 2, summary.rows);
    }
    out.flush();
    return summary;
}

// ---------------------------------------------------------------------------------------------
// --summary: one row per client

inline const char* const track_summary_columns[] = {
    "administrations", "scored", "error_rows", "first_session", "last_session", "mean",      "slope",
    "first",           "last",   "below_cutoff", "drops",       "reliable_drops", "ruptures", "repaired",
    "unrepaired",      "censored", "pattern"};

class summary_writer {
public:
    summary_writer(const track_settings& settings, output_sink& output) : settings_(settings), out_(output) {
        std::vector<std::string> names{settings.client_column};
        names.insert(names.end(), std::begin(track_summary_columns), std::end(track_summary_columns));
        names.emplace_back("status");
        names.emplace_back("message");
        table_.emplace(out_, settings.format, std::move(names));
    }

    void client(const client_track& track) {
        const tracking::series& series = *track.series;
        const tracking::series_summary about = tracking::summarize(series);
        std::string message;
        std::uint64_t errors = 0;
        bool partial = false;
        for (std::size_t i = 0; i < track.rows.size(); ++i) {
            const administration_record& row = track.rows[i];
            if (!row.usable()) {
                ++errors;
                append_problem(message, row.problem);
            } else if (track.duplicate_of[i] != 0) {
                ++errors;
                append_problem(message, "line " + std::to_string(row.line) + ": session " + row.session_text +
                                            " is also on line " + std::to_string(track.duplicate_of[i]) +
                                            "; neither row is used");
            } else if (row.partial) {
                partial = true;
                append_problem(message, "line " + std::to_string(row.line) + ": session " + row.session_text +
                                            " has a scale not fully answered (see the per-row output)");
            }
        }
        table_writer& table = *table_;
        table.text(track.client);
        table.integer(static_cast<long long>(about.sessions));
        table.integer(static_cast<long long>(about.scored));
        table.integer(static_cast<long long>(errors));
        if (track.in_series.empty()) {
            table.empty();
            table.empty();
        } else {
            table.text(track.rows[track.in_series.front()].session_text);
            table.text(track.rows[track.in_series.back()].session_text);
        }
        optional_number(about.mean);
        optional_number(about.slope);
        optional_number(about.first);
        optional_number(about.last);
        const auto count = [&](bool chosen, track_flag flag) {
            if (!chosen) return table.empty();
            long long n = 0;
            for (const std::uint16_t flags : track.flags) n += (flags & flag) != 0 ? 1 : 0;
            table.integer(n);
        };
        count(settings_.rules.below.has_value(), flag_below_cutoff);
        count(settings_.rules.drop.has_value(), flag_drop);
        count(settings_.rules.reliable.has_value(), flag_reliable_drop);
        if (track.episodes && track.episodes->not_evaluated.empty()) {
            long long repaired = 0, unrepaired = 0, censored = 0;
            for (const tracking::episode& e : track.episodes->episodes) {
                repaired += e.status == tracking::repair_status::repaired ? 1 : 0;
                unrepaired += e.status == tracking::repair_status::unrepaired ? 1 : 0;
                censored += e.status == tracking::repair_status::censored ? 1 : 0;
            }
            table.integer(static_cast<long long>(track.episodes->episodes.size()));
            table.integer(repaired);
            table.integer(unrepaired);
            table.integer(censored);
        } else {
            for (int k = 0; k < 4; ++k) table.empty();
        }
        if (track.episodes) {
            table.text(tracking::to_string(tracking::classify(*track.episodes, settings_.rules.pattern)));
            if (!track.episodes->not_evaluated.empty()) {
                partial = true;
                append_problem(message, "v-episode not evaluated: " + track.episodes->not_evaluated);
            }
        } else {
            table.empty();
        }
        finish(errors > 0, partial, message);
    }

    // The rows with an empty client, which are in no series.
    void unattributed(const unattributed_rows& rows) {
        if (rows.count == 0) return;
        table_writer& table = *table_;
        table.text("");
        for (std::size_t k = 0; k < std::size(track_summary_columns); ++k) table.empty();
        finish(true, false,
               std::to_string(rows.count) + (rows.count == 1 ? " row has an empty client and belongs" : " rows have an empty client and belong") +
                   " to no series (line" + (rows.count == 1 ? " " : "s ") + rows.lines +
                   (rows.count > 10 ? ", ..." : "") + ")");
    }

    void flush() { out_.flush(); }
    [[nodiscard]] const score_summary& summary() const noexcept { return summary_; }

private:
    void optional_number(const std::optional<double>& value) {
        if (value) table_->number(*value);
        else table_->empty();
    }
    void finish(bool error, bool partial, const std::string& message) {
        ++summary_.rows;
        if (error) ++summary_.errors;
        else if (partial) ++summary_.partial;
        else ++summary_.ok;
        table_->text(error ? "error" : partial ? "partial" : "ok");
        table_->text(message);
        table_->end_row();
    }

    const track_settings& settings_;
    buffered_writer out_;
    std::optional<table_writer> table_;
    score_summary summary_;
};

// Clients the v-episode rule could not be applied to, told on standard error in per-row mode
// (the summary has them in its rows).
class not_evaluated_note {
public:
    void add(const client_track& track) {
        if (!track.episodes || track.episodes->not_evaluated.empty()) return;
        if (++count_ <= 5) clients_ += (clients_.empty() ? "'" : ", '") + track.client + "'";
    }
    void report(bool quiet) const {
        if (count_ == 0 || quiet) return;
        std::fprintf(stderr,
                     "alliance track: v-episode not evaluated for %llu client%s (too few scored sessions, or "
                     "scores that never vary): %s%s; 'alliance track --summary' says why for each\n",
                     static_cast<unsigned long long>(count_), count_ == 1 ? "" : "s", clients_.c_str(),
                     count_ > 5 ? ", ..." : "");
    }

private:
    std::uint64_t count_ = 0;
    std::string clients_;
};

// ---------------------------------------------------------------------------------------------
// Command line

inline constexpr std::string_view track_help = R"(Usage: alliance track (--instrument ID | --key FILE) --client COL --session COL
                      (--higher-is-better | --lower-is-better) [--rule RULES] [OPTIONS] [FILE | -]

Session-by-session scores of one scale per client, with the change from the previous session,
the alerts that fired and the rupture-repair episodes. Rows may come in any order: they are
grouped by client and sorted by session (the result is the same for any order). One output
row per input row, in input order; with --summary, one row per client, in client order.

Instrument, scale, direction:
  --instrument ID | --key FILE   as for 'alliance score'
  --scale NAME                   the scale to track (default: the total, or the only scale)
  --metric sum|mean              its sum or its mean (default: the metric its authors report)
  --higher-is-better, --lower-is-better   one is required: a drop in an alliance measure
                                 is a fall, on a symptom measure a rise

Input:
  --client COL                   the client column (an empty client makes the row an error)
  --session COL                  the session column: a number (session 1, 2, ...)
  --session-dates                the session column holds dates (YYYY-MM-DD); changes and
                                 slopes are then per day
  --items PATTERN, --delimiter D, --missing CODES, --not-applicable CODES, --decimal-comma,
  --min-answered FRACTION        as for 'alliance score'

Rules (--rule, comma-separated; none by default). Every parameter that a published source
gives is named by it; those the sources leave open have no default (docs/tracking.md):
  below-cutoff    the score is on the flagged side of a cut-off: by default the catalogue's
                  published cut-off for the scale (SRS total < 36, OpenFIT), named on
                  standard error; or --cutoff-id ID; or --cutoff-value X with
                  --cutoff-when below|at-or-below|above|at-or-above
  drop            a fall of at least --drop-points D since the previous score (PCOMS/OpenFIT
                  SRS drop alert: 1 point), --previous last-scored|immediately-preceding
  reliable-drop   the fall since the previous score is reliable change (Jacobson & Truax 1991)
                  for --sd X and --reliability R (or --norm NORM_ID), at --confidence C
                  (default 0.95) or --critical-value Z; --previous as for drop
  v-episode       rupture-repair episodes: a fall of at least k SD and whether the score came
                  back. All required:
                    --k K                  SD multiplier: a number, stiles-2004 (2) or
                                           strauss-2006 (1)
                    --sd-basis B           within-client, external or stricter (the larger of
                                           within-client and --external-sd, Gumz et al. 2012)
                    --external-sd X        for external and stricter
                    --reference R          previous-session, running-mean or client-mean
                    --max-decline N        sessions a fall may take (previous-session only)
                    --repair-window N      scored sessions after the lowest point a repair may take
                    --repair-target T      pre-rupture-score or reference
                    --repair-margin X      points short of the target still counted as back
                    --min-sessions N       fewer scored sessions: the client is not evaluated
                  and with --summary: --pattern any-unrepaired|last-episode (how a client with
                  several episodes is classed)

Output:
  --summary       one row per client instead of one per administration
  --keep COLUMNS, --format csv|jsonl, -o FILE, -q   as for 'alliance score'

Columns (per administration): the client and session columns, the --keep columns, the four
columns of every scale as 'alliance score' writes them, then
  score               the tracked scale's score (empty when the scale is insufficient)
  change              score - the client's previous score (the last one that has a score)
  change_from_mean    score - the mean of the client's earlier scores
  flags               the rules that fired, ';'-separated: below-cutoff, drop, reliable-drop,
                      v-episode (on the lowest point of a rupture)
  episode, event      the episode's number within the client, on the row of its lowest point
                      (event rupture) and on the row of its repair (event repair)
  repaired            on a rupture row: yes, no, or censored (the data end before the repair
                      window does)
  depth               on a rupture row: points below the level the fall was measured from
  sessions_to_repair  on a rupture row that was repaired
  status, message     as for 'alliance score'; two rows of one client with the same session
                      are both errors (which one is right cannot be known)
Columns (--summary): the client column, administrations, scored, error_rows, first_session,
last_session, mean, slope (per session, or per day), first, last, below_cutoff, drops,
reliable_drops (sessions flagged), ruptures, repaired, unrepaired, censored, pattern
(no_rupture, repaired, unrepaired, pending, not_evaluated), status, message. A rule that was
not chosen leaves its columns empty. Rows with an empty client are counted in a last row with
an empty client.

Memory holds one client's sessions and a sort buffer (--sort-memory MB, default 16); larger
inputs are sorted through temporary files (TMPDIR). The input is read twice (standard input
is copied to a temporary file).

Exit status: 0 every row ok or partial; 1 some row is an error; 2 usage error, unreadable
input, or a header without the needed columns (nothing written).

Example:
  alliance track --instrument srs --client client --session session --higher-is-better \
    --rule below-cutoff,drop --previous last-scored --drop-points 1 examples/data/srs_caseload.csv
)";

inline const std::vector<option_spec> track_rule_options{
    {"rule"},          {"cutoff-id"},      {"cutoff-value"},  {"cutoff-when"},   {"drop-points"},
    {"previous"},      {"sd"},             {"reliability"},   {"norm"},          {"confidence"},
    {"critical-value"}, {"k"},             {"sd-basis"},      {"external-sd"},   {"reference"},
    {"max-decline"},   {"repair-window"},  {"repair-target"}, {"repair-margin"}, {"min-sessions"},
    {"pattern"}};

[[nodiscard]] inline std::vector<option_spec> track_options() {
    std::vector<option_spec> specs{{"instrument"},       {"key"},
                                   {"items"},            {"not-applicable"},
                                   {"min-answered"},     {"client"},
                                   {"session"},          {"session-dates", false},
                                   {"scale"},            {"metric"},
                                   {"higher-is-better", false}, {"lower-is-better", false},
                                   {"summary", false},   {"sort-memory"}};
    specs.insert(specs.end(), track_rule_options.begin(), track_rule_options.end());
    return with_table_options(std::move(specs));
}

// `text` as one of `choices` (name, value), or a usage error listing them.
template <class T, std::size_t N>
[[nodiscard]] T choose(std::string_view option, const std::string& text,
                       const std::pair<std::string_view, T> (&choices)[N]) {
    std::string names;
    for (const auto& [name, value] : choices) {
        if (text == name) return value;
        names += (names.empty() ? "" : ", ") + std::string(name);
    }
    throw usage_error("--" + std::string(option) + " expects " + names + ", not '" + text + "'");
}

[[nodiscard]] inline int whole_number_option(const parsed_arguments& args, std::string_view name, int least) {
    const double value = *number_option(args, name);
    if (!(value >= least && value <= 1e6 && value == std::floor(value)))
        throw usage_error("--" + std::string(name) + " expects a whole number of at least " + std::to_string(least) +
                          ", not '" + *args.get(name) + "'");
    return static_cast<int>(value);
}

inline void require_options(const parsed_arguments& args, std::string_view rule,
                            std::initializer_list<std::string_view> names) {
    std::string missing;
    for (const std::string_view name : names)
        if (!args.has(name)) missing += (missing.empty() ? "--" : ", --") + std::string(name);
    if (!missing.empty())
        throw usage_error("--rule " + std::string(rule) + " needs " + missing +
                          " (no default: see 'alliance track --help' and docs/tracking.md)");
}

[[nodiscard]] inline tracking::previous_policy previous_option(const parsed_arguments& args, std::string_view rule) {
    require_options(args, rule, {"previous"});
    static constexpr std::pair<std::string_view, tracking::previous_policy> choices[] = {
        {"last-scored", tracking::previous_policy::last_scored},
        {"immediately-preceding", tracking::previous_policy::immediately_preceding}};
    return choose("previous", *args.get("previous"), choices);
}

// The published cut-off for the tracked scale, or the one named or given.
[[nodiscard]] inline alliance::cutoff cutoff_option(const parsed_arguments& args, const catalogue_entry& entry,
                                                    const scale_entry& scale, const track_settings& settings) {
    if (args.has("cutoff-value") || args.has("cutoff-when")) {
        if (args.has("cutoff-id")) throw usage_error("give --cutoff-id or --cutoff-value, not both");
        require_options(args, "below-cutoff", {"cutoff-value", "cutoff-when"});
        static constexpr std::pair<std::string_view, flag_when> choices[] = {{"below", flag_when::below},
                                                                             {"at-or-below", flag_when::at_or_below},
                                                                             {"above", flag_when::above},
                                                                             {"at-or-above", flag_when::at_or_above}};
        alliance::cutoff own;
        own.id = "--cutoff-value";
        own.scale = scale.name;
        own.value = *number_option(args, "cutoff-value");
        own.when = choose("cutoff-when", *args.get("cutoff-when"), choices);
        return own;
    }
    const auto id = args.get("cutoff-id");
    std::string known;
    for (const alliance::cutoff& published : entry.cutoffs) {
        known += (known.empty() ? "" : ", ") + std::string(published.id);
        if (id ? published.id == *id : column_prefix(published.scale) == column_prefix(scale.name)) {
            if (settings.metric != scale.metric)
                throw usage_error("the cut-off " + std::string(published.id) + " is for the scale's " +
                                  std::string(to_string(scale.metric)) + "; drop --metric or give --cutoff-value");
            return published;
        }
    }
    if (id) throw usage_error("--cutoff-id: no cut-off '" + *id + "' for this instrument" +
                              (known.empty() ? std::string(" (it has none)") : "; it has " + known));
    throw usage_error("the catalogue has no cut-off for scale '" + column_prefix(scale.name) +
                      "'; give --cutoff-value X and --cutoff-when below|at-or-below|above|at-or-above");
}

[[nodiscard]] inline tracking::v_episode_rule episode_option(const parsed_arguments& args, bool summary) {
    require_options(args, "v-episode",
                    {"k", "sd-basis", "reference", "repair-window", "repair-target", "repair-margin", "min-sessions"});
    tracking::v_episode_rule rule;
    const std::string k = *args.get("k");
    if (k == "stiles-2004") rule.k = tracking::stiles_2004_k;
    else if (k == "strauss-2006") rule.k = tracking::strauss_2006_k;
    else rule.k = parse_number_option("k", k);
    static constexpr std::pair<std::string_view, tracking::sd_basis> bases[] = {
        {"within-client", tracking::sd_basis::within_client},
        {"external", tracking::sd_basis::external},
        {"stricter", tracking::sd_basis::stricter_of_within_and_external}};
    rule.basis = choose("sd-basis", *args.get("sd-basis"), bases);
    if (rule.basis != tracking::sd_basis::within_client) {
        require_options(args, "v-episode", {"external-sd"});
        rule.external_sd = number_option(args, "external-sd");
    } else if (args.has("external-sd")) {
        throw usage_error("--external-sd is for --sd-basis external or stricter");
    }
    static constexpr std::pair<std::string_view, tracking::reference_level> references[] = {
        {"previous-session", tracking::reference_level::previous_session},
        {"running-mean", tracking::reference_level::running_mean},
        {"client-mean", tracking::reference_level::client_mean}};
    rule.reference = choose("reference", *args.get("reference"), references);
    if (rule.reference == tracking::reference_level::previous_session) {
        require_options(args, "v-episode", {"max-decline"});
        rule.max_decline_sessions = whole_number_option(args, "max-decline", 1);
    } else if (args.has("max-decline")) {
        throw usage_error("--max-decline is for --reference previous-session");
    }
    rule.repair_window = whole_number_option(args, "repair-window", 1);
    static constexpr std::pair<std::string_view, tracking::repair_target> targets[] = {
        {"pre-rupture-score", tracking::repair_target::pre_rupture_score},
        {"reference", tracking::repair_target::reference}};
    rule.target = choose("repair-target", *args.get("repair-target"), targets);
    rule.repair_margin = number_option(args, "repair-margin");
    rule.min_sessions = whole_number_option(args, "min-sessions", 1);
    check_option([&] { tracking::detail::validate(rule); });
    if (summary) require_options(args, "v-episode", {"pattern"});
    return rule;
}

// Which rule uses which option, for refusing an option whose rule was not chosen.
inline constexpr std::pair<std::string_view, std::string_view> track_option_rules[] = {
    {"cutoff-id", "below-cutoff"},       {"cutoff-value", "below-cutoff"},   {"cutoff-when", "below-cutoff"},
    {"drop-points", "drop"},             {"sd", "reliable-drop"},            {"reliability", "reliable-drop"},
    {"norm", "reliable-drop"},           {"confidence", "reliable-drop"},    {"critical-value", "reliable-drop"},
    {"k", "v-episode"},                  {"sd-basis", "v-episode"},          {"external-sd", "v-episode"},
    {"reference", "v-episode"},          {"max-decline", "v-episode"},       {"repair-window", "v-episode"},
    {"repair-target", "v-episode"},      {"repair-margin", "v-episode"},     {"min-sessions", "v-episode"},
    {"pattern", "v-episode"}};

[[nodiscard]] inline track_rules rules_from(const parsed_arguments& args, const chosen_instrument& chosen,
                                            const track_settings& settings) {
    std::vector<std::string> names;
    if (const auto list = args.get("rule")) names = split_list(*list);
    const auto chosen_rule = [&](std::string_view rule) {
        return std::find(names.begin(), names.end(), rule) != names.end();
    };
    for (const std::string& name : names)
        if (name != "below-cutoff" && name != "drop" && name != "reliable-drop" && name != "v-episode")
            throw usage_error("--rule: unknown rule '" + name + "'; the rules are below-cutoff, drop, reliable-drop, v-episode");
    for (const auto& [option, rule] : track_option_rules)
        if (args.has(option) && !chosen_rule(rule))
            throw usage_error("--" + std::string(option) + " is for --rule " + std::string(rule) + "; add that rule");
    if (args.has("previous") && !chosen_rule("drop") && !chosen_rule("reliable-drop"))
        throw usage_error("--previous is for --rule drop or reliable-drop");

    track_rules rules;
    const scale_entry& scale = chosen.instrument.scales()[settings.scale];
    if (chosen_rule("below-cutoff")) rules.below = tracking::below_cutoff{cutoff_option(args, chosen.entry, scale, settings)};
    if (chosen_rule("drop")) {
        require_options(args, "drop", {"drop-points"});
        tracking::drop_alert drop{*number_option(args, "drop-points"), previous_option(args, "drop")};
        if (!(drop.min_drop > 0)) throw usage_error("--drop-points must be above 0");
        rules.drop = drop;
    }
    if (chosen_rule("reliable-drop")) {
        tracking::reliable_drop reliable;
        if (const alliance::norm* published = norm_option(args, "track")) {
            if (args.has("sd")) throw usage_error("give --norm or --sd, not both");
            reliable.sd = published->sd;
            const bool has_reliability = published->reliability.kind != alliance::reliability_kind::none;
            if (has_reliability && args.has("reliability"))
                throw usage_error("--norm " + std::string(published->id) + " has a reliability; give --norm or --reliability, not both");
            if (has_reliability) reliable.reliability = published->reliability.value;
            else require_options(args, "reliable-drop", {"reliability"});
        } else {
            require_options(args, "reliable-drop", {"sd", "reliability"});
            reliable.sd = *number_option(args, "sd");
        }
        if (args.has("reliability")) reliable.reliability = *number_option(args, "reliability");
        if (args.has("confidence") && args.has("critical-value"))
            throw usage_error("give --confidence or --critical-value, not both");
        check_option([&] {
            if (const auto z = number_option(args, "critical-value")) reliable.critical = stats::critical_value::literal(*z);
            else reliable.critical = stats::critical_value::from_confidence(number_option(args, "confidence").value_or(0.95));
            stats::detail::require_sd("--sd", reliable.sd);
            stats::detail::require_reliability("--reliability", reliable.reliability);
        });
        reliable.previous = previous_option(args, "reliable-drop");
        rules.reliable = reliable;
    }
    if (chosen_rule("v-episode")) {
        rules.episodes = episode_option(args, settings.summary);
        if (const auto pattern = args.get("pattern")) {
            static constexpr std::pair<std::string_view, tracking::pattern_rule> patterns[] = {
                {"any-unrepaired", tracking::pattern_rule::any_unrepaired},
                {"last-episode", tracking::pattern_rule::last_episode}};
            rules.pattern = choose("pattern", *pattern, patterns);
        }
    }
    return rules;
}

[[nodiscard]] inline std::size_t tracked_scale(const parsed_arguments& args, const runtime_instrument& instrument) {
    const auto scales = instrument.scales();
    std::string names;
    for (const scale_entry& scale : scales) names += (names.empty() ? "" : ", ") + column_prefix(scale.name);
    if (const auto name = args.get("scale")) {
        for (std::size_t s = 0; s < scales.size(); ++s)
            if (column_prefix(scales[s].name) == column_prefix(*name)) return s;
        throw usage_error("--scale: no scale '" + *name + "' in " + std::string(instrument.id()) + "; its scales are " + names);
    }
    for (std::size_t s = 0; s < scales.size(); ++s)
        if (scales[s].role == scale_role::total) return s;
    if (scales.size() == 1) return 0;
    throw usage_error(std::string(instrument.id()) + " has no total; choose the scale with --scale (" + names + ")");
}

// The published cut-off below-cutoff uses, named on standard error so that a log says which.
inline void announce_cutoff(const track_settings& settings) {
    if (!settings.rules.below || settings.rules.below->rule.citation.empty()) return;
    const alliance::cutoff& used = settings.rules.below->rule;
    std::fprintf(stderr, "alliance track: below-cutoff uses %s: %s %s %s (%s)\n", std::string(used.id).c_str(),
                 column_prefix(used.scale).c_str(), std::string(symbol(used.when)).c_str(),
                 alliance::detail::format_number(used.value).c_str(), std::string(used.citation).c_str());
}

// What track and plot share: instrument, columns, scale, direction and rules from the options.
[[nodiscard]] inline track_settings track_settings_from(const parsed_arguments& args, const chosen_instrument& chosen) {
    track_settings settings;
    static_cast<table_settings&>(settings) = table_settings_from(args);
    if (!settings.id_column.empty()) throw usage_error("track has no --id: the --client column comes first");
    settings.client_column = required_option(args, "client");
    settings.session_column = required_option(args, "session");
    if (settings.client_column == settings.session_column)
        throw usage_error("--client and --session name the same column");
    settings.items_pattern = args.get_or("items", "item{}");
    if (settings.items_pattern.find("{}") == std::string::npos)
        throw usage_error("--items '" + settings.items_pattern + "' has no {} where the item number goes");
    settings.min_answered = min_answered_from(args);
    settings.session_dates = args.has("session-dates");
    settings.summary = args.has("summary");
    if (args.has("higher-is-better") == args.has("lower-is-better"))
        throw usage_error("give the direction: --higher-is-better or --lower-is-better");
    settings.better = args.has("higher-is-better") ? tracking::direction::higher_is_better
                                                   : tracking::direction::lower_is_better;
    settings.scale = tracked_scale(args, chosen.instrument);
    settings.metric = chosen.instrument.scales()[settings.scale].metric;
    if (const auto metric = args.get("metric")) {
        static constexpr std::pair<std::string_view, alliance::metric> metrics[] = {{"sum", alliance::metric::sum},
                                                                                    {"mean", alliance::metric::mean}};
        settings.metric = choose("metric", *metric, metrics);
    }
    settings.rules = rules_from(args, chosen, settings);
    if (const auto megabytes = number_option(args, "sort-memory")) {
        if (!(*megabytes >= 0.001 && *megabytes <= 65536))
            throw usage_error("--sort-memory expects megabytes between 0.001 and 65536, not '" + *args.get("sort-memory") + "'");
        settings.sort_budget = static_cast<std::size_t>(*megabytes * 1048576.0);
    }
    return settings;
}

inline int run_track(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, track_options());
    if (args.has("help")) return print_help(track_help);
    const chosen_instrument chosen = choose_instrument(args);
    const track_settings settings = track_settings_from(args, chosen);
    announce_cutoff(settings);
    return run_table("track", args, [&](input_file& file, byte_source& source, output_sink& sink,
                                        progress_meter& progress) {
        two_pass_input passes(file, source);
        administration_sorter sorter(settings.sort_budget);
        const first_pass_result first =
            collect_administrations(chosen.instrument, settings, passes.first(), sorter, &progress);
        if (settings.summary) {
            summary_writer summary(settings, sink);
            for_each_client(sorter, settings, [&](const client_track& track) { summary.client(track); });
            summary.unattributed(first.no_client);
            summary.flush();
            return summary.summary();
        }
        row_results results;
        not_evaluated_note not_evaluated;
        for_each_client(sorter, settings, [&](const client_track& track) {
            store_results(track, results);
            not_evaluated.add(track);
        });
        not_evaluated.report(args.has("quiet"));
        return write_tracked_rows(chosen.instrument, settings, passes.second(), results, sink, &progress,
                                  file.size() / 2);
    });
}

}  // namespace detail

}  // namespace alliance::cli
