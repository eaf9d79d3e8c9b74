// What a picture of a table shows, once for every front-end; alliance/plot draws it. The
// command line writes the pictures to files (`alliance plot trajectory`, `plot split`), the
// Python and R packages return them (plot_trajectory, plot_split_alliance):
//   trajectory_look      a client trajectory's axis, label and cut-off band for a track request
//   member_trajectories  one unit's members as lines by session, and the rows left out
//   split_pictures       every unit's picture of a whole table (the packages)
//   checked_range, check_plottable_extent, picture_file_stems   the axis a caller gives, values
//                        too far apart to draw, and the files the pictures go to
// Track's pictures come with its table (track_settings::pictures, table/track.hpp); a picture
// is output_columns.hpp's. Core tier.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/column_stem.hpp"
#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/plot/split.hpp"
#include "alliance/plot/trajectory.hpp"
#include "alliance/runtime_instrument.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/grouping.hpp"
#include "alliance/table/spelling.hpp"
#include "alliance/table/split.hpp"
#include "alliance/table/track.hpp"
#include "alliance/tracking/track.hpp"

namespace alliance::table {

// "LO,HI" of an axis given by the caller: finite, LO below HI; option_error "range expects LO,HI
// with LO below HI, not ..." (as the caller spells it) otherwise.
[[nodiscard]] inline std::pair<double, double> checked_range(double lo, double hi, std::string_view shown,
                                                             const option_spelling& spell) {
    if (std::isfinite(lo) && std::isfinite(hi) && lo < hi) return {lo, hi};
    throw option_error("alliance.table.option",
                       spell.option("range") + " expects LO,HI with LO below HI, not " + std::string(shown));
}

// A file name for a picture's name (a client, a unit): letters, digits, '.', '_' and '-' kept,
// every other byte '_', never empty, never starting with '.': safe on every file system and
// never a path. Names that give the same stem get "-2", "-3", ... in order.
[[nodiscard]] inline std::vector<std::string> picture_file_stems(std::span<const std::string> names) {
    const auto stem_of = [](std::string_view name) {
        std::string stem;
        for (const char c : name) {
            const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                               c == '.' || c == '_' || c == '-';
            stem += plain ? c : '_';
        }
        if (stem.empty() || stem.front() == '.') stem.insert(stem.begin(), '_');
        return stem;
    };
    std::set<std::string> taken;
    std::vector<std::string> stems;
    for (const std::string& name : names) {
        std::string stem = stem_of(name);
        for (int n = 2; !taken.insert(stem).second; ++n) stem = stem_of(name) + "-" + std::to_string(n);
        stems.push_back(std::move(stem));
    }
    return stems;
}

// Values so far apart that an axis' length overflows (1e308 and -1e308) would put NaN
// coordinates in a picture: refused before anything is drawn. `lo`, `hi` the extent to draw,
// `threshold` a band's half-width around the line of no change (0: none).
inline void check_plottable_extent(double lo, double hi, double threshold, const option_spelling& spell) {
    if (std::isfinite((hi - lo) * 1.2 + 2) && std::isfinite(hi + std::abs(threshold)) &&
        std::isfinite(lo - std::abs(threshold)))
        return;
    throw option_error("alliance.table.option",
                       "the values to draw span from " + alliance::detail::format_number(lo) + " to " +
                           alliance::detail::format_number(hi) +
                           (threshold != 0 ? " with a threshold of " + alliance::detail::format_number(threshold)
                                           : std::string()) +
                           ", too far apart to draw (the axis length overflows a double); give " +
                           spell.option("range") + " or leave those rows out");
}

// ---------------------------------------------------------------------------------------------
// Trajectories

// The score axis of a trajectory: `range`, else the tracked scale's possible range (its items'
// response range, times the item count for a sum). The cut-off band: the below-cutoff rule's
// when chosen, else the instrument's own published cut-off for the scale and metric (a built-in's
// from the catalogue, a key file's from the file). `title` is the prefix of every client's title.
[[nodiscard]] inline plot::trajectory_options trajectory_look(const runtime_instrument& instrument, std::size_t scale,
                                                              alliance::metric metric,
                                                              const tracking::track_rules& rules,
                                                              std::optional<std::pair<double, double>> range,
                                                              std::string title) {
    const scale_entry& tracked = instrument.scales()[scale];
    plot::trajectory_options look;
    if (!range) {
        const response_scale& responses = instrument.view().response_format;
        const double factor = metric == alliance::metric::sum ? static_cast<double>(tracked.count) : 1.0;
        range = std::pair{responses.min * factor, responses.max * factor};
    }
    look.y_min = range->first;
    look.y_max = range->second;
    look.y_label = column_stem(tracked.name) + " " + std::string(to_string(metric));
    if (rules.below) {
        look.cutoff = rules.below->rule;
    } else {
        for (const alliance::cutoff& published : instrument.cutoffs())
            if (column_stem(published.scale) == column_stem(tracked.name) && metric == tracked.metric)
                look.cutoff = published;
    }
    look.title = std::move(title);
    return look;
}

// ---------------------------------------------------------------------------------------------
// Split alliances

// One row of a unit as a picture needs it; `usable` as usable_member (split.hpp) says.
struct member_row {
    std::string_view session;
    std::string_view member;
    double score = 0;
    bool usable = true;
};

// One unit's rows as member trajectories (members in byte order): the usable rows whose session
// is a number, one point per member and session; a member with two rows in one session has both
// left out. Returns the number of rows left out; `sessions` is how many sessions are drawn.
[[nodiscard]] inline std::size_t member_trajectories(std::span<const member_row> rows,
                                                     std::vector<plot::member_trajectory>& members,
                                                     std::size_t& sessions) {
    std::map<std::string, std::map<double, std::vector<double>>, std::less<>> by_member;  // member -> session -> scores
    std::size_t left_out = 0;
    for (const member_row& row : rows) {
        const auto session = read_session(row.session, false);
        if (!row.usable || !session) {
            ++left_out;
            continue;
        }
        by_member[std::string(row.member)][*session].push_back(row.score);
    }
    std::map<double, bool> seen;
    members.clear();
    for (const auto& [member, points] : by_member) {
        plot::member_trajectory trajectory{member, {}};
        for (const auto& [session, scores] : points) {
            if (scores.size() > 1) {
                left_out += scores.size();
                continue;
            }
            trajectory.points.push_back({session, scores.front()});
            seen[session] = true;
        }
        members.push_back(std::move(trajectory));
    }
    sessions = seen.size();
    return left_out;
}

// One picture per unit of a whole table (split_columns with a session column), in the byte order
// of the units' names (as the command line's sorted input draws them), restricted to `units` when
// it is not empty; `look`'s title is the prefix of each
// unit's. Rows without a unit are in no picture.
[[nodiscard]] inline std::vector<picture> split_pictures(const split_columns& input, const plot::split_options& look,
                                                         std::span<const std::string> units = {}) {
    const std::size_t n = input.unit.size();
    if (input.member.size() != n || input.score.size() != n || input.session.size() != n)
        throw table_error("alliance.table.lengths_differ", "the unit, member, score and session columns differ in length");
    const grouped_rows grouped = group_rows(n, [&](std::size_t r) { return input.unit[r]; });
    std::vector<std::vector<member_row>> rows(grouped.keys.size());
    for (std::size_t r = 0; r < n; ++r) {
        if (grouped.group[r] < 0) continue;
        const std::string_view member = trim(input.member[r].value_or(""));
        rows[static_cast<std::size_t>(grouped.group[r])].push_back(
            {trim(input.session[r].value_or("")), member, input.score[r].value, usable_member(member, input.score[r])});
    }
    std::vector<picture> out;
    std::vector<plot::member_trajectory> members;
    for (std::size_t g = 0; g < grouped.keys.size(); ++g) {
        const std::string& unit = grouped.keys[g];
        if (!units.empty() && std::find(units.begin(), units.end(), unit) == units.end()) continue;
        std::size_t sessions = 0;
        (void)member_trajectories(rows[g], members, sessions);
        plot::split_options options = look;
        options.title = look.title + " " + unit;
        out.push_back({unit, plot::split_svg(members, options)});
    }
    return out;
}

}  // namespace alliance::table
