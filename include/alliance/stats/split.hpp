// Split alliances: how far apart the members of one system - a couple, a family, a client and
// a therapist - rate the same alliance. Descriptive statistics only, as the literature uses
// them; no cut-off for "split" has been published for any self-report scale, so none is built in.
//
// Per unit (one system at one session):
//   - the members' scores, their mean, SD (n - 1 denominator), minimum, maximum and range;
//     within-system SD and the discrepancy between partners: Bartle-Haring, Glebova, Gangamma,
//     Grafsky & Ostrom Delaney (2012), "Alliance and termination status in couple therapy: A
//     comparison of methods for assessing discrepancies", Psychotherapy Research 22(5), 502-514
//     (issue, pages and date as the Syracuse University record lists them); split family
//     alliances as within-family differences: Muñiz de la Peña, Friedlander & Escudero (2009),
//     "Frequency, severity, and evolution of split family alliances: How observable are they?",
//     Psychotherapy Research; Escudero et al. (2022), Family Process 61(1), 167-182.
//   - for two members, the signed difference first - second and its absolute value. The sign is
//     kept because its direction matters: Knobloch-Fedders, Pinsof & Mann (2007), "Therapeutic
//     alliance and treatment progress in couple psychotherapy", Journal of Marital and Family
//     Therapy 33(2), 245-257 (abstract), found better progress when men's alliance was
//     stronger than their partners'. |first - second| is a plain descriptive statistic, not a
//     published index.
// Across units of equal size: ICC(1) of members within units (one-way random effects, single
// measure; Shrout & Fleiss 1979, case 1; Bartle-Haring et al. 2012 use the ICC as a split
// index), with its F test and confidence interval, computed by alliance/stats/agreement.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/decimal.hpp"
#include "alliance/stats/agreement.hpp"
#include "alliance/stats/descriptive.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/interval.hpp"
#include "alliance/stats/item_matrix.hpp"

namespace alliance::stats {

// One member's score in a unit: "client", "therapist", "mother", "partner A", ...
struct member_score {
    std::string member;
    double score = 0;
};

// The two members of a two-member unit, in the order the signed difference uses.
struct member_pair {
    std::string first;
    std::string second;
    double first_score = 0;
    double second_score = 0;
    double difference = 0;      // first_score - second_score
    double abs_difference = 0;  // |first_score - second_score|
};

struct unit_split {
    std::size_t members = 0;
    double mean = 0;
    double sd = 0;  // n - 1 denominator
    double min = 0;
    double max = 0;
    double range = 0;                   // max - min
    std::optional<member_pair> pair{};  // two-member units only
};

// Which member of a pair is "first". Empty labels: the two members ordered by label (byte-wise),
// so the sign does not depend on the input order. Given labels: a two-member unit must consist
// of exactly these two members.
struct pair_order {
    std::string_view first{};
    std::string_view second{};
};

namespace detail {

[[nodiscard]] inline std::string quote_label(std::string_view text) {
    return "'" + std::string(text) + "'";
}

// Sorting the positions by label finds a repeated label in O(n log n); the repeat named is the
// one that comes first in the unit.
inline void require_distinct_members(std::span<const member_score> members) {
    std::vector<std::size_t> order(members.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::ranges::stable_sort(order, {}, [&](std::size_t i) -> const std::string& { return members[i].member; });
    std::optional<std::pair<std::size_t, std::size_t>> repeat;  // (first occurrence, repeat)
    for (std::size_t k = 1, first = order.empty() ? 0 : order[0]; k < order.size(); ++k) {
        if (members[order[k]].member != members[order[k - 1]].member) {
            first = order[k];  // a new label's first occurrence: stable sort keeps unit order
            continue;
        }
        if (!repeat || order[k] < repeat->second) repeat = std::pair{first, order[k]};
    }
    if (repeat)
        fail("alliance.split.duplicate_member",
             "unit: member " + quote_label(members[repeat->second].member) + " is listed twice (scores " +
                 quote(members[repeat->first].score) + " and " + quote(members[repeat->second].score) + ")");
}

[[nodiscard]] inline member_pair make_pair(std::span<const member_score> members, pair_order order) {
    std::size_t first = 0, second = 1;
    if (order.first.empty() && order.second.empty()) {
        if (members[1].member < members[0].member) std::swap(first, second);
    } else {
        if (members[0].member == order.second && members[1].member == order.first)
            std::swap(first, second);
        else if (!(members[0].member == order.first && members[1].member == order.second))
            fail("alliance.split.pair_labels", "unit: the two members are " + quote_label(members[0].member) +
                                                   " and " + quote_label(members[1].member) + ", not " +
                                                   quote_label(order.first) + " (first) and " +
                                                   quote_label(order.second) + " (second)");
    }
    member_pair pair;
    pair.first = members[first].member;
    pair.second = members[second].member;
    pair.first_score = members[first].score;
    pair.second_score = members[second].score;
    pair.difference = exact_difference(pair.first_score, pair.second_score);  // on the exact decimals
    pair.abs_difference = std::fabs(pair.difference);
    return pair;
}

}  // namespace detail

// The split within one unit. Needs at least two members, distinct labels and finite scores;
// otherwise throws domain_error (ids alliance.split.too_few_members, .duplicate_member,
// .pair_labels, alliance.stats.not_finite).
[[nodiscard]] inline unit_split describe_split(std::span<const member_score> members, pair_order order = {}) {
    if (members.size() < 2)
        detail::fail("alliance.split.too_few_members",
                     "unit: " + std::to_string(members.size()) + " member" +
                         (members.size() == 1 ? "" : "s") +
                         "; a split needs at least two members rating the same alliance");
    for (const member_score& m : members)
        detail::require_finite("unit: the score of " + detail::quote_label(m.member), m.score);
    detail::require_distinct_members(members);

    const auto at = [&](std::size_t i) { return members[i].score; };
    unit_split out;
    out.members = members.size();
    out.mean = detail::checked_mean("unit scores", members.size(), at);  // names an overflow
    decimal_sum exact;  // the double nearest the exact mean of decimal scores
    for (const member_score& m : members) exact.add(m.score);
    out.mean = exact.mean();
    out.sd = std::sqrt(detail::checked_variance("unit scores", members.size(), at));
    const auto [low, high] = std::ranges::minmax_element(members, {}, &member_score::score);
    out.min = low->score;
    out.max = high->score;
    out.range = exact_difference(out.max, out.min);
    if (members.size() == 2) out.pair = detail::make_pair(members, order);
    return out;
}

// ICC(1) of members within units, with its F test (BMS / WMS on n - 1 and n (k - 1) df) and
// confidence interval, as psych ICC() reports "ICC1".
struct split_icc {
    std::size_t units = 0;             // n
    std::size_t members_per_unit = 0;  // k
    double confidence = 0;
    icc_estimate icc1{};
};

// Adds units one at a time, so that a file of any length needs memory for one unit only: the
// unit means go through Welford's running mean and sum of squares, the within-unit sums of
// squares are summed. Every unit must have the same number of members (>= 2).
class split_icc_accumulator {
public:
    void add(std::span<const double> scores) {
        if (scores.size() < 2)
            detail::fail("alliance.split.too_few_members",
                         "ICC(1): a unit has " + std::to_string(scores.size()) + " member" +
                             (scores.size() == 1 ? "" : "s") + "; at least two are needed");
        if (units_ > 0 && scores.size() != k_)
            detail::fail("alliance.split.unequal_units",
                         "ICC(1): units differ in size (" + std::to_string(k_) + " and " +
                             std::to_string(scores.size()) +
                             " members); ICC(1) is computed here for units of equal size only");
        const auto at = [&](std::size_t i) { return scores[i]; };
        const double mean = detail::checked_mean("ICC(1): unit scores", scores.size(), at);
        within_ss_ += detail::sum_of_squares(scores.size(), mean, at);
        k_ = scores.size();
        ++units_;
        const double delta = mean - mean_of_means_;
        mean_of_means_ += delta / static_cast<double>(units_);
        means_ss_ += delta * (mean - mean_of_means_);
    }

