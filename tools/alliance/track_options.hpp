// The options of `alliance track` and `alliance plot trajectory`: instrument, columns, scale,
// direction and the rules with their parameters. A parameter that a published source gives is
// named by it; one the sources leave open has no default and must be given (docs/tracking.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/cutoff.hpp>
#include <alliance/norms.hpp>
#include <alliance/tracking.hpp>

#include "arguments.hpp"
#include "command_line.hpp"
#include "command_score.hpp"
#include "track_pipeline.hpp"

namespace alliance::cli::detail {

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

// `text` as one of the enum's words (its name table, alliance/names.hpp, written with '-' for
// '_' as options are), or a usage error listing them.
template <class T, std::size_t N>
[[nodiscard]] T choose(std::string_view option, const std::string& text, const std::array<named<T>, N>& choices) {
    const auto spelled = [](std::string_view name) {
        std::string word(name);
        std::replace(word.begin(), word.end(), '_', '-');
        return word;
    };
    std::string names;
    for (const auto& choice : choices) {
        if (text == spelled(choice.name)) return choice.value;
        names += (names.empty() ? "" : ", ") + spelled(choice.name);
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
    return choose("previous", *args.get("previous"), tracking::previous_policy_names);
}

// The published cut-off for the tracked scale, or the one named or given.
[[nodiscard]] inline alliance::cutoff cutoff_option(const parsed_arguments& args, const catalogue_entry& entry,
                                                    const scale_entry& scale, const track_settings& settings) {
    if (args.has("cutoff-value") || args.has("cutoff-when")) {
        if (args.has("cutoff-id")) throw usage_error("give --cutoff-id or --cutoff-value, not both");
        require_options(args, "below-cutoff", {"cutoff-value", "cutoff-when"});
        alliance::cutoff own;
        own.id = "--cutoff-value";
        own.scale = scale.name;
        own.value = *number_option(args, "cutoff-value");
        own.when = choose("cutoff-when", *args.get("cutoff-when"), flag_when_names);
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
    rule.basis = choose("sd-basis", *args.get("sd-basis"), tracking::sd_basis_names);
    if (rule.basis != tracking::sd_basis::within_client) {
        require_options(args, "v-episode", {"external-sd"});
        rule.external_sd = number_option(args, "external-sd");
    } else if (args.has("external-sd")) {
        throw usage_error("--external-sd is for --sd-basis external or stricter");
    }
    rule.reference = choose("reference", *args.get("reference"), tracking::reference_level_names);
    if (rule.reference == tracking::reference_level::previous_session) {
        require_options(args, "v-episode", {"max-decline"});
        rule.max_decline_sessions = whole_number_option(args, "max-decline", 1);
    } else if (args.has("max-decline")) {
        throw usage_error("--max-decline is for --reference previous-session");
    }
    rule.repair_window = whole_number_option(args, "repair-window", 1);
    rule.target = choose("repair-target", *args.get("repair-target"), tracking::repair_target_names);
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
        double sd = 0;
        double reliability = 0;
        if (const alliance::norm* published = norm_option(args, "track")) {
            if (args.has("sd")) throw usage_error("give --norm or --sd, not both");
            sd = published->sd;
            const bool has_reliability = published->reliability.kind != alliance::reliability_kind::none;
            if (has_reliability && args.has("reliability"))
                throw usage_error("--norm " + std::string(published->id) + " has a reliability; give --norm or --reliability, not both");
            if (has_reliability) reliability = published->reliability.value;
            else require_options(args, "reliable-drop", {"reliability"});
        } else {
            require_options(args, "reliable-drop", {"sd", "reliability"});
            sd = *number_option(args, "sd");
        }
        if (args.has("reliability")) reliability = *number_option(args, "reliability");
        const stats::critical_value critical = critical_value_option(args);
        check_option([&] {
            stats::detail::require_sd("--sd", sd);
            stats::detail::require_reliability("--reliability", reliability);
        });
        rules.reliable = tracking::reliable_drop{sd, reliability, critical, previous_option(args, "reliable-drop")};
    }
    if (chosen_rule("v-episode")) {
        rules.episodes = episode_option(args, settings.summary);
        if (const auto pattern = args.get("pattern")) {
            rules.pattern = choose("pattern", *pattern, tracking::pattern_rule_names);
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
        settings.metric = choose("metric", *metric, metric_names);
    }
    settings.rules = rules_from(args, chosen, settings);
    if (const auto megabytes = number_option(args, "sort-memory")) {
        if (!(*megabytes >= 0.001 && *megabytes <= 65536))
            throw usage_error("--sort-memory expects megabytes between 0.001 and 65536, not '" + *args.get("sort-memory") + "'");
        settings.sort_budget = static_cast<std::size_t>(*megabytes * 1048576.0);
    }
    return settings;
}

}  // namespace alliance::cli::detail
