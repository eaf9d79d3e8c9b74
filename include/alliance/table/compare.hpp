// `alliance compare` / normative_compare as columns: which columns each form of the request
// writes and the cells of one row, for the command line, Python and R alike. Nothing here is new
// arithmetic: each cell is a library statistic whose source its header cites (stats/norm.hpp,
// single_case.hpp, bayesian_single_case.hpp, equivalence.hpp). Stats tier (Boost.Math).
//
//   compare         z, T, percentile; with the norm's n, Crawford & Howell's (1998) t-test and
//                   Crawford & Garthwaite's (2002) intervals
//   bayesian        Crawford & Garthwaite's (2007) Bayesian test for a deficit
//   dissociation    two tasks: the Bayesian standardised difference test (Crawford & Garthwaite 2007)
//   equivalence     treated groups against a normative group (Kendall et al. 1999)
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/norms.hpp"
#include "alliance/stats/bayesian_single_case.hpp"
#include "alliance/stats/equivalence.hpp"
#include "alliance/stats/norm.hpp"
#include "alliance/stats/single_case.hpp"
#include "alliance/table/block.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// ---------------------------------------------------------------------------------------------
// compare

struct compare_request {
    alliance::norm reference;  // mean, sd and, for the single-case methods, n
    double confidence = 0.95;  // of the Crawford & Garthwaite intervals
};

inline constexpr std::array<result_column, 13> compare_result_columns{{
    {"z"}, {"t_score"}, {"percentile"}, {"t"}, {"df"}, {"p_one_tailed"}, {"p_two_tailed"}, {"percent_below"},
    {"percent_below_lower"}, {"percent_below_upper"}, {"z_cc"}, {"z_cc_lower"}, {"z_cc_upper"}}};

// Without n only z, T and percentile: the single-case methods need the sample's size.
[[nodiscard]] inline std::span<const result_column> compare_columns(const compare_request& request) {
    return std::span(compare_result_columns).first(request.reference.n ? 13 : 3);
}

// One score's cells, in compare_columns' order.
inline void compare_cells(const compare_request& request, double score, std::span<double> out) {
    const stats::standard_scores standard = stats::compare(request.reference, score);
    out[0] = standard.z;
    out[1] = standard.t;
    out[2] = standard.percentile;
    if (!request.reference.n) return;
    const stats::case_test test = stats::crawford_howell(request.reference, score);
    const stats::case_interval interval = stats::crawford_garthwaite(request.reference, score, request.confidence);
    // One-tailed in the direction in which the case lies from the mean.
    const std::array<double, 10> rest{test.t, test.df, test.t < 0 ? test.p_lower : test.p_upper, test.p_two_tailed,
                                      test.percent_below, interval.percent_below.lower,
                                      interval.percent_below.upper, test.z_cc, interval.z_cc_interval.lower,
                                      interval.z_cc_interval.upper};
    for (std::size_t c = 0; c < rest.size(); ++c) out[3 + c] = rest[c];
}

// The request's norm and confidence go through the library's checks once, before any row.
inline void check(const compare_request& request) {
    (void)stats::compare(request.reference, request.reference.mean);
    if (request.reference.n)
        (void)stats::crawford_garthwaite(request.reference, request.reference.mean, request.confidence);
}

// Every score of a block. The cells depend on the score alone, and scores repeat (sums of
// answers take few values), while Crawford & Garthwaite's interval inverts a noncentral t for
// each: so each distinct score is computed once. Up to max_remembered distinct scores are kept.
[[nodiscard]] inline column_block compare_block(std::span<const double> scores, const compare_request& request,
                                               std::string_view name = "score") {
    check(request);
    constexpr std::size_t max_remembered = std::size_t{1} << 16;
    const std::size_t columns = compare_columns(request).size();
    std::unordered_map<std::uint64_t, std::vector<double>> remembered;
    const std::array<std::span<const double>, 1> inputs{scores};
    const std::array<std::string_view, 1> names{name};
    return map_block(inputs, names, columns, [&](std::span<const double> x, std::span<double> out) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &x[0], sizeof bits);  // the exact value: -0.0 and 0.0 apart, harmlessly
        if (const auto found = remembered.find(bits); found != remembered.end()) {
            std::copy(found->second.begin(), found->second.end(), out.begin());
            return;
        }
        compare_cells(request, x[0], out);
        if (remembered.size() < max_remembered) remembered.emplace(bits, std::vector<double>(out.begin(), out.end()));
    });
}

