// `alliance split` / split(): split alliances as a request and rows, for the command line, Python
// and R alike. Everything a front-end could word differently is here, once: which options go
// together (resolve), what a member row needs (a unit, a member, a score read as every cell is
// read: table/cells.hpp), the checks of a unit (one member, a member listed twice, the pair's
// labels), the unit rows' columns, and the ICC(1) summary per session with its messages. The
// statistics are stats/split.hpp's (describe_split, split_icc_accumulator), whose header cites
// their sources; nothing here is new arithmetic.
//
//   resolve           the request's options checked and fitted together (split_settings)
//   read_score        a score cell's text as cells.hpp reads it
//   add_member_problems, no_unit_row
//                     what keeps one row out of its unit, or out of every unit
//   analyse_unit      one unit's rows (in row order) -> its row: statistics or the reasons
//   split_summary     units added one at a time -> ICC(1) rows, one per session
//   put_unit_row, put_summary_row
//                     a row's cells in the columns' order, to any writer
//   split_block       the packages' whole table: columns in, unit rows or summary rows out
//
// The command line streams its file through an external sort and calls analyse_unit unit by
// unit (tools/alliance/commands/split.hpp); the packages hand their columns to split_block.
// Option problems throw option_error "alliance.table.option", spelled for the caller
// (table/spelling.hpp); rows are named as the caller names them (table/row_naming.hpp).
// Stats tier (Boost.Math).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/error.hpp"
#include "alliance/stats/split.hpp"
#include "alliance/table/block.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/grouping.hpp"
#include "alliance/table/option_checks.hpp"
#include "alliance/table/output_columns.hpp"
#include "alliance/table/row_naming.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// ---------------------------------------------------------------------------------------------
// The request

// The options as given, named as on the command line (the packages spell them the same).
struct split_request {
    std::string score_column;
    std::string unit_column;
    std::string member_column;
    std::optional<std::string> session_column{};
    std::optional<std::string> first{};  // --first/--second: both or neither
    std::optional<std::string> second{};
    std::optional<double> threshold{};
    bool summary = false;
    std::optional<double> confidence{};  // of the ICC interval: with --summary only
};

// Calls visit(name, field) for every option but summary (a flag each front-end reads its own
// way), so that a front-end fills them by name in one loop.
template <class Visit>
void for_each_option(split_request& request, Visit&& visit) {
    visit("score", request.score_column);
    visit("unit", request.unit_column);
    visit("member", request.member_column);
    visit("session", request.session_column);
    visit("first", request.first);
    visit("second", request.second);
    visit("threshold", request.threshold);
    visit("confidence", request.confidence);
}

// A request whose options fit together.
struct split_settings {
    std::string score_column;
    std::string unit_column;
    std::string member_column;
    std::optional<std::string> session_column{};  // none: no sessions
    std::string first{};                          // empty (both): a pair ordered by label
    std::string second{};
    std::optional<double> threshold{};  // flag units whose range is at least this
    bool summary = false;
    double confidence = 0.95;

    [[nodiscard]] stats::pair_order pair_order() const { return {first, second}; }
};

namespace detail {

[[noreturn]] inline void split_option_problem(const std::string& what) {
    throw option_error("alliance.table.option", what);
}

[[nodiscard]] inline std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

using table::append_problem;

}  // namespace detail

