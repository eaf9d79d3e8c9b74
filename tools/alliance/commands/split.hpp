// `alliance split`: split alliances in couples, families and client-therapist dyads. The input
// has one row per member (and session) with a score, e.g. the output of `alliance score
// --keep`; the output has one row per unit (and session), in order of first appearance, with
// the members' mean, SD, range and, for two members, the signed difference (stats/split.hpp);
// `--summary` writes the ICC(1) of members within units instead.
//
// What a row and a unit need, the option rules, every message, the columns and the ICC(1)
// summary are the table layer's (alliance/table/split.hpp), shared with the Python and R
// packages; this file streams a CSV file through them.
//
// How: pass 1 reads every row once and sends a small record (unit, session, member, score, row
// number) to an external sort by unit, session and row; pass 2 takes one unit at a time,
// computes its row (table::analyse_unit; or adds it to the ICC) and sends the finished row to a
// second external sort by the unit's first line; pass 3 writes the rows in that order. Memory
// holds one unit's members and the two sort buffers, never the file; the input is read once
// (standard input works as it is).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/error.hpp>
#include <alliance/stats/split.hpp>
#include <alliance/table/split.hpp>

#include "arguments.hpp"
#include "columns.hpp"
#include "command_line.hpp"
#include "number_fields.hpp"
#include "io/csv_reader.hpp"
#include "io/external_sort.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "row_checks.hpp"

namespace alliance::cli {

struct split_settings {
    table_settings input{};      // CSV dialect, missing codes, --format
    table::split_settings split{};  // the columns and the request's options (alliance/table/split.hpp)
    std::size_t sort_budget = std::size_t{16} << 20;  // bytes of records sorted in memory, per sort
};

namespace detail {

// Rows are named by their input line ("line 4", "lines 4 and 9"); an SPSS or Stata file's by
// case number (row_naming_for, from the reader's numbering).
inline const table::row_naming input_lines{};

// ---------------------------------------------------------------------------------------------
// Pass 1: a record per input row, sorted by unit, session and row

struct split_member_record {
    std::string unit;
    std::string session;
    std::string member;
    std::string problem;  // why the row cannot be used; empty when it can
    double score = 0;
    std::uint64_t row = 0;   // data row number, from 0
    std::uint64_t line = 0;  // input line number

    [[nodiscard]] std::size_t footprint() const noexcept {
        return sizeof(*this) + unit.capacity() + session.capacity() + member.capacity() + problem.capacity();
    }
    void write(std::FILE* file) const {
        spill_write(file, unit);
        spill_write(file, session);
        spill_write(file, member);
        spill_write(file, problem);
        spill_write(file, score);
        spill_write(file, row);
        spill_write(file, line);
    }
    static bool read(std::FILE* file, split_member_record& out) {
        if (!spill_read(file, out.unit)) return false;
        spill_read_required(file, out.session);
        spill_read_required(file, out.member);
        spill_read_required(file, out.problem);
        if (!spill_read(file, out.score) || !spill_read(file, out.row) || !spill_read(file, out.line))
            throw spill_error("cannot read a temporary file back");
        return true;
    }
};

struct by_unit_session_row {
    bool operator()(const split_member_record& a, const split_member_record& b) const noexcept {
        if (a.unit != b.unit) return a.unit < b.unit;
        if (a.session != b.session) return a.session < b.session;
        return a.row < b.row;
    }
};

// ---------------------------------------------------------------------------------------------
// Pass 2 -> 3: one finished unit row (table::split_unit) per unit, sorted by the unit's first line

struct split_row_record {
    table::split_unit row;

