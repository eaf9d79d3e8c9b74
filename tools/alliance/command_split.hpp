// `alliance split`: split alliances in couples, families and client-therapist dyads. The input
// has one row per member (and session) with a score, e.g. the output of `alliance score
// --keep`; the output has one row per unit (and session), in order of first appearance, with
// the members' mean, SD, range and, for two members, the signed difference (stats/split.hpp);
// `--summary` writes the ICC(1) of members within units instead.
//
// How: pass 1 reads every row once and sends a small record (unit, session, member, score, row
// number) to an external sort by unit, session and row; pass 2 takes one unit at a time,
// computes its row (or adds it to the ICC) and sends the finished row to a second external sort
// by the unit's first row number; pass 3 writes the rows in that order. Memory holds one unit's
// members and the two sort buffers, never the file; the input is read once (standard input
// works as it is).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/error.hpp>
#include <alliance/stats/split.hpp>

#include "arguments.hpp"
#include "command_line.hpp"
#include "command_score.hpp"
#include "command_stats.hpp"
#include "csv_reader.hpp"
#include "external_sort.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace alliance::cli {

struct split_settings {
    table_settings input{};  // CSV dialect, missing codes, --format
    std::string score_column;
    std::string unit_column;
    std::string member_column;
    std::string session_column;  // empty: no sessions
    std::string first;           // --first/--second: both or neither
    std::string second;
    std::optional<double> threshold{};
    bool summary = false;
    double confidence = 0.95;
    std::size_t sort_budget = std::size_t{16} << 20;  // bytes of records sorted in memory, per sort
};

namespace detail {

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
// Pass 2 -> 3: one finished output row per unit, sorted by the unit's first row

struct split_unit_row {
    enum bits : std::uint8_t { computed = 1, has_pair = 2, flagged = 4, no_unit = 8 };
    std::string unit;
    std::string session;
    std::string first;
    std::string second;
    std::string message;
    std::uint64_t row = 0;  // the unit's first input row: the output order
    std::uint64_t members = 0;
    double mean = 0, sd = 0, min = 0, max = 0, range = 0;
    double first_score = 0, second_score = 0, difference = 0, abs_difference = 0;
    std::uint8_t flags = 0;

    [[nodiscard]] std::size_t footprint() const noexcept {
        return sizeof(*this) + unit.capacity() + session.capacity() + first.capacity() + second.capacity() +
               message.capacity();
    }
    void write(std::FILE* file) const {
        spill_write(file, unit);
        spill_write(file, session);
        spill_write(file, first);
        spill_write(file, second);
        spill_write(file, message);
        spill_write(file, row);
        spill_write(file, members);
        for (const double x :
             {mean, sd, min, max, range, first_score, second_score, difference, abs_difference})
            spill_write(file, x);
        spill_write(file, flags);
    }
    static bool read(std::FILE* file, split_unit_row& out) {
        if (!spill_read(file, out.unit)) return false;
        spill_read_required(file, out.session);
        spill_read_required(file, out.first);
        spill_read_required(file, out.second);
        spill_read_required(file, out.message);
        bool ok = spill_read(file, out.row) && spill_read(file, out.members);
        for (double* x : {&out.mean, &out.sd, &out.min, &out.max, &out.range, &out.first_score,
                          &out.second_score, &out.difference, &out.abs_difference})
            ok = ok && spill_read(file, *x);
        if (!ok || !spill_read(file, out.flags)) throw spill_error("cannot read a temporary file back");
        return true;
    }
};

struct by_first_row {
    bool operator()(const split_unit_row& a, const split_unit_row& b) const noexcept { return a.row < b.row; }
};

using split_member_sorter = external_sorter<split_member_record, by_unit_session_row>;
using split_row_sorter = external_sorter<split_unit_row, by_first_row>;

// "line 4" or "lines 4, 9 and 12" (at most 5 named).
[[nodiscard]] inline std::string line_list(std::span<const std::uint64_t> lines) {
    std::string text = lines.size() == 1 ? "line " : "lines ";
    const std::size_t shown = std::min<std::size_t>(lines.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) text += i + 1 == lines.size() ? " and " : ", ";
        text += std::to_string(lines[i]);
    }
    if (lines.size() > shown) text += ", ...";
    return text;
}

[[nodiscard]] inline std::string quote_text(std::string_view text) {
    return "'" + std::string(text) + "'";
}

// ---------------------------------------------------------------------------------------------
// Reading the rows

