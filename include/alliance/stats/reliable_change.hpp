// Reliable change: is a client's pre-post difference larger than measurement error alone
// would produce? A method is a value (reliable_change_index) built once from its inputs,
// validated and with its standard error precomputed; reliable_change(index, pre, post) and
// its batch form apply it.
//
//   const reliable_change_index rci(rc_method::jacobson_truax,
//                                   {.sd_pre = 7.5, .reliability = 0.88},
//                                   direction::higher_is_better);
//   const auto r = reliable_change(rci, 40, 52);   // r.index, r.classification, ...
//
// Every index has the form  index = adjusted_change / standard_error  (numerator and
// denominator from the sources named beside each formula below). The
// classification is strict, as clinicalsignificance's .calc_improvement (R/package-utils.R):
// improved when dir * index > critical value, deteriorated when dir * index < -critical value,
// otherwise none; a value exactly on the boundary is not reliable change. (JTRCI uses >=.)
//
// Inputs are explicit. SDs, means, reliabilities and the pre-post correlation are given by the
// caller; complete_from_sample() estimates the missing distributional ones from a sample (n - 1
// SDs, Pearson r) and says which it estimated. Reliability is never estimated or defaulted.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alliance/decimal.hpp"
#include "alliance/stats/critical_value.hpp"
#include "alliance/stats/descriptive.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/direction.hpp"
#include "alliance/names.hpp"

