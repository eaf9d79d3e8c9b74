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
#include <type_traits>
#include <utility>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/cutoff.hpp>
#include <alliance/norms.hpp>
#include <alliance/tracking.hpp>

#include "arguments.hpp"
#include "columns.hpp"
#include "command_line.hpp"
#include "commands/track_passes.hpp"

namespace alliance::cli::detail {

inline const std::vector<option_spec> track_rule_options{
    {"rule"},          {"cutoff-id"},      {"cutoff-value"},  {"cutoff-when"},   {"drop-points"},
    {"previous"},      {"sd"},             {"reliability"},   {"norm"},          {"confidence"},
    {"critical-value"}, {"k"},             {"sd-basis"},      {"external-sd"},   {"reference"},
    {"max-decline"},   {"repair-window"},  {"repair-target"}, {"repair-margin"}, {"min-sessions"},
    {"pattern"}};

[[nodiscard]] inline std::vector<option_spec> track_options() {
    std::vector<option_spec> specs{{"instrument"},       {"key"},
                                   {"items"},            {"labels"},
                                   {"not-applicable"},
                                   {"min-answered"},     {"client"},
                                   {"session"},          {"session-dates", false},
                                   {"scale"},            {"metric"},
                                   {"higher-is-better", false}, {"lower-is-better", false},
                                   {"summary", false},   {"sort-memory"}};
    specs.insert(specs.end(), track_rule_options.begin(), track_rule_options.end());
    return with_table_options(std::move(specs));
}

// A problem the library's tracking settings report (alliance/tracking/track.hpp): as every
// request's (check_request).
template <class Check>
auto track_option_check(Check check) {
    return check_request(check);
}

// The rule options as given (--rule LIST and the parameters), by the library's names.
[[nodiscard]] inline tracking::track_options track_options_from(const parsed_arguments& args, bool summary) {
    tracking::track_options options;
    if (const auto list = args.get("rule")) options.rules = split_list(*list);
    options.summary = summary;
    tracking::for_each_option(options, [&](std::string_view name, auto& field) {
        using type = std::decay_t<decltype(field)>;
        const auto text = args.get(name);
        if (!text) return;
        if constexpr (std::is_same_v<type, std::optional<std::string>>) field = *text;
        else if constexpr (std::is_same_v<type, std::optional<double>>) field = parse_number_option(name, *text);
        else if (*text == "stiles-2004" || *text == "strauss-2006") field = *text;  // --k: a name or a number
        else field = parse_number_option(name, *text);
    });
    return options;
}

[[nodiscard]] inline tracking::track_rules rules_from(const parsed_arguments& args, const chosen_instrument& chosen,
                                                      const track_settings& settings) {
    const tracking::track_options options = track_options_from(args, settings.summary);
    const auto from_confidence = [](double confidence) {
        return track_option_check([&] { return stats::critical_value::from_confidence(confidence); });
    };
    const tracking::track_rules rules = track_option_check([&] {
        return tracking::resolve_rules(options, chosen.instrument, settings.scale, settings.metric, from_confidence);
    });
    if (rules.norm_used != nullptr)
        std::fprintf(stderr, "alliance track: using norm %s\n", describe(*rules.norm_used).c_str());
    return rules;
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
    check_request([&] {
        table::check_track_columns(settings.client_column, settings.session_column, table::command_line_spelling);
    });
    settings.items = item_options(args, chosen.instrument, settings.codes);
    settings.min_answered = min_answered_from(args);
    settings.session_dates = args.has("session-dates");
    settings.summary = args.has("summary");
    if (args.has("higher-is-better") == args.has("lower-is-better"))
        throw usage_error("give the direction: --higher-is-better or --lower-is-better");
    settings.better = args.has("higher-is-better") ? tracking::direction::higher_is_better
                                                   : tracking::direction::lower_is_better;
    settings.scale = track_option_check([&] { return tracking::tracked_scale(chosen.instrument, args.get("scale")); });
    settings.metric = chosen.instrument.scales()[settings.scale].metric;
    if (const auto metric = args.get("metric")) {
        settings.metric = track_option_check(
            [&] { return tracking::detail::choose("metric", *metric, metric_names, tracking::command_line_spelling); });
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