struct split_columns {
    std::size_t score = 0, unit = 0, member = 0, session = no_column;
    std::size_t header_size = 0;
};

[[nodiscard]] inline split_columns locate_split_columns(std::span<const std::string_view> header,
                                                        const split_settings& settings) {
    std::vector<std::string> names{settings.score_column, settings.unit_column, settings.member_column};
    if (!settings.session_column.empty()) names.push_back(settings.session_column);
    const std::vector<std::size_t> at = locate_columns(header, names);
    split_columns columns;
    columns.score = at[0];
    columns.unit = at[1];
    columns.member = at[2];
    if (!settings.session_column.empty()) columns.session = at[3];
    columns.header_size = header.size();
    return columns;
}

// Rows without a unit (or without a session, with --session) belong to no unit: in unit mode
// each is an error row of its own; the summary counts them.
struct unattributed {
    std::uint64_t count = 0;
    std::vector<std::uint64_t> lines;  // the first few
    void add(std::uint64_t line) {
        if (++count <= 5) lines.push_back(line);
    }
};

// Reads every row into `members` (rows with a unit) or `rows` (error rows of rows without one;
// null in summary mode). Throws input_error when the header lacks a column.
inline std::uint64_t collect_members(const split_settings& settings, byte_source& input,
                                     split_member_sorter& members, split_row_sorter* rows,
                                     unattributed& without_unit, progress_meter* progress) {
    csv_reader reader(input, settings.input.dialect, settings.input.limits);
    if (!reader.next_header()) throw input_error("the input is empty: no header row");
    refuse_oversized_header(reader);
    const split_columns columns = locate_split_columns(reader.fields(), settings);
    std::uint64_t count = 0;
    while (reader.next()) {
        const auto field = [&](std::size_t index) {
            return index < reader.size() ? trim(reader[index]) : std::string_view{};
        };
        const std::string line = "line " + std::to_string(reader.line());
        split_member_record record;
        record.row = count++;
        record.line = reader.line();
        record.unit = field(columns.unit);
        if (columns.session != no_column) record.session = field(columns.session);
        check_row_shape(reader, columns.header_size, no_column, {}, record.problem);
        if (record.unit.empty() || (columns.session != no_column && record.session.empty())) {
            without_unit.add(reader.line());
            if (rows != nullptr) {
                split_unit_row row;
                row.flags = split_unit_row::no_unit;
                row.row = record.row;
                row.unit = record.unit;
                row.session = record.session;
                row.message = record.problem;
                append_problem(row.message, line + ", column " +
                                                quote_text(record.unit.empty() ? settings.unit_column
                                                                               : settings.session_column) +
                                                ": empty; the row belongs to no unit");
                rows->push(std::move(row));
            }
        } else {
            record.member = field(columns.member);
            if (record.member.empty())
                append_problem(record.problem, line + ", column " + quote_text(settings.member_column) +
                                                   ": the member is empty");
            const field_value value = read_value(field(columns.score), settings.input.codes);
            if (value.state == value_state::number)
                record.score = value.number;
            else if (value.state == value_state::missing)
                append_problem(record.problem, line + ", column " + quote_text(settings.score_column) +
                                                   (value.text.empty() ? ": the score is empty"
                                                                       : ": the score is the missing code " +
                                                                             quote_text(value.text)) +
                                                   "; every member needs a score");
            else
                append_problem(record.problem, line + ", column " + quote_text(settings.score_column) +
                                                   ": value " + quote_text(value.text) +
                                                   " is not a finite number");
            members.push(std::move(record));
        }
        if (progress != nullptr) progress->update(reader.bytes_consumed(), count);
    }
    return count;
}

// ---------------------------------------------------------------------------------------------
// One unit

