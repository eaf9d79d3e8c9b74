// `alliance change` / reliable_change as a request and columns, for the command line, Python and
// R alike: which options a request may combine and what each message says (resolve), the
// parameters a method needs and the input does not give (estimated from the complete pre/post
// pairs), the result columns and one row's cells. Every number is a library statistic whose
// header cites its source (stats/reliable_change.hpp, stats/clinical_significance.hpp); nothing
// here is new arithmetic. Stats tier (Boost.Math).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/names.hpp"
#include "alliance/norms.hpp"
#include "alliance/stats/clinical_significance.hpp"
#include "alliance/stats/critical_value.hpp"
#include "alliance/stats/normal_quantile.hpp"
#include "alliance/stats/reliable_change.hpp"
#include "alliance/table/block.hpp"
#include "alliance/table/catalogue_lookup.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// A request's options as given, named as on the command line ("post-mean"; the bindings spell
// them post_mean). Python's `cutoff` holds a letter or a number: a number is cutoff_value here.
struct change_request {
    std::optional<std::string> direction{};  // the packages' "higher" / "lower" (direction_from)
    std::string method = "jt";
    std::optional<std::string> norm{};  // a catalogue norm: mean, sd and (when it reports one) reliability
    stats::change_parameters given{};   // --mean, --sd, --post-mean, ... (change_parameter_options)
    std::optional<double> confidence{};
    std::optional<double> critical_value{};
    std::optional<std::string> cutoff{};  // a, b or c (Jacobson & Truax 1991)
    std::optional<double> cutoff_value{};
    std::optional<double> clinical_mean{}, clinical_sd{}, functional_mean{}, functional_sd{};
    std::optional<std::string> recovery_rule{};
};

// The options that give a method's parameters, by their command-line names.
inline constexpr std::array<std::pair<std::string_view, stats::change_parameter>, 7> change_parameter_options{{
    {"mean", stats::change_parameter::mean_pre},
    {"sd", stats::change_parameter::sd_pre},
    {"post-mean", stats::change_parameter::mean_post},
    {"post-sd", stats::change_parameter::sd_post},
    {"reliability", stats::change_parameter::reliability},
    {"post-reliability", stats::change_parameter::reliability_post},
    {"prepost-correlation", stats::change_parameter::retest_correlation},
}};

// Calls visit(name, field) for every option of the request, so that a front-end fills them by
// name in one loop (the command line has flags for the direction instead).
template <class Visit>
void for_each_option(change_request& request, Visit&& visit) {
    visit("direction", request.direction);
    visit("method", request.method);
    visit("mean", request.given.mean_pre);
    visit("sd", request.given.sd_pre);
    visit("post-mean", request.given.mean_post);
    visit("post-sd", request.given.sd_post);
    visit("reliability", request.given.reliability);
    visit("post-reliability", request.given.reliability_post);
    visit("prepost-correlation", request.given.retest_correlation);
    visit("norm", request.norm);
    visit("confidence", request.confidence);
    visit("critical-value", request.critical_value);
    visit("cutoff", request.cutoff);
    visit("cutoff-value", request.cutoff_value);
    visit("clinical-mean", request.clinical_mean);
    visit("clinical-sd", request.clinical_sd);
    visit("functional-mean", request.functional_mean);
    visit("functional-sd", request.functional_sd);
    visit("recovery-rule", request.recovery_rule);
}

// A request whose options fit together, ready for the rows.
struct change_settings {
    stats::rc_method method = stats::rc_method::jacobson_truax;
    stats::direction better = stats::direction::higher_is_better;
    stats::change_parameters given{};
    stats::critical_value critical = stats::critical_value::literal(1.96);
    std::optional<stats::cutoff_kind> cutoff_kind{};
    std::optional<alliance::norm> clinical{}, functional{};  // of --cutoff a|b|c
    std::optional<double> cutoff{};                          // the value categorised with (not method ha)
    stats::recovery_rule rule = stats::recovery_rule::jacobson_truax;
    std::vector<std::string> notes{};  // options the method does not read, for the caller to show

    // Method ha with a cut-off letter: Hageman & Arrindell's true-score cut-off and CS_indiv.
    [[nodiscard]] bool cs_indiv() const noexcept {
        return method == stats::rc_method::hageman_arrindell && cutoff_kind.has_value();
    }
    [[nodiscard]] bool categorised() const noexcept { return cutoff_kind.has_value() || cutoff.has_value(); }
};

