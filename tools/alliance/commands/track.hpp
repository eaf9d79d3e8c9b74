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

#include <cstddef>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/table/track.hpp>
#include <alliance/tracking.hpp>

#include "arguments.hpp"
#include "columns.hpp"
#include "command_line.hpp"
#include "commands/track_options.hpp"
#include "commands/track_passes.hpp"
#include "io/csv_reader.hpp"
#include "io/external_sort.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "row_checks.hpp"
#include "scale_cells.hpp"

namespace alliance::cli {
namespace detail {

// ---------------------------------------------------------------------------------------------
// Per-row results, kept in a temporary file at their row number between pass 2 and pass 3

struct row_track_result {
    std::uint8_t has_change = 0;
    std::uint8_t has_change_from_mean = 0;
    std::uint8_t repair_status = 0;  // on a rupture row: 1 + tracking::repair_status
    std::uint8_t has_sessions_to_repair = 0;
    std::uint16_t flags = 0;
    std::int32_t rupture_episode = 0;  // episode whose lowest point this row is; 0: none
    std::int32_t repair_episode = 0;   // episode this row repairs; 0: none
    std::int32_t sessions_to_repair = 0;
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
    // file, which read as zeros) have no results: every field zero, every has_ flag off.
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
    for (std::size_t i = 0; i < track.rows.size(); ++i) {
        const tracking::row_result& row = track.analysis.rows[i];
        row_track_result result;
        result.flags = row.flags;
        result.has_change = row.change ? 1 : 0;
        result.change = row.change.value_or(0);
        result.has_change_from_mean = row.change_from_mean ? 1 : 0;
        result.change_from_mean = row.change_from_mean.value_or(0);
        result.rupture_episode = row.rupture_episode;
        result.repair_episode = row.repair_episode;
        if (row.status) result.repair_status = static_cast<std::uint8_t>(1 + static_cast<int>(*row.status));
        result.depth = row.depth.value_or(0);
        result.has_sessions_to_repair = row.sessions_to_repair ? 1 : 0;
        result.sessions_to_repair = row.sessions_to_repair.value_or(0);
        result.duplicate_of = track.duplicate_of[i];
        results.put(track.rows[i].row, result);
    }
}

// A stored result as the row_result it was (what table::put_track_cells writes).
[[nodiscard]] inline tracking::row_result result_of(const row_track_result& stored) {
    tracking::row_result row;
    if (stored.has_change != 0) row.change = stored.change;
    if (stored.has_change_from_mean != 0) row.change_from_mean = stored.change_from_mean;
    row.flags = stored.flags;
    row.rupture_episode = stored.rupture_episode;
    row.repair_episode = stored.repair_episode;
    if (stored.repair_status != 0) {
        row.status = static_cast<tracking::repair_status>(stored.repair_status - 1);
        row.depth = stored.depth;
    }
    if (stored.has_sessions_to_repair != 0) row.sessions_to_repair = stored.sessions_to_repair;
    return row;
}

// ---------------------------------------------------------------------------------------------
// Pass 3: the rows again, in input order, with their results

inline score_summary write_tracked_rows(const runtime_instrument& instrument, const track_settings& settings,
                                        byte_source& input, row_results& results, output_sink& output,
                                        progress_meter* progress, std::uint64_t half_done) {
    csv_reader reader(input, settings.dialect, settings.limits);
    if (!reader.next()) throw input_error("the input is empty: no header row");
    refuse_oversized_header(reader);
    const track_columns columns = locate_track_columns(reader.fields(), instrument.item_count(), settings);
    administration_reader rows(instrument, settings, columns);

    std::vector<std::string> names{settings.client_column, settings.session_column};
    names.insert(names.end(), settings.keep_columns.begin(), settings.keep_columns.end());
    for (const scale_entry& scale : instrument.scales())
        for (const char* suffix : {"_sum", "_mean", "_answered", "_status"})
            names.push_back(column_prefix(scale.name) + suffix);
    for (const table::output_column& column : table::track_result_columns) names.emplace_back(column.name);
    names.emplace_back("status");
    names.emplace_back("message");
    refuse_repeated_columns(names, 2 + settings.keep_columns.size());
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
            message = table::duplicate_session_problem(reader.row_name(), trim(field(columns.client)),
                                                       trim(field(columns.session)),
                                                       row_name(reader.numbering(), result.duplicate_of));
        }
        const bool error = reading.error || duplicate;
        if (error) {
            table::put_empty_cells(table, instrument.scales().size() * 4 + std::size(table::track_result_columns));
            ++summary.errors;
            table.text("error");
            table.text(message);
            table.end_row();
            if (progress != nullptr) progress->update(half_done + reader.bytes_consumed() / 2, summary.rows);
            continue;
        }
        for (const scale_score& scale : rows.scores()) put_scale_cells(table, scale);
        table::put_track_cells(table, reading.score, result_of(result));
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

class summary_writer {
public:
    summary_writer(const track_settings& settings, output_sink& output,
                   row_numbering numbering = row_numbering::lines)
        : out_(output), lines_(row_naming_for(numbering)) {
        std::vector<std::string> names;
        for (const table::output_column& column : table::track_summary_columns(settings.client_column))
            names.emplace_back(column.name);
        refuse_repeated_columns(names, 1);
        table_.emplace(out_, settings.format, std::move(names));
    }