// ---------------------------------------------------------------------------------------------
// compare --bayesian, and two tasks (--score-b)

struct bayesian_request {
    alliance::norm reference;  // with n
    stats::monte_carlo draws{};
    double confidence = 0.95;
};

inline constexpr std::array<result_column, 12> bayesian_result_columns{{
    {"z"}, {"t_score"}, {"percentile"}, {"p_one_tailed"}, {"p_two_tailed"}, {"percent_below"},
    {"percent_below_lower"}, {"percent_below_upper"}, {"z_cc"}, {"z_cc_lower"}, {"z_cc_upper"},
    {"mc_standard_error"}}};

namespace detail {
// One-tailed in the direction in which the case lies from the mean, as for the t test.
[[nodiscard]] inline double one_tailed(const stats::bayesian_case_result& r) { return r.z_cc < 0 ? r.p_lower : r.p_upper; }
}  // namespace detail

inline void bayesian_cells(const bayesian_request& request, double score, std::span<double> out) {
    const stats::standard_scores standard = stats::compare(request.reference, score);
    const stats::bayesian_case_result b =
        stats::bayesian_deficit_test(request.reference, score, request.draws, request.confidence);
    const std::array<double, 12> cells{standard.z, standard.t, standard.percentile, detail::one_tailed(b),
                                       b.p_two_tailed, b.percent_below, b.percent_below_interval.lower,
                                       b.percent_below_interval.upper, b.z_cc, b.z_interval.lower,
                                       b.z_interval.upper, b.p_standard_error};
    std::copy(cells.begin(), cells.end(), out.begin());
}

struct dissociation_request {
    bayesian_request task_a;  // its norm, draws and confidence serve both tasks
    alliance::norm task_b;    // mean and sd of the second task; n is task_a's
    double correlation = 0;
    stats::bsdt_prior prior = stats::bsdt_prior::standard;
    stats::bsdt_effect effect = stats::bsdt_effect::standardised;
};

inline constexpr std::array<result_column, 13> dissociation_result_columns{{
    {"z_a"}, {"z_b"}, {"btd_p_a"}, {"btd_p_b"}, {"z_dcc"}, {"p_one_tailed"}, {"p_two_tailed"}, {"percent_below"},
    {"percent_below_lower"}, {"percent_below_upper"}, {"z_dcc_lower"}, {"z_dcc_upper"}, {"mc_standard_error"}}};

inline void dissociation_cells(const dissociation_request& request, double a, double b, std::span<double> out) {
    const bayesian_request& r = request.task_a;
    const stats::bayesian_case_result d = stats::bayesian_standardized_difference_test(
        r.reference, request.task_b, request.correlation, a, b, r.draws, request.prior, request.effect, r.confidence);
    const stats::bayesian_case_result deficit_a = stats::bayesian_deficit_test(r.reference, a, r.draws, r.confidence);
    const stats::bayesian_case_result deficit_b = stats::bayesian_deficit_test(request.task_b, b, r.draws, r.confidence);
    const std::array<double, 13> cells{deficit_a.z_cc, deficit_b.z_cc, detail::one_tailed(deficit_a),
                                       detail::one_tailed(deficit_b), d.z_cc, detail::one_tailed(d), d.p_two_tailed,
                                       d.percent_below, d.percent_below_interval.lower,
                                       d.percent_below_interval.upper, d.z_interval.lower, d.z_interval.upper,
                                       d.p_standard_error};
    std::copy(cells.begin(), cells.end(), out.begin());
}

