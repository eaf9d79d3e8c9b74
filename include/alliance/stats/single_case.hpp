// Comparing one case with a small normative (control) sample whose mean and SD are estimates:
// the Crawford & Howell (1998) modified t, the Crawford & Garthwaite (2002) interval estimates
// of the case's standardised score and of the percentage of the population below it, and the
// unstandardised and revised standardised difference tests for a dissociation between two
// tasks (Crawford & Garthwaite 2005; Garthwaite & Crawford 2004). Formulas from those articles,
// reference implementation singcar 0.1.5 (R/TD.R, R/UDT.R, R/RSDT.R).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/tools/toms748_solve.hpp>

#include "alliance/decimal.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/interval.hpp"
#include "alliance/stats/norm.hpp"

namespace alliance::stats {

namespace detail {

// The normative sample size as a double: given, and >= 2 by the norm's rules (t with n - 1 df).
[[nodiscard]] inline double control_sample_size(const alliance::norm& controls,
                                                std::string_view what = "control norm") {
    require_norm(controls, what);
    if (!controls.n)
        fail("alliance.stats.missing_parameter",
             norm_name(controls, what) +
                 " has no sample size n; single-case methods need the size of the control sample");
    return static_cast<double>(*controls.n);
}

struct t_tails {
    double lower;  // P(T < t)
    double upper;  // P(T > t), from the complement
    double two;    // 2 P(T > |t|)
};

[[nodiscard]] inline t_tails t_probabilities(double t, double df) {
    return guarded("Student t probability", [&] {
        const boost::math::students_t_distribution<double> dist(df);
        const double lower = cdf(dist, t);
        const double upper = cdf(complement(dist, t));
        const double two = 2.0 * (t < 0 ? lower : upper);
        return t_tails{lower, upper, two > 1.0 ? 1.0 : two};
    });
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Crawford & Howell (1998)

struct case_test {
    double z_cc = 0;          // (x - M) / SD: the case's standardised score (Crawford, Garthwaite & Porter 2010)
    double t = 0;             // (x - M) / (SD sqrt((n + 1) / n))
    double df = 0;            // n - 1
    double p_lower = 0;       // P(T < t): one-tailed p for a case below the controls (singcar "less")
    double p_upper = 0;       // P(T > t): one-tailed p for a case above (singcar "greater")
    double p_two_tailed = 0;  // 2 P(T > |t|)
    // Point estimate of the percentage of the population below the case: 100 P(T < t)
    // (Crawford & Garthwaite 2006); and above it, 100 P(T > t).
    double percent_below = 0;
    double percent_above = 0;
};

[[nodiscard]] inline case_test crawford_howell(const alliance::norm& controls, double score) {
    const double n = detail::control_sample_size(controls);
    detail::require_finite("case score", score);
    case_test out;
    out.df = n - 1.0;
    const double difference = exact_difference(score, controls.mean);  // x - M on the exact decimals
    out.z_cc = difference / controls.sd;
    out.t = difference / (controls.sd * std::sqrt((n + 1.0) / n));
    detail::require_finite("case's t", out.t);
    const auto p = detail::t_probabilities(out.t, out.df);
    out.p_lower = p.lower;
    out.p_upper = p.upper;
    out.p_two_tailed = p.two;
    out.percent_below = 100.0 * p.lower;
    out.percent_above = 100.0 * p.upper;
    return out;
}

// ---------------------------------------------------------------------------------------------
// Crawford & Garthwaite (2002)

struct case_interval {
    double confidence = 0;
    double z_cc = 0;              // point estimate, as in case_test
    interval z_cc_interval{};     // [delta_L / sqrt(n), delta_U / sqrt(n)]
    interval percent_below{};     // [100 Phi(z_L), 100 Phi(z_U)]
    interval percent_above{};     // [100 Phi(-z_U), 100 Phi(-z_L)], from the upper tail
    interval noncentrality{};     // [delta_L, delta_U]
};

namespace detail {

// The non-centrality delta with P(T' <= q) = p for T' ~ non-central t(df, delta). The CDF falls
// strictly as delta grows, so the root is bracketed by widening [q - 1, q + 1] until the signs
// differ and then found by TOMS 748 (Boost.Math has no non-centrality finder).
[[nodiscard]] inline double solve_noncentrality(double q, double df, double p) {
    const auto f = [&](double delta) {
        return cdf(boost::math::non_central_t_distribution<double>(df, delta), q) - p;
    };
    double lo = q - 1.0, hi = q + 1.0;
    double f_lo = f(lo), f_hi = f(hi);
    double step = 2.0;
    for (int widen = 0; f_lo < 0.0 && widen < 64; ++widen, step *= 2.0) {
        hi = lo;
        f_hi = f_lo;
        lo -= step;
        f_lo = f(lo);
    }
    step = 2.0;
    for (int widen = 0; f_hi > 0.0 && widen < 64; ++widen, step *= 2.0) {
        lo = hi;
        f_lo = f_hi;
        hi += step;
        f_hi = f(hi);
    }
    if (f_lo == 0.0) return lo;
    if (f_hi == 0.0) return hi;
    if (!(f_lo > 0.0 && f_hi < 0.0))
        fail("alliance.stats.numerical_failure",
             "Crawford-Garthwaite interval: could not bracket the non-centrality parameter for q = " + quote(q) +
                 ", df = " + quote(df) + ", p = " + quote(p));
    std::uintmax_t iterations = 200;
    // 4 bits short of double precision: the non-central t CDF itself is good to about 1e-14.
    const boost::math::tools::eps_tolerance<double> tolerance(std::numeric_limits<double>::digits - 4);
    const auto root = boost::math::tools::toms748_solve(f, lo, hi, f_lo, f_hi, tolerance, iterations);
    if (iterations >= 200)
        fail("alliance.stats.numerical_failure",
             "Crawford-Garthwaite interval: the root finder did not converge for q = " + quote(q));
    return root.first + (root.second - root.first) / 2.0;
}

}  // namespace detail

// The (1 - alpha) interval: delta_L solves F(q; n - 1, delta_L) = 1 - alpha/2 and delta_U solves
// F(q; n - 1, delta_U) = alpha/2, with q = z_cc sqrt(n) (Crawford & Garthwaite 2002). singcar steps delta by 0.01 instead of solving, so agrees only to about 0.01/sqrt(n).
[[nodiscard]] inline case_interval crawford_garthwaite(const alliance::norm& controls, double score,
                                                       double confidence = 0.95) {
    const double n = detail::control_sample_size(controls);
    detail::require_finite("case score", score);
    detail::require_confidence("confidence", confidence);
    const double z = exact_difference(score, controls.mean) / controls.sd;
    const double q = z * std::sqrt(n);
    detail::require_finite("case's standardised score x sqrt(n)", q);
    const double alpha = 1.0 - confidence;
    const double df = n - 1.0;
    case_interval out;
    out.confidence = confidence;
    out.z_cc = z;
    const double delta_lower = detail::guarded("Crawford-Garthwaite lower limit", [&] {
        return detail::solve_noncentrality(q, df, 1.0 - alpha / 2.0);
    });
    const double delta_upper = detail::guarded("Crawford-Garthwaite upper limit", [&] {
        return detail::solve_noncentrality(q, df, alpha / 2.0);
    });
    out.noncentrality = {delta_lower, delta_upper};
    out.z_cc_interval = {delta_lower / std::sqrt(n), delta_upper / std::sqrt(n)};
    const boost::math::normal_distribution<double> unit(0.0, 1.0);
    out.percent_below = {100.0 * cdf(unit, out.z_cc_interval.lower), 100.0 * cdf(unit, out.z_cc_interval.upper)};
    out.percent_above = {100.0 * cdf(complement(unit, out.z_cc_interval.upper)),
                         100.0 * cdf(complement(unit, out.z_cc_interval.lower))};
    return out;
}

// ---------------------------------------------------------------------------------------------
// Dissociations between two tasks A and B

struct dissociation_test {
    double t = 0;             // signed: RSDT's t carries the sign of z_dcc (singcar R/RSDT.R)
    double df = 0;            // n - 1
    double p_lower = 0;       // P(T < t)
    double p_upper = 0;       // P(T > t)
    double p_two_tailed = 0;  // 2 P(T > |t|)
    double z_a = 0;           // (x_a - M_a) / SD_a
    double z_b = 0;
    double z_dcc = 0;         // (z_a - z_b) / sqrt(2 - 2 r): standardised discrepancy (effect size)
};

namespace detail {

[[nodiscard]] inline double paired_sample_size(const alliance::norm& task_a, const alliance::norm& task_b) {
    const double na = control_sample_size(task_a, "task A norm");
    const double nb = control_sample_size(task_b, "task B norm");
    if (na != nb)
        fail("alliance.stats.size_mismatch",
             "task A and task B norms have different sample sizes (" + quote(na) + " and " + quote(nb) +
                 "); a dissociation test needs both tasks from the same controls");
    return na;
}

[[nodiscard]] inline dissociation_test start_dissociation(const alliance::norm& task_a,
                                                          const alliance::norm& task_b, double r,
                                                          double case_a, double case_b, double& n) {
    n = paired_sample_size(task_a, task_b);
    require_correlation("correlation between the tasks", r);
    if (!(r < 1.0))
        fail("alliance.stats.correlation_out_of_range",
             "correlation between the tasks is 1; the discrepancy between two perfectly correlated tasks is undefined");
    require_finite("case score on task A", case_a);
    require_finite("case score on task B", case_b);
    dissociation_test out;
    out.df = n - 1.0;
    out.z_a = (case_a - task_a.mean) / task_a.sd;
    out.z_b = (case_b - task_b.mean) / task_b.sd;
    out.z_dcc = (out.z_a - out.z_b) / std::sqrt(2.0 - 2.0 * r);
    return out;
}

inline void finish_dissociation(dissociation_test& out, std::string_view test) {
    require_finite(std::string(test) + " t", out.t);
    const auto p = t_probabilities(out.t, out.df);
    out.p_lower = p.lower;
    out.p_upper = p.upper;
    out.p_two_tailed = p.two;
}

}  // namespace detail

// Unstandardised difference test (Crawford & Garthwaite 2005; singcar R/UDT.R):
//   t = [(x_a - M_a) - (x_b - M_b)] / sqrt((SD_a^2 + SD_b^2 - 2 SD_a SD_b r)(n + 1)/n), df = n - 1.
// For tasks on the same scale; `r` is the correlation of the tasks in the controls.
[[nodiscard]] inline dissociation_test unstandardized_difference_test(const alliance::norm& task_a,
                                                                      const alliance::norm& task_b, double r,
                                                                      double case_a, double case_b) {
    double n = 0;
    dissociation_test out = detail::start_dissociation(task_a, task_b, r, case_a, case_b, n);
    const double variance =
        task_a.sd * task_a.sd + task_b.sd * task_b.sd - 2.0 * task_a.sd * task_b.sd * r;
    if (!(variance > 0.0))
        detail::fail("alliance.stats.zero_variance",
                     "unstandardised difference test: the variance of the task difference in the controls is " +
                         detail::quote(variance) + " (SDs " + detail::quote(task_a.sd) + ", " +
                         detail::quote(task_b.sd) + ", r " + detail::quote(r) + ")");
    out.t = ((case_a - task_a.mean) - (case_b - task_b.mean)) / std::sqrt(variance * (n + 1.0) / n);
    detail::finish_dissociation(out, "unstandardised difference test");
    return out;
}

// Revised standardised difference test (Garthwaite & Crawford 2004; Crawford & Garthwaite 2005;
// singcar R/RSDT.R):
//   a = (1 + r)(1 - r^2)
//   b = (1 - r)[4(n - 1)^2 + 4(1 + r)(n - 1) + (1 + r)(5 + r)]
//   d = -2 [z_a - z_b]^2 n (n - 1)^2 / (n + 1)
//   |t| = sqrt((-b + sqrt(b^2 - 4 a d)) / (2 a)), df = n - 1, signed like z_dcc.
[[nodiscard]] inline dissociation_test revised_standardized_difference_test(const alliance::norm& task_a,
                                                                            const alliance::norm& task_b,
                                                                            double r, double case_a,
                                                                            double case_b) {
    double n = 0;
    dissociation_test out = detail::start_dissociation(task_a, task_b, r, case_a, case_b, n);
    if (!(r > -1.0))
        detail::fail("alliance.stats.correlation_out_of_range",
                     "revised standardised difference test: correlation between the tasks is -1; the test needs "
                     "-1 < r < 1");
    const double a = (1.0 + r) * (1.0 - r * r);
    const double b = (1.0 - r) * (4.0 * (n - 1.0) * (n - 1.0) + 4.0 * (1.0 + r) * (n - 1.0) + (1.0 + r) * (5.0 + r));
    const double zd = out.z_a - out.z_b;
    const double d = -2.0 * zd * zd * (n * (n - 1.0) * (n - 1.0) / (n + 1.0));
    // (-b + sqrt(b^2 - 4ad)) / (2a) rewritten as -2d / (b + sqrt(b^2 - 4ad)): the same number
    // without the cancellation of -b + sqrt(...) when 4ad is small beside b^2.
    const double magnitude = std::sqrt(-2.0 * d / (b + std::sqrt(b * b - 4.0 * a * d)));
    out.t = out.z_dcc < 0.0 ? -magnitude : magnitude;
    detail::finish_dissociation(out, "revised standardised difference test");
    return out;
}

}  // namespace alliance::stats