namespace detail {
[[noreturn]] inline void option_problem(const std::string& what) { throw option_error("alliance.table.option", what); }

[[nodiscard]] inline std::string cutoff_letters(const option_spelling& spell) {
    return spell.option("cutoff") + " " + spell.choice("a") + "|" + spell.choice("b") + "|" + spell.choice("c");
}

// --norm: the pre mean and SD and, when the norm reports one, the reliability.
inline void apply_norm(const change_request& request, stats::change_parameters& given, const option_spelling& spell) {
    const alliance::norm& published = catalogue_norm(*request.norm, spell);
    for (const auto& [option, parameter] : std::span(change_parameter_options).first(2))
        if (given.get(parameter))
            option_problem("give " + spell.option("norm") + " or " + spell.option(option) + ", not both");
    given.mean_pre = published.mean;
    given.sd_pre = published.sd;
    const std::optional<double> reliability = published_reliability(published);
    const std::string which = spell.option("norm") + " " + std::string(published.id);
    if (reliability && given.reliability)
        option_problem(which + " has a reliability; give " + spell.option("norm") + " or " + spell.option("reliability") +
                       ", not both");
    if (reliability) given.reliability = *reliability;
}

// --cutoff a|b|c with its norms, or --cutoff-value.
inline void apply_cutoff(const change_request& request, change_settings& settings, const option_spelling& spell) {
    const std::array<std::pair<std::string_view, const std::optional<double>*>, 4> norms{{
        {"clinical-mean", &request.clinical_mean},
        {"clinical-sd", &request.clinical_sd},
        {"functional-mean", &request.functional_mean},
        {"functional-sd", &request.functional_sd}}};
    if (!request.cutoff) {
        for (const auto& [option, value] : norms)
            if (value->has_value())
                option_problem(spell.option(option) + " is for " + cutoff_letters(spell) + "; give " +
                               spell.option("cutoff") + " too");
        settings.cutoff = request.cutoff_value;
        if (settings.cutoff && settings.method == stats::rc_method::hageman_arrindell)
            option_problem(spell.option("method") + " " + spell.choice("ha") +
                           " classifies with CS_indiv and its true-score cut-offs: give " + cutoff_letters(spell) +
                           ", not a cut-off value");
        return;
    }
    const std::string& letter = *request.cutoff;
    settings.cutoff_kind = stats::parse_cutoff_kind(letter);
    if (!settings.cutoff_kind)
        option_problem(spell.option("cutoff") + " expects " + spell.choice("a") + ", " + spell.choice("b") + " or " +
                       spell.choice("c") + ", not '" + letter + "'");
    if (request.cutoff_value)
        option_problem("give " + spell.option("cutoff") + " or " + spell.option("cutoff-value") + ", not both");
    const std::string which = spell.option("cutoff") + " " + spell.choice(letter);
    if (!request.clinical_mean || !request.clinical_sd)
        option_problem(which + " needs " + spell.option("clinical-mean") + " and " + spell.option("clinical-sd"));
    settings.clinical = alliance::norm{.id = "clinical", .mean = *request.clinical_mean, .sd = *request.clinical_sd};
    const bool functional = request.functional_mean && request.functional_sd;
    if ((*settings.cutoff_kind != stats::cutoff_kind::a && !functional) ||
        request.functional_mean.has_value() != request.functional_sd.has_value())
        option_problem(which + " needs " + spell.option("functional-mean") + " and " + spell.option("functional-sd") +
                       " as well");
    if (functional)
        settings.functional =
            alliance::norm{.id = "functional", .mean = *request.functional_mean, .sd = *request.functional_sd};
    // Cut-off a uses only the clinical population; jacobson_truax_cutoffs computes all three, so
    // without a functional norm the clinical one stands in for it (b and c are then unused).
    const alliance::norm& other = settings.functional ? *settings.functional : *settings.clinical;
    const stats::jt_cutoffs cutoffs = stats::jacobson_truax_cutoffs(*settings.clinical, other, settings.better);
    if (!settings.cs_indiv()) settings.cutoff = cutoffs[*settings.cutoff_kind];
}
}  // namespace detail

