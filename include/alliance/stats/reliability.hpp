// Internal consistency of a scale in a sample: Cronbach's alpha (raw and standardised) with
// Feldt's (1965) confidence interval, item statistics (mean, SD, item-total correlations,
// alpha if the item is deleted), the odd/even split-half coefficients, and McDonald's omega
// from given loadings. Formulas: Cronbach (1951), Feldt (1965), McDonald (1999); reference implementation psych 2.2.9
// (alpha(), alpha.ci(), splitHalf()).
//
// Differences from psych, deliberately: rows with a missing item are dropped listwise (psych
// uses pairwise covariances), reverse keying uses the instrument's nominal range (psych uses the
// observed one), and the scale score is the SUM of the items (psych's default is the mean;
// its cumulative = TRUE gives the sum). With complete data alpha, standardised alpha, the item
// correlations and alpha-if-deleted are the same either way.
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/fisher_f.hpp>

#include "alliance/definition.hpp"
#include "alliance/stats/descriptive.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/interval.hpp"
#include "alliance/stats/item_matrix.hpp"

namespace alliance::stats {

// ---------------------------------------------------------------------------------------------
// Feldt (1965)

// Confidence interval for a coefficient alpha from n respondents and k items (Feldt 1965; psych
// alpha.ci(), identical to psychometric alpha.CI()):
//   df1 = n - 1, df2 = (n - 1)(k - 1), gamma = 1 - confidence
//   lower = 1 - (1 - alpha) F^-1(1 - gamma/2; df1, df2)
//   upper = 1 - (1 - alpha) F^-1(gamma/2; df1, df2)
[[nodiscard]] inline interval feldt_interval(double alpha, std::size_t n, std::size_t k, double confidence = 0.95) {
    detail::require_finite("alpha", alpha);
    if (!(alpha <= 1.0))
        detail::fail("alliance.stats.reliability_out_of_range",
                     "alpha is " + detail::quote(alpha) + "; a coefficient alpha cannot exceed 1");
    detail::require_observations("Feldt interval (respondents)", n, 2);
    if (k < 2)
        detail::fail("alliance.stats.too_few_items",
                     "Feldt interval: " + std::to_string(k) + " item" + (k == 1 ? "" : "s") + "; at least 2 are needed");
    detail::require_confidence("confidence", confidence);
    const double df1 = static_cast<double>(n - 1);
    const double df2 = static_cast<double>(n - 1) * static_cast<double>(k - 1);
    const double gamma = 1.0 - confidence;
    return detail::guarded("Feldt interval", [&] {
        const boost::math::fisher_f_distribution<double> f(df1, df2);
        return interval{1.0 - (1.0 - alpha) * quantile(complement(f, gamma / 2.0)),
                        1.0 - (1.0 - alpha) * quantile(f, gamma / 2.0)};
    });
}

// ---------------------------------------------------------------------------------------------
// Alpha and item statistics

struct item_statistics {
    int item = 0;        // 1-based: the instrument's item number, or the column number of a matrix
    double mean = 0;
    double sd = 0;       // n - 1
    double r_total = 0;  // cor(item, total) — psych raw.r
    double r_drop = 0;   // cor(item, total without the item), the corrected item-total r — psych r.drop
    std::optional<double> alpha_if_deleted{};  // raw alpha of the other items; needs k >= 3
};

struct reliability_options {
    double confidence = 0.95;  // of Feldt's interval
};

struct reliability_report {
    std::size_t n = 0;        // respondents used
    std::size_t items = 0;    // k
    std::size_t dropped = 0;  // records left out for a missing item (instrument overload)
    double alpha = 0;               // k/(k-1) (1 - tr(C) / 1'C1)
    double standardized_alpha = 0;  // k/(k-1) (1 - k / 1'R1) = k rbar / (1 + (k-1) rbar)
    double average_r = 0;           // mean inter-item correlation rbar
    double confidence = 0;
    interval alpha_interval{};      // Feldt (1965)
    double total_mean = 0;          // of the sum score
    double total_sd = 0;            // of the sum score, n - 1
    // SD_total sqrt(1 - alpha); empty when alpha <= 0, where it has no meaning.
    std::optional<double> sem{};
    std::vector<item_statistics> item_stats;
};

namespace detail {

struct covariance_result {
    std::vector<double> means;
    std::vector<double> covariance;  // k x k, row-major, denominator n - 1
};

[[nodiscard]] inline covariance_result covariances(const item_matrix& x) {
    const std::size_t n = x.rows(), k = x.columns();
    covariance_result out{std::vector<double>(k, 0.0), std::vector<double>(k * k, 0.0)};
    for (std::size_t c = 0; c < k; ++c) {
        double sum = 0.0;
        for (std::size_t r = 0; r < n; ++r) sum += x(r, c);
        double m = sum / static_cast<double>(n);
        double correction = 0.0;
        for (std::size_t r = 0; r < n; ++r) correction += x(r, c) - m;
        out.means[c] = m + correction / static_cast<double>(n);
    }
    std::vector<double> centred(k);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < k; ++c) centred[c] = x(r, c) - out.means[c];
        for (std::size_t i = 0; i < k; ++i)
            for (std::size_t j = i; j < k; ++j) out.covariance[i * k + j] += centred[i] * centred[j];
    }
    const double denominator = static_cast<double>(n - 1);
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = i; j < k; ++j) {
            out.covariance[i * k + j] /= denominator;
            out.covariance[j * k + i] = out.covariance[i * k + j];
        }
    return out;
}