// Checks the request: option_error "alliance.table.option", the options spelled by `spell`.
[[nodiscard]] inline split_settings resolve(const split_request& request, const option_spelling& spell) {
    using detail::split_option_problem;
    const std::array<std::pair<std::string_view, std::string_view>, 4> columns{{
        {"score", request.score_column},
        {"unit", request.unit_column},
        {"member", request.member_column},
        {"session", request.session_column ? std::string_view(*request.session_column) : std::string_view()}}};
    for (std::size_t i = 0; i < columns.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (!columns[i].second.empty() && columns[i].second == columns[j].second)
                split_option_problem("column " + detail::in_quotes(columns[i].second) + " is given for two of " +
                                     spell.option("score") + ", " + spell.option("unit") + ", " +
                                     spell.option("member") + ", " + spell.option("session"));
    const std::string first_and_second = spell.option("first") + " and " + spell.option("second");
    if (request.first.has_value() != request.second.has_value())
        split_option_problem(first_and_second + " go together");
    if (request.first && (request.first->empty() || request.second->empty()))
        split_option_problem(first_and_second + " need a member label each");
    if (request.first && *request.first == *request.second)
        split_option_problem(first_and_second + " name the same member " + detail::in_quotes(*request.first));
    // No cut-off for a split has been published: the threshold is the caller's, any range >= 0.
    if (request.threshold && !(*request.threshold >= 0))
        split_option_problem(spell.option("threshold") + " expects a range of 0 or more, not " +
                             spell.value(*request.threshold));
    if (request.summary && request.threshold)
        split_option_problem(spell.option("threshold") + " flags unit rows; " + spell.option("summary") +
                             " writes none");
    if (!request.summary && request.confidence)
        split_option_problem(spell.option("confidence") + " is the level of the ICC interval of " +
                             spell.option("summary"));
    split_settings settings{request.score_column, request.unit_column, request.member_column,
                            request.session_column, request.first.value_or(""), request.second.value_or(""),
                            request.threshold, request.summary, 0.95};
    if (request.confidence)
        settings.confidence = checked_confidence(*request.confidence, spell.value(*request.confidence), spell);
    return settings;
}

// ---------------------------------------------------------------------------------------------
// One member row

// A member's score as its cell holds it: kind and value as cells.hpp reads a cell, and the
// cell's text as given (trimmed), which the messages quote.
struct score_cell {
    cell_kind kind = cell_kind::missing;
    double value = std::numeric_limits<double>::quiet_NaN();
    std::string_view text{};

    // A score the unit's statistics can use.
    [[nodiscard]] bool usable() const noexcept { return kind == cell_kind::number && std::isfinite(value); }
};

// A score cell's text as every cell is read (a missing code, a "does not apply" code, a number).
[[nodiscard]] inline score_cell read_score(std::string_view field, const response_reader& reader) {
    const std::string_view text = trim(field);
    response answer;
    if (!reader.read(text, answer)) return {cell_kind::unreadable, std::numeric_limits<double>::quiet_NaN(), text};
    if (answer.is_missing()) return {cell_kind::missing, std::numeric_limits<double>::quiet_NaN(), text};
    if (answer.is_not_applicable())
        return {cell_kind::not_applicable, std::numeric_limits<double>::quiet_NaN(), text};
    return {cell_kind::number, answer.value(), text};
}

// A member row (which has a unit) its unit's statistics and pictures use: a member, and a score
// that is a finite number ("does not apply" is no score either).
[[nodiscard]] inline bool usable_member(std::string_view member, const score_cell& score) noexcept {
    return !member.empty() && score.usable();
}

// Adds to `problems` what keeps the member row `row` out of its unit's statistics
// (usable_member): an empty member, or a score that is empty, a missing code or not a finite
// number.
inline void add_member_problems(std::string& problems, std::string_view member, const score_cell& score,
                                std::uint64_t row, const split_settings& settings, const row_naming& rows) {
    if (usable_member(member, score)) return;  // the usual row: no text built
    const std::string where = rows.name(row) + ", column ";
    if (member.empty())
        detail::append_problem(problems, where + detail::in_quotes(settings.member_column) + ": the member is empty");
    if (score.kind == cell_kind::missing)
        detail::append_problem(problems, where + detail::in_quotes(settings.score_column) +
                                             (score.text.empty() ? ": the score is empty"
                                                                 : ": the score is the missing code " +
                                                                       detail::in_quotes(score.text)) +
                                             "; every member needs a score");
    else if (!score.usable())
        detail::append_problem(problems, where + detail::in_quotes(settings.score_column) + ": value " +
                                             detail::in_quotes(score.text) + " is not a finite number");
}

// One row of a unit, as analyse_unit takes it.
struct split_member {
    std::string member;  // trimmed
    double score = 0;
    std::string problems{};  // add_member_problems' (and the caller's own); empty: usable
    std::uint64_t row = 0;   // as row_naming names it; rows are numbered in input order
};

// A unit's row: its statistics, or why there are none.
struct split_unit {
    std::string unit;
    std::string session;
    std::uint64_t first_row = 0;            // the unit's first row: the output's order
    std::optional<std::size_t> members{};   // none: a row that belongs to no unit
    std::optional<stats::unit_split> split{};  // none: an error row
    bool flagged = false;                   // with a threshold: range >= threshold
    std::string message{};
    std::vector<double> scores{};  // with the summary: the members' scores when computed, for the ICC
};

// The error row of a row without a unit (or, with sessions, without a session). `problems`:
// what the caller found wrong with the row before (the command line: a row of the wrong width).
[[nodiscard]] inline split_unit no_unit_row(std::string_view unit, std::string_view session, std::uint64_t row,
                                            std::string problems, const split_settings& settings,
                                            const row_naming& rows) {
    split_unit out{std::string(unit), std::string(session), row};
    out.message = std::move(problems);
    const std::string column = unit.empty() ? settings.unit_column : settings.session_column.value_or("");
    detail::append_problem(out.message, rows.name(row) + ", column " + detail::in_quotes(column) +
                                            ": empty; the row belongs to no unit");
    return out;
}

// ---------------------------------------------------------------------------------------------
// One unit

namespace detail {

// "member 'a' is listed twice in unit 'c'" for every repeat (the row of the member's first
// occurrence and the repeat's; sorting the positions by member finds them in O(n log n)); at
// most five named, the rest counted.
inline void add_repeated_members(std::string& message, std::span<const split_member> members,
                                 const std::string& where, const row_naming& rows) {
    std::vector<std::size_t> order(members.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return members[a].member < members[b].member; });
    std::vector<std::pair<std::size_t, std::size_t>> repeats;  // (repeat, first occurrence)
    for (std::size_t k = 1, first = order.empty() ? 0 : order[0]; k < order.size(); ++k) {
        if (members[order[k]].member != members[order[k - 1]].member) {
            first = order[k];
            continue;
        }
        if (!members[order[k]].member.empty()) repeats.emplace_back(order[k], first);
    }
    std::sort(repeats.begin(), repeats.end());
    for (std::size_t r = 0; r < repeats.size() && r < max_rows_named; ++r) {
        const std::array<std::uint64_t, 2> pair{members[repeats[r].second].row, members[repeats[r].first].row};
        append_problem(message, rows.list(pair) + ": member " + in_quotes(members[repeats[r].first].member) +
                                    " is listed twice in " + where);
    }
    if (repeats.size() > max_rows_named)
        append_problem(message, std::to_string(repeats.size() - max_rows_named) + " more repeated members");
}

}  // namespace detail

