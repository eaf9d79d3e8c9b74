// Normative comparison of a treated group with a normative (functional) group by equivalence
// testing: Kendall, Marrs-Garcia, Nath & Sheldrick (1999), "Normative comparisons for the
// evaluation of clinical significance", J Consult Clin Psychol 67(3), 285-299; with the Welch
// variant of Cribbie & Arpin-Cribbie (2009), "Evaluating clinical significance through
// equivalence testing: extending the normative comparisons approach", Psychother Res 19(6),
// 677-686. Reference implementation: normcomp() in cribbie/equivalencetests, R/normcomp.R
// (commit 68ebdd6).
//
// Is the treated group's post-test mean within a range of closeness delta of the normative mean?
// With d = M_treated - M_norm and a standard error SE on df degrees of freedom:
//   upper test  H0: d >= +delta   t_upper = (d - delta) / SE,  p_upper = P(T_df < t_upper)
//   lower test  H0: d <= -delta   t_lower = (d + delta) / SE,  p_lower = P(T_df > t_lower)
//   equivalent when both p < alpha (two one-sided tests, each at alpha; normcomp uses "<").
// The traditional difference t test the method is paired with uses the same SE and df:
//   t = d / SE, p two-tailed = 2 P(T_df > |t|); "different" when p < alpha.
// Kendall et al. (1999): pooled variance,
//   SE = sqrt(((n1 - 1) s1^2 + (n0 - 1) s0^2) / (n1 + n0 - 2) (1/n1 + 1/n0)),  df = n1 + n0 - 2.
// Cribbie & Arpin-Cribbie (2009): Welch,
//   SE = sqrt(s1^2/n1 + s0^2/n0),  df = (s1^2/n1 + s0^2/n0)^2 / (s1^4/(n1^2 (n1 - 1)) + s0^4/(n0^2 (n0 - 1))).
// delta is an explicit input in score points; Kendall et al. used one normative SD, Cribbie &
// Arpin-Cribbie 0.5, 1 and 1.5 normative SDs (delta_from_normative_sd).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/math/distributions/students_t.hpp>

#include "alliance/decimal.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/names.hpp"