// The norms, correlation and Monte Carlo settings go through the library's checks once, before
// any row, with the fewest draws so that this costs nothing.
inline void check(const bayesian_request& request) {
    stats::monte_carlo quick = request.draws;
    quick.draws = stats::minimum_draws;
    (void)stats::bayesian_deficit_test(request.reference, request.reference.mean, quick, request.confidence);
}

inline void check(const dissociation_request& request) {
    const bayesian_request& r = request.task_a;
    stats::monte_carlo quick = r.draws;
    quick.draws = stats::minimum_draws;
    (void)stats::bayesian_standardized_difference_test(r.reference, request.task_b, request.correlation,
                                                       r.reference.mean, request.task_b.mean, quick, request.prior,
                                                       request.effect, r.confidence);
}

// ---------------------------------------------------------------------------------------------
// compare --equivalence

struct equivalence_request {
    stats::group_summary normative{};
    std::optional<double> delta{};     // in score points
    std::optional<double> delta_sd{};  // in normative SDs (Kendall et al. 1999 used 1)
    stats::variance_model model = stats::variance_model::pooled;
    double alpha = 0.05;
    std::string sd_column = "sd";  // how the caller names the groups' SD and n, for the messages
    std::string n_column = "n";
};

inline constexpr std::array<result_column, 12> equivalence_result_columns{{
    {"difference"}, {"delta"}, {"standard_error"}, {"df"}, {"t_upper"}, {"p_upper"}, {"t_lower"}, {"p_lower"},
    {"equivalent", column_kind::yes_no}, {"t_difference"}, {"p_difference"}, {"different", column_kind::yes_no}}};

[[nodiscard]] inline double equivalence_delta(const equivalence_request& request) {
    return request.delta ? *request.delta : stats::delta_from_normative_sd(request.normative, *request.delta_sd);
}

inline void check(const equivalence_request& request, const option_spelling& spell) {
    if (request.delta.has_value() == request.delta_sd.has_value())
        throw option_error("alliance.table.option",
                           spell.option("equivalence") + " needs the range of closeness: " + spell.option("delta") +
                               " (score points) or " + spell.option("delta-sd") +
                               " (normative SDs; Kendall et al. 1999 used 1)" + (request.delta ? ", not both" : ""));
    stats::detail::require_group("normative group (" + spell.option("mean") + ", " + spell.option("sd") + ", " +
                                     spell.option("n") + ")",
                                 request.normative);
    (void)stats::normative_equivalence(request.normative, request.normative, equivalence_delta(request), request.model,
                                       request.alpha);
}

// One treated group (mean, SD, n). Its SD and n are checked here so that the message names
// their columns.
inline void equivalence_cells(const equivalence_request& request, double mean, double sd, double n,
                              std::span<double> out) {
    using alliance::detail::format_number;
    if (!(sd > 0))
        throw domain_error("alliance.stats.sd_not_positive",
                           "column '" + request.sd_column + "': SD " + format_number(sd) + " is not greater than 0");
    if (!(n >= 2 && n == std::floor(n)))
        throw domain_error("alliance.stats.too_few_observations", "column '" + request.n_column + "': n " +
                                                                       format_number(n) +
                                                                       " is not a whole number of at least 2");
    const stats::equivalence_result e =
        stats::normative_equivalence({mean, sd, n}, request.normative, equivalence_delta(request), request.model,
                                     request.alpha);
    const std::array<double, 12> cells{e.difference, e.delta,   e.standard_error, e.df,
                                       e.upper.t,    e.upper.p, e.lower.t,        e.lower.p,
                                       e.equivalent ? 1.0 : 0.0, e.traditional.t, e.traditional.p_two_tailed,
                                       e.different ? 1.0 : 0.0};
    std::copy(cells.begin(), cells.end(), out.begin());
}

}  // namespace alliance::table