// The row of one unit (and session): `members` are its rows in row order. A unit whose rows
// have problems, that has one member or a member listed twice is an error row naming its rows;
// so is one stats::describe_split refuses (a pair that is not --first and --second).
[[nodiscard]] inline split_unit analyse_unit(std::string unit, std::string session,
                                             std::span<const split_member> members,
                                             const split_settings& settings, const row_naming& rows) {
    split_unit out{std::move(unit), std::move(session), members.empty() ? 0 : members.front().row, members.size()};
    for (const split_member& m : members)
        if (!m.problems.empty()) detail::append_problem(out.message, m.problems);
    const std::string where = "unit " + detail::in_quotes(out.unit) +
                              (settings.session_column ? ", session " + detail::in_quotes(out.session) : "");
    detail::add_repeated_members(out.message, members, where, rows);
    if (members.size() == 1)
        detail::append_problem(out.message, rows.name(members.front().row) + ": " + where + " has one member (" +
                                                detail::in_quotes(members.front().member) +
                                                "); a split needs at least two");
    if (!out.message.empty() || members.empty()) return out;

    std::vector<stats::member_score> scores;
    scores.reserve(members.size());
    for (const split_member& m : members) scores.push_back({m.member, m.score});
    try {
        out.split = stats::describe_split(scores, settings.pair_order());
    } catch (const alliance::error& e) {
        // The library's message starts with "unit: "; the unit and its rows are named instead.
        std::string text = e.what();
        if (const auto at = text.find("unit: "); at != std::string::npos) text = text.substr(at + 6);
        std::vector<std::uint64_t> all;
        for (const split_member& m : members) all.push_back(m.row);
        out.message = rows.list(all) + ": " + where + ": " + text;
        return out;
    }
    out.flagged = settings.threshold && out.split->range >= *settings.threshold;
    if (settings.summary)
        for (const stats::member_score& m : scores) out.scores.push_back(m.score);
    return out;
}