namespace alliance::stats {

// ---------------------------------------------------------------------------------------------
// Methods

enum class rc_method : std::uint8_t {
    jacobson_truax,
    gulliksen_lord_novick,
    hsu_linn_lord,
    edwards_nunnally,
    nunnally_kotsch,
    hageman_arrindell,
    maassen,
    iverson,
    iverson_unadjusted,
    chelune,
    temkin,
    mcsweeny,
};

inline constexpr std::array all_rc_methods{
    rc_method::jacobson_truax, rc_method::gulliksen_lord_novick, rc_method::hsu_linn_lord,
    rc_method::edwards_nunnally, rc_method::nunnally_kotsch, rc_method::hageman_arrindell,
    rc_method::maassen, rc_method::iverson, rc_method::iverson_unadjusted,
    rc_method::chelune, rc_method::temkin, rc_method::mcsweeny,
};

// The short, stable id a command line uses ("jt", "gln", ...).
inline constexpr std::array rc_method_names{
    named{rc_method::jacobson_truax, "jt"},
    named{rc_method::gulliksen_lord_novick, "gln"},
    named{rc_method::hsu_linn_lord, "hll"},
    named{rc_method::edwards_nunnally, "en"},
    named{rc_method::nunnally_kotsch, "nk"},
    named{rc_method::hageman_arrindell, "ha"},
    named{rc_method::maassen, "maassen"},
    named{rc_method::iverson, "iverson"},
    named{rc_method::iverson_unadjusted, "iverson-unadjusted"},
    named{rc_method::chelune, "chelune"},
    named{rc_method::temkin, "temkin"},
    named{rc_method::mcsweeny, "mcsweeny"}};
[[nodiscard]] constexpr std::string_view to_string(rc_method method) noexcept { return name_of(rc_method_names, method); }

// Who the method is from, and where this library took its formula.
[[nodiscard]] constexpr std::string_view citation(rc_method method) noexcept {
    switch (method) {
        case rc_method::jacobson_truax:
            return "Jacobson & Truax (1991), J Consult Clin Psychol 59:12; Christensen & Mendoza "
                   "(1986), Behav Ther 17:305; clinicalsignificance 3.0.0 R/calc_rci.R calc_rci.cs_jt";
        case rc_method::gulliksen_lord_novick:
            return "Gulliksen-Lord-Novick as given by Hsu (1989, 1995); clinicalsignificance 3.0.0 "
                   "R/calc_rci.R calc_rci.cs_gln";
        case rc_method::hsu_linn_lord:
            return "Hsu-Linn-Lord, per Hsu (1989); clinicalsignificance 3.0.0 R/calc_rci.R calc_rci.cs_hll";
        case rc_method::edwards_nunnally:
            return "Edwards-Nunnally as reformulated by Speer (1992); clinicalsignificance 3.0.0 "
                   "R/calc_rci.R calc_rci.cs_en";
        case rc_method::nunnally_kotsch:
            return "Nunnally & Kotsch (1983); clinicalsignificance 3.0.0 R/calc_rci.R calc_rci.cs_nk";
        case rc_method::hageman_arrindell:
            return "Hageman & Arrindell (1999) RC_indiv; clinicalsignificance 3.0.0 R/calc_rci.R calc_rci.cs_ha";
        case rc_method::maassen: return "Maassen (2004), J Int Neuropsychol Soc 10:888";
        case rc_method::iverson:
            return "Iverson, Lovell & Collins (2003), Clin Neuropsychol 17:460, practice-adjusted";
        case rc_method::iverson_unadjusted:
            return "Iverson, Lovell & Collins (2003) without practice adjustment; JanSouren/rci R/rci.R method 'I'";
        case rc_method::chelune: return "Chelune, Naugle, Lueders, Sedlak & Awad (1993)";
        case rc_method::temkin: return "Temkin, Heaton, Grant & Dikmen (1999)";
        case rc_method::mcsweeny: return "McSweeny, Naugle, Chelune & Lueders (1993), simple regression";
    }
    return "unknown";
}

[[nodiscard]] constexpr std::optional<rc_method> parse_rc_method(std::string_view id) noexcept {
    return parse_name(rc_method_names, id);
}

// Throws domain_error "alliance.stats.unknown_method" listing the known ids.
[[nodiscard]] inline rc_method rc_method_from_string(std::string_view id) {
    if (const auto method = parse_rc_method(id)) return *method;
    std::string known;
    for (const rc_method method : all_rc_methods) known += (known.empty() ? "" : ", ") + std::string(to_string(method));
    detail::fail("alliance.stats.unknown_method",
                 "unknown reliable-change method '" + std::string(id) + "'; the methods are " + known);
}

// ---------------------------------------------------------------------------------------------
// Parameters

// Notation: pre = x1, post = x2; M1/SD1 describe the pre (clinical) scores,
// M2/SD2 the post scores, rxx is the reliability, r12 the pre-post (test-retest) correlation.
enum class change_parameter : std::uint8_t {
    mean_pre,            // M1
    sd_pre,              // SD1
    mean_post,           // M2
    sd_post,             // SD2
    reliability,         // rxx
    reliability_post,    // rxx of the post scores (Nunnally & Kotsch)
    retest_correlation,  // r12
};

inline constexpr std::array all_change_parameters{
    change_parameter::mean_pre,    change_parameter::sd_pre,           change_parameter::mean_post,
    change_parameter::sd_post,     change_parameter::reliability,      change_parameter::reliability_post,
    change_parameter::retest_correlation,
};

inline constexpr std::array change_parameter_names{
    named{change_parameter::mean_pre, "mean_pre"},
    named{change_parameter::sd_pre, "sd_pre"},
    named{change_parameter::mean_post, "mean_post"},
    named{change_parameter::sd_post, "sd_post"},
    named{change_parameter::reliability, "reliability"},
    named{change_parameter::reliability_post, "reliability_post"},
    named{change_parameter::retest_correlation, "retest_correlation"}};
[[nodiscard]] constexpr std::string_view to_string(change_parameter parameter) noexcept { return name_of(change_parameter_names, parameter); }

[[nodiscard]] constexpr std::optional<change_parameter> parse_change_parameter(std::string_view id) noexcept {
    return parse_name(change_parameter_names, id);
}

// Whether a driver may estimate the parameter from the analysed pre/post sample. Reliabilities
// are a property of the instrument (test-retest or internal consistency): the user chooses.
[[nodiscard]] constexpr bool estimable_from_sample(change_parameter parameter) noexcept {
    return parameter != change_parameter::reliability && parameter != change_parameter::reliability_post;
}

// A small set of change_parameter values.
class parameter_set {
public:
    constexpr parameter_set() noexcept = default;
    constexpr parameter_set(std::initializer_list<change_parameter> parameters) noexcept {
        for (const change_parameter parameter : parameters) insert(parameter);
    }
    [[nodiscard]] constexpr bool contains(change_parameter parameter) const noexcept {
        return (bits_ & bit(parameter)) != 0;
    }
    constexpr void insert(change_parameter parameter) noexcept { bits_ = static_cast<std::uint8_t>(bits_ | bit(parameter)); }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    [[nodiscard]] constexpr std::size_t size() const noexcept {
        std::size_t count = 0;
        for (const change_parameter parameter : all_change_parameters) count += contains(parameter) ? 1u : 0u;
        return count;
    }
    // The members in the order of all_change_parameters.
    [[nodiscard]] std::vector<change_parameter> members() const {
        std::vector<change_parameter> list;
        for (const change_parameter parameter : all_change_parameters)
            if (contains(parameter)) list.push_back(parameter);
        return list;
    }
    friend constexpr bool operator==(const parameter_set&, const parameter_set&) = default;

private:
    [[nodiscard]] static constexpr std::uint8_t bit(change_parameter parameter) noexcept {
        return static_cast<std::uint8_t>(1u << static_cast<unsigned>(parameter));
    }
    std::uint8_t bits_ = 0;
};

// "mean_pre, sd_pre, reliability"
[[nodiscard]] inline std::string to_string(const parameter_set& set) {
    std::string text;
    for (const change_parameter parameter : set.members())
        text += (text.empty() ? "" : ", ") + std::string(to_string(parameter));
    return text;
}

// What each method reads (the sources are in citation(rc_method)).
[[nodiscard]] constexpr parameter_set required_parameters(rc_method method) noexcept {
    using p = change_parameter;
    switch (method) {
        case rc_method::jacobson_truax: return {p::sd_pre, p::reliability};
        case rc_method::gulliksen_lord_novick: return {p::mean_pre, p::sd_pre, p::reliability};
        case rc_method::hsu_linn_lord: return {p::mean_pre, p::sd_pre, p::mean_post, p::reliability};
        case rc_method::edwards_nunnally: return {p::mean_pre, p::sd_pre, p::reliability};
        case rc_method::nunnally_kotsch: return {p::mean_pre, p::sd_pre, p::reliability, p::reliability_post};
        case rc_method::hageman_arrindell:
            return {p::mean_pre, p::sd_pre, p::mean_post, p::sd_post, p::reliability, p::retest_correlation};
        case rc_method::maassen: return {p::sd_pre, p::sd_post, p::reliability};
        case rc_method::iverson:
            return {p::mean_pre, p::sd_pre, p::mean_post, p::sd_post, p::retest_correlation};
        case rc_method::iverson_unadjusted: return {p::sd_pre, p::sd_post, p::retest_correlation};
        case rc_method::chelune: return {p::mean_pre, p::sd_pre, p::mean_post, p::retest_correlation};
        case rc_method::temkin:
            return {p::mean_pre, p::sd_pre, p::mean_post, p::sd_post, p::retest_correlation};
        case rc_method::mcsweeny:
            return {p::mean_pre, p::sd_pre, p::mean_post, p::sd_post, p::retest_correlation};
    }
    return {};
}

// The inputs of a method; only those it requires are read (and validated).
struct change_parameters {
    std::optional<double> mean_pre{};
    std::optional<double> sd_pre{};
    std::optional<double> mean_post{};
    std::optional<double> sd_post{};
    std::optional<double> reliability{};
    std::optional<double> reliability_post{};
    std::optional<double> retest_correlation{};

