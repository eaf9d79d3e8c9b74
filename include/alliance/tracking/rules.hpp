// Session-to-session alerts on one client's series: each rule is a named value whose
// parameters carry their published values where a source gives one, and must be stated by the
// caller where the sources leave them open. docs/tracking.md gives the sources in full.
//
//  below_cutoff    the score is on the flagged side of a published cut-off
//                  (SRS total < 36: OpenFIT knowledge base KA-01028 and dashboard alert table).
//  drop_alert      the score fell by at least `min_drop` points since the previous score
//                  (OpenFIT dashboard: "SRSChangeFromLast <= -1", i.e. min_drop = 1).
//  reliable_drop   the fall from the previous score is reliable change (Jacobson & Truax 1991)
//                  for the given SD and reliability.
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "alliance/cutoff.hpp"
#include "alliance/stats/reliable_change.hpp"
#include "alliance/tracking/series.hpp"
#include "alliance/names.hpp"

namespace alliance::tracking {

// Which earlier score a drop is measured from. OpenFIT compares with "the last session"
// without saying what happens when that session has no score, so the caller chooses.
enum class previous_policy {
    not_set = 0,
    last_scored,            // the most recent administration that has a score
    immediately_preceding,  // only session - 1, and only if it has a score
};
inline constexpr std::array previous_policy_names{named{previous_policy::last_scored, "last_scored"},
                                                  named{previous_policy::immediately_preceding, "immediately_preceding"}};

struct below_cutoff {
    alliance::cutoff rule;
};

struct drop_alert {
    double min_drop = 0;  // points; must be > 0
    previous_policy previous = previous_policy::not_set;
};

// The PCOMS/OpenFIT SRS drop alert: a fall of 1 point or more from the last session
// (OpenFIT "Overview of the home page dashboard alerts": SRSChangeFromLast <= -1).
[[nodiscard]] constexpr drop_alert openfit_srs_drop_alert(previous_policy previous) noexcept {
    return {1.0, previous};
}

struct reliable_drop {
    double sd = 0;           // SD of the scale in a reference sample
    double reliability = 0;  // its reliability, (0, 1]
    // Stated by the caller: critical_value::literal(1.96) (Jacobson & Truax 1991), or
    // critical_value::from_confidence(0.95) from alliance/stats/normal_quantile.hpp (Boost.Math).
    stats::critical_value critical;
    previous_policy previous = previous_policy::not_set;
};

namespace detail {

// +1 / -1: multiply a score by this and "worse" is always "lower".
[[nodiscard]] inline double orientation(direction better) noexcept { return stats::sign(better); }

[[nodiscard]] inline std::optional<std::size_t> previous_position(const series& client, std::size_t position,
                                                                  previous_policy policy) {
    const auto sessions = client.sessions();
    switch (policy) {
        case previous_policy::last_scored:
            for (std::size_t i = position; i-- > 0;)
                if (sessions[i].score) return i;
            return std::nullopt;
        case previous_policy::immediately_preceding:
            if (position == 0) return std::nullopt;
            if (sessions[position - 1].session == sessions[position].session - 1 && sessions[position - 1].score)
                return position - 1;
            return std::nullopt;
        case previous_policy::not_set: break;
    }
    throw domain_error("alliance.tracking.previous_policy_not_set",
                       "the rule's previous-score policy is not set: choose last_scored or immediately_preceding");
}

}  // namespace detail

// One entry per administration: whether the rule fires there (never where there is no score).
[[nodiscard]] inline std::vector<bool> evaluate(const series& client, const below_cutoff& rule) {
    std::vector<bool> fired(client.size(), false);
    const auto sessions = client.sessions();
    for (std::size_t i = 0; i < sessions.size(); ++i)
        fired[i] = sessions[i].score && flags(rule.rule, *sessions[i].score);
    return fired;
}

[[nodiscard]] inline std::vector<bool> evaluate(const series& client, const drop_alert& rule) {
    if (!(rule.min_drop > 0) || !std::isfinite(rule.min_drop))
        throw domain_error("alliance.tracking.min_drop_not_positive",
                           "drop_alert.min_drop is " + alliance::detail::format_number(rule.min_drop) +
                               "; it must be a positive number of points");
    std::vector<bool> fired(client.size(), false);
    const auto sessions = client.sessions();
    const double sign = detail::orientation(client.better());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        if (!sessions[i].score) continue;
        const auto before = detail::previous_position(client, i, rule.previous);
        if (!before) continue;
        // On the exact decimals: in binary 32.3 - 31.3 is 0.9999999999999964, short of a
        // 1-point drop that the scores show (alliance/decimal.hpp).
        const double drop = sign * exact_difference(*sessions[*before].score, *sessions[i].score);
        fired[i] = drop > 0 && drop >= rule.min_drop;
    }
    return fired;
}

[[nodiscard]] inline std::vector<bool> evaluate(const series& client, const reliable_drop& rule) {
    // Jacobson & Truax (1991): the fall is reliable when (post - pre) / S_diff is beyond the
    // critical value in the worse direction, S_diff = SD * sqrt(2 (1 - r)).
    const stats::reliable_change_index index(stats::rc_method::jacobson_truax,
                                             {.sd_pre = rule.sd, .reliability = rule.reliability},
                                             client.better(), rule.critical);
    std::vector<bool> fired(client.size(), false);
    const auto sessions = client.sessions();
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        if (!sessions[i].score) continue;
        const auto before = detail::previous_position(client, i, rule.previous);
        if (!before) continue;
        fired[i] = stats::reliable_change(index, *sessions[*before].score, *sessions[i].score).classification ==
                   stats::change_class::deteriorated;
    }
    return fired;
}

}  // namespace alliance::tracking