    void client(const client_track& track) {
        notes_.clear();
        for (std::size_t i = 0; i < track.rows.size(); ++i) {
            const administration_record& row = track.rows[i];
            notes_.push_back({row.line,
                              !row.usable() || track.duplicate_of[i] != 0 ? table::row_status::error
                              : row.partial                                ? table::row_status::partial
                                                                           : table::row_status::ok,
                              row.problem, row.session_text,
                              track.duplicate_of[i] != 0 ? std::optional(track.duplicate_of[i]) : std::nullopt});
        }
        sessions_ = &track;
        write(table::summarize_client(track.client, track.analysis.summary, notes_,
                                      [&](std::size_t i) { return track.rows[i].line; }, lines_));
    }

    // The rows with an empty client, which are in no series.
    void unattributed(const unattributed_rows& rows) {
        if (rows.count > 0) write(table::unattributed_summary(rows.count, rows.lines, lines_));
    }

    void flush() { out_.flush(); }
    [[nodiscard]] const score_summary& summary() const noexcept { return summary_; }

    // The Writer table::put_summary_row writes to: the table, and a session by its line.
    void text(std::string_view x) { table_->text(x); }
    void integer(long long x) { table_->integer(x); }
    void number(double x) { table_->number(x); }
    void empty() { table_->empty(); }
    void input_row(std::uint64_t line) {
        for (const administration_record& row : sessions_->rows)
            if (row.line == line) return table_->text(row.session_text);
        table_->empty();
    }

private:
    void write(const table::track_summary_row& row) {
        table::put_summary_row(*this, row);
        table_->end_row();
        ++summary_.rows;
        if (row.status == table::row_status::error) ++summary_.errors;
        else if (row.status == table::row_status::partial) ++summary_.partial;
        else ++summary_.ok;
    }

    buffered_writer out_;
    std::optional<table_writer> table_;
    score_summary summary_;
    std::vector<table::administration_note> notes_;
    const client_track* sessions_ = nullptr;  // the client being written
    const table::row_naming lines_;            // rows by their line ("line 4") or case ("case 3")
};

// Clients the v-episode rule could not be applied to, told on standard error in per-row mode
// (the summary has them in its rows).
class not_evaluated_note {
public:
    void add(const client_track& track) {
        if (track.analysis.summary.not_evaluated.empty()) return;
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
  --items SPEC, --labels FILE, --delimiter D, --missing CODES, --not-applicable CODES, --decimal-comma,
  --min-answered FRACTION        as for 'alliance score'
  --long                         long input, a row per answer, as for 'alliance score --long':
                                 the record is (--client, --session); --item COL (default
                                 'item') names the item, --value COL (default 'value') holds
                                 the answer; one output row per record, in the order of its
                                 first row; no --keep

Rules (--rule, comma-separated; none by default). Every parameter that a published source
gives is named by it; those the sources leave open have no default (docs/tracking.md):
  below-cutoff    the score is on the flagged side of a cut-off: by default the instrument's
                  published cut-off for the scale (SRS total < 36, OpenFIT; a key file's
                  own), named on standard error; or --cutoff-id ID; or --cutoff-value X with
                  --cutoff-when below|at-or-below|above|at-or-above
  drop            a fall of at least --drop-points D since the previous score (PCOMS/OpenFIT
                  SRS drop alert: 1 point), --previous last-scored|immediately-preceding
  reliable-drop   the fall since the previous score is reliable change (Jacobson & Truax 1991)
                  for --sd X and --reliability R (or --norm NORM_ID, one of the instrument's own
                  norms), at --confidence C (default 0.95) or --critical-value Z; --previous as for drop
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
  alerts              the rules that fired, ';'-separated: below-cutoff, drop, reliable-drop,
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

// The whole of `track` over one input: `first` is read for passes 1 and 2; `second()` gives
// the same input again for pass 3 (not called with --summary).
template <class SecondPass>
score_summary track_table(const runtime_instrument& instrument, const track_settings& settings, byte_source& first,
                          SecondPass second, output_sink& sink, progress_meter* progress, bool quiet,
                          std::uint64_t input_size) {
    administration_sorter sorter(settings.sort_budget);
    const first_pass_result collected = collect_administrations(instrument, settings, first, sorter, progress);
    if (settings.summary) {
        summary_writer summary(settings, sink, first.numbering());
        for_each_client(sorter, settings, [&](const client_track& track) { summary.client(track); });
        summary.unattributed(collected.no_client);
        summary.flush();
        return summary.summary();
    }
    row_results results;
    not_evaluated_note not_evaluated;
    for_each_client(sorter, settings, [&](const client_track& track) {
        store_results(track, results);
        not_evaluated.add(track);
    });
    not_evaluated.report(quiet);
    return write_tracked_rows(instrument, settings, second(), results, sink, progress, input_size / 2);
}

// run_track, the command's entry point: commands/track.cpp.

}  // namespace detail

}  // namespace alliance::cli
