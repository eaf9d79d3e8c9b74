// One client's administrations of an alliance measure, in session order, and what can be said
// of them without any detection rule: change from the previous score and from the client's
// running mean, and a per-client summary (mean, least-squares slope, first and last score).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "alliance/decimal.hpp"
#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/stats/direction.hpp"

namespace alliance::tracking {

using stats::direction;

struct administration {
    // Orders the series: a session number, or days since any fixed date.
    double session = 0;
    // The scale's score; empty when the measure was not given or the scale was insufficient.
    std::optional<double> score{};
};

class series {
public:
    // Sorts by session. Throws domain_error for two administrations with the same session,
    // or a session or score that is not finite. `better` has no default: a drop in the
    // alliance is a fall, a "drop" on a symptom measure is a rise.
    series(std::string client, std::vector<administration> sessions, direction better)
        : client_(std::move(client)), sessions_(std::move(sessions)), better_(better) {
        stats::detail::require_direction(better_);
        std::stable_sort(sessions_.begin(), sessions_.end(),
                         [](const administration& a, const administration& b) { return a.session < b.session; });
        for (std::size_t i = 0; i < sessions_.size(); ++i) {
            const administration& a = sessions_[i];
            if (!std::isfinite(a.session))
                fail("alliance.tracking.session_not_finite",
                     "session " + alliance::detail::format_number(a.session) + " is not a finite number");
            if (a.score && !std::isfinite(*a.score))
                fail("alliance.tracking.score_not_finite",
                     "session " + alliance::detail::format_number(a.session) + ": score " +
                         alliance::detail::format_number(*a.score) + " is not a finite number");
            if (i > 0 && sessions_[i - 1].session == a.session)
                fail("alliance.tracking.duplicate_session",
                     "session " + alliance::detail::format_number(a.session) + " appears twice");
        }
    }

    [[nodiscard]] const std::string& client() const noexcept { return client_; }
    [[nodiscard]] std::span<const administration> sessions() const& noexcept { return sessions_; }
    // On a temporary series the view would dangle at once.
    void sessions() const&& = delete;
    [[nodiscard]] std::size_t size() const noexcept { return sessions_.size(); }
    [[nodiscard]] direction better() const noexcept { return better_; }

    // Positions (into sessions()) of the administrations that have a score.
    [[nodiscard]] std::vector<std::size_t> scored_positions() const {
        std::vector<std::size_t> positions;
        for (std::size_t i = 0; i < sessions_.size(); ++i)
            if (sessions_[i].score) positions.push_back(i);
        return positions;
    }

private:
    [[noreturn]] void fail(std::string_view id, const std::string& what) const {
        throw domain_error(id, "client '" + client_ + "', " + what);
    }

    std::string client_;
    std::vector<administration> sessions_;
    direction better_;
};

// Change at one administration. Both are empty for an administration without a score, and for
// the first scored one.
struct session_change {
    std::optional<double> from_previous{};      // score - the previous score
    std::optional<double> from_running_mean{};  // score - mean of all earlier scores
};

// One entry per administration, in session order. Unscored administrations are skipped over:
// "previous" is the last administration that has a score.
// Both are taken on the decimals the scores stand for and rounded once (alliance/decimal.hpp):
// 39.2 after 38.8 is a change of 0.4, not 0.4000000000000057.
[[nodiscard]] inline std::vector<session_change> changes(const series& client) {
    std::vector<session_change> result(client.size());
    decimal_sum running;
    std::optional<double> previous;
    const auto sessions = client.sessions();
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        if (!sessions[i].score) continue;
        const double y = *sessions[i].score;
        if (previous) {
            result[i].from_previous = exact_difference(y, *previous);
            result[i].from_running_mean = running.difference_from_mean(y);
        }
        previous = y;
        running.add(y);
    }
    return result;
}

struct series_summary {
    std::size_t sessions = 0;  // administrations
    std::size_t scored = 0;    // administrations with a score
    std::optional<double> mean{};
    // Ordinary least-squares slope of score on session, in points per session unit; empty
    // with fewer than two scored administrations.
    std::optional<double> slope{};
    std::optional<double> first{};
    std::optional<double> last{};
};

[[nodiscard]] inline series_summary summarize(const series& client) {
    series_summary summary;
    summary.sessions = client.size();
    double sum_x = 0;
    decimal_sum sum_y;  // the mean of decimal scores is the double nearest the exact mean
    for (const administration& a : client.sessions()) {
        if (!a.score) continue;
        if (!summary.first) summary.first = a.score;
        summary.last = a.score;
        sum_x += a.session;
        sum_y.add(*a.score);
        ++summary.scored;
    }
    if (summary.scored == 0) return summary;
    const double n = static_cast<double>(summary.scored);
    summary.mean = sum_y.mean();
    if (summary.scored >= 2) {
        // Centred sums: numerically stable for session numbers and for day counts alike.
        const double mean_x = sum_x / n;
        double sxx = 0, sxy = 0;
        for (const administration& a : client.sessions()) {
            if (!a.score) continue;
            sxx += (a.session - mean_x) * (a.session - mean_x);
            sxy += (a.session - mean_x) * (*a.score - *summary.mean);
        }
        if (sxx > 0) summary.slope = sxy / sxx;
    }
    return summary;
}

}  // namespace alliance::tracking
