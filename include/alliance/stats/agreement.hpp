// Agreement between raters: the six intraclass correlations of Shrout & Fleiss (1979) with
// F tests and confidence intervals, computed as psych 2.2.9 ICC() does (R/ICC.R):
// α/2 in each tail of the interval, and for ICC(2,·) the Satterthwaite-type df of psych.
//
// Data: n targets (rows) x k raters (columns), complete.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/fisher_f.hpp>

#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/interval.hpp"
#include "alliance/stats/item_matrix.hpp"
#include "alliance/names.hpp"

namespace alliance::stats {

// Shrout & Fleiss (1979) ICC(form, raters); psych's names in comments.
enum class icc_form : std::uint8_t {
    icc1_1,  // ICC1:  one-way random, single rater
    icc2_1,  // ICC2:  two-way random, single rater, absolute agreement
    icc3_1,  // ICC3:  two-way mixed, single rater, consistency
    icc1_k,  // ICC1k: one-way random, mean of k raters
    icc2_k,  // ICC2k: two-way random, mean of k raters
    icc3_k,  // ICC3k: two-way mixed, mean of k raters (= Cronbach's alpha)
};

inline constexpr std::array all_icc_forms{icc_form::icc1_1, icc_form::icc2_1, icc_form::icc3_1,
                                          icc_form::icc1_k, icc_form::icc2_k, icc_form::icc3_k};

// "ICC(1,1)" ... "ICC(3,k)"
inline constexpr std::array icc_form_names{
    named{icc_form::icc1_1, "ICC(1,1)"},
    named{icc_form::icc2_1, "ICC(2,1)"},
    named{icc_form::icc3_1, "ICC(3,1)"},
    named{icc_form::icc1_k, "ICC(1,k)"},
    named{icc_form::icc2_k, "ICC(2,k)"},
    named{icc_form::icc3_k, "ICC(3,k)"}};
[[nodiscard]] constexpr std::string_view to_string(icc_form form) noexcept { return name_of(icc_form_names, form); }

struct icc_estimate {
    icc_form form = icc_form::icc1_1;
    double value = 0;
    double f = 0;    // the F statistic of its test (BMS/WMS for ICC(1,·), BMS/EMS otherwise)
    double df1 = 0;
    double df2 = 0;
    double p = 0;    // P(F > f), upper tail
    interval ci{};
};

struct icc_report {
    std::size_t targets = 0;  // n
    std::size_t raters = 0;   // k
    // Mean squares of the two-way ANOVA: between targets, between raters (judges), residual,
    // and within targets WMS = (SS_J + SS_E) / (n (k - 1)).
    double bms = 0;
    double jms = 0;
    double ems = 0;
    double wms = 0;
    double confidence = 0;
    std::array<icc_estimate, 6> estimates{};  // in the order of all_icc_forms