// ---------------------------------------------------------------------------------------------
// The summary: ICC(1) of members within units, per session

// Rows that belong to no unit: how many, and the first few, for the message.
struct rows_without_unit {
    std::uint64_t count = 0;
    std::vector<std::uint64_t> first{};
    void add(std::uint64_t row) {
        if (++count <= max_rows_named) first.push_back(row);
    }
};

struct split_summary_row {
    std::string session;
    std::uint64_t units = 0;  // used for the ICC
    std::optional<std::size_t> members_per_unit{};
    std::optional<stats::split_icc> icc{};
    row_status status = row_status::error;  // ok; partial: units or rows left out; error: no ICC
    std::string message{};
};

// Takes units one at a time (memory for the accumulators only, never the units) and makes one
// row per session, in order of the sessions' first rows: ICC(1) of the units without errors,
// when they are all of one size; the units and rows left out are named.
class split_summary {
public:
    // `unit` from analyse_unit with a summary request (which keeps the scores for the ICC).
    void add(const split_unit& unit) {
        auto [at, added] = sessions_.try_emplace(unit.session);
        session_agreement& agreement = at->second;
        if (added) agreement.session = unit.session;
        agreement.first_row = std::min(agreement.first_row, unit.first_row);
        if (unit.split) {
            agreement.by_size[unit.scores.size()].add(unit.scores);
            return;
        }
        ++agreement.error_units;
        // The first rows of the earliest units with errors (units may come in any order).
        auto& named = agreement.error_rows;
        named.insert(std::upper_bound(named.begin(), named.end(), unit.first_row), unit.first_row);
        if (named.size() > max_rows_named) named.pop_back();
    }

    [[nodiscard]] std::vector<split_summary_row> rows(const rows_without_unit& without_unit,
                                                      const split_settings& settings,
                                                      const row_naming& naming) const {
        std::vector<const session_agreement*> order;
        for (const auto& [name, agreement] : sessions_) order.push_back(&agreement);
        std::sort(order.begin(), order.end(),
                  [](const session_agreement* a, const session_agreement* b) { return a->first_row < b->first_row; });
        static const session_agreement no_units{};
        if (order.empty()) order.push_back(&no_units);  // still one row, which says why there is no ICC
        std::vector<split_summary_row> out;
        for (const session_agreement* agreement : order) out.push_back(row_of(*agreement, without_unit, settings, naming));
        return out;
    }

private:
    struct session_agreement {
        std::string session;
        std::uint64_t first_row = std::numeric_limits<std::uint64_t>::max();
        std::map<std::size_t, stats::split_icc_accumulator> by_size;  // members per unit -> units
        std::uint64_t error_units = 0;
        std::vector<std::uint64_t> error_rows;  // sorted, at most max_rows_named
    };

    [[nodiscard]] static split_summary_row row_of(const session_agreement& agreement,
                                                  const rows_without_unit& without_unit,
                                                  const split_settings& settings, const row_naming& naming) {
        split_summary_row row{agreement.session};
        if (agreement.by_size.size() > 1) {
            std::string sizes;
            for (const auto& [size, accumulator] : agreement.by_size) {
                row.units += accumulator.units();
                sizes += sizes.empty() ? std::to_string(accumulator.units()) +
                                             (accumulator.units() == 1 ? " unit" : " units") + " of " +
                                             std::to_string(size) + " members"
                                       : ", " + std::to_string(accumulator.units()) + " of " + std::to_string(size);
            }
            row.message = "units differ in size (" + sizes + "); ICC(1) needs units of equal size";
        } else if (agreement.by_size.empty()) {
            row.message = "no unit without errors; ICC(1) needs at least two";
        } else {
            const stats::split_icc_accumulator& accumulator = agreement.by_size.begin()->second;
            row.units = accumulator.units();
            row.members_per_unit = accumulator.members_per_unit();
            try {
                row.icc = accumulator.result(settings.confidence);
            } catch (const alliance::error& e) {
                row.message = e.what();
            }
        }
        if (agreement.error_units > 0)
            detail::append_problem(row.message, std::to_string(agreement.error_units) +
                                                    (agreement.error_units == 1 ? " unit" : " units") +
                                                    " with errors left out (" + naming.list(agreement.error_rows) + ")");
        if (without_unit.count > 0)
            detail::append_problem(row.message, std::to_string(without_unit.count) +
                                                    (without_unit.count == 1 ? " row" : " rows") + " without a unit" +
                                                    (settings.session_column ? " or session" : "") + " left out (" +
                                                    naming.list(without_unit.first) + ")");
        const bool left_out = agreement.error_units > 0 || without_unit.count > 0;
        row.status = !row.icc ? row_status::error : left_out ? row_status::partial : row_status::ok;
        return row;
    }

