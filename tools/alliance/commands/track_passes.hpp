// The first two passes of `alliance track` (and of `alliance plot trajectory`): every row read
// and scored, a small record per row (client, session, score, row number) sent through an
// external sort by client and session, then each client's records built into a series and
// the chosen rules applied (alliance/tracking). Memory holds one client's rows and the sort
// buffer, never the file.
#pragma once

#include <algorithm>
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

#include <alliance/cutoff.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/table/track.hpp>
#include <alliance/tracking.hpp>

#include "columns.hpp"
#include "command_line.hpp"
#include "io/csv_reader.hpp"
#include "io/external_sort.hpp"
#include "io/progress.hpp"
#include "row_checks.hpp"
#include "row_scorer.hpp"
#include "scale_cells.hpp"

namespace alliance::cli::detail {

// ---------------------------------------------------------------------------------------------
// Settings

struct track_settings : table_settings {
    std::string client_column;
    std::string session_column;
    table::item_spec items = table::item_spec::pattern("item{}");  // --items (item_options)
    std::optional<double> min_answered{};
    bool session_dates = false;  // --session-dates: YYYY-MM-DD, counted in days
    std::size_t scale = 0;       // the tracked scale's index in the instrument
    alliance::metric metric = alliance::metric::sum;
    tracking::direction better = tracking::direction::higher_is_better;
    tracking::track_rules rules{};  // --rule and its options (alliance/tracking/track.hpp)
    bool summary = false;
    std::size_t sort_budget = std::size_t{16} << 20;  // bytes of records sorted in memory
};

// ---------------------------------------------------------------------------------------------
// Reading a row

// A session cell: table/track.hpp's read_session (a number, or a date as days).
using table::read_session;

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
    columns.item_names = item_names_option(settings.items, item_count);
    std::vector<std::string> names{settings.client_column, settings.session_column};
    names.insert(names.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    names.insert(names.end(), columns.item_names.begin(), columns.item_names.end());
    const std::vector<std::size_t> at =
        locate_columns(header, names, item_columns_hint(settings.items, header, columns.item_names),
                       names.size() - item_count);
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
          scorer_(instrument, settings.codes, settings.min_answered, columns.items, columns.item_names),
          partial_notes_(instrument.scales()) {}

    // Reads the reader's current row; appends its problems and partial-scale notes to `message`.
    administration_reading read(const csv_reader& reader, std::string& message) {
        administration_reading row;
        check_row_shape(reader, columns_.header_size, columns_.client, settings_.client_column, message);
        const auto field = [&](std::size_t index) {
            return index < reader.size() ? reader[index] : std::string_view{};
        };
        const std::string_view session_text = trim(field(columns_.session));
        const auto session = read_session(session_text, settings_.session_dates);
        if (session) row.session = *session;
        else
            append_problem(message, table::session_problem(reader.row_name(),
                                                           settings_.session_column, session_text,
                                                           settings_.session_dates));
        const bool scored = scorer_.score(reader, message);
        row.error = !message.empty() || !scored;
        if (row.error) return row;
        std::size_t scale_index = 0;
        for (const scale_score& scale : scorer_.scores()) {
            if (scale.status() != score_status::complete) {
                row.partial = true;
                append_problem(message, partial_notes_.note(scale_index, scale).text);
            }
            ++scale_index;
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
    partial_note_cache partial_notes_;
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
        if (!spill_read(file, out.client)) return false;
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
    std::vector<std::uint64_t> lines;  // the first few line numbers (as many as a message names, and one)
    void add(std::uint64_t line) {
        if (++count <= table::max_rows_named + 1) lines.push_back(line);
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
    if (!reader.next_header()) throw input_error("the input is empty: no header row");
    refuse_oversized_header(reader);
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
    std::vector<std::uint64_t> duplicate_of;  // per row: another line with its session, or 0
    tracking::tracked_client analysis;        // rows[analysis.in_series[p]] is the series' position p
};

// One client's rows (sorted by session) through the library's track_client: the series, the
// changes, the rules' flags, the episodes and the summary, as the bindings compute them.
[[nodiscard]] inline client_track analyse_client(std::string client, std::vector<administration_record> rows,
                                                 const track_settings& settings) {
    std::vector<tracking::tracked_row> given;
    given.reserve(rows.size());
    for (const administration_record& row : rows)
        given.push_back({row.session, row.has_score ? std::optional<double>(row.score) : std::nullopt, row.usable()});
    tracking::tracked_client analysis = tracking::track_client(client, given, settings.better, settings.rules);
    std::vector<std::uint64_t> duplicate_of(rows.size(), 0);
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (const auto other = analysis.rows[i].duplicate_of) duplicate_of[i] = rows[*other].line;
    return {std::move(client), std::move(rows), std::move(duplicate_of), std::move(analysis)};
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

}  // namespace alliance::cli::detail