[[nodiscard]] inline double coefficient_alpha(double k, double trace, double total_variance) {
    return k / (k - 1.0) * (1.0 - trace / total_variance);
}

[[nodiscard]] inline std::string column_label(std::span<const int> numbers, std::size_t column) {
    return "item " + std::to_string(numbers.empty() ? static_cast<int>(column + 1) : numbers[column]);
}

[[nodiscard]] inline reliability_report analyse(const item_matrix& x, std::span<const int> item_numbers,
                                                const reliability_options& options, std::string_view what) {
    require_item_matrix(x, what, "row", "item");
    require_confidence("confidence", options.confidence);
    const std::size_t n = x.rows(), k = x.columns();
    const auto [means, cov] = covariances(x);
    // Responses near the largest double overflow the means or covariances (inf, or inf - inf =
    // NaN), which would then read as zero variance: say what happened instead.
    for (const std::vector<double>* values : {&means, &cov})
        for (const double v : *values)
            if (!std::isfinite(v))
                fail("alliance.stats.overflow", std::string(what) + ": the item means or covariances overflow (the "
                                                                    "responses are too large in magnitude to analyse "
                                                                    "in double precision); alpha cannot be computed");

    std::vector<double> row_sums(k, 0.0);
    double total_variance = 0.0, trace = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        const double variance = cov[i * k + i];
        if (!(variance > 0.0))
            fail("alliance.stats.zero_variance", std::string(what) + ": " + column_label(item_numbers, i) +
                                                     " has zero variance (every respondent gave " +
                                                     quote(x(0, i)) + "); alpha and item correlations are undefined");
        trace += variance;
        for (std::size_t j = 0; j < k; ++j) row_sums[i] += cov[i * k + j];
        total_variance += row_sums[i];
    }
    if (!(total_variance > 0.0))
        fail("alliance.stats.zero_variance", std::string(what) + ": the total score has zero variance");

    reliability_report out;
    out.n = n;
    out.items = k;
    const double kd = static_cast<double>(k);
    out.alpha = coefficient_alpha(kd, trace, total_variance);

    double correlation_sum = 0.0;  // 1'R1
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j)
            correlation_sum += cov[i * k + j] / std::sqrt(cov[i * k + i] * cov[j * k + j]);
    out.standardized_alpha = kd / (kd - 1.0) * (1.0 - kd / correlation_sum);
    out.average_r = (correlation_sum - kd) / (kd * (kd - 1.0));

    out.confidence = options.confidence;
    out.alpha_interval = feldt_interval(out.alpha, n, k, options.confidence);
    for (const double m : means) out.total_mean += m;
    out.total_sd = std::sqrt(total_variance);
    if (out.alpha > 0.0) out.sem = out.total_sd * std::sqrt(1.0 - out.alpha);

    out.item_stats.resize(k);
    for (std::size_t i = 0; i < k; ++i) {
        item_statistics& s = out.item_stats[i];
        const double variance = cov[i * k + i];
        s.item = item_numbers.empty() ? static_cast<int>(i + 1) : item_numbers[i];
        s.mean = means[i];
        s.sd = std::sqrt(variance);
        s.r_total = row_sums[i] / std::sqrt(variance * total_variance);
        // cov(item, rest) = row sum - var(item); var(rest) = 1'C1 - 2 row sum + var(item)
        const double rest_covariance = row_sums[i] - variance;
        const double rest_variance = total_variance - 2.0 * row_sums[i] + variance;
        if (!(rest_variance > 0.0))
            fail("alliance.stats.zero_variance", std::string(what) + ": the sum of the items other than " +
                                                     column_label(item_numbers, i) +
                                                     " has zero variance; its corrected item-total r is undefined");
        s.r_drop = rest_covariance / std::sqrt(variance * rest_variance);
        if (k >= 3) s.alpha_if_deleted = coefficient_alpha(kd - 1.0, trace - variance, rest_variance);
    }
    return out;
}

}  // namespace detail

// Rows are respondents, columns items (already reverse-keyed). Needs n >= 2, k >= 2, finite
// values and no zero-variance item.
[[nodiscard]] inline reliability_report scale_reliability(const item_matrix& items,
                                                          const reliability_options& options = {}) {
    return detail::analyse(items, {}, options, "item matrix");
}

// The items extracted from records by extract_scale_items(): keeps their item numbers and the
// number of records dropped.
[[nodiscard]] inline reliability_report scale_reliability(const scale_items& extracted,
                                                          const reliability_options& options = {}) {
    reliability_report out = detail::analyse(extracted.items, extracted.item_numbers, options,
                                             extracted.instrument + ", scale '" + extracted.scale + "'");
    out.dropped = extracted.dropped;
    return out;
}