    std::map<std::string, session_agreement> sessions_;
};

// ---------------------------------------------------------------------------------------------
// The output columns

[[nodiscard]] inline std::vector<output_column> split_unit_columns(const split_settings& settings) {
    using enum column_content;
    std::vector<output_column> columns{{"unit", text}};
    if (settings.session_column) columns.push_back({"session", text});
    columns.insert(columns.end(), {{"members", count}, {"mean", number}, {"sd", number}, {"min", number},
                                   {"max", number}, {"range", number}, {"first", text}, {"second", text},
                                   {"first_score", number}, {"second_score", number}, {"difference", number},
                                   {"abs_difference", number}});
    if (settings.threshold) columns.push_back({"flag", flag});
    columns.insert(columns.end(), {{"status", text}, {"message", text}});
    return columns;
}

[[nodiscard]] inline std::vector<output_column> split_summary_columns(const split_settings& settings) {
    using enum column_content;
    std::vector<output_column> columns;
    if (settings.session_column) columns.push_back({"session", text});
    columns.insert(columns.end(), {{"units", count}, {"members_per_unit", count}, {"icc1", number},
                                   {"lower", number}, {"upper", number}, {"f", number}, {"df1", number},
                                   {"df2", number}, {"p", number}, {"status", text}, {"message", text}});
    return columns;
}

// A unit row's cells in split_unit_columns' order, to a Writer (output_columns.hpp).
template <class Writer>
void put_unit_row(Writer& out, const split_unit& row, const split_settings& settings) {
    out.text(row.unit);
    if (settings.session_column) out.text(row.session);
    if (row.members) out.integer(static_cast<long long>(*row.members));
    else out.empty();
    const stats::unit_split* split = row.split ? &*row.split : nullptr;
    for (const double stats::unit_split::*x : {&stats::unit_split::mean, &stats::unit_split::sd,
                                               &stats::unit_split::min, &stats::unit_split::max,
                                               &stats::unit_split::range}) {
        if (split) out.number(split->*x);
        else out.empty();
    }
    if (split && split->pair) {
        const stats::member_pair& pair = *split->pair;
        out.text(pair.first);
        out.text(pair.second);
        for (const double x : {pair.first_score, pair.second_score, pair.difference, pair.abs_difference})
            out.number(x);
    } else {
        for (int cell = 0; cell < 6; ++cell) out.empty();
    }
    if (settings.threshold) {
        if (split) put_flag(out, row.flagged);
        else out.empty();
    }
    out.text(split ? "ok" : "error");
    out.text(row.message);
}

// A summary row's cells in split_summary_columns' order.
template <class Writer>
void put_summary_row(Writer& out, const split_summary_row& row, const split_settings& settings) {
    if (settings.session_column) out.text(row.session);
    out.integer(static_cast<long long>(row.units));
    if (row.members_per_unit) out.integer(static_cast<long long>(*row.members_per_unit));
    else out.empty();
    if (row.icc) {
        const stats::icc_estimate& icc = row.icc->icc1;
        for (const double x : {icc.value, icc.ci.lower, icc.ci.upper, icc.f, icc.df1, icc.df2, icc.p}) out.number(x);
    } else {
        for (int cell = 0; cell < 7; ++cell) out.empty();
    }
    out.text(status_word(row.status));
    out.text(row.message);
}

