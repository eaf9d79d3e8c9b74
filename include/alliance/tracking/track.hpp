// `alliance track` in one place: the options its rules take, their checks, the tracked scale
// and the published cut-off it picks, and the per-client analysis (series, changes, rule hits,
// episodes, summary) that the command line, the Python binding and the R binding all print.
// Nothing here is new arithmetic: the rules, episodes and summaries are those of rules.hpp,
// episodes.hpp and series.hpp, whose sources they cite; docs/tracking.md gives them in full.
//
//   track_options       what the caller was given, by the command line's option names
//   resolve_rules       the options checked and made into the rules (track_rules)
//   tracked_scale       the scale followed: the named one, the total, or the only scale
//   published_cutoff    below-cutoff's default: the instrument's own cut-off for that scale
//   track_client        one client's rows (sorted by session) -> series, changes, flags,
//                       episodes, per-row results and the client's summary
//   for_each_client     the same for each client of a block of rows grouped by a client code
//   track_block         every row's results and every client's summary of such a block
//
// A problem with the options throws domain_error "alliance.track.option" (from_request(): the
// caller's request is at fault) whose message names
// the option as the caller spells it (option_spelling: "--drop-points" on the command line,
// "drop_points" in Python and R). Core tier: the confidence -> critical value quantile needs
// Boost.Math, so the caller passes that conversion in.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "alliance/column_stem.hpp"
#include "alliance/cutoff.hpp"
#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/norms.hpp"
#include "alliance/runtime_instrument.hpp"
#include "alliance/table/spelling.hpp"
#include "alliance/tracking/episodes.hpp"
#include "alliance/tracking/rules.hpp"
#include "alliance/tracking/series.hpp"

