// Bayesian comparison of a single case with a small control sample, by Monte Carlo: the Bayesian
// test for a deficit (BTD) and the Bayesian standardised difference test (BSDT) of Crawford &
// Garthwaite (2007), "Comparison of a single case to a control or normative sample in
// neuropsychology: development of a Bayesian approach", Cognitive Neuropsychology 24(4),
// 343-372; with the "calibrated" prior of Crawford, Garthwaite & Ryan (2011), Cortex 47(10),
// 1166-1178, as an option. Reference implementation: singcar 0.1.5 (jorittmo/singcar@71ebac2,
// R/BTD.R, R/BSDT.R).
//
// BTD, per draw i (standard non-informative prior f(mu, sigma^2) ~ 1/sigma^2):
//   psi ~ chi-square(n - 1);  sigma_i^2 = (n - 1) s^2 / psi;  mu_i = m + z sqrt(sigma_i^2 / n), z ~ N(0, 1)
//   z*_i = (x - mu_i) / sigma_i;  p_i = Phi(z*_i)  (the proportion of the population below x)
// BSDT, per draw (standard-theory prior f(mu, Sigma^-1) ~ |Sigma|; S = (n - 1) x the sample covariance):
//   Sigma_i ~ inverse-Wishart(S, n);  mu_i = m + T_i z / sqrt(n), T_i the Cholesky factor of Sigma_i
//   z*_i = [(x_a - mu_a)/sigma_a - (x_b - mu_b)/sigma_b] / sqrt(2 - 2 rho_i)
// Calibrated prior (Crawford, Garthwaite & Ryan 2011): Sigma_i ~ inverse-Wishart((n - 2) S / (n - 1), n - 2),
//   kept only when u^2 <= 1 - rho_i^2 for u ~ U(0, 1) (rejection sampling; Berger & Sun 2008).
// The estimates are means over the draws: p_lower = mean Phi(z*) and p_upper = mean Phi(-z*), the
// one-tailed p values (and the estimated proportions of the population below and above the case).
// Two-tailed p: Crawford & Garthwaite double the one-tailed estimate, p_two_tailed =
// 2 min(p_lower, p_upper); this reproduces the value of their own program quoted in singcar's
// tests (tests/testthat/test-BSDT.R, 0.27849) and equals the Crawford & Howell two-tailed p for the
// BTD. singcar instead averages 2 Phi(-|z*|) over the draws (p_two_tailed_draw_mean here), which
// is larger whenever some draws fall on the other side (0.2733 against 0.2783 in that example).
// The credible intervals are the alpha/2 and 1 - alpha/2 quantiles of z* (R's default quantile,
// type 7, as singcar), and the percentage limits 100 Phi() of those.
//
// Reproducible per seed: std::mt19937_64, whose output the C++ standard specifies, feeds
// uniform, normal (Box-Muller), gamma/chi-square (Marsaglia & Tsang 2000) and Wishart (Bartlett)
// transforms written here, not std::normal_distribution or std::chi_squared_distribution, whose
// output differs between standard libraries. The same seed and number of draws give the same
// numbers on every platform up to the last-bit rounding of std::log/std::cos/std::sqrt.
//
// Precision: each result carries the Monte Carlo standard error of its p estimate,
// sd(p_i) / sqrt(draws). sd(p_i) is at most 0.5, and about 0.1 for a p near 0.05, so 10 000
// draws give p to about +-0.001 and 1 000 000 to about +-0.0001; the interval limits, quantiles
// of the draws, settle more slowly in the far tails (see docs/statistics.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "alliance/decimal.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/interval.hpp"
#include "alliance/stats/norm.hpp"
#include "alliance/stats/single_case.hpp"
#include "alliance/names.hpp"