// The unit's row: statistics, or an error naming the lines. `scores` receives the members'
// scores when the unit is usable (for the ICC).
[[nodiscard]] inline split_unit_row analyse_unit(const std::vector<split_member_record>& rows,
                                                 const split_settings& settings,
                                                 std::vector<double>& scores) {
    split_unit_row out;
    out.unit = rows.front().unit;
    out.session = rows.front().session;
    out.row = rows.front().row;
    out.members = rows.size();
    scores.clear();
    std::vector<std::uint64_t> lines;
    for (const split_member_record& r : rows) {
        lines.push_back(r.line);
        if (!r.problem.empty()) append_problem(out.message, r.problem);
    }
    const std::string where = "unit " + quote_text(out.unit) +
                              (settings.session_column.empty() ? "" : ", session " + quote_text(out.session));
    // A member listed twice: each repeat named with the line of the member's first row (rows are
    // in row order; sorting their positions by member finds repeats in O(n log n)). At most five
    // are named.
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rows[a].member < rows[b].member; });
    std::vector<std::pair<std::size_t, std::size_t>> repeats;  // (repeat, first occurrence)
    for (std::size_t k = 1, first = order[0]; k < order.size(); ++k) {
        if (rows[order[k]].member != rows[order[k - 1]].member) {
            first = order[k];
            continue;
        }
        if (!rows[order[k]].member.empty()) repeats.emplace_back(order[k], first);
    }
    std::sort(repeats.begin(), repeats.end());
    for (std::size_t r = 0; r < repeats.size() && r < 5; ++r)
        append_problem(out.message, "lines " + std::to_string(rows[repeats[r].second].line) + " and " +
                                        std::to_string(rows[repeats[r].first].line) + ": member " +
                                        quote_text(rows[repeats[r].first].member) + " is listed twice in " +
                                        where);
    if (repeats.size() > 5)
        append_problem(out.message, std::to_string(repeats.size() - 5) + " more repeated members");
    if (rows.size() == 1)
        append_problem(out.message, "line " + std::to_string(rows.front().line) + ": " + where +
                                        " has one member (" + quote_text(rows.front().member) +
                                        "); a split needs at least two");
    if (!out.message.empty()) return out;

    std::vector<stats::member_score> members;
    for (const split_member_record& r : rows) members.push_back({r.member, r.score});
    try {
        const stats::unit_split split =
            stats::describe_split(members, stats::pair_order{settings.first, settings.second});
        out.mean = split.mean;
        out.sd = split.sd;
        out.min = split.min;
        out.max = split.max;
        out.range = split.range;
        out.flags = split_unit_row::computed;
        if (split.pair) {
            out.flags |= split_unit_row::has_pair;
            out.first = split.pair->first;
            out.second = split.pair->second;
            out.first_score = split.pair->first_score;
            out.second_score = split.pair->second_score;
            out.difference = split.pair->difference;
            out.abs_difference = split.pair->abs_difference;
        }
        if (settings.threshold && split.range >= *settings.threshold) out.flags |= split_unit_row::flagged;
        for (const auto& m : members) scores.push_back(m.score);
    } catch (const alliance::error& e) {
        // The library's message starts with "unit: "; name the unit and its lines instead.
        std::string text = e.what();
        if (const auto at = text.find("unit: "); at != std::string::npos) text = text.substr(at + 6);
        out.message = line_list(lines) + ": " + where + ": " + text;
    }
    return out;
}

// Drains the member sort and calls visit(rows) for every unit (and session), in key order.
template <class Visit>
void for_each_unit(split_member_sorter& sorter, Visit visit) {
    std::vector<split_member_record> rows;
    sorter.drain([&](split_member_record&& record) {
        if (!rows.empty() && (record.unit != rows.front().unit || record.session != rows.front().session)) {
            visit(rows);
            rows.clear();
        }
        rows.push_back(std::move(record));
    });
    if (!rows.empty()) visit(rows);
}

// ---------------------------------------------------------------------------------------------
// Writing

inline std::vector<std::string> split_row_columns(const split_settings& settings) {
    std::vector<std::string> names{"unit"};
    if (!settings.session_column.empty()) names.emplace_back("session");
    for (const char* name : {"members", "mean", "sd", "min", "max", "range", "first", "second", "first_score",
                             "second_score", "difference", "abs_difference"})
        names.emplace_back(name);
    if (settings.threshold) names.emplace_back("flag");
    names.emplace_back("status");
    names.emplace_back("message");
    return names;
}

inline void write_unit_row(table_writer& table, const split_unit_row& row, const split_settings& settings) {
    table.text(row.unit);
    if (!settings.session_column.empty()) table.text(row.session);
    if ((row.flags & split_unit_row::no_unit) != 0)
        table.empty();
    else
        table.integer(static_cast<long long>(row.members));
    const bool computed = (row.flags & split_unit_row::computed) != 0;
    for (const double x : {row.mean, row.sd, row.min, row.max, row.range}) {
        if (computed)
            table.number(x);
        else
            table.empty();
    }
    if ((row.flags & split_unit_row::has_pair) != 0) {
        table.text(row.first);
        table.text(row.second);
        for (const double x : {row.first_score, row.second_score, row.difference, row.abs_difference})
            table.number(x);
    } else {
        for (int cell = 0; cell < 6; ++cell) table.empty();
    }
    if (settings.threshold) {
        if (computed)
            table.text((row.flags & split_unit_row::flagged) != 0 ? "yes" : "no");
        else
            table.empty();
    }
    table.text(computed ? "ok" : "error");
    table.text(row.message);
    table.end_row();
}