    [[nodiscard]] constexpr std::optional<double> get(change_parameter parameter) const noexcept {
        switch (parameter) {
            case change_parameter::mean_pre: return mean_pre;
            case change_parameter::sd_pre: return sd_pre;
            case change_parameter::mean_post: return mean_post;
            case change_parameter::sd_post: return sd_post;
            case change_parameter::reliability: return reliability;
            case change_parameter::reliability_post: return reliability_post;
            case change_parameter::retest_correlation: return retest_correlation;
        }
        return std::nullopt;
    }
    constexpr void set(change_parameter parameter, double value) noexcept {
        switch (parameter) {
            case change_parameter::mean_pre: mean_pre = value; break;
            case change_parameter::sd_pre: sd_pre = value; break;
            case change_parameter::mean_post: mean_post = value; break;
            case change_parameter::sd_post: sd_post = value; break;
            case change_parameter::reliability: reliability = value; break;
            case change_parameter::reliability_post: reliability_post = value; break;
            case change_parameter::retest_correlation: retest_correlation = value; break;
        }
    }
    friend constexpr bool operator==(const change_parameters&, const change_parameters&) = default;
};

// The required parameters that `given` lacks.
[[nodiscard]] constexpr parameter_set missing_parameters(rc_method method, const change_parameters& given) noexcept {
    parameter_set missing;
    const parameter_set required = required_parameters(method);
    for (const change_parameter parameter : all_change_parameters)
        if (required.contains(parameter) && !given.get(parameter)) missing.insert(parameter);
    return missing;
}

struct completed_parameters {
    change_parameters parameters;
    parameter_set estimated;  // which of them were estimated from the sample
    std::size_t n = 0;        // sample size used (0 when nothing was estimated)
};

// Fills the required, missing, estimable parameters from the sample: means, SDs (n - 1) and the
// Pearson pre-post correlation. Given values are kept. Reliabilities are never filled; a missing
// one is reported when the index is built.
[[nodiscard]] inline completed_parameters complete_from_sample(rc_method method, change_parameters given,
                                                               std::span<const score_pair> sample) {
    completed_parameters out{given, {}, 0};
    for (const change_parameter parameter : missing_parameters(method, given).members()) {
        if (!estimable_from_sample(parameter)) continue;
        double value = 0;
        switch (parameter) {
            case change_parameter::mean_pre: value = stats::mean_pre(sample); break;
            case change_parameter::sd_pre: value = stats::sd_pre(sample); break;
            case change_parameter::mean_post: value = stats::mean_post(sample); break;
            case change_parameter::sd_post: value = stats::sd_post(sample); break;
            case change_parameter::retest_correlation: value = pre_post_correlation(sample); break;
            case change_parameter::reliability:
            case change_parameter::reliability_post: continue;
        }
        out.parameters.set(parameter, value);
        out.estimated.insert(parameter);
        out.n = sample.size();
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Results

enum class change_class : std::uint8_t { improved, deteriorated, none };

inline constexpr std::array change_class_names{
    named{change_class::improved, "improved"},
    named{change_class::deteriorated, "deteriorated"},
    named{change_class::none, "none"}};
[[nodiscard]] constexpr std::string_view to_string(change_class value) noexcept { return name_of(change_class_names, value); }

struct reliable_change_result {
    double pre = 0;
    double post = 0;
    double difference = 0;       // post - pre
    double adjusted_change = 0;  // the index's numerator (equals `difference` for jt, maassen, iverson-unadjusted)
    double standard_error = 0;   // the index's denominator
    double index = 0;            // adjusted_change / standard_error
    double critical_value = 0;
    // critical value x standard error: the smallest |post - pre| that is reliable change, in raw
    // score points. Only for the methods whose numerator is the plain difference.
    std::optional<double> threshold{};
    direction better = direction::higher_is_better;
    change_class classification = change_class::none;
};

// ---------------------------------------------------------------------------------------------
// The index

class reliable_change_index {
public:
    // Throws domain_error: a required parameter missing (alliance.stats.missing_parameter), an SD
    // <= 0, a reliability outside (0, 1], a correlation outside [-1, 1], anything not finite,
    // direction not set, or a standard error that comes out 0 (e.g. reliability 1).
    reliable_change_index(rc_method method, const change_parameters& parameters, direction better,
                          critical_value critical = critical_value::from_confidence())
        : method_(method), parameters_(parameters), better_(better), critical_(critical) {
        detail::require_direction(better);
        validate();
        compute_constants();
    }

    [[nodiscard]] rc_method method() const noexcept { return method_; }
    [[nodiscard]] const change_parameters& parameters() const noexcept { return parameters_; }
    [[nodiscard]] direction better() const noexcept { return better_; }
    [[nodiscard]] const stats::critical_value& critical() const noexcept { return critical_; }
    // The denominator; the same for every client.
    [[nodiscard]] double standard_error() const noexcept { return standard_error_; }
    // critical value x standard error, for the methods whose numerator is post - pre.
    [[nodiscard]] std::optional<double> threshold() const noexcept {
        if (numerator_is_difference()) return critical_.z() * standard_error_;
        return std::nullopt;
    }
    // Hageman & Arrindell's reliability of the difference scores r_dd; empty for other methods.
    [[nodiscard]] std::optional<double> difference_reliability() const noexcept {
        if (method_ == rc_method::hageman_arrindell) return r_dd_;
        return std::nullopt;
    }

    // The numerator for one pre/post pair (inputs assumed finite).
    [[nodiscard]] double adjusted_change(double pre, double post) const noexcept {
        const double x1 = pre;
        const double x2 = post;
        switch (method_) {
            case rc_method::jacobson_truax:
            case rc_method::maassen:
            case rc_method::iverson_unadjusted:
                // x2 - x1 (J&T 1991; Maassen 2004; Iverson et al. 2003 unadjusted), on the
                // exact decimals of the two scores (25.1 - 13.4 is 11.7: alliance/decimal.hpp)
                return exact_difference(x2, x1);
            case rc_method::gulliksen_lord_novick:
                // (x2 - M1) - rxx (x1 - M1)   (calc_rci.cs_gln)
                return (x2 - m1_) - rxx_ * (x1 - m1_);
            case rc_method::hsu_linn_lord:
                // (x2 - M2) - rxx (x1 - M1)   (calc_rci.cs_hll)
                return (x2 - m2_) - rxx_ * (x1 - m1_);
            case rc_method::edwards_nunnally:
            case rc_method::nunnally_kotsch:
                // x2 - [rxx (x1 - M1) + M1]: distance from the estimated true pre score
                // (McNemar 1962; calc_rci.cs_en, calc_rci.cs_nk)
                return x2 - (rxx_ * (x1 - m1_) + m1_);
            case rc_method::hageman_arrindell:
                // (x2 - x1) r_dd + (M2 - M1)(1 - r_dd)   (calc_rci.cs_ha)
                return exact_difference(x2, x1) * r_dd_ + (m2_ - m1_) * (1.0 - r_dd_);
            case rc_method::iverson:
            case rc_method::chelune:
            case rc_method::temkin:
                // (x2 - x1) - (M2 - M1): change beyond the mean practice effect
                return (x2 - x1) - (m2_ - m1_);
            case rc_method::mcsweeny:
                // x2 - [M2 + b (x1 - M1)], b = r12 SD2 / SD1: observed minus predicted post score
                return x2 - (m2_ + slope_ * (x1 - m1_));
        }
        return 0.0;
    }

private:
    [[nodiscard]] bool numerator_is_difference() const noexcept {
        return method_ == rc_method::jacobson_truax || method_ == rc_method::maassen ||
               method_ == rc_method::iverson_unadjusted;
    }

    void validate() const {
        const parameter_set missing = missing_parameters(method_, parameters_);
        if (!missing.empty()) {
            std::string text = "method '" + std::string(to_string(method_)) + "' needs " + to_string(missing) +
                               "; give " + (missing.size() == 1 ? "it" : "them") + " explicitly";
            if (missing.contains(change_parameter::reliability) || missing.contains(change_parameter::reliability_post))
                text += " (a reliability is never estimated from the data: choose test-retest or internal "
                        "consistency and say which)";
            else
                text += " or estimate them from the sample with complete_from_sample()";
            detail::fail("alliance.stats.missing_parameter", text);
        }
        const parameter_set required = required_parameters(method_);
        for (const change_parameter parameter : required.members()) {
            const double value = *parameters_.get(parameter);
            const std::string name = std::string(to_string(parameter));
            switch (parameter) {
                case change_parameter::mean_pre:
                case change_parameter::mean_post: detail::require_finite(name, value); break;
                case change_parameter::sd_pre:
                case change_parameter::sd_post: detail::require_sd(name, value); break;
                case change_parameter::reliability:
                case change_parameter::reliability_post: detail::require_reliability(name, value); break;
                case change_parameter::retest_correlation: detail::require_correlation(name, value); break;
            }
        }
    }

    [[nodiscard]] static double get_or_zero(const std::optional<double>& value) noexcept { return value.value_or(0.0); }

    void compute_constants() {
        m1_ = get_or_zero(parameters_.mean_pre);
        m2_ = get_or_zero(parameters_.mean_post);
        rxx_ = get_or_zero(parameters_.reliability);
        const double sd1 = get_or_zero(parameters_.sd_pre);
        const double sd2 = get_or_zero(parameters_.sd_post);
        const double r12 = get_or_zero(parameters_.retest_correlation);
        const double rxx_post = get_or_zero(parameters_.reliability_post);

        switch (method_) {
            case rc_method::jacobson_truax: {
                // S_E = SD1 sqrt(1 - rxx); S_diff = sqrt(2 S_E^2)
                // (Christensen & Mendoza 1986; J&T 1991; .calc_se_measurement, .calc_s_diff)
                const double se = sd1 * std::sqrt(1.0 - rxx_);
                standard_error_ = std::sqrt(2.0 * se * se);
                break;
            }
            case rc_method::gulliksen_lord_novick:
            case rc_method::hsu_linn_lord:
                // SE of prediction SD1 sqrt(1 - rxx^2)   (.calc_se_prediction)
                standard_error_ = sd1 * std::sqrt(1.0 - rxx_ * rxx_);
                break;
            case rc_method::edwards_nunnally:
                // SE of measurement SD1 sqrt(1 - rxx)   (calc_rci.cs_en; Speer 1992)
                standard_error_ = sd1 * std::sqrt(1.0 - rxx_);
                break;
            case rc_method::nunnally_kotsch:
                // sqrt(rxx^2 SD1^2 (1 - rxx) + SD1^2 (1 - rxx_post))   (calc_rci.cs_nk)
                standard_error_ = std::sqrt(rxx_ * rxx_ * sd1 * sd1 * (1.0 - rxx_) + sd1 * sd1 * (1.0 - rxx_post));
                break;
            case rc_method::hageman_arrindell: {
                // Hageman & Arrindell (1999) as in calc_rci.cs_ha and .calc_reliability_ha:
                //   SE = SD1 sqrt(1 - rxx);  rxx_g = (SD_g^2 - SE^2) / SD_g^2 for g = pre, post
                //   r_dd = (SD1^2 rxx1 + SD2^2 rxx2 - 2 SD1 SD2 r12) / (SD1^2 + SD2^2 - 2 SD1 SD2 r12)
                //   denominator = sqrt(r_dd) sqrt(2 SE^2)
                const double se = sd1 * std::sqrt(1.0 - rxx_);
                const double rxx1 = (sd1 * sd1 - se * se) / (sd1 * sd1);
                const double rxx2 = (sd2 * sd2 - se * se) / (sd2 * sd2);
                const double numerator = sd1 * sd1 * rxx1 + sd2 * sd2 * rxx2 - 2.0 * sd1 * sd2 * r12;
                const double denominator = sd1 * sd1 + sd2 * sd2 - 2.0 * sd1 * sd2 * r12;
                r_dd_ = numerator / denominator;
                if (!std::isfinite(r_dd_) || !(r_dd_ > 0.0))
                    detail::fail("alliance.stats.degenerate_difference_reliability",
                                 "method 'ha': the reliability of the difference scores r_dd is " +
                                     detail::quote(r_dd_) + " (from sd_pre " + detail::quote(sd1) + ", sd_post " +
                                     detail::quote(sd2) + ", reliability " + detail::quote(rxx_) +
                                     ", retest_correlation " + detail::quote(r12) +
                                     "); Hageman & Arrindell's RC_indiv needs r_dd > 0");
                standard_error_ = std::sqrt(r_dd_) * std::sqrt(2.0 * se * se);
                break;
            }
            case rc_method::maassen:
                // S_diff = sqrt((SD1^2 + SD2^2)(1 - rxx))   (Maassen 2004)
                standard_error_ = std::sqrt((sd1 * sd1 + sd2 * sd2) * (1.0 - rxx_));
                break;
            case rc_method::iverson:
            case rc_method::iverson_unadjusted: {
                // SEM_i = SD_i sqrt(1 - r12); SE_diff = sqrt(SEM1^2 + SEM2^2)   (Iverson et al. 2003)
                const double sem1 = sd1 * std::sqrt(1.0 - r12);
                const double sem2 = sd2 * std::sqrt(1.0 - r12);
                standard_error_ = std::sqrt(sem1 * sem1 + sem2 * sem2);
                break;
            }
            case rc_method::chelune: {
                // sqrt(2 (SD1 sqrt(1 - r12))^2)   (Chelune et al. 1993)
                const double sem = sd1 * std::sqrt(1.0 - r12);
                standard_error_ = std::sqrt(2.0 * sem * sem);
                break;
            }
            case rc_method::temkin:
                // SD of the difference scores sqrt(SD1^2 + SD2^2 - 2 SD1 SD2 r12)   (Temkin et al. 1999)
                standard_error_ = std::sqrt(sd1 * sd1 + sd2 * sd2 - 2.0 * sd1 * sd2 * r12);
                break;
            case rc_method::mcsweeny:
                // b = r12 SD2 / SD1; SEE = SD2 sqrt(1 - r12^2), without small-sample terms
                // (McSweeny et al. 1993, simple regression)
                slope_ = r12 * sd2 / sd1;
                standard_error_ = sd2 * std::sqrt(1.0 - r12 * r12);
                break;
        }
        if (!std::isfinite(standard_error_) || !(standard_error_ > 0.0))
            detail::fail("alliance.stats.degenerate_standard_error",
                         "method '" + std::string(to_string(method_)) + "': the standard error is " +
                             detail::quote(standard_error_) + " for these parameters (" +
                             describe_parameters() + "); the index would divide by zero");
    }

    [[nodiscard]] std::string describe_parameters() const {
        std::string text;
        for (const change_parameter parameter : required_parameters(method_).members())
            text += (text.empty() ? "" : ", ") + std::string(to_string(parameter)) + " " +
                    detail::quote(*parameters_.get(parameter));
        return text;
    }

    rc_method method_;
    change_parameters parameters_;
    direction better_;
    stats::critical_value critical_;
    double standard_error_ = 0;
    double m1_ = 0;
    double m2_ = 0;
    double rxx_ = 0;
    double r_dd_ = 0;
    double slope_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Applying it

namespace detail {

[[nodiscard]] inline reliable_change_result apply_index(const reliable_change_index& rci, double pre, double post) {
    reliable_change_result out;
    out.pre = pre;
    out.post = post;
    out.difference = exact_difference(post, pre);
    out.adjusted_change = rci.adjusted_change(pre, post);
    out.standard_error = rci.standard_error();
    out.index = out.adjusted_change / out.standard_error;
    out.critical_value = rci.critical().z();
    out.threshold = rci.threshold();
    out.better = rci.better();
    const double directed = sign(rci.better()) * out.index;
    // Strict inequalities, as clinicalsignificance .calc_improvement (R/package-utils.R).
    out.classification = directed > out.critical_value    ? change_class::improved
                         : directed < -out.critical_value ? change_class::deteriorated
                                                          : change_class::none;
    return out;
}

inline void require_finite_result(const reliable_change_result& result, const std::string& where) {
    if (!std::isfinite(result.index) || !std::isfinite(result.difference))
        fail("alliance.stats.numerical_failure",
             where + ": the reliable-change index overflowed (pre " + quote(result.pre) + ", post " +
                 quote(result.post) + ")");
}

}  // namespace detail

// One client.
[[nodiscard]] inline reliable_change_result reliable_change(const reliable_change_index& rci, double pre,
                                                            double post) {
    detail::require_finite("pre score", pre);
    detail::require_finite("post score", post);
    const reliable_change_result result = detail::apply_index(rci, pre, post);
    detail::require_finite_result(result, "reliable change");
    return result;
}

[[nodiscard]] inline reliable_change_result reliable_change(const reliable_change_index& rci, score_pair pair) {
    return reliable_change(rci, pair.pre, pair.post);
}

// Many clients, in order. Throws for the first pair that is not finite, naming it (1-based).
[[nodiscard]] inline std::vector<reliable_change_result> reliable_change(const reliable_change_index& rci,
                                                                         std::span<const score_pair> pairs) {
    std::vector<reliable_change_result> results;
    results.reserve(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const score_pair& pair = pairs[i];
        if (!std::isfinite(pair.pre) || !std::isfinite(pair.post)) {
            const std::string where = "pair " + std::to_string(i + 1);
            detail::require_finite(where + ", pre score", pair.pre);
            detail::require_finite(where + ", post score", pair.post);
        }
        results.push_back(detail::apply_index(rci, pair.pre, pair.post));
        if (!std::isfinite(results.back().index))
            detail::require_finite_result(results.back(), "pair " + std::to_string(i + 1));
    }
    return results;
}

}  // namespace alliance::stats