namespace alliance::stats {

// How many posterior draws, and the seed of the generator. `progress`, when set, is called on
// the calling thread every progress_draws draws and may throw to stop the test (an
// interpreter's Ctrl-C: 10^8 draws take tens of seconds).
struct monte_carlo {
    std::size_t draws = 100000;
    std::uint64_t seed = 1;
    std::function<void()> progress{};
};

inline constexpr std::size_t progress_draws = 4096;

inline constexpr std::size_t minimum_draws = 100;
inline constexpr std::size_t maximum_draws = 100000000;  // 1e8 draws keep 800 MB of z* values

enum class bsdt_prior : std::uint8_t {
    standard,    // Crawford & Garthwaite (2007): "standard theory" prior, inverse-Wishart on n df
    calibrated,  // Crawford, Garthwaite & Ryan (2011): Berger & Sun's prior, calibrated (n - 2 df)
};

inline constexpr std::array bsdt_prior_names{named{bsdt_prior::standard, "standard"},
                                             named{bsdt_prior::calibrated, "calibrated"}};
[[nodiscard]] constexpr std::string_view to_string(bsdt_prior prior) noexcept { return name_of(bsdt_prior_names, prior); }
[[nodiscard]] constexpr std::optional<bsdt_prior> parse_bsdt_prior(std::string_view text) noexcept {
    return parse_name(bsdt_prior_names, text);
}

// What is standardised: the case's z scores on each task (the BSDT proper), or the raw difference
// for two tasks on the same scale (singcar's unstandardised = TRUE: a Bayesian analogue of the UDT).
enum class bsdt_effect : std::uint8_t { standardised, unstandardised };

struct bayesian_case_result {
    std::size_t draws = 0;
    std::uint64_t seed = 0;
    double confidence = 0;       // of the credible intervals
    double z_cc = 0;             // point estimate from the sample statistics (BTD: (x - m)/s; BSDT: Z_DCC)
    double p_lower = 0;          // mean of Phi(z*): estimated proportion of the population below the case
    double p_upper = 0;          // mean of Phi(-z*)
    double p_two_tailed = 0;     // 2 min(p_lower, p_upper): Crawford & Garthwaite's two-tailed p
    double p_two_tailed_draw_mean = 0;  // mean of 2 Phi(-|z*|): singcar's two-sided p.value
    double p_standard_error = 0; // Monte Carlo standard error of p_lower (= that of p_upper)
    double percent_below = 0;    // 100 p_lower
    interval z_interval{};       // credible interval of z* (Z_CC for the BTD, Z_DCC for the BSDT)
    interval percent_below_interval{};  // 100 Phi() of the z* limits
    // Monte Carlo standard errors of the two z* limits: half the spread of the order statistics
    // one binomial SD, sqrt(N q (1 - q)), either side of each quantile.
    interval z_interval_standard_error{};
    std::size_t rejected = 0;    // calibrated prior: draws of Sigma rejected before acceptance
};

namespace detail {

// Uniform on the open interval (0, 1): the top 53 bits of a 64-bit draw, centred in their cell.
[[nodiscard]] inline double uniform_open(std::mt19937_64& engine) {
    return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;
}

// Standard normal draws by the Box-Muller transform (Box & Muller 1958), both values used.
class normal_source {
public:
    [[nodiscard]] double operator()(std::mt19937_64& engine) {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const double radius = std::sqrt(-2.0 * std::log(uniform_open(engine)));
        const double angle = 2.0 * 3.14159265358979323846 * uniform_open(engine);
        spare_ = radius * std::sin(angle);
        has_spare_ = true;
        return radius * std::cos(angle);
    }

private:
    double spare_ = 0;
    bool has_spare_ = false;
};

// Gamma(shape, 1) by Marsaglia & Tsang (2000), ACM TOMS 26(3) 363-372; for shape < 1 the same
// paper's Gamma(shape + 1) x U^(1/shape).
[[nodiscard]] inline double gamma_draw(double shape, std::mt19937_64& engine, normal_source& normal) {
    if (shape < 1.0) {
        const double g = gamma_draw(shape + 1.0, engine, normal);
        return g * std::pow(uniform_open(engine), 1.0 / shape);
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x = 0, v = 0;
        do {
            x = normal(engine);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform_open(engine);
        if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return d * v;
        if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
}

[[nodiscard]] inline double chi_square_draw(double df, std::mt19937_64& engine, normal_source& normal) {
    return 2.0 * gamma_draw(df / 2.0, engine, normal);
}

// A symmetric 2 x 2 matrix [[a, b], [b, c]].
struct sym2 {
    double a = 0, b = 0, c = 0;
};

[[nodiscard]] inline sym2 inverse(const sym2& m) {
    const double det = m.a * m.c - m.b * m.b;
    return {m.c / det, -m.b / det, m.a / det};
}

// A draw from the inverse-Wishart distribution with scale `scale` and `df` degrees of freedom,
// i.e. the inverse of a Wishart(scale^-1, df) draw, by the Bartlett decomposition: with
// L L' = scale^-1 and B = [[sqrt(c1), 0], [z, sqrt(c2)]], c1 ~ chi2(df), c2 ~ chi2(df - 1),
// z ~ N(0, 1), the Wishart draw is L B B' L'.
[[nodiscard]] inline sym2 inverse_wishart_draw(const sym2& scale_inverse, double df, std::mt19937_64& engine,
                                               normal_source& normal) {
    const sym2& p = scale_inverse;
    const double l11 = std::sqrt(p.a);
    const double l21 = p.b / l11;
    const double l22 = std::sqrt(p.c - l21 * l21);
    const double b11 = std::sqrt(chi_square_draw(df, engine, normal));
    const double b21 = normal(engine);
    const double b22 = std::sqrt(chi_square_draw(df - 1.0, engine, normal));
    // M = L B (lower triangular); W = M M'.
    const double m11 = l11 * b11;
    const double m21 = l21 * b11 + l22 * b21;
    const double m22 = l22 * b22;
    const sym2 wishart{m11 * m11, m11 * m21, m21 * m21 + m22 * m22};
    return inverse(wishart);
}

// Half the distance between the order statistics sqrt(N q (1 - q)) places below and above the
// q quantile: the Monte Carlo standard error of that quantile, without a density estimate.
[[nodiscard]] inline double quantile_standard_error(std::vector<double>& values, double q) {
    const double count = static_cast<double>(values.size());
    const double spread = std::sqrt(count * q * (1.0 - q));
    const auto at = [&](double position) {
        const double clamped = std::clamp(position, 0.0, count - 1.0);
        const auto k = static_cast<std::size_t>(clamped);
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
        return values[k];
    };
    return (at(std::ceil(count * q + spread) - 1.0) - at(std::floor(count * q - spread) - 1.0)) / 2.0;
}

// R's default (type 7) sample quantile of sorted-in-place data: (1 - h) x[j] + h x[j + 1],
// h = (N - 1) q - j.
[[nodiscard]] inline double quantile_type7(std::vector<double>& values, double q) {
    const double position = (static_cast<double>(values.size()) - 1.0) * q;
    const auto j = static_cast<std::size_t>(std::floor(position));
    const double h = position - static_cast<double>(j);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(j), values.end());
    const double low = values[j];
    if (h == 0.0 || j + 1 >= values.size()) return low;
    const double high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(j) + 1, values.end());
    return low + h * (high - low);
}

// Calls settings.progress, when set, at every progress_draws-th step `i`.
inline void report_progress(const monte_carlo& settings, std::size_t i) {
    if (settings.progress && i % progress_draws == 0) settings.progress();
}

inline void require_monte_carlo(const monte_carlo& settings) {
    if (settings.draws < minimum_draws || settings.draws > maximum_draws)
        fail("alliance.stats.draws_out_of_range",
             "the number of Monte Carlo draws is " + std::to_string(settings.draws) + "; it must lie in [" +
                 std::to_string(minimum_draws) + ", " + std::to_string(maximum_draws) + "]");
}

// Means of Phi(z*), Phi(-z*), 2 Phi(-|z*|), the Monte Carlo SE and the credible intervals.
[[nodiscard]] inline bayesian_case_result summarise_draws(std::vector<double>& z, const monte_carlo& settings,
                                                          double confidence, double point_estimate) {
    const boost::math::normal_distribution<double> unit(0.0, 1.0);
    double sum_lower = 0, sum_upper = 0, sum_two = 0, sum_square = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        report_progress(settings, i);
        const double value = z[i];
        const double lower = cdf(unit, value);
        const double upper = cdf(complement(unit, value));
        sum_lower += lower;
        sum_upper += upper;
        sum_two += 2.0 * std::fmin(lower, upper);
        sum_square += lower * lower;
    }
    const double count = static_cast<double>(z.size());
    bayesian_case_result out;
    out.draws = settings.draws;
    out.seed = settings.seed;
    out.confidence = confidence;
    out.z_cc = point_estimate;
    out.p_lower = sum_lower / count;
    out.p_upper = sum_upper / count;
    out.p_two_tailed = std::fmin(1.0, 2.0 * std::fmin(out.p_lower, out.p_upper));
    out.p_two_tailed_draw_mean = std::fmin(1.0, sum_two / count);
    const double variance = std::fmax(0.0, (sum_square - count * out.p_lower * out.p_lower) / (count - 1.0));
    out.p_standard_error = std::sqrt(variance / count);
    out.percent_below = 100.0 * out.p_lower;
    const double alpha = 1.0 - confidence;
    // Each selection below is one pass over the draws (about a second for 10^8): asked between them.
    report_progress(settings, 0);
    const double lower_limit = quantile_type7(z, alpha / 2.0);
    report_progress(settings, 0);
    const double upper_limit = quantile_type7(z, 1.0 - alpha / 2.0);
    out.z_interval = {lower_limit, upper_limit};
    report_progress(settings, 0);
    const double lower_error = quantile_standard_error(z, alpha / 2.0);
    report_progress(settings, 0);
    out.z_interval_standard_error = {lower_error, quantile_standard_error(z, 1.0 - alpha / 2.0)};
    out.percent_below_interval = {100.0 * cdf(unit, lower_limit), 100.0 * cdf(unit, upper_limit)};
    return out;
}

}  // namespace detail

