// Rupture-repair "V-episodes": a fall in the alliance of at least k standard deviations,
// followed (or not) by a return to the level before the fall.
//
// What the literature fixes, and what it leaves open (docs/tracking.md has the full notes):
// - Stiles et al. (2004, J Couns Psychol 51(1), 81-92) counted a drop of at least 2 SD;
//   Strauss et al. (2006, J Consult Clin Psychol 74(2), 337-345) a drop of at least 1 SD.
//   Both values are as reported by Gumz, Brähler, Geyer & Erices (2012, BMC Med Res Methodol
//   12:10), who recommend reporting both and combining the client's own variability with the
//   between-client variability, taking the stricter (larger) SD; they also describe declines
//   spread over several sessions (up to six) before a repair.
// - Which SD, the reference level the drop is measured from, how many sessions a decline may
//   take, how long a repair may take and what counts as "back" are not stated in the parts of
//   these papers we could read. They are therefore parameters without defaults: a rule with
//   any of them unset is rejected with an error naming the parameter, never filled in silently.
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alliance/tracking/rules.hpp"
#include "alliance/decimal.hpp"
#include "alliance/tracking/series.hpp"
#include "alliance/names.hpp"

namespace alliance::tracking {

// The SD multipliers of the two founding operationalisations (both via Gumz et al. 2012).
inline constexpr double stiles_2004_k = 2.0;
inline constexpr double strauss_2006_k = 1.0;

enum class sd_basis {
    not_set = 0,
    within_client,                    // sample SD (n - 1) of the client's own scores
    external,                         // an SD given by the caller (a between-client or normative SD)
    stricter_of_within_and_external,  // the larger of the two (Gumz et al. 2012)
};

enum class reference_level {
    not_set = 0,
    previous_session,  // the score before the decline began (a "V" in adjacent sessions when
                       // max_decline_sessions = 1)
    running_mean,      // the mean of all the client's earlier scores
    client_mean,       // the mean of all the client's scores
};

enum class repair_target {
    not_set = 0,
    pre_rupture_score,  // the score just before the decline
    reference,          // the reference level the drop was measured from
};

// The words of the rule's choices (the command line writes them with '-' for '_').
inline constexpr std::array sd_basis_names{named{sd_basis::within_client, "within_client"},
                                           named{sd_basis::external, "external"},
                                           named{sd_basis::stricter_of_within_and_external, "stricter"}};
inline constexpr std::array reference_level_names{named{reference_level::previous_session, "previous_session"},
                                                  named{reference_level::running_mean, "running_mean"},
                                                  named{reference_level::client_mean, "client_mean"}};
inline constexpr std::array repair_target_names{named{repair_target::pre_rupture_score, "pre_rupture_score"},
                                                named{repair_target::reference, "reference"}};

struct v_episode_rule {
    std::optional<double> k{};                    // SD multiplier: stiles_2004_k, strauss_2006_k, ...
    sd_basis basis = sd_basis::not_set;
    std::optional<double> external_sd{};          // needed by external and stricter_of_...
    reference_level reference = reference_level::not_set;
    std::optional<int> max_decline_sessions{};    // previous_session only: steps a decline may take
    std::optional<int> repair_window{};           // scored administrations after the trough
    repair_target target = repair_target::not_set;
    std::optional<double> repair_margin{};        // points short of the target still counted as back
    std::optional<int> min_sessions{};            // scored administrations needed to look at all
};

enum class repair_status { repaired, unrepaired, censored };

inline constexpr std::array repair_status_names{
    named{repair_status::repaired, "repaired"},
    named{repair_status::unrepaired, "unrepaired"},
    named{repair_status::censored, "censored"}};
[[nodiscard]] constexpr std::string_view to_string(repair_status status) noexcept { return name_of(repair_status_names, status); }

struct episode {
    int id = 0;                     // 1, 2, ... within the client
    std::size_t onset = 0;          // position (in series::sessions()) of the last score before the fall
    std::size_t rupture = 0;        // position of the lowest point of the fall
    double onset_session = 0;
    double rupture_session = 0;
    double reference = 0;           // level the drop was measured from
    double depth = 0;               // points below the reference at the rupture
    double depth_in_sd = 0;         // depth / the SD used
    int decline_sessions = 0;       // scored administrations from onset to rupture
    repair_status status = repair_status::unrepaired;
    std::optional<std::size_t> repair{};        // position of the repair
    std::optional<double> repair_session{};
    std::optional<int> sessions_to_repair{};    // scored administrations from rupture to repair
};

struct episode_analysis {
    std::vector<episode> episodes;
    std::optional<double> sd{};         // the SD used
    std::optional<double> threshold{};  // k * SD, in points
    // Why the rule could not be applied to this client (too few sessions, scores that never
    // vary with a within-client SD); empty when it was.
    std::string not_evaluated{};
};

namespace detail {

[[noreturn]] inline void rule_not_set(std::string_view parameter, std::string_view hint) {
    throw domain_error("alliance.tracking.parameter_not_set",
                       "v_episode_rule." + std::string(parameter) + " is not set; " + std::string(hint));
}

inline void validate(const v_episode_rule& rule) {
    if (!rule.k) rule_not_set("k", "Stiles et al. (2004) used 2 SD, Strauss et al. (2006) 1 SD");
    if (!(std::isfinite(*rule.k) && *rule.k > 0))
        throw domain_error("alliance.tracking.k_not_positive",
                           "v_episode_rule.k is " + alliance::detail::format_number(*rule.k) + "; it must be > 0");
    if (rule.basis == sd_basis::not_set)
        rule_not_set("basis", "choose within_client, external or stricter_of_within_and_external");
    if (rule.basis != sd_basis::within_client) {
        if (!rule.external_sd) rule_not_set("external_sd", "the chosen SD basis needs a between-client SD");
        stats::detail::require_sd("v_episode_rule.external_sd", *rule.external_sd);
    }
    if (rule.reference == reference_level::not_set)
        rule_not_set("reference", "choose previous_session, running_mean or client_mean");
    if (rule.reference == reference_level::previous_session) {
        if (!rule.max_decline_sessions)
            rule_not_set("max_decline_sessions", "1 allows only a drop between adjacent sessions");
        if (*rule.max_decline_sessions < 1)
            throw domain_error("alliance.tracking.max_decline_sessions",
                               "v_episode_rule.max_decline_sessions must be at least 1");
    }
    if (!rule.repair_window) rule_not_set("repair_window", "how many later sessions may a repair take?");
    if (*rule.repair_window < 1)
        throw domain_error("alliance.tracking.repair_window", "v_episode_rule.repair_window must be at least 1");
    if (rule.target == repair_target::not_set)
        rule_not_set("target", "choose pre_rupture_score or reference");
    if (!rule.repair_margin) rule_not_set("repair_margin", "0 requires a full return to the target");
    if (!(std::isfinite(*rule.repair_margin) && *rule.repair_margin >= 0))
        throw domain_error("alliance.tracking.repair_margin", "v_episode_rule.repair_margin must be >= 0");
    if (!rule.min_sessions) rule_not_set("min_sessions", "fewest scored sessions to look for episodes in");
}

// Looks for the repair of an episode whose lowest point is at scored index `trough`.
inline void find_repair(episode& found, const std::vector<double>& y, const std::vector<std::size_t>& position,
                        const series& client, std::size_t trough, double target, const v_episode_rule& rule) {
    const auto window = static_cast<std::size_t>(*rule.repair_window);
    for (std::size_t u = trough + 1; u < y.size() && u <= trough + window; ++u) {
        // y[u] >= target - margin, on the exact decimals (alliance/decimal.hpp).
        if (exact_difference(y[u], target) >= -*rule.repair_margin) {
            found.status = repair_status::repaired;
            found.repair = position[u];
            found.repair_session = client.sessions()[position[u]].session;
            found.sessions_to_repair = static_cast<int>(u - trough);
            return;
        }
    }
    found.status = trough + window >= y.size() ? repair_status::censored : repair_status::unrepaired;
}

// The SD the threshold is k times: the client's own (n - 1 denominator, around `mean`), the
// external one, or the larger of the two.
[[nodiscard]] inline double episode_sd(const std::vector<double>& y, double mean, const v_episode_rule& rule) {
    double squares = 0;
    for (const double v : y) squares += (v - mean) * (v - mean);
    const double within = std::sqrt(squares / static_cast<double>(y.size() - 1));
    if (rule.basis == sd_basis::external) return *rule.external_sd;
    if (rule.basis == sd_basis::stricter_of_within_and_external) return std::max(within, *rule.external_sd);
    return within;
}

// Reference previous_session: a decline is a run of strictly falling scores; a run longer than
// `longest` steps is judged by its steepest stretch of `longest` steps. Calls
// record(onset, trough, reference, pre_rupture) for every decline of at least `threshold`.
template <class Record>
void find_declines(const std::vector<double>& y, double threshold, std::size_t longest, Record&& record) {
    const std::size_t m = y.size();
    std::size_t i = 1;
    while (i < m) {
        if (!(y[i] < y[i - 1])) {
            ++i;
            continue;
        }
        const std::size_t start = i - 1;
        std::size_t end = i;
        while (end + 1 < m && y[end + 1] < y[end]) ++end;
        std::size_t onset = start;
        std::size_t trough = end;
        if (end - start > longest) {
            trough = start + longest;
            for (std::size_t a = start; a + longest <= end; ++a)
                if (exact_difference(y[a], y[a + longest]) > exact_difference(y[onset], y[trough])) {
                    onset = a;
                    trough = a + longest;
                }
        }
        // Depths are differences of decimal scores, taken exactly: a fall of exactly k SD counts.
        const double depth = exact_difference(y[onset], y[trough]);
        if (depth > 0 && depth >= threshold) record(onset, trough, y[onset], y[onset]);
        i = end + 1;
    }
}

// Mean references (running_mean, client_mean): every score at least `threshold` below the
// reference is part of a rupture; consecutive such scores are one episode, its rupture at the
// lowest of them. The reference is the double nearest the exact mean; the depth below it is
// taken on the decimals of the two numbers, so a score exactly k SD below the reference counts.
template <class Record>
void find_ruptures_below_mean(const std::vector<double>& y, double client_mean, reference_level level,
                              double threshold, Record&& record) {
    const std::size_t m = y.size();
    const auto reference_at = [&](const decimal_sum& earlier) {
        return level == reference_level::client_mean ? client_mean : earlier.mean();
    };
    const auto ruptured = [&](double reference, double score) {
        const double depth = exact_difference(reference, score);
        return depth > 0 && depth >= threshold;
    };
    decimal_sum earlier;  // y[0 .. i - 1]
    earlier.add(y[0]);
    std::size_t i = 1;
    while (i < m) {
        const double reference = reference_at(earlier);
        if (!ruptured(reference, y[i])) {
            earlier.add(y[i++]);
            continue;
        }
        std::size_t trough = i;
        std::size_t end = i;
        earlier.add(y[i]);
        while (end + 1 < m && ruptured(reference_at(earlier), y[end + 1])) {
            earlier.add(y[++end]);
            if (y[end] < y[trough]) trough = end;
        }
        record(i - 1, trough, reference, y[i - 1]);
        i = end + 1;
    }
}

}  // namespace detail

// Finds every episode in the client's series. Scores are read in the "higher is better" sense
// (a series whose lower scores are better is mirrored first), so a rupture is always a fall.
[[nodiscard]] inline episode_analysis find_episodes(const series& client, const v_episode_rule& rule) {
    detail::validate(rule);
    episode_analysis analysis;
    const std::vector<std::size_t> position = client.scored_positions();
    const double sign = detail::orientation(client.better());
    std::vector<double> y;
    for (const std::size_t p : position) y.push_back(sign * *client.sessions()[p].score);
    const std::size_t m = y.size();

    if (m < static_cast<std::size_t>(std::max(*rule.min_sessions, 2))) {
        analysis.not_evaluated = std::to_string(m) + " scored sessions, fewer than the " +
                                 std::to_string(std::max(*rule.min_sessions, 2)) + " the rule needs";
        return analysis;
    }

    decimal_sum all_scores;
    for (const double v : y) all_scores.add(v);
    const double mean = all_scores.mean();  // the double nearest the exact mean of the scores
    const double sd = detail::episode_sd(y, mean, rule);
    if (!(sd > 0)) {
        analysis.not_evaluated = "the client's scores do not vary (within-client SD 0)";
        return analysis;
    }
    analysis.sd = sd;
    const double threshold = *rule.k * sd;
    analysis.threshold = threshold;

    const auto record = [&](std::size_t onset, std::size_t trough, double reference, double pre_rupture) {
        episode found;
        found.id = static_cast<int>(analysis.episodes.size()) + 1;
        found.onset = position[onset];
        found.rupture = position[trough];
        found.onset_session = client.sessions()[position[onset]].session;
        found.rupture_session = client.sessions()[position[trough]].session;
        found.reference = sign * reference;
        found.depth = exact_difference(reference, y[trough]);
        found.depth_in_sd = found.depth / sd;
        found.decline_sessions = static_cast<int>(trough - onset);
        const double target = rule.target == repair_target::pre_rupture_score ? pre_rupture : reference;
        detail::find_repair(found, y, position, client, trough, target, rule);
        analysis.episodes.push_back(found);
    };
    if (rule.reference == reference_level::previous_session)
        detail::find_declines(y, threshold, static_cast<std::size_t>(*rule.max_decline_sessions), record);
    else
        detail::find_ruptures_below_mean(y, mean, rule.reference, threshold, record);
    return analysis;
}

// McLaughlin et al. (2014) and Larsson et al. (2016) sort clients into three groups: no
// rupture, repaired rupture, unrepaired rupture. How they classed a client with several
// episodes was not in what we could read, so the caller chooses.
enum class client_pattern { not_evaluated, no_rupture, repaired, unrepaired, pending };
enum class pattern_rule {
    not_set = 0,
    any_unrepaired,  // one unrepaired episode makes the client "unrepaired"
    last_episode,    // the client's last episode decides
};
inline constexpr std::array pattern_rule_names{named{pattern_rule::any_unrepaired, "any_unrepaired"},
                                               named{pattern_rule::last_episode, "last_episode"}};

inline constexpr std::array client_pattern_names{
    named{client_pattern::not_evaluated, "not_evaluated"},
    named{client_pattern::no_rupture, "no_rupture"},
    named{client_pattern::repaired, "repaired"},
    named{client_pattern::unrepaired, "unrepaired"},
    named{client_pattern::pending, "pending"}};
[[nodiscard]] constexpr std::string_view to_string(client_pattern pattern) noexcept { return name_of(client_pattern_names, pattern); }

[[nodiscard]] inline client_pattern classify(const episode_analysis& analysis, pattern_rule rule) {
    if (rule == pattern_rule::not_set)
        throw domain_error("alliance.tracking.parameter_not_set",
                           "pattern_rule is not set; choose any_unrepaired or last_episode");
    if (!analysis.not_evaluated.empty()) return client_pattern::not_evaluated;
    if (analysis.episodes.empty()) return client_pattern::no_rupture;
    const auto pattern_of = [](repair_status status) {
        switch (status) {
            case repair_status::repaired: return client_pattern::repaired;
            case repair_status::unrepaired: return client_pattern::unrepaired;
            case repair_status::censored: return client_pattern::pending;
        }
        return client_pattern::pending;
    };
    if (rule == pattern_rule::last_episode) return pattern_of(analysis.episodes.back().status);
    bool pending = false;
    for (const episode& e : analysis.episodes) {
        if (e.status == repair_status::unrepaired) return client_pattern::unrepaired;
        pending = pending || e.status == repair_status::censored;
    }
    return pending ? client_pattern::pending : client_pattern::repaired;
}

}  // namespace alliance::tracking