// One scale of an instrument over many records: reverse-keyed with the nominal response scale,
// incomplete records dropped listwise (report.n used, report.dropped left out).
template <response_records Records>
[[nodiscard]] reliability_report scale_reliability(const instrument_view& def, std::string_view scale,
                                                   const Records& records, const reliability_options& options = {}) {
    return scale_reliability(extract_scale_items(def, scale, records), options);
}

// ---------------------------------------------------------------------------------------------
// Split-half

struct split_half_result {
    double half_correlation = 0;  // r between the sums of the odd and the even items
    double spearman_brown = 0;    // 2r / (1 + r)
    // Guttman (1945) / Flanagan-Rulon: 2 (1 - (s_odd^2 + s_even^2) / s_total^2); equal to psych
    // splitHalf()'s 4 C_ab / 1'C1 for this split when computed on covariances (covar = TRUE).
    double guttman = 0;
};

// Items 1, 3, 5, ... (by column position) against items 2, 4, 6, ...
[[nodiscard]] inline split_half_result split_half_odd_even(const item_matrix& items) {
    detail::require_item_matrix(items, "split half", "row", "item");
    const std::size_t n = items.rows(), k = items.columns();
    std::vector<double> odd(n, 0.0), even(n, 0.0);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < k; ++c) (c % 2 == 0 ? odd : even)[r] += items(r, c);
    const auto at_odd = [&](std::size_t i) { return odd[i]; };
    const auto at_even = [&](std::size_t i) { return even[i]; };
    const auto at_total = [&](std::size_t i) { return odd[i] + even[i]; };
    split_half_result out;
    out.half_correlation = detail::checked_correlation("sum of the odd items", "sum of the even items", n, at_odd, at_even);
    out.spearman_brown = 2.0 * out.half_correlation / (1.0 + out.half_correlation);
    const double v_odd = detail::checked_variance("sum of the odd items", n, at_odd);
    const double v_even = detail::checked_variance("sum of the even items", n, at_even);
    const double v_total = detail::checked_variance("total", n, at_total);
    if (!(v_total > 0.0)) detail::fail("alliance.stats.zero_variance", "split half: the total score has zero variance");
    out.guttman = 2.0 * (1.0 - (v_odd + v_even) / v_total);
    return out;
}

// ---------------------------------------------------------------------------------------------
// McDonald's omega

// omega_total = (sum lambda)^2 / ((sum lambda)^2 + sum psi) from the loadings and unique variances
// of a one-factor model (McDonald 1999, Test Theory: A Unified Treatment, ch. 6). The fit itself is not done here:
// loadings from psych fa(fm = "minres"), lavaan, ... give different omegas.
[[nodiscard]] inline double omega_total(std::span<const double> loadings, std::span<const double> uniquenesses) {
    detail::require_same_size("loadings and uniquenesses", loadings.size(), uniquenesses.size());
    if (loadings.size() < 2)
        detail::fail("alliance.stats.too_few_items", "omega: " + std::to_string(loadings.size()) +
                                                         " loading" + (loadings.size() == 1 ? "" : "s") +
                                                         "; at least 2 items are needed");
    double sum_loadings = 0.0, sum_unique = 0.0;
    for (std::size_t i = 0; i < loadings.size(); ++i) {
        detail::require_finite("loading of item " + std::to_string(i + 1), loadings[i]);
        detail::require_finite("uniqueness of item " + std::to_string(i + 1), uniquenesses[i]);
        if (uniquenesses[i] < 0.0)
            detail::fail("alliance.stats.negative_variance", "uniqueness of item " + std::to_string(i + 1) + " is " +
                                                                 detail::quote(uniquenesses[i]) +
                                                                 "; a unique variance cannot be negative");
        sum_loadings += loadings[i];
        sum_unique += uniquenesses[i];
    }
    const double common = sum_loadings * sum_loadings;
    if (!(common + sum_unique > 0.0))
        detail::fail("alliance.stats.zero_variance", "omega: the loadings and uniquenesses are all zero");
    return common / (common + sum_unique);
}

// From standardised loadings: psi_i = 1 - lambda_i^2, so every |lambda| must be <= 1.
[[nodiscard]] inline double omega_total(std::span<const double> standardized_loadings) {
    std::vector<double> uniquenesses(standardized_loadings.size());
    for (std::size_t i = 0; i < standardized_loadings.size(); ++i) {
        const double lambda = standardized_loadings[i];
        detail::require_finite("loading of item " + std::to_string(i + 1), lambda);
        if (std::fabs(lambda) > 1.0)
            detail::fail("alliance.stats.loading_out_of_range", "standardised loading of item " + std::to_string(i + 1) +
                                                                    " is " + detail::quote(lambda) +
                                                                    "; it must lie in [-1, 1]");
        uniquenesses[i] = 1.0 - lambda * lambda;
    }
    return omega_total(standardized_loadings, uniquenesses);
}

}  // namespace alliance::stats