// Bayesian test for a deficit (Crawford & Garthwaite 2007; singcar R/BTD.R). `controls` needs n >= 2.
[[nodiscard]] inline bayesian_case_result bayesian_deficit_test(const alliance::norm& controls, double score,
                                                                const monte_carlo& settings = {},
                                                                double confidence = 0.95) {
    const double n = detail::control_sample_size(controls);
    detail::require_finite("case score", score);
    detail::require_confidence("confidence", confidence);
    detail::require_monte_carlo(settings);
    const double z_cc = exact_difference(score, controls.mean) / controls.sd;
    detail::require_finite("case's standardised score", z_cc);
    std::mt19937_64 engine(settings.seed);
    detail::normal_source normal;
    const double sum_of_squares = (n - 1.0) * controls.sd * controls.sd;
    // Grown draw by draw (not zeroed first): 10^8 draws touch their 800 MB as they are made, so
    // a stop asked for is seen within the next progress_draws draws.
    std::vector<double> z;
    z.reserve(settings.draws);
    for (std::size_t i = 0; i < settings.draws; ++i) {
        detail::report_progress(settings, i);
        const double sigma2 = sum_of_squares / detail::chi_square_draw(n - 1.0, engine, normal);
        const double mu = controls.mean + normal(engine) * std::sqrt(sigma2 / n);
        z.push_back((score - mu) / std::sqrt(sigma2));
    }
    return detail::guarded("Bayesian test for a deficit",
                           [&] { return detail::summarise_draws(z, settings, confidence, z_cc); });
}