// ---------------------------------------------------------------------------------------------
// A whole table at once (the packages)

// The columns of the input, one entry per row; an empty optional is a missing cell.
struct split_columns {
    std::span<const std::optional<std::string_view>> unit;
    std::span<const std::optional<std::string_view>> session;  // empty without a session column
    std::span<const std::optional<std::string_view>> member;
    std::span<const score_cell> score;
};

struct split_table {
    std::vector<split_unit> units;           // unit rows in order of first appearance (not with summary)
    std::vector<split_summary_row> summary;  // with summary: one row per session
};

// Every row of a table: rows are numbered 0, 1, ... in `rows`' naming. Units (and sessions) are
// grouped by grouping.hpp's rule of what a key is, and analysed in the byte order of their keys,
// as the command line's sort analyses them (so the ICC adds the units in the same order).
[[nodiscard]] inline split_table split_block(const split_columns& input, const split_settings& settings,
                                             const row_naming& rows) {
    const std::size_t n = input.unit.size();
    const bool sessions = settings.session_column.has_value();
    if (input.member.size() != n || input.score.size() != n || (sessions && input.session.size() != n))
        throw table_error("alliance.table.lengths_differ", "the unit, member, score and session columns differ in length");
    const auto text = [](const std::optional<std::string_view>& cell) { return trim(cell.value_or("")); };
    const grouped_rows units = group_rows(n, [&](std::size_t r) { return input.unit[r]; });
    const grouped_rows session_keys =
        sessions ? group_rows(n, [&](std::size_t r) { return input.session[r]; })
                 : grouped_rows{std::vector<std::int64_t>(n, 0), {""}};
    // Each unit and session as one number, in the byte order of (unit, session).
    std::vector<std::pair<std::int64_t, std::size_t>> keyed;  // (unit and session, row)
    std::vector<std::size_t> without;                         // rows without a unit or session
    const auto session_count = static_cast<std::int64_t>(std::max<std::size_t>(session_keys.keys.size(), 1));
    for (std::size_t r = 0; r < n; ++r) {
        if (units.group[r] < 0 || session_keys.group[r] < 0) without.push_back(r);
        else keyed.emplace_back(units.group[r] * session_count + session_keys.group[r], r);
    }
    std::sort(keyed.begin(), keyed.end());

    split_table out;
    split_summary summary;
    rows_without_unit left_out;
    std::vector<split_member> members;
    for (std::size_t begin = 0; begin < keyed.size();) {
        std::size_t end = begin;
        members.clear();
        for (; end < keyed.size() && keyed[end].first == keyed[begin].first; ++end) {
            const std::size_t r = keyed[end].second;
            split_member m{std::string(text(input.member[r])), input.score[r].value, {}, r};
            add_member_problems(m.problems, m.member, input.score[r], r, settings, rows);
            members.push_back(std::move(m));
        }
        const std::size_t r = keyed[begin].second;
        split_unit unit = analyse_unit(std::string(text(input.unit[r])),
                                       sessions ? std::string(text(input.session[r])) : std::string(), members,
                                       settings, rows);
        if (settings.summary) summary.add(unit);
        else out.units.push_back(std::move(unit));
        begin = end;
    }
    for (const std::size_t r : without) {
        if (settings.summary) left_out.add(r);
        else out.units.push_back(no_unit_row(text(input.unit[r]), sessions ? text(input.session[r]) : "", r, {},
                                             settings, rows));
    }
    if (settings.summary) {
        out.summary = summary.rows(left_out, settings, rows);
    } else {
        std::stable_sort(out.units.begin(), out.units.end(),
                         [](const split_unit& a, const split_unit& b) { return a.first_row < b.first_row; });
    }
    return out;
}

// A table as a writer's rows (put_unit_row's Writer, with next_row() after each row): the
// summary rows with summary, else the unit rows.
template <class Writer>
void put_split_table(Writer& out, const split_table& table, const split_settings& settings) {
    for (const split_summary_row& row : table.summary) {
        put_summary_row(out, row, settings);
        out.next_row();
    }
    for (const split_unit& row : table.units) {
        put_unit_row(out, row, settings);
        out.next_row();
    }
}

}  // namespace alliance::table