    [[nodiscard]] const icc_estimate& operator[](icc_form form) const noexcept {
        return estimates[static_cast<std::size_t>(form)];
    }
};

namespace detail {

// ICC(1,1) and ICC(1,k), the one-way random-effects forms, from the between-target mean square
// BMS (n - 1 df) and the within-target mean square WMS (n (k - 1) df) of n targets rated k times
// each (Shrout & Fleiss 1979, case 1; psych ICC()): ICC(1,1) = (BMS - WMS) / (BMS + (k - 1) WMS),
// ICC(1,k) = (BMS - WMS) / BMS, F = BMS / WMS, exact F limits with alpha/2 in each tail.
// Shared by intraclass_correlations() and the split-alliance ICC (alliance/stats/split.hpp),
// whose within-unit mean square comes from a one-way layout without rater columns.
struct one_way_estimates {
    icc_estimate single{};
    icc_estimate average{};
};

[[nodiscard]] inline one_way_estimates one_way_icc(double bms, double wms, std::size_t n, std::size_t k,
                                                   double confidence) {
    const double nd = static_cast<double>(n), kd = static_cast<double>(k);
    const double alpha = 1.0 - confidence;
    const double icc1 = (bms - wms) / (bms + (kd - 1.0) * wms);
    const double icc1k = (bms - wms) / bms;
    const double f11 = bms / wms, df11n = nd - 1.0, df11d = nd * (kd - 1.0);
    return guarded("ICC(1) intervals", [&] {
        using boost::math::fisher_f_distribution;
        const auto upper_quantile = [&](double df_a, double df_b) {
            return quantile(complement(fisher_f_distribution<double>(df_a, df_b), alpha / 2.0));
        };
        const double p11 = cdf(complement(fisher_f_distribution<double>(df11n, df11d), f11));
        const double f1l = f11 / upper_quantile(df11n, df11d);
        const double f1u = f11 * upper_quantile(df11d, df11n);
        one_way_estimates out;
        out.single = {icc_form::icc1_1, icc1, f11, df11n, df11d, p11,
                      {(f1l - 1.0) / (f1l + (kd - 1.0)), (f1u - 1.0) / (f1u + kd - 1.0)}};
        out.average = {icc_form::icc1_k, icc1k, f11, df11n, df11d, p11, {1.0 - 1.0 / f1l, 1.0 - 1.0 / f1u}};
        return out;
    });
}

}  // namespace detail

// Rows are targets, columns raters. Needs n >= 2, k >= 2, finite values, non-zero between-target
// and residual variation.
[[nodiscard]] inline icc_report intraclass_correlations(const item_matrix& ratings, double confidence = 0.95) {
    detail::require_item_matrix(ratings, "ratings", "target", "rater");
    detail::require_confidence("confidence", confidence);
    const std::size_t n = ratings.rows(), k = ratings.columns();
    const double nd = static_cast<double>(n), kd = static_cast<double>(k);

    double grand = 0.0;
    for (const double x : ratings.values()) grand += x;
    grand /= nd * kd;
    std::vector<double> target_means(n, 0.0), rater_means(k, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            target_means[i] += ratings(i, j);
            rater_means[j] += ratings(i, j);
        }
    for (double& m : target_means) m /= kd;
    for (double& m : rater_means) m /= nd;
    // Sums of squares (Shrout & Fleiss 1979, Table 1), the residual computed directly.
    double ss_targets = 0.0, ss_raters = 0.0, ss_error = 0.0;
    for (std::size_t i = 0; i < n; ++i) ss_targets += (target_means[i] - grand) * (target_means[i] - grand);
    ss_targets *= kd;
    for (std::size_t j = 0; j < k; ++j) ss_raters += (rater_means[j] - grand) * (rater_means[j] - grand);
    ss_raters *= nd;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            const double e = ratings(i, j) - target_means[i] - rater_means[j] + grand;
            ss_error += e * e;
        }

    // Ratings near the largest double overflow the sums (inf - inf is NaN), which would then read
    // as "every target has the same mean": say what happened instead.
    if (!std::isfinite(grand) || !std::isfinite(ss_targets) || !std::isfinite(ss_raters) || !std::isfinite(ss_error))
        detail::fail("alliance.stats.overflow",
                     "ratings: a sum of squares overflows (the ratings are too large in magnitude to analyse in "
                     "double precision); the ICCs cannot be computed");

    icc_report out;
    out.targets = n;
    out.raters = k;
    out.confidence = confidence;
    out.bms = ss_targets / (nd - 1.0);
    out.jms = ss_raters / (kd - 1.0);
    out.ems = ss_error / ((nd - 1.0) * (kd - 1.0));
    out.wms = (ss_raters + ss_error) / (nd * (kd - 1.0));
    if (!(out.bms > 0.0))
        detail::fail("alliance.stats.zero_variance",
                     "ratings: every target has the same mean rating (between-target mean square 0); the ICCs "
                     "and their intervals are undefined");
    if (!(out.ems > 0.0) || !(out.wms > 0.0))
        detail::fail("alliance.stats.zero_variance",
                     "ratings: the residual mean square is 0 (the raters agree perfectly up to a constant); "
                     "the F tests and intervals are undefined");