    [[nodiscard]] std::size_t units() const noexcept { return units_; }
    [[nodiscard]] std::size_t members_per_unit() const noexcept { return k_; }

    // Needs two units or more and some variation within units (when every unit's members agree
    // exactly, ICC(1) would be 1 but its F test and interval are undefined).
    [[nodiscard]] split_icc result(double confidence = 0.95) const {
        detail::require_confidence("confidence", confidence);
        if (units_ < 2)
            detail::fail("alliance.stats.too_few_observations", "ICC(1): " + std::to_string(units_) +
                                                                    " unit" + (units_ == 1 ? "" : "s") +
                                                                    "; at least two are needed");
        const double n = static_cast<double>(units_), k = static_cast<double>(k_);
        const double bms = k * means_ss_ / (n - 1.0);
        const double wms = within_ss_ / (n * (k - 1.0));
        if (!(wms > 0.0))
            detail::fail("alliance.stats.zero_variance",
                         "ICC(1): the members of every unit agree exactly (within-unit mean square 0); the F "
                         "test and the interval are undefined");
        if (!(bms > 0.0))
            detail::fail("alliance.stats.zero_variance",
                         "ICC(1): every unit has the same mean (between-unit mean square 0); the F test and "
                         "the interval are undefined");
        split_icc out;
        out.units = units_;
        out.members_per_unit = k_;
        out.confidence = confidence;
        out.icc1 = detail::one_way_icc(bms, wms, units_, k_, confidence).single;
        if (!std::isfinite(out.icc1.value) || !std::isfinite(out.icc1.ci.lower) ||
            !std::isfinite(out.icc1.ci.upper))
            detail::fail("alliance.stats.numerical_failure",
                         "ICC(1) or its interval is not finite for these units");
        return out;
    }

private:
    std::size_t units_ = 0;
    std::size_t k_ = 0;
    double mean_of_means_ = 0;
    double means_ss_ = 0;   // sum of squared deviations of the unit means from their mean
    double within_ss_ = 0;  // sum over units of squared deviations from the unit mean
};

// Rows are units, columns members (in any order: ICC(1) does not depend on it).
[[nodiscard]] inline split_icc split_agreement(const item_matrix& units, double confidence = 0.95) {
    detail::require_item_matrix(units, "units", "unit", "member");
    split_icc_accumulator accumulator;
    std::vector<double> row(units.columns());
    for (std::size_t i = 0; i < units.rows(); ++i) {
        for (std::size_t j = 0; j < units.columns(); ++j) row[j] = units(i, j);
        accumulator.add(row);
    }
    return accumulator.result(confidence);
}

}  // namespace alliance::stats