// Bayesian standardised difference test (Crawford & Garthwaite 2007; singcar R/BSDT.R): the case's
// scores on tasks A and B against the controls' means, SDs, sample size (the same for both tasks)
// and the correlation r of the tasks in the controls (-1 < r < 1). z_cc of the result is Z_DCC =
// (z_a - z_b) / sqrt(2 - 2 r) (or, unstandardised, the raw discrepancy over its SD).
[[nodiscard]] inline bayesian_case_result bayesian_standardized_difference_test(
    const alliance::norm& task_a, const alliance::norm& task_b, double r, double case_a, double case_b,
    const monte_carlo& settings = {}, bsdt_prior prior = bsdt_prior::standard,
    bsdt_effect effect = bsdt_effect::standardised, double confidence = 0.95) {
    const double n = detail::paired_sample_size(task_a, task_b);
    detail::require_correlation("correlation between the tasks", r);
    if (!(r > -1.0 && r < 1.0))
        detail::fail("alliance.stats.correlation_out_of_range",
                     "correlation between the tasks is " + detail::quote(r) + "; the BSDT needs -1 < r < 1");
    detail::require_finite("case score on task A", case_a);
    detail::require_finite("case score on task B", case_b);
    detail::require_confidence("confidence", confidence);
    detail::require_monte_carlo(settings);
    if (prior == bsdt_prior::calibrated && n < 4.0)
        detail::fail("alliance.stats.too_few_observations",
                     "the calibrated prior draws from an inverse-Wishart on n - 2 df and needs n >= 4; n is " +
                         detail::quote(n));

    const double sa = task_a.sd, sb = task_b.sd;
    double point = 0;
    if (effect == bsdt_effect::standardised) {
        point = ((case_a - task_a.mean) / sa - (case_b - task_b.mean) / sb) / std::sqrt(2.0 - 2.0 * r);
    } else {
        point = ((case_a - task_a.mean) - (case_b - task_b.mean)) / std::sqrt(sa * sa + sb * sb - 2.0 * sa * sb * r);
    }
    detail::require_finite("case's standardised discrepancy", point);

    // The SSCP matrix S = (n - 1) x covariance; the calibrated prior scales it by (n - 2)/(n - 1).
    const double df = prior == bsdt_prior::standard ? n : n - 2.0;
    const double scale_factor = prior == bsdt_prior::standard ? n - 1.0 : n - 2.0;
    const detail::sym2 scale{scale_factor * sa * sa, scale_factor * sa * sb * r, scale_factor * sb * sb};
    const detail::sym2 scale_inverse = detail::inverse(scale);

    std::mt19937_64 engine(settings.seed);
    detail::normal_source normal;
    std::vector<double> z;
    z.reserve(settings.draws);
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < settings.draws; ++i) {
        detail::report_progress(settings, i);
        double value = 0;
        detail::sym2 sigma;
        double rho = 0;
        for (;;) {
            sigma = detail::inverse_wishart_draw(scale_inverse, df, engine, normal);
            rho = sigma.b / std::sqrt(sigma.a * sigma.c);
            if (prior == bsdt_prior::standard) break;
            const double u = detail::uniform_open(engine);
            if (u * u <= 1.0 - rho * rho) break;
            // The acceptance rate is 1 - rho^2 on average; a bound keeps |r| near 1 from looping on.
            if (++rejected > 1000 * settings.draws)
                detail::fail("alliance.stats.numerical_failure",
                             "Bayesian standardised difference test: the calibrated prior rejected " +
                                 std::to_string(rejected) + " draws (correlation " + detail::quote(r) + ")");
        }
        // mu = m + T z / sqrt(n), T T' = Sigma (lower Cholesky factor).
        const double t11 = std::sqrt(sigma.a);
        const double t21 = sigma.b / t11;
        const double t22 = std::sqrt(std::fmax(0.0, sigma.c - t21 * t21));
        const double za = normal(engine), zb = normal(engine);
        const double mu_a = task_a.mean + t11 * za / std::sqrt(n);
        const double mu_b = task_b.mean + (t21 * za + t22 * zb) / std::sqrt(n);
        if (effect == bsdt_effect::standardised) {
            value = ((case_a - mu_a) / std::sqrt(sigma.a) - (case_b - mu_b) / std::sqrt(sigma.c)) /
                    std::sqrt(2.0 - 2.0 * rho);
        } else {
            value = ((case_a - mu_a) - (case_b - mu_b)) / std::sqrt(sigma.a + sigma.c - 2.0 * sigma.b);
        }
        z.push_back(value);
    }
    for (const double value : z)
        if (!std::isfinite(value))
            detail::fail("alliance.stats.numerical_failure",
                         "Bayesian standardised difference test: a posterior draw gave a non-finite discrepancy");
    bayesian_case_result out = detail::guarded("Bayesian standardised difference test",
                                               [&] { return detail::summarise_draws(z, settings, confidence, point); });
    out.rejected = rejected;
    return out;
}

}  // namespace alliance::stats