    const double bms = out.bms, jms = out.jms, ems = out.ems, wms = out.wms;
    const double alpha = 1.0 - confidence;

    // Point estimates (Shrout & Fleiss 1979; psych ICC()); ICC(1,·) in detail::one_way_icc.
    const double icc2 = (bms - ems) / (bms + (kd - 1.0) * ems + kd * (jms - ems) / nd);
    const double icc3 = (bms - ems) / (bms + (kd - 1.0) * ems);
    const double icc2k = (bms - ems) / (bms + (jms - ems) / nd);
    const double icc3k = (bms - ems) / bms;

    const double f21 = bms / ems, df21n = nd - 1.0, df21d = (nd - 1.0) * (kd - 1.0);

    detail::guarded("ICC intervals", [&] {
        using boost::math::fisher_f_distribution;
        const auto upper_quantile = [&](double df_a, double df_b) {
            return quantile(complement(fisher_f_distribution<double>(df_a, df_b), alpha / 2.0));
        };
        const double p21 = cdf(complement(fisher_f_distribution<double>(df21n, df21d), f21));

        // ICC(3,·): exact F limits (psych ICC(), after Shrout & Fleiss 1979 eqs. for case 3).
        const double f3l = f21 / upper_quantile(df21n, df21d);
        const double f3u = f21 * upper_quantile(df21d, df21n);

        // ICC(2,·): Satterthwaite-type df v for the approximate F (psych ICC(); S&F 1979 case 2).
        const double fj = jms / ems;
        const double vn = (kd - 1.0) * (nd - 1.0) *
                          std::pow(kd * icc2 * fj + nd * (1.0 + (kd - 1.0) * icc2) - kd * icc2, 2.0);
        const double vd = (nd - 1.0) * kd * kd * icc2 * icc2 * fj * fj +
                          std::pow(nd * (1.0 + (kd - 1.0) * icc2) - kd * icc2, 2.0);
        const double v = vn / vd;
        if (!std::isfinite(v) || !(v > 0.0))
            detail::fail("alliance.stats.numerical_failure",
                         "ICC(2,1) interval: the approximate degrees of freedom are " + detail::quote(v));
        const double f2u = upper_quantile(nd - 1.0, v);
        const double f2l = upper_quantile(v, nd - 1.0);
        const double l2 = nd * (bms - f2u * ems) / (f2u * (kd * jms + (kd * nd - kd - nd) * ems) + nd * bms);
        const double u2 = nd * (f2l * bms - ems) / (kd * jms + (kd * nd - kd - nd) * ems + nd * f2l * bms);

        const detail::one_way_estimates one_way = detail::one_way_icc(bms, wms, n, k, confidence);
        out.estimates[0] = one_way.single;
        out.estimates[1] = {icc_form::icc2_1, icc2, f21, df21n, df21d, p21, {l2, u2}};
        out.estimates[2] = {icc_form::icc3_1, icc3, f21, df21n, df21d, p21,
                            {(f3l - 1.0) / (f3l + kd - 1.0), (f3u - 1.0) / (f3u + kd - 1.0)}};
        out.estimates[3] = one_way.average;
        // Spearman-Brown step-up of the ICC(2,1) limits (psych ICC()).
        out.estimates[4] = {icc_form::icc2_k, icc2k, f21, df21n, df21d, p21,
                            {l2 * kd / (1.0 + l2 * (kd - 1.0)), u2 * kd / (1.0 + u2 * (kd - 1.0))}};
        out.estimates[5] = {icc_form::icc3_k, icc3k, f21, df21n, df21d, p21, {1.0 - 1.0 / f3l, 1.0 - 1.0 / f3u}};
        return 0;
    });
    for (const icc_estimate& estimate : out.estimates)
        if (!std::isfinite(estimate.value) || !std::isfinite(estimate.ci.lower) || !std::isfinite(estimate.ci.upper))
            detail::fail("alliance.stats.numerical_failure",
                         std::string(to_string(estimate.form)) + " or its interval is not finite for these ratings");
    return out;
}

}  // namespace alliance::stats