namespace alliance::tracking {

// ---------------------------------------------------------------------------------------------
// Options

// How a caller names options and choices in messages: the table layer's (table/spelling.hpp).
using table::option_spelling;
using table::command_line_spelling;
using table::binding_spelling;

[[noreturn]] inline void option_problem(const std::string& what) {
    throw domain_error("alliance.track.option", what, error_source::request);
}

// The rules' options, by the names and with the meanings of `alliance track --help`. Texts are
// the words the command line takes ("last-scored"); an empty optional is an option not given.
struct track_options {
    std::vector<std::string> rules;                          // --rule: below-cutoff, drop, reliable-drop, v-episode
    bool summary = false;                                    // --summary (v-episode then needs --pattern)
    std::optional<std::string> cutoff_id{};                  // below-cutoff
    std::optional<double> cutoff_value{};
    std::optional<std::string> cutoff_when{};
    std::optional<double> drop_points{};                     // drop
    std::optional<std::string> previous{};                   // drop, reliable-drop
    std::optional<double> sd{};                              // reliable-drop
    std::optional<double> reliability{};
    std::optional<std::string> norm{};
    std::optional<double> confidence{};
    std::optional<double> critical_value{};
    std::optional<std::variant<double, std::string>> k{};    // v-episode: a number, stiles-2004, strauss-2006
    std::optional<std::string> sd_basis{};
    std::optional<double> external_sd{};
    std::optional<std::string> reference{};
    std::optional<double> max_decline{};                     // whole numbers >= 1
    std::optional<double> repair_window{};
    std::optional<std::string> repair_target{};
    std::optional<double> repair_margin{};
    std::optional<double> min_sessions{};
    std::optional<std::string> pattern{};
};

// Calls visit(name, field) for every rule option of `options` (a track_options, const or not),
// by its command-line name without "--": how each caller reads them from its own input.
template <class Options, class Visit>
void for_each_option(Options& options, Visit&& visit) {
    visit("cutoff-id", options.cutoff_id);
    visit("cutoff-value", options.cutoff_value);
    visit("cutoff-when", options.cutoff_when);
    visit("drop-points", options.drop_points);
    visit("previous", options.previous);
    visit("sd", options.sd);
    visit("reliability", options.reliability);
    visit("norm", options.norm);
    visit("confidence", options.confidence);
    visit("critical-value", options.critical_value);
    visit("k", options.k);
    visit("sd-basis", options.sd_basis);
    visit("external-sd", options.external_sd);
    visit("reference", options.reference);
    visit("max-decline", options.max_decline);
    visit("repair-window", options.repair_window);
    visit("repair-target", options.repair_target);
    visit("repair-margin", options.repair_margin);
    visit("min-sessions", options.min_sessions);
    visit("pattern", options.pattern);
}

// The rules as chosen, ready to apply.
struct track_rules {
    std::optional<below_cutoff> below{};
    std::optional<drop_alert> drop{};
    std::optional<reliable_drop> reliable{};
    std::optional<v_episode_rule> episodes{};
    pattern_rule pattern = pattern_rule::any_unrepaired;  // --pattern; with --summary it must be given
    const norm* norm_used = nullptr;                       // the instrument's norm of --norm, if any (views the instrument)
};

inline constexpr std::array<std::string_view, 4> track_rule_names{"below-cutoff", "drop", "reliable-drop", "v-episode"};

namespace detail {

// Which rule takes which option: an option whose rule was not chosen is refused.
struct option_owner {
    std::string_view option;
    std::string_view rule;
    std::string_view other_rule{};
};
inline constexpr option_owner track_option_owners[] = {
    {"cutoff-id", "below-cutoff"},    {"cutoff-value", "below-cutoff"},  {"cutoff-when", "below-cutoff"},
    {"drop-points", "drop"},          {"previous", "drop", "reliable-drop"},
    {"sd", "reliable-drop"},          {"reliability", "reliable-drop"},  {"norm", "reliable-drop"},
    {"confidence", "reliable-drop"},  {"critical-value", "reliable-drop"},
    {"k", "v-episode"},               {"sd-basis", "v-episode"},         {"external-sd", "v-episode"},
    {"reference", "v-episode"},       {"max-decline", "v-episode"},      {"repair-window", "v-episode"},
    {"repair-target", "v-episode"},   {"repair-margin", "v-episode"},    {"min-sessions", "v-episode"},
    {"pattern", "v-episode"}};

[[nodiscard]] inline bool given(const track_options& o, std::string_view option) {
    bool found = false;
    for_each_option(o, [&](std::string_view name, const auto& field) {
        if (name == option) found = field.has_value();
    });
    return found;
}

[[nodiscard]] inline bool chose(const track_options& o, std::string_view rule) {
    return std::find(o.rules.begin(), o.rules.end(), rule) != o.rules.end();
}

inline void refuse_unknown_and_unowned(const track_options& o, const option_spelling& spell) {
    for (const std::string& name : o.rules)
        if (std::find(track_rule_names.begin(), track_rule_names.end(), name) == track_rule_names.end())
            option_problem(spell.option("rule") + ": unknown rule '" + name +
                           "'; the rules are below-cutoff, drop, reliable-drop, v-episode");
    for (const option_owner& owner : track_option_owners) {
        if (!given(o, owner.option) || chose(o, owner.rule) || (!owner.other_rule.empty() && chose(o, owner.other_rule)))
            continue;
        option_problem(spell.option(owner.option) + " is for " + spell.option("rule") + " " + spell.choice(owner.rule) +
                       (owner.other_rule.empty() ? "; add that rule" : " or " + spell.choice(owner.other_rule)));
    }
}

// "--rule drop needs --drop-points, --previous (no default: ...)" for the options not given.
inline void require(const track_options& o, std::string_view rule, std::initializer_list<std::string_view> options,
                    const option_spelling& spell) {
    std::string missing;
    for (const std::string_view option : options)
        if (!given(o, option)) missing += (missing.empty() ? "" : ", ") + spell.option(option);
    if (!missing.empty())
        option_problem(spell.option("rule") + " " + spell.choice(rule) + " needs " + missing +
                       " (no default: see 'alliance track --help' and docs/tracking.md)");
}

// `text` as one of the enum's words (its name table, written with '-' for '_').
template <class T, std::size_t N>
[[nodiscard]] T choose(std::string_view option, const std::string& text, const std::array<named<T>, N>& choices,
                       const option_spelling& spell) {
    std::string names;
    for (const auto& entry : choices) {
        std::string word(entry.name);
        std::replace(word.begin(), word.end(), '_', '-');
        if (text == word) return entry.value;
        names += (names.empty() ? "" : ", ") + spell.choice(word);
    }
    option_problem(spell.option(option) + " expects " + names + ", not '" + text + "'");
}

[[nodiscard]] inline int whole_number(std::string_view option, double value, int least, const option_spelling& spell) {
    if (!(value >= least && value <= 1e6 && value == std::floor(value)))
        option_problem(spell.option(option) + " expects a whole number of at least " + std::to_string(least) +
                       ", not '" + alliance::detail::format_number(value) + "'");
    return static_cast<int>(value);
}

}  // namespace detail

// The instrument's own cut-off for the tracked scale (or the one named by `id`), as
// below-cutoff uses it by default: for the SRS, srs-total-36 (alliance/instruments/srs.hpp
// cites it); for a key file, the file's, and never a built-in's of the same id.
[[nodiscard]] inline cutoff published_cutoff(const runtime_instrument& instrument, std::size_t scale, metric used,
                                             const std::optional<std::string>& id,
                                             const option_spelling& spell = command_line_spelling) {
    const scale_entry& chosen = instrument.scales()[scale];
    std::string known;
    for (const cutoff& published : instrument.cutoffs()) {
        known += (known.empty() ? "" : ", ") + std::string(published.id);
        if (id ? published.id == *id : column_stem(published.scale) == column_stem(chosen.name)) {
            if (used != chosen.metric)
                option_problem("the cut-off " + std::string(published.id) + " is for the scale's " +
                               std::string(to_string(chosen.metric)) + "; drop " + spell.option("metric") +
                               " or give " + spell.option("cutoff-value"));
            return published;
        }
    }
    if (id)
        option_problem(spell.option("cutoff-id") + ": no cut-off '" + *id + "' for this instrument" +
                       (known.empty() ? std::string(" (it has none)") : "; it has " + known));
    option_problem(std::string(instrument.id()) + " has no cut-off for scale '" + column_stem(chosen.name) + "'; give " +
                   spell.option("cutoff-value") + " X and " + spell.option("cutoff-when") +
                   " below|at-or-below|above|at-or-above");
}

// The scale `alliance track` follows: the one named (by name or column stem), else the total,
// else the only scale.
[[nodiscard]] inline std::size_t tracked_scale(const runtime_instrument& instrument, const std::optional<std::string>& name,
                                               const option_spelling& spell = command_line_spelling) {
    const auto scales = instrument.scales();
    std::string names;
    for (const scale_entry& scale : scales) names += (names.empty() ? "" : ", ") + column_stem(scale.name);
    if (name) {
        for (std::size_t s = 0; s < scales.size(); ++s)
            if (column_stem(scales[s].name) == column_stem(*name)) return s;
        option_problem(spell.option("scale") + ": no scale '" + *name + "' in " + std::string(instrument.id()) +
                       "; its scales are " + names);
    }
    for (std::size_t s = 0; s < scales.size(); ++s)
        if (scales[s].role == scale_role::total) return s;
    if (scales.size() == 1) return 0;
    option_problem(std::string(instrument.id()) + " has no total; choose the scale with " + spell.option("scale") +
                   " (" + names + ")");
}

namespace detail {

[[nodiscard]] inline below_cutoff below_rule(const track_options& o, const runtime_instrument& instrument,
                                             std::size_t scale, metric used, const option_spelling& spell) {
    if (!o.cutoff_value && !o.cutoff_when) return {published_cutoff(instrument, scale, used, o.cutoff_id, spell)};
    if (o.cutoff_id)
        option_problem("give " + spell.option("cutoff-id") + " or " + spell.option("cutoff-value") + ", not both");
    require(o, "below-cutoff", {"cutoff-value", "cutoff-when"}, spell);
    cutoff own;
    own.id = "--cutoff-value";
    own.scale = instrument.scales()[scale].name;
    own.value = *o.cutoff_value;
    own.when = choose("cutoff-when", *o.cutoff_when, flag_when_names, spell);
    return {own};
}

[[nodiscard]] inline drop_alert drop_rule(const track_options& o, const option_spelling& spell) {
    require(o, "drop", {"drop-points"}, spell);
    require(o, "drop", {"previous"}, spell);
    const drop_alert drop{*o.drop_points, choose("previous", *o.previous, previous_policy_names, spell)};
    if (!(drop.min_drop > 0)) option_problem(spell.option("drop-points") + " must be above 0");
    return drop;
}

// SD and reliability from --sd and --reliability, or from one of the instrument's own norms
// (--norm): the tracked scores are that instrument's, so a norm of another would not fit.
[[nodiscard]] inline std::pair<double, double> reliable_parameters(const track_options& o,
                                                                   const runtime_instrument& instrument,
                                                                   track_rules& rules, const option_spelling& spell) {
    if (!o.norm) {
        require(o, "reliable-drop", {"sd", "reliability"}, spell);
        return {*o.sd, *o.reliability};
    }
    const norm* published = find_norm(instrument.norms(), *o.norm);
    if (published == nullptr) {
        std::string known;
        for (const norm& record : instrument.norms()) known += (known.empty() ? "" : ", ") + std::string(record.id);
        option_problem(spell.option("norm") + ": no norm '" + *o.norm + "' for " + std::string(instrument.id()) +
                       (known.empty() ? std::string(" (it has none)") : "; it has " + known));
    }
    rules.norm_used = published;
    if (o.sd) option_problem("give " + spell.option("norm") + " or " + spell.option("sd") + ", not both");
    const std::optional<double> reliability = published_reliability(*published);
    if (!reliability) {
        require(o, "reliable-drop", {"reliability"}, spell);
        return {published->sd, *o.reliability};
    }
    if (o.reliability)
        option_problem(spell.option("norm") + " " + *o.norm + " has a reliability; give " + spell.option("norm") +
                       " or " + spell.option("reliability") + ", not both");
    return {published->sd, *reliability};
}

template <class FromConfidence>
[[nodiscard]] reliable_drop reliable_rule(const track_options& o, const runtime_instrument& instrument,
                                          track_rules& rules, FromConfidence&& from_confidence,
                                          const option_spelling& spell) {
    const auto [sd, reliability] = reliable_parameters(o, instrument, rules, spell);
    if (o.confidence && o.critical_value)
        option_problem("give " + spell.option("confidence") + " or " + spell.option("critical-value") + ", not both");
    const stats::critical_value critical = o.critical_value ? stats::critical_value::literal(*o.critical_value)
                                                            : from_confidence(o.confidence.value_or(0.95));
    stats::detail::require_sd(spell.option("sd"), sd);
    stats::detail::require_reliability(spell.option("reliability"), reliability);
    require(o, "reliable-drop", {"previous"}, spell);
    return {sd, reliability, critical, choose("previous", *o.previous, previous_policy_names, spell)};
}

[[nodiscard]] inline double k_of(const std::variant<double, std::string>& k, const option_spelling& spell) {
    if (const double* number = std::get_if<double>(&k)) return *number;
    const std::string& name = std::get<std::string>(k);
    if (name == "stiles-2004") return stiles_2004_k;
    if (name == "strauss-2006") return strauss_2006_k;
    option_problem(spell.option("k") + " expects a number, " + spell.choice("stiles-2004") + " or " +
                   spell.choice("strauss-2006") + ", not '" + name + "'");
}

[[nodiscard]] inline v_episode_rule episode_rule(const track_options& o, const option_spelling& spell) {
    require(o, "v-episode",
            {"k", "sd-basis", "reference", "repair-window", "repair-target", "repair-margin", "min-sessions"}, spell);
    v_episode_rule rule;
    rule.k = k_of(*o.k, spell);
    rule.basis = choose("sd-basis", *o.sd_basis, sd_basis_names, spell);
    if (rule.basis != sd_basis::within_client) {
        require(o, "v-episode", {"external-sd"}, spell);
        rule.external_sd = o.external_sd;
    } else if (o.external_sd) {
        option_problem(spell.option("external-sd") + " is for " + spell.option("sd-basis") + " " +
                       spell.choice("external") + " or " + spell.choice("stricter"));
    }
    rule.reference = choose("reference", *o.reference, reference_level_names, spell);
    if (rule.reference == reference_level::previous_session) {
        require(o, "v-episode", {"max-decline"}, spell);
        rule.max_decline_sessions = whole_number("max-decline", *o.max_decline, 1, spell);
    } else if (o.max_decline) {
        option_problem(spell.option("max-decline") + " is for " + spell.option("reference") + " " +
                       spell.choice("previous-session"));
    }
    rule.repair_window = whole_number("repair-window", *o.repair_window, 1, spell);
    rule.target = choose("repair-target", *o.repair_target, repair_target_names, spell);
    rule.repair_margin = o.repair_margin;
    rule.min_sessions = whole_number("min-sessions", *o.min_sessions, 1, spell);
    detail::validate(rule);
    if (o.summary) require(o, "v-episode", {"pattern"}, spell);
    return rule;
}

}  // namespace detail

// The options checked, in the command line's order, and made into rules. `scale` and `used`
// are the tracked scale and its metric (below-cutoff's published cut-off must be for them);
// `from_confidence(c)` is the two-sided normal critical value for confidence c
// (stats::critical_value::from_confidence, alliance/stats/normal_quantile.hpp).
template <class FromConfidence>
[[nodiscard]] track_rules resolve_rules(const track_options& options, const runtime_instrument& instrument,
                                        std::size_t scale, metric used, FromConfidence&& from_confidence,
                                        const option_spelling& spell = command_line_spelling) {
    detail::refuse_unknown_and_unowned(options, spell);
    track_rules rules;
    if (detail::chose(options, "below-cutoff")) rules.below = detail::below_rule(options, instrument, scale, used, spell);
    if (detail::chose(options, "drop")) rules.drop = detail::drop_rule(options, spell);
    if (detail::chose(options, "reliable-drop"))
        rules.reliable = detail::reliable_rule(options, instrument, rules, from_confidence, spell);
    if (detail::chose(options, "v-episode")) {
        rules.episodes = detail::episode_rule(options, spell);
        if (options.pattern) rules.pattern = detail::choose("pattern", *options.pattern, pattern_rule_names, spell);
    }
    return rules;
}

// ---------------------------------------------------------------------------------------------
// One client

// Bits of a row's flags, in the order the flags column lists them.
enum track_flag : std::uint16_t { flag_below_cutoff = 1, flag_drop = 2, flag_reliable_drop = 4, flag_rupture = 8 };
inline constexpr std::pair<track_flag, std::string_view> track_flag_names[] = {
    {flag_below_cutoff, "below-cutoff"}, {flag_drop, "drop"}, {flag_reliable_drop, "reliable-drop"},
    {flag_rupture, "v-episode"}};

// One input row of a client: its session, its score (empty: insufficient), and whether it can
// be used at all (false: an error row, which enters no series).
struct tracked_row {
    double session = 0;
    std::optional<double> score{};
    bool usable = true;
};

// What `alliance track` writes on one row.
struct row_result {
    std::optional<double> change{};            // score - previous score
    std::optional<double> change_from_mean{};  // score - mean of the earlier scores
    std::uint16_t flags = 0;                   // track_flag bits
    int rupture_episode = 0;                   // the episode whose lowest point this row is; 0 none
    int repair_episode = 0;                    // the episode this row repairs; 0 none
    std::optional<repair_status> status{};     // on a rupture row
    std::optional<double> depth{};             // on a rupture row
    std::optional<int> sessions_to_repair{};   // on a repaired rupture row
    std::optional<std::size_t> duplicate_of{}; // another usable row of the client with this session
};

// What `alliance track --summary` writes for one client. A count is empty for a rule not
// chosen; the episode counts are also empty when the client was not evaluated.
struct client_summary {
    series_summary about{};
    std::optional<std::size_t> first_row{}, last_row{};  // rows (indices into the client's rows) in the series
    std::optional<long long> below_cutoff{}, drops{}, reliable_drops{};
    std::optional<long long> ruptures{}, repaired{}, unrepaired{}, censored{};
    std::optional<client_pattern> pattern{};             // with v-episode
    std::string not_evaluated{};                          // why v-episode was not applied
};

struct tracked_client {
    series client;
    std::vector<std::size_t> in_series;  // rows[in_series[p]] is the series' position p
    std::vector<row_result> rows;        // per input row, in the order given
    std::optional<episode_analysis> episodes{};
    client_summary summary{};
};

namespace detail {

// The series of a client's rows, sorted by session. Two usable rows with the same session are
// both left out (which one is right cannot be known, and keeping either would make the result
// depend on the input order); each names the other.
inline std::vector<administration> series_rows(std::span<const tracked_row> rows, std::vector<std::size_t>& in_series,
                                               std::vector<row_result>& results) {
    std::vector<administration> sessions;
    for (std::size_t i = 0; i < rows.size();) {
        if (!rows[i].usable) {
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        std::vector<std::size_t> same{i};
        for (; end < rows.size() && rows[end].session == rows[i].session; ++end)
            if (rows[end].usable) same.push_back(end);
        if (same.size() > 1) {
            for (std::size_t k = 0; k < same.size(); ++k) results[same[k]].duplicate_of = same[k == 0 ? 1 : 0];
        } else {
            in_series.push_back(i);
            sessions.push_back({rows[i].session, rows[i].score});
        }
        i = end;
    }
    return sessions;
}

// Sets `bit` on the rows where the rule fired; returns how many.
inline long long mark(tracked_client& track, const std::vector<bool>& fired, track_flag bit) {
    long long count = 0;
    for (std::size_t p = 0; p < fired.size(); ++p)
        if (fired[p]) {
            row_result& row = track.rows[track.in_series[p]];
            row.flags = static_cast<std::uint16_t>(row.flags | bit);
            ++count;
        }
    return count;
}

inline void record_episodes(tracked_client& track, const track_rules& rules) {
    track.episodes = find_episodes(track.client, *rules.episodes);
    client_summary& summary = track.summary;
    for (const episode& e : track.episodes->episodes) {
        row_result& rupture = track.rows[track.in_series[e.rupture]];
        rupture.flags = static_cast<std::uint16_t>(rupture.flags | flag_rupture);
        rupture.rupture_episode = e.id;
        rupture.depth = e.depth;
        rupture.status = e.status;
        rupture.sessions_to_repair = e.sessions_to_repair;
        if (e.repair) track.rows[track.in_series[*e.repair]].repair_episode = e.id;
    }
    summary.not_evaluated = track.episodes->not_evaluated;
    summary.pattern = classify(*track.episodes, rules.pattern);
    if (!summary.not_evaluated.empty()) return;
    summary.ruptures = static_cast<long long>(track.episodes->episodes.size());
    summary.repaired = summary.unrepaired = summary.censored = 0;
    for (const episode& e : track.episodes->episodes) {
        *summary.repaired += e.status == repair_status::repaired ? 1 : 0;
        *summary.unrepaired += e.status == repair_status::unrepaired ? 1 : 0;
        *summary.censored += e.status == repair_status::censored ? 1 : 0;
    }
}

}  // namespace detail

// One client's rows, sorted by session (equal sessions in input order), through the chosen
// rules: what every row shows and the client's summary.
[[nodiscard]] inline tracked_client track_client(std::string name, std::span<const tracked_row> rows, direction better,
                                                 const track_rules& rules) {
    std::vector<std::size_t> in_series;
    std::vector<row_result> results(rows.size());
    std::vector<administration> sessions = detail::series_rows(rows, in_series, results);
    tracked_client track{.client = series(std::move(name), std::move(sessions), better),
                         .in_series = std::move(in_series),
                         .rows = std::move(results)};
    const std::vector<session_change> changes = tracking::changes(track.client);
    for (std::size_t p = 0; p < changes.size(); ++p) {
        track.rows[track.in_series[p]].change = changes[p].from_previous;
        track.rows[track.in_series[p]].change_from_mean = changes[p].from_running_mean;
    }
    client_summary& summary = track.summary;
    if (rules.below) summary.below_cutoff = detail::mark(track, evaluate(track.client, *rules.below), flag_below_cutoff);
    if (rules.drop) summary.drops = detail::mark(track, evaluate(track.client, *rules.drop), flag_drop);
    if (rules.reliable)
        summary.reliable_drops = detail::mark(track, evaluate(track.client, *rules.reliable), flag_reliable_drop);
    if (rules.episodes) detail::record_episodes(track, rules);
    summary.about = summarize(track.client);
    if (!track.in_series.empty()) {
        summary.first_row = track.in_series.front();
        summary.last_row = track.in_series.back();
    }
    return track;
}

// ---------------------------------------------------------------------------------------------
// A block of rows grouped by client (the bindings' data frames)

// client[i]: the row's client code, 0 .. names.size() - 1, or any other value for none (such a
// row is in no series). Calls visit(g, at, track) for every client g in code order: `at` its
// rows (indices into `rows`) in session order, equal sessions in row order, and `track` what
// track_client makes of them (track.rows[j] is row at[j]'s; its duplicate_of and first/last_row
// index `at`). Memory holds one client's rows besides the order: a caller keeps what it needs.
template <class Visit>
void for_each_client(std::span<const long long> client, std::span<const tracked_row> rows,
                     std::span<const std::string> names, direction better, const track_rules& rules, Visit&& visit) {
    // Every client's rows side by side in one array, in input order (a counting sort by client:
    // one pass, no vector per client), then each client's by session.
    const auto in_a_client = [&](std::size_t i) {
        return client[i] >= 0 && static_cast<std::size_t>(client[i]) < names.size();  // else in no series
    };
    std::vector<std::size_t> first(names.size() + 1, 0);
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (in_a_client(i)) ++first[static_cast<std::size_t>(client[i]) + 1];
    for (std::size_t g = 0; g < names.size(); ++g) first[g + 1] += first[g];
    std::vector<std::size_t> order(first.back());
    std::vector<std::size_t> next(first.begin(), first.end() - 1);
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (in_a_client(i)) order[next[static_cast<std::size_t>(client[i])]++] = i;
    std::vector<tracked_row> sorted;
    for (std::size_t g = 0; g < names.size(); ++g) {
        const std::span<std::size_t> at(order.data() + first[g], first[g + 1] - first[g]);
        std::stable_sort(at.begin(), at.end(), [&](std::size_t a, std::size_t b) { return rows[a].session < rows[b].session; });
        sorted.clear();
        for (const std::size_t i : at) sorted.push_back(rows[i]);
        visit(g, std::span<const std::size_t>(at), track_client(names[g], sorted, better, rules));
    }
}

struct block_result {
    std::vector<row_result> rows;          // per row; duplicate_of and first/last_row are row numbers
    std::vector<client_summary> clients;   // per client code
};

// Every row's results and every client's summary at once (for_each_client's, by row number).
[[nodiscard]] inline block_result track_block(std::span<const long long> client, std::span<const tracked_row> rows,
                                              std::span<const std::string> names, direction better,
                                              const track_rules& rules) {
    block_result out;
    out.rows.resize(rows.size());
    out.clients.resize(names.size());
    for_each_client(client, rows, names, better, rules,
                    [&](std::size_t g, std::span<const std::size_t> at, tracked_client&& track) {
                        for (std::size_t j = 0; j < at.size(); ++j) {
                            out.rows[at[j]] = track.rows[j];
                            if (track.rows[j].duplicate_of) out.rows[at[j]].duplicate_of = at[*track.rows[j].duplicate_of];
                        }
                        out.clients[g] = std::move(track.summary);
                        if (out.clients[g].first_row) out.clients[g].first_row = at[*out.clients[g].first_row];
                        if (out.clients[g].last_row) out.clients[g].last_row = at[*out.clients[g].last_row];
                    });
    return out;
}

}  // namespace alliance::tracking