// The ICC(1) of one session (or of the whole file): units by size, and the units left out.
struct session_agreement {
    std::string session;
    std::uint64_t first_row = 0;
    std::map<std::size_t, stats::split_icc_accumulator> by_size;  // members per unit -> units
    std::uint64_t error_units = 0;
    std::vector<std::uint64_t> error_lines;  // the first line of the first few
};

inline std::vector<std::string> split_summary_columns(const split_settings& settings) {
    std::vector<std::string> names;
    if (!settings.session_column.empty()) names.emplace_back("session");
    for (const char* name :
         {"units", "members_per_unit", "icc1", "lower", "upper", "f", "df1", "df2", "p", "status", "message"})
        names.emplace_back(name);
    return names;
}

// Writes one summary row; returns whether it is ok (every unit used, ICC computed).
inline bool write_summary_row(table_writer& table, const session_agreement& agreement,
                              const split_settings& settings, const unattributed& without_unit) {
    std::string message;
    std::optional<stats::split_icc> icc;
    std::uint64_t units = 0;
    std::size_t k = 0;
    if (agreement.by_size.size() > 1) {
        std::string sizes;
        for (const auto& [size, accumulator] : agreement.by_size)
            sizes += sizes.empty()
                         ? std::to_string(accumulator.units()) +
                               (accumulator.units() == 1 ? " unit" : " units") + " of " +
                               std::to_string(size) + " members"
                         : ", " + std::to_string(accumulator.units()) + " of " + std::to_string(size);
        message = "units differ in size (" + sizes + "); ICC(1) needs units of equal size";
        for (const auto& [size, accumulator] : agreement.by_size) units += accumulator.units();
    } else if (agreement.by_size.empty()) {
        message = "no unit without errors; ICC(1) needs at least two";
    } else {
        const stats::split_icc_accumulator& accumulator = agreement.by_size.begin()->second;
        units = accumulator.units();
        k = accumulator.members_per_unit();
        try {
            icc = accumulator.result(settings.confidence);
        } catch (const alliance::error& e) {
            message = e.what();
        }
    }
    if (agreement.error_units > 0)
        append_problem(message, std::to_string(agreement.error_units) +
                                    (agreement.error_units == 1 ? " unit" : " units") +
                                    " with errors left out (" + line_list(agreement.error_lines) + ")");
    if (without_unit.count > 0)
        append_problem(message, std::to_string(without_unit.count) +
                                    (without_unit.count == 1 ? " row" : " rows") + " without a unit" +
                                    (settings.session_column.empty() ? "" : " or session") + " left out (" +
                                    line_list(without_unit.lines) + ")");
    if (!settings.session_column.empty()) table.text(agreement.session);
    table.integer(static_cast<long long>(units));
    if (k > 0)
        table.integer(static_cast<long long>(k));
    else
        table.empty();
    if (icc) {
        for (const double x : {icc->icc1.value, icc->icc1.ci.lower, icc->icc1.ci.upper, icc->icc1.f,
                               icc->icc1.df1, icc->icc1.df2, icc->icc1.p})
            table.number(x);
    } else {
        for (int cell = 0; cell < 7; ++cell) table.empty();
    }
    const bool left_out = agreement.error_units > 0 || without_unit.count > 0;
    table.text(!icc ? "error" : left_out ? "partial" : "ok");
    table.text(message);
    table.end_row();
    return icc && !left_out;
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
    unattributed without_unit;
    const std::uint64_t read =
        collect_members(settings, input, members, settings.summary ? nullptr : &rows, without_unit, progress);
    if (progress != nullptr) progress->finish();

    buffered_writer out(output);
    std::uint64_t units = 0, errors = 0;
    std::vector<double> scores;
    if (settings.summary) {
        std::map<std::string, session_agreement> sessions;
        for_each_unit(members, [&](const std::vector<split_member_record>& unit) {
            const split_unit_row row = analyse_unit(unit, settings, scores);
            session_agreement& agreement = sessions[row.session];
            if (agreement.by_size.empty() && agreement.error_units == 0) {
                agreement.session = row.session;
                agreement.first_row = row.row;
            }
            agreement.first_row = std::min(agreement.first_row, row.row);
            ++units;
            if ((row.flags & split_unit_row::computed) != 0) {
                agreement.by_size[scores.size()].add(scores);
            } else {
                ++errors;
                ++agreement.error_units;
                if (agreement.error_lines.size() < 5) agreement.error_lines.push_back(unit.front().line);
            }
        });
        std::vector<const session_agreement*> order;
        for (const auto& [name, agreement] : sessions) order.push_back(&agreement);
        std::sort(order.begin(), order.end(), [](const session_agreement* a, const session_agreement* b) {
            return a->first_row < b->first_row;
        });
        if (order.empty()) {
            static const session_agreement none{};
            order.push_back(&none);
        }
        table_writer table(out, settings.input.format, split_summary_columns(settings));
        bool all_ok = true;
        for (const session_agreement* agreement : order)
            all_ok = write_summary_row(table, *agreement, settings, without_unit) && all_ok;
        out.flush();
        if (!quiet && (!all_ok || is_terminal(stderr)))
            std::fprintf(stderr,
                         "alliance split: %llu rows read, %llu units (%llu with errors); %zu summary row%s\n",
                         static_cast<unsigned long long>(read), static_cast<unsigned long long>(units),
                         static_cast<unsigned long long>(errors), order.size(), order.size() == 1 ? "" : "s");
        return all_ok ? 0 : 1;
    }

    for_each_unit(members, [&](const std::vector<split_member_record>& unit) {
        split_unit_row row = analyse_unit(unit, settings, scores);
        ++units;
        errors += (row.flags & split_unit_row::computed) == 0 ? 1 : 0;
        rows.push(std::move(row));
    });
    errors += without_unit.count;
    table_writer table(out, settings.input.format, split_row_columns(settings));
    rows.drain([&](split_unit_row&& row) { write_unit_row(table, row, settings); });
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
                                                         {"delimiter"},
                                                         {"missing"},
                                                         {"decimal-comma", false},
                                                         {"format"},
                                                         {"output", true, 'o'},
                                                         {"quiet", false, 'q'},
                                                         {"help", false, 'h'}};