    [[nodiscard]] std::size_t footprint() const noexcept {
        const auto* pair = row.split && row.split->pair ? &*row.split->pair : nullptr;
        return sizeof(*this) + row.unit.capacity() + row.session.capacity() + row.message.capacity() +
               (pair ? pair->first.capacity() + pair->second.capacity() : 0);
    }
    void write(std::FILE* file) const {
        spill_write(file, row.unit);
        spill_write(file, row.session);
        spill_write(file, row.message);
        spill_write(file, row.first_row);
        const std::uint8_t has = static_cast<std::uint8_t>((row.members ? 1 : 0) | (row.split ? 2 : 0) |
                                                           (row.split && row.split->pair ? 4 : 0) |
                                                           (row.flagged ? 8 : 0));
        spill_write(file, has);
        if (row.members) spill_write(file, static_cast<std::uint64_t>(*row.members));
        if (!row.split) return;
        const stats::unit_split& s = *row.split;
        for (const double x : {s.mean, s.sd, s.min, s.max, s.range}) spill_write(file, x);
        if (!s.pair) return;
        spill_write(file, s.pair->first);
        spill_write(file, s.pair->second);
        for (const double x : {s.pair->first_score, s.pair->second_score, s.pair->difference, s.pair->abs_difference})
            spill_write(file, x);
    }
    static bool read(std::FILE* file, split_row_record& out) {
        table::split_unit& row = out.row;
        if (!spill_read(file, row.unit)) return false;
        spill_read_required(file, row.session);
        spill_read_required(file, row.message);
        std::uint8_t has = 0;
        bool ok = spill_read(file, row.first_row) && spill_read(file, has);
        std::uint64_t members = 0;
        if (ok && (has & 1) != 0) ok = spill_read(file, members);
        row.members = (has & 1) != 0 ? std::optional<std::size_t>(members) : std::nullopt;
        row.flagged = (has & 8) != 0;
        row.split.reset();
        if (ok && (has & 2) != 0) {
            stats::unit_split& s = row.split.emplace();
            s.members = static_cast<std::size_t>(members);
            for (double* x : {&s.mean, &s.sd, &s.min, &s.max, &s.range}) ok = ok && spill_read(file, *x);
            if (ok && (has & 4) != 0) {
                stats::member_pair& pair = s.pair.emplace();
                spill_read_required(file, pair.first);
                spill_read_required(file, pair.second);
                for (double* x : {&pair.first_score, &pair.second_score, &pair.difference, &pair.abs_difference})
                    ok = ok && spill_read(file, *x);
            }
        }
        if (!ok) throw spill_error("cannot read a temporary file back");
        return true;
    }
};

struct by_first_row {
    bool operator()(const split_row_record& a, const split_row_record& b) const noexcept {
        return a.row.first_row < b.row.first_row;
    }
};

using split_member_sorter = external_sorter<split_member_record, by_unit_session_row>;
using split_row_sorter = external_sorter<split_row_record, by_first_row>;

// ---------------------------------------------------------------------------------------------
// Reading the rows

struct split_columns {
    std::size_t score = 0, unit = 0, member = 0, session = no_column;
    std::size_t header_size = 0;
};

[[nodiscard]] inline split_columns locate_split_columns(std::span<const std::string_view> header,
                                                        const table::split_settings& settings) {
    std::vector<std::string> names{settings.score_column, settings.unit_column, settings.member_column};
    if (settings.session_column) names.push_back(*settings.session_column);
    const std::vector<std::size_t> at = locate_columns(header, names);
    split_columns columns;
    columns.score = at[0];
    columns.unit = at[1];
    columns.member = at[2];
    if (settings.session_column) columns.session = at[3];
    columns.header_size = header.size();
    return columns;
}

// Reads every row into `members` (rows with a unit) or, for a row without a unit (or without a
// session, with --session), counts it in `without_unit` and, unless null (summary mode), adds
// its error row to `rows`. The checks and messages of a row are the table layer's. Throws
// input_error when the header lacks a column.
inline std::uint64_t collect_members(const split_settings& settings, byte_source& input,
                                     split_member_sorter& members, split_row_sorter* rows,
                                     table::rows_without_unit& without_unit, progress_meter* progress) {
    csv_reader reader(input, settings.input.dialect, settings.input.limits);
    if (!reader.next_header()) throw input_error("the input is empty: no header row");
    refuse_oversized_header(reader);
    const split_columns columns = locate_split_columns(reader.fields(), settings.split);
    const table::response_reader scores(settings.input.codes);
    const table::row_naming naming = row_naming_for(reader.numbering());
    std::uint64_t count = 0;
    while (reader.next()) {
        const auto field = [&](std::size_t index) {
            return index < reader.size() ? trim(reader[index]) : std::string_view{};
        };
        split_member_record record;
        record.row = count++;
        record.line = reader.line();
        record.unit = field(columns.unit);
        if (columns.session != no_column) record.session = field(columns.session);
        check_row_shape(reader, columns.header_size, no_column, {}, record.problem);
        if (record.unit.empty() || (columns.session != no_column && record.session.empty())) {
            without_unit.add(record.line);
            if (rows != nullptr)
                rows->push({table::no_unit_row(record.unit, record.session, record.line, std::move(record.problem),
                                               settings.split, naming)});
        } else {
            record.member = field(columns.member);
            const table::score_cell score = table::read_score(field(columns.score), scores);
            table::add_member_problems(record.problem, record.member, score, record.line, settings.split, naming);
            if (score.usable()) record.score = score.value;
            members.push(std::move(record));
        }
        if (progress != nullptr) progress->update(reader.bytes_consumed(), count);
    }
    return count;
}

// Drains the member sort and calls visit(unit) for every unit (and session), in key order: the
// unit's row as the table layer makes it (statistics, or why none).
template <class Visit>
void for_each_unit(split_member_sorter& sorter, const table::split_settings& settings, Visit visit,
                   const table::row_naming& naming = input_lines) {
    std::string unit, session;
    std::vector<table::split_member> members;
    const auto finish = [&] {
        visit(table::analyse_unit(std::move(unit), std::move(session), members, settings, naming));
        members.clear();
    };
    sorter.drain([&](split_member_record&& record) {
        if (!members.empty() && (record.unit != unit || record.session != session)) finish();
        if (members.empty()) {
            unit = std::move(record.unit);
            session = std::move(record.session);
        }
        members.push_back({std::move(record.member), record.score, std::move(record.problem), record.line});
    });
    if (!members.empty()) finish();
}

[[nodiscard]] inline std::vector<std::string> column_names(std::span<const table::output_column> columns) {
    std::vector<std::string> names;
    for (const table::output_column& column : columns) names.emplace_back(column.name);
    return names;
}

// ---------------------------------------------------------------------------------------------
// The command

// Reads the input once and writes the unit rows (or the summary). Returns the exit status: 1
// when any unit row is an error (or, with --summary, when a unit or row was left out or the
// ICC could not be computed), else 0.
inline int split_csv(const split_settings& settings, byte_source& input, output_sink& output,
                     progress_meter* progress, bool quiet) {
    split_member_sorter members(settings.sort_budget);
    split_row_sorter rows(settings.sort_budget);
    table::rows_without_unit without_unit;
    const table::row_naming naming = row_naming_for(input.numbering());
    const std::uint64_t read =
        collect_members(settings, input, members, settings.split.summary ? nullptr : &rows, without_unit, progress);
    if (progress != nullptr) progress->finish();

    buffered_writer out(output);
    std::uint64_t units = 0, errors = 0;
    if (settings.split.summary) {
        table::split_summary summary;
        for_each_unit(
            members, settings.split,
            [&](const table::split_unit& unit) {
                ++units;
                errors += unit.split ? 0U : 1U;
                summary.add(unit);
            },
            naming);
        const std::vector<table::split_summary_row> lines = summary.rows(without_unit, settings.split, naming);
        table_writer table(out, settings.input.format, column_names(table::split_summary_columns(settings.split)));
        bool all_ok = true;
        for (const table::split_summary_row& row : lines) {
            table::put_summary_row(table, row, settings.split);
            table.end_row();
            all_ok = all_ok && row.status == table::row_status::ok;
        }
        out.flush();
        if (!quiet && (!all_ok || is_terminal(stderr)))
            std::fprintf(stderr,
                         "alliance split: %llu rows read, %llu units (%llu with errors); %zu summary row%s\n",
                         static_cast<unsigned long long>(read), static_cast<unsigned long long>(units),
                         static_cast<unsigned long long>(errors), lines.size(), lines.size() == 1 ? "" : "s");
        return all_ok ? 0 : 1;
    }

    for_each_unit(
        members, settings.split,
        [&](table::split_unit&& unit) {
            ++units;
            errors += unit.split ? 0U : 1U;
            rows.push({std::move(unit)});
        },
        naming);
    errors += without_unit.count;
    table_writer table(out, settings.input.format, column_names(table::split_unit_columns(settings.split)));
    rows.drain([&](split_row_record&& record) {
        table::put_unit_row(table, record.row, settings.split);
        table.end_row();
    });
    out.flush();
    if (!quiet && (errors > 0 || is_terminal(stderr)))
        std::fprintf(
            stderr,
            "alliance split: %llu rows read, %llu units, %llu row%s without a unit; %llu error row%s%s\n",
            static_cast<unsigned long long>(read), static_cast<unsigned long long>(units),
            static_cast<unsigned long long>(without_unit.count), without_unit.count == 1 ? "" : "s",
            static_cast<unsigned long long>(errors), errors == 1 ? "" : "s",
            errors > 0 ? " (see the status and message columns)" : "");
    return errors > 0 ? 1 : 0;
}

}  // namespace detail

inline constexpr std::string_view split_help =
    R"(Usage: alliance split --score COL --unit COL --member COL [OPTIONS] [FILE | -]

Split alliances: how far apart the members of one system - a couple, a family, a client and a
therapist - rate the same alliance. The input has one row per member (and session) with a
score, for example the output of 'alliance score --keep couple,member,session'. The output has
one row per unit (and session), in order of first appearance. Descriptive statistics only:
no cut-off for a "split" has been published, so nothing is flagged unless --threshold is given.

Options:
  --score COL         the score column (one number per member)
  --unit COL          the column naming the unit: couple, family, dyad
  --member COL        the column naming the member: woman, man, client, therapist, ...
  --session COL       a unit is analysed per session (the column's text, e.g. 1, 2, ...)
  --first LABEL, --second LABEL
                      the member whose score comes first in the signed difference, and the
                      other one; every two-member unit must consist of exactly these two.
                      Without them the two members are ordered by label (byte order), so
                      the sign never depends on the row order
  --threshold X       adds a column 'flag': yes when the unit's range (max - min) is X or
                      more. Your choice: no published cut-off exists
  --summary           one row (per session, with --session) with the ICC(1) of members
                      within units instead of the unit rows
  --confidence C      level of the ICC interval (default 0.95)
  --sort-memory MB    memory for each of the two sorts (default 16); larger inputs are
                      sorted through temporary files (TMPDIR)
  FILE                the CSV file; standard input when '-' or absent
  --delimiter D       ',' (default), ';' or 'tab'
  --missing CODES     comma-separated codes meaning "no score" (default: the empty field
                      and NA); a member without a score makes the unit an error row
  --decimal-comma     read 3,5 as 3.5 (with --delimiter ';' or 'tab')
  --format FORMAT     csv (default) or jsonl (null where the CSV cell is empty)
  -o, --output FILE   write to FILE instead of standard output
  -q, --quiet         no progress bar and no summary line on standard error
  -h, --help          this text

Columns (per unit):
  unit, session       the unit (and session, with --session)
  members             rows of the unit
  mean, sd            the members' mean and standard deviation (n - 1 denominator)
  min, max, range     lowest and highest score, range = max - min
  first, second       two-member units only: the members in difference order
  first_score, second_score, difference, abs_difference
                      their scores, difference = first_score - second_score, and its
                      absolute value (the sign matters: Knobloch-Fedders et al. 2007)
  flag                with --threshold: yes or no
  status, message     ok, or error with the reason and the line numbers: a unit with one
                      member, a member listed twice, an empty or non-numeric score or
                      member. A row without a unit (or session) is an error row of its own.
Columns (--summary): session (with --session), units, members_per_unit, icc1, lower,
upper, f, df1, df2, p, status, message. ICC(1) is the one-way random-effects, single-measure
intraclass correlation of Shrout & Fleiss (1979), as psych's ICC1: the share of score
variance that lies between units. Units with errors are left out (status partial); units of
different sizes make it an error (ICC(1) is computed for equal sizes only).

Memory holds one unit's members and the sort buffers. The input is read once.

Exit status: 0 every unit row ok (--summary: every unit used and the ICC computed); 1 some
row is an error, or a unit was left out of the summary (the output is complete); 2 usage
error, unreadable input, or a header without the needed columns (nothing written).

Example (the synthetic couples of examples/data/make_couples.py):
  alliance score --instrument wai-36-c --keep couple,session,member -q \
    examples/data/couples_clients.csv | alliance split --score total_sum --unit couple \
    --member member --session session --first partner_a --second partner_b
)";

namespace detail {

inline const std::vector<option_spec> split_option_specs{{"score"},
                                                         {"unit"},
                                                         {"member"},
                                                         {"session"},
                                                         {"first"},
                                                         {"second"},
                                                         {"threshold"},
                                                         {"summary", false},
                                                         {"confidence"},
                                                         {"sort-memory"},
                                                         {"qualtrics", false},
                                                         {"delimiter"},
                                                         {"missing"},
                                                         {"decimal-comma", false},
                                                         {"format"},
                                                         {"output", true, 'o'},
                                                         {"quiet", false, 'q'},
                                                         {"help", false, 'h'}};

// The options as the table layer's request: texts and numbers are read here, the rules are
// table::resolve's (alliance/table/split.hpp), as in the Python and R packages.
[[nodiscard]] inline split_settings split_settings_from(const parsed_arguments& args) {
    split_settings settings;
    settings.input = table_settings_from(args);
    table::split_request request;
    for (const char* name : {"score", "unit", "member"}) (void)required_option(args, name);
    read_options(args, request);
    if (request.session_column && request.session_column->empty()) throw usage_error("--session needs a column name");
    request.summary = args.has("summary");
    settings.split = check_request([&] { return table::resolve(request, table::command_line_spelling); });
    if (const auto megabytes = number_option(args, "sort-memory")) {
        if (!(*megabytes >= 0.001 && *megabytes <= 65536))
            throw usage_error("--sort-memory expects megabytes between 0.001 and 65536, not '" +
                              *args.get("sort-memory") + "'");
        settings.sort_budget = static_cast<std::size_t>(*megabytes * 1048576.0);
    }
    return settings;
}

// run_split, the command's entry point: commands/split.cpp.

}  // namespace detail

}  // namespace alliance::cli