// "higher" or "lower": which scores are better, as the packages take it (the command line has
// --higher-is-better and --lower-is-better).
[[nodiscard]] inline stats::direction direction_from(const std::optional<std::string>& text, const option_spelling& spell) {
    const std::string choices = spell.choice("higher") + " or " + spell.choice("lower");
    if (!text)
        detail::option_problem("give " + spell.option("direction") + ": " + choices +
                               " (which scores are better; there is no default)");
    if (*text == "higher") return stats::direction::higher_is_better;
    if (*text == "lower") return stats::direction::lower_is_better;
    detail::option_problem(spell.option("direction") + " expects " + choices + ", not '" + *text + "'");
}

// Checks the request and fits its options together; option_error "alliance.table.option" (the
// message spelled for the caller) or the library's error for a value out of its domain.
[[nodiscard]] inline change_settings resolve(const change_request& request, stats::direction better,
                                             const option_spelling& spell) {
    change_settings settings;
    settings.method = stats::rc_method_from_string(request.method);
    settings.better = better;
    settings.given = request.given;
    if (request.norm) detail::apply_norm(request, settings.given, spell);
    const stats::parameter_set required = stats::required_parameters(settings.method);
    if (request.norm && !settings.given.reliability && required.contains(stats::change_parameter::reliability))
        detail::option_problem(spell.option("norm") + " " + *request.norm + " reports no reliability; give the one you use with " +
                               spell.option("reliability"));
    for (const auto& [option, parameter] : change_parameter_options)
        if (request.given.get(parameter) && !required.contains(parameter))
            settings.notes.push_back(spell.option(option) + " is not used by method " + request.method);
    if (request.confidence && request.critical_value)
        detail::option_problem("give " + spell.option("confidence") + " or " + spell.option("critical-value") + ", not both");
    settings.critical = request.critical_value ? stats::critical_value::literal(*request.critical_value)
                                               : stats::critical_value::from_confidence(request.confidence.value_or(0.95));
    detail::apply_cutoff(request, settings, spell);
    if (request.recovery_rule) {
        if (*request.recovery_rule == "clinicalsignificance") settings.rule = stats::recovery_rule::clinicalsignificance;
        else if (*request.recovery_rule != "jacobson-truax")
            detail::option_problem(spell.option("recovery-rule") + " expects " + spell.choice("jacobson-truax") + " or " +
                                   spell.choice("clinicalsignificance") + ", not '" + *request.recovery_rule + "'");
        if (!settings.categorised())
            detail::option_problem(spell.option("recovery-rule") + " is for the categories: give a cut-off too");
    }
    return settings;
}

// Whether rows are needed before the first result: a parameter the method needs, the request
// does not give and a sample can estimate (means, SDs, the pre-post correlation).
[[nodiscard]] inline bool estimates_from_sample(const change_settings& settings) {
    for (const stats::change_parameter parameter : stats::missing_parameters(settings.method, settings.given).members())
        if (stats::estimable_from_sample(parameter)) return true;
    return false;
}

// The indices the rows are computed with, once the parameters are complete.
struct change_plan {
    change_settings settings;
    stats::completed_parameters completed;
    stats::reliable_change_index index;
    std::optional<stats::cs_indiv_index> cs{};
};

// `sample`: the complete pre/post pairs, read when estimates_from_sample (else ignored).
[[nodiscard]] inline change_plan plan(const change_settings& settings, std::span<const stats::score_pair> sample) {
    stats::completed_parameters completed{settings.given, {}, 0};
    if (estimates_from_sample(settings)) completed = stats::complete_from_sample(settings.method, settings.given, sample);
    stats::reliable_change_index index(settings.method, completed.parameters, settings.better, settings.critical);
    change_plan made{settings, completed, std::move(index)};
    if (settings.cs_indiv()) {
        // CS_indiv reads the post scores' mean and SD (given or estimated: method ha needs them)
        // and the same reliability and critical value as RC_indiv.
        const stats::change_parameters& p = completed.parameters;
        made.cs.emplace(stats::cs_indiv_parameters{.clinical = *settings.clinical,
                                                   .functional = settings.functional ? *settings.functional
                                                                                     : *settings.clinical,
                                                   .mean_post = *p.mean_post,
                                                   .sd_post = *p.sd_post,
                                                   .reliability = *p.reliability,
                                                   .kind = *settings.cutoff_kind},
                        settings.better, settings.critical);
    }
    return made;
}