[[nodiscard]] inline split_settings split_settings_from(const parsed_arguments& args) {
    split_settings settings;
    settings.input = table_settings_from(args);
    settings.score_column = required_option(args, "score");
    settings.unit_column = required_option(args, "unit");
    settings.member_column = required_option(args, "member");
    settings.session_column = args.get_or("session", "");
    if (args.has("session") && settings.session_column.empty())
        throw usage_error("--session needs a column name");
    const std::vector<std::string> named{settings.score_column, settings.unit_column, settings.member_column,
                                         settings.session_column};
    for (std::size_t i = 0; i < named.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (!named[i].empty() && named[i] == named[j])
                throw usage_error("column '" + named[i] +
                                  "' is given for two of --score, --unit, --member, --session");
    if (args.has("first") != args.has("second")) throw usage_error("--first and --second go together");
    settings.first = args.get_or("first", "");
    settings.second = args.get_or("second", "");
    if (args.has("first") && (settings.first.empty() || settings.second.empty()))
        throw usage_error("--first and --second need a member label each");
    if (args.has("first") && settings.first == settings.second)
        throw usage_error("--first and --second name the same member '" + settings.first + "'");
    settings.threshold = number_option(args, "threshold");
    if (settings.threshold && !(*settings.threshold >= 0))
        throw usage_error("--threshold expects a range of 0 or more, not '" + args.get_or("threshold", "") +
                          "'");
    settings.summary = args.has("summary");
    if (settings.summary && settings.threshold)
        throw usage_error("--threshold flags unit rows; --summary writes none");
    if (!settings.summary && args.has("confidence"))
        throw usage_error("--confidence is the level of the ICC interval of --summary");
    settings.confidence = confidence_option(args);
    if (const auto megabytes = number_option(args, "sort-memory")) {
        if (!(*megabytes >= 0.001 && *megabytes <= 65536))
            throw usage_error("--sort-memory expects megabytes between 0.001 and 65536, not '" +
                              *args.get("sort-memory") + "'");
        settings.sort_budget = static_cast<std::size_t>(*megabytes * 1048576.0);
    }
    return settings;
}

// run_split, the command's entry point: command_split.cpp.

}  // namespace detail

}  // namespace alliance::cli