namespace alliance::stats {

// The summary statistics of a group: mean, SD (n - 1 denominator) and size.
struct group_summary {
    double mean = 0;
    double sd = 0;
    double n = 0;  // a whole number >= 2
};

enum class variance_model : std::uint8_t {
    pooled,  // Kendall et al. (1999): pooled variance, df = n1 + n0 - 2
    welch,   // Cribbie & Arpin-Cribbie (2009): separate variances, Welch-Satterthwaite df
};

inline constexpr std::array variance_model_names{named{variance_model::pooled, "pooled"},
                                                 named{variance_model::welch, "welch"}};
[[nodiscard]] constexpr std::string_view to_string(variance_model model) noexcept {
    return name_of(variance_model_names, model);
}
[[nodiscard]] constexpr std::optional<variance_model> parse_variance_model(std::string_view text) noexcept {
    return parse_name(variance_model_names, text);
}

// One t statistic with its df and a p value.
struct t_statistic {
    double t = 0;
    double df = 0;
    double p = 0;
};

// The traditional two-group difference t test.
struct difference_test {
    double difference = 0;      // M_a - M_b
    double standard_error = 0;
    double t = 0;               // difference / standard_error
    double df = 0;
    double p_one_tailed = 0;    // P(T > |t|): in the direction of the observed difference
    double p_two_tailed = 0;    // 2 P(T > |t|)
    variance_model model = variance_model::pooled;
};

struct equivalence_result {
    double difference = 0;      // M_treated - M_norm
    double delta = 0;           // the range of closeness, in score points
    double standard_error = 0;
    double df = 0;
    t_statistic upper{};        // H0: difference >= +delta; p = P(T < t)
    t_statistic lower{};        // H0: difference <= -delta; p = P(T > t)
    double alpha = 0;
    bool equivalent = false;    // upper.p < alpha and lower.p < alpha
    difference_test traditional{};  // the same SE and df, two-tailed
    bool different = false;     // traditional.p_two_tailed < alpha
    variance_model model = variance_model::pooled;
};

namespace detail {

inline void require_group(std::string_view what, const group_summary& group) {
    require_finite(std::string(what) + " mean", group.mean);
    require_sd(std::string(what) + " SD", group.sd);
    require_finite(std::string(what) + " n", group.n);
    if (!(group.n >= 2.0 && group.n == std::floor(group.n)))
        fail("alliance.stats.too_few_observations",
             std::string(what) + " n is " + quote(group.n) + "; it must be a whole number of at least 2");
}

inline void require_alpha(double alpha) {
    require_finite("alpha", alpha);
    if (!(alpha > 0.0 && alpha < 1.0))
        fail("alliance.stats.confidence_out_of_range", "alpha is " + quote(alpha) + "; it must lie in (0, 1)");
}

struct standard_error_df {
    double se;
    double df;
};

[[nodiscard]] inline standard_error_df two_group_standard_error(const group_summary& a, const group_summary& b,
                                                                variance_model model) {
    const double va = a.sd * a.sd, vb = b.sd * b.sd;
    if (model == variance_model::pooled) {
        const double df = a.n + b.n - 2.0;
        const double pooled = ((a.n - 1.0) * va + (b.n - 1.0) * vb) / df;
        return {std::sqrt(pooled * (1.0 / a.n + 1.0 / b.n)), df};
    }
    const double wa = va / a.n, wb = vb / b.n;
    const double df = (wa + wb) * (wa + wb) / (wa * wa / (a.n - 1.0) + wb * wb / (b.n - 1.0));
    return {std::sqrt(wa + wb), df};
}

}  // namespace detail

// The traditional t test of M_a - M_b = 0 (pooled: Student; welch: Welch). normcomp's check that
// the pretest mean differs from the normative mean is the Welch form with p = P(T > |t|).
[[nodiscard]] inline difference_test group_difference_test(const group_summary& a, const group_summary& b,
                                                           variance_model model = variance_model::pooled) {
    detail::require_group("group A", a);
    detail::require_group("group B", b);
    const detail::standard_error_df error = detail::two_group_standard_error(a, b, model);
    difference_test out;
    out.model = model;
    out.difference = exact_difference(a.mean, b.mean);  // on the exact decimals, rounded once
    out.standard_error = error.se;
    out.df = error.df;
    out.t = out.difference / error.se;
    detail::require_finite("difference t", out.t);
    detail::guarded("Student t probability", [&] {
        const boost::math::students_t_distribution<double> dist(out.df);
        out.p_one_tailed = cdf(complement(dist, std::fabs(out.t)));
        out.p_two_tailed = std::fmin(1.0, 2.0 * out.p_one_tailed);
        return 0;
    });
    return out;
}

// delta = k x the normative group's SD (Kendall et al. 1999: k = 1; Cribbie & Arpin-Cribbie
// 2009: k = 0.5, 1, 1.5).
[[nodiscard]] inline double delta_from_normative_sd(const group_summary& normative, double k) {
    detail::require_sd("normative SD", normative.sd);
    detail::require_finite("delta multiple of the normative SD", k);
    if (!(k > 0.0))
        detail::fail("alliance.stats.delta_not_positive",
                     "delta multiple of the normative SD is " + detail::quote(k) + "; it must be greater than 0");
    return k * normative.sd;
}

// Two one-sided tests of |M_treated - M_norm| < delta, and the traditional difference test.
[[nodiscard]] inline equivalence_result normative_equivalence(const group_summary& treated,
                                                              const group_summary& normative, double delta,
                                                              variance_model model = variance_model::pooled,
                                                              double alpha = 0.05) {
    detail::require_group("treated group", treated);
    detail::require_group("normative group", normative);
    detail::require_finite("delta", delta);
    if (!(delta > 0.0))
        detail::fail("alliance.stats.delta_not_positive",
                     "delta is " + detail::quote(delta) + "; the range of closeness must be greater than 0");
    detail::require_alpha(alpha);
    equivalence_result out;
    out.model = model;
    out.alpha = alpha;
    out.delta = delta;
    out.traditional = group_difference_test(treated, normative, model);
    out.difference = out.traditional.difference;
    out.standard_error = out.traditional.standard_error;
    out.df = out.traditional.df;
    out.upper = {(out.difference - delta) / out.standard_error, out.df, 0.0};
    out.lower = {(out.difference + delta) / out.standard_error, out.df, 0.0};
    detail::require_finite("equivalence t", out.upper.t);
    detail::require_finite("equivalence t", out.lower.t);
    detail::guarded("Student t probability", [&] {
        const boost::math::students_t_distribution<double> dist(out.df);
        out.upper.p = cdf(dist, out.upper.t);
        out.lower.p = cdf(complement(dist, out.lower.t));
        return 0;
    });
    out.equivalent = out.upper.p < alpha && out.lower.p < alpha;
    out.different = out.traditional.p_two_tailed < alpha;
    return out;
}

}  // namespace alliance::stats