// "sd_pre = 7.7, reliability = 0.8", the parameters estimated from the sample; empty when none was.
[[nodiscard]] inline std::string estimated_parameters(const change_plan& made) {
    std::string text;
    for (const stats::change_parameter parameter : made.completed.estimated.members())
        text += (text.empty() ? "" : ", ") + std::string(stats::to_string(parameter)) + " = " +
                alliance::detail::format_number(*made.completed.parameters.get(parameter));
    return text;
}

// The note a front-end shows when parameters were estimated.
[[nodiscard]] inline std::string estimated_note(const change_plan& made) {
    return "estimated from the " + std::to_string(made.completed.n) +
           " complete pre/post pairs of the input (sample statistics, SD with n - 1): " + estimated_parameters(made);
}

inline constexpr std::array change_class_labels = labels_by_value(stats::change_class_names);
inline constexpr std::array category_labels = labels_by_value(stats::jt_category_names);

// difference .. reliable_change; with a cut-off also cutoff (and, for CS_indiv, cs_indiv) and category.
inline constexpr std::array<result_column, 9> change_result_columns{{
    {"difference"}, {"standard_error"}, {"rci"}, {"critical_value"}, {"threshold"},
    {"reliable_change", column_kind::category, change_class_labels}, {"cutoff"}, {"cs_indiv"},
    {"category", column_kind::category, category_labels}}};
inline constexpr std::array<result_column, 8> change_cutoff_result_columns{{
    {"difference"}, {"standard_error"}, {"rci"}, {"critical_value"}, {"threshold"},
    {"reliable_change", column_kind::category, change_class_labels}, {"cutoff"},
    {"category", column_kind::category, category_labels}}};

[[nodiscard]] inline std::span<const result_column> change_columns(const change_settings& settings) {
    if (settings.cs_indiv()) return change_result_columns;
    if (settings.categorised()) return change_cutoff_result_columns;
    return std::span(change_result_columns).first(6);
}

// One pre/post pair's cells, in change_columns' order (a threshold a method does not have: NaN).
inline void change_cells(const change_plan& made, double pre, double post, std::span<double> out) {
    const stats::reliable_change_result result = stats::reliable_change(made.index, pre, post);
    const std::array<double, 6> cells{result.difference, result.standard_error, result.index, result.critical_value,
                                      result.threshold ? *result.threshold : std::nan(""),
                                      static_cast<double>(result.classification)};
    std::copy(cells.begin(), cells.end(), out.begin());
    if (made.cs) {
        const stats::ha_classification ha = stats::categorize(result, *made.cs, made.settings.rule);
        out[6] = made.cs->cutoff();
        out[7] = ha.cs_indiv;
        out[8] = static_cast<double>(ha.category);
    } else if (made.settings.cutoff) {
        out[6] = *made.settings.cutoff;
        out[7] = static_cast<double>(stats::categorize(result, *made.settings.cutoff, made.settings.rule));
    }
}

// The pairs whose pre and post are both numbers.
[[nodiscard]] inline std::vector<stats::score_pair> complete_pairs(std::span<const double> pre,
                                                                   std::span<const double> post) {
    std::vector<stats::score_pair> pairs;
    for (std::size_t i = 0; i < pre.size() && i < post.size(); ++i)
        if (!std::isnan(pre[i]) && !std::isnan(post[i])) pairs.push_back({pre[i], post[i]});
    return pairs;
}

struct change_block_result {
    column_block block;
    change_plan plan;
};

// Every pre/post pair of a block (NaN: missing); names are how the caller calls the two inputs.
[[nodiscard]] inline change_block_result change_block(const change_settings& settings, std::span<const double> pre,
                                                      std::span<const double> post,
                                                      std::array<std::string_view, 2> names = {"pre", "post"}) {
    const std::array<std::span<const double>, 2> inputs{pre, post};
    require_equal_lengths(inputs);
    change_plan made = plan(settings, estimates_from_sample(settings) ? complete_pairs(pre, post)
                                                                      : std::vector<stats::score_pair>{});
    column_block block = map_block(inputs, names, change_columns(settings).size(),
                                   [&](std::span<const double> x, std::span<double> out) {
                                       change_cells(made, x[0], x[1], out);
                                   });
    return {std::move(block), std::move(made)};
}

}  // namespace alliance::table
