// Clinical significance: did a client move from the dysfunctional into the functional range,
// and reliably so? Cut-offs of Jacobson & Truax (1991) and the true-score cut-offs of
// Hageman & Arrindell (1999), the four J&T categories (clinicalsignificance 3.0.0 R/calc_cutoff.R), and Hageman &
// Arrindell's individual clinical-significance index CS_indiv with the same categories.
//
// Notation: M1/SD1 the clinical (dysfunctional) population, M0/SD0 the functional one, dir = +1
// when higher is better, -1 when lower is better.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "alliance/stats/critical_value.hpp"
#include "alliance/stats/detail/checks.hpp"
#include "alliance/stats/direction.hpp"
#include "alliance/stats/norm.hpp"
#include "alliance/stats/normal_quantile.hpp"
#include "alliance/stats/reliable_change.hpp"
#include "alliance/names.hpp"

namespace alliance::stats {

enum class cutoff_kind : std::uint8_t { a, b, c };

inline constexpr std::array cutoff_kind_names{
    named{cutoff_kind::a, "a"},
    named{cutoff_kind::b, "b"},
    named{cutoff_kind::c, "c"}};
[[nodiscard]] constexpr std::string_view to_string(cutoff_kind kind) noexcept { return name_of(cutoff_kind_names, kind); }

[[nodiscard]] constexpr std::optional<cutoff_kind> parse_cutoff_kind(std::string_view text) noexcept {
    return parse_name(cutoff_kind_names, text);
}

struct jt_cutoffs {
    // a = M1 + dir 2 SD1: two SDs beyond the clinical mean, in the healthy direction.
    double a = 0;
    // b = M0 - dir 2 SD0: within two SDs of the functional mean, with the FUNCTIONAL SD as
    // Jacobson & Truax (1991) wrote it (JTRCI R/JT-RCI.R does the same).
    double b = 0;
    // c = (SD1 M0 + SD0 M1) / (SD1 + SD0): equally likely under both distributions.
    double c = 0;
    // b as clinicalsignificance 3.0.0 computes it (R/calc_cutoff.R .calc_cutoff_jt):
    // M0 - dir 2 SD1, with the CLINICAL SD (changed deliberately in its commit eecbd53,
    // "Fix error in cutoff calculation", 2022-03-31). Differs from `b` whenever SD0 != SD1.
    double b_clinicalsignificance = 0;

    [[nodiscard]] constexpr double operator[](cutoff_kind kind) const noexcept {
        return kind == cutoff_kind::a ? a : kind == cutoff_kind::b ? b : c;
    }
};

// Jacobson & Truax (1991); Jacobson, Follette & Revenstorf (1984).
[[nodiscard]] inline jt_cutoffs jacobson_truax_cutoffs(const alliance::norm& clinical,
                                                       const alliance::norm& functional, direction better) {
    detail::require_norm(clinical, "clinical norm");
    detail::require_norm(functional, "functional norm");
    detail::require_direction(better);
    const double dir = sign(better);
    const double m1 = clinical.mean, sd1 = clinical.sd, m0 = functional.mean, sd0 = functional.sd;
    jt_cutoffs out;
    out.a = m1 + dir * 2.0 * sd1;
    out.b = m0 - dir * 2.0 * sd0;
    out.c = (sd1 * m0 + sd0 * m1) / (sd1 + sd0);
    out.b_clinicalsignificance = m0 - dir * 2.0 * sd1;
    return out;
}

struct ha_cutoffs {
    // a_true = M1 + dir 2 SD1 sqrt(rxx1)
    double a = 0;
    // b_true = M0 - dir 2 SD1 sqrt(rxx1): with the clinical SD, as clinicalsignificance
    // .calc_cutoff_ha does (Hageman & Arrindell's paper could not be checked here).
    double b = 0;
    // c_true = (SD1 sqrt(rxx1) M0 + SD0 sqrt(rxx0) M1) / (SD1 sqrt(rxx1) + SD0 sqrt(rxx0))
    double c = 0;
    // rxx_g = (SD_g^2 - SE^2) / SD_g^2 with SE = SD1 sqrt(1 - rxx) (.calc_reliability_ha)
    double reliability_clinical = 0;
    double reliability_functional = 0;

    [[nodiscard]] constexpr double operator[](cutoff_kind kind) const noexcept {
        return kind == cutoff_kind::a ? a : kind == cutoff_kind::b ? b : c;
    }
};

// Hageman & Arrindell (1999) true-score cut-offs, following clinicalsignificance 3.0.0
// R/calc_cutoff.R calc_cutoff_from_data.cs_ha and .calc_cutoff_ha. `reliability` is the
// instrument's reliability in the clinical population.
[[nodiscard]] inline ha_cutoffs hageman_arrindell_cutoffs(const alliance::norm& clinical,
                                                          const alliance::norm& functional,
                                                          double reliability, direction better) {
    detail::require_norm(clinical, "clinical norm");
    detail::require_norm(functional, "functional norm");
    detail::require_reliability("reliability", reliability);
    detail::require_direction(better);
    const double dir = sign(better);
    const double m1 = clinical.mean, sd1 = clinical.sd, m0 = functional.mean, sd0 = functional.sd;
    const double se = sd1 * std::sqrt(1.0 - reliability);
    ha_cutoffs out;
    out.reliability_clinical = (sd1 * sd1 - se * se) / (sd1 * sd1);
    out.reliability_functional = (sd0 * sd0 - se * se) / (sd0 * sd0);
    if (!(out.reliability_functional > 0.0))
        detail::fail("alliance.stats.degenerate_true_score_reliability",
                     "Hageman & Arrindell cut-offs: the functional population's SD " + detail::quote(sd0) +
                         " is not larger than the standard error of measurement " + detail::quote(se) +
                         ", so its true-score reliability is " + detail::quote(out.reliability_functional) +
                         " (it must be > 0)");
    const double s1 = sd1 * std::sqrt(out.reliability_clinical);
    const double s0 = sd0 * std::sqrt(out.reliability_functional);
    out.a = m1 + dir * 2.0 * s1;
    out.b = m0 - dir * 2.0 * s1;
    out.c = (s1 * m0 + s0 * m1) / (s1 + s0);
    return out;
}

// Whether a score is on the functional side of a cut-off: dir x > dir cutoff, strict, as
// clinicalsignificance (R/calc_cutoff.R: functional_post = direction * post > direction * cutoff).
// A score exactly on the cut-off is not functional.
[[nodiscard]] inline bool is_functional(double score, double cutoff, direction better) {
    detail::require_direction(better);
    detail::require_finite("score", score);
    detail::require_finite("cut-off", cutoff);
    return sign(better) * score > sign(better) * cutoff;
}

enum class jt_category : std::uint8_t { recovered, improved, unchanged, deteriorated };

inline constexpr std::array jt_category_names{
    named{jt_category::recovered, "recovered"},
    named{jt_category::improved, "improved"},
    named{jt_category::unchanged, "unchanged"},
    named{jt_category::deteriorated, "deteriorated"}};
[[nodiscard]] constexpr std::string_view to_string(jt_category category) noexcept { return name_of(jt_category_names, category); }

// How "recovered" is decided.
enum class recovery_rule : std::uint8_t {
    // Jacobson & Truax (1991): reliable improvement and a post score on the functional side.
    jacobson_truax,
    // clinicalsignificance 3.0.0 (R/calc_recovered.R): also requires the pre score to be on the
    // clinical side (dir pre < dir cutoff); a reliably improved client who started functional is
    // "improved". The package's fifth category "harmed" is reported here as deteriorated.
    clinicalsignificance,
};

// The four J&T categories of one client, from the reliable-change result (which carries the
// direction) and the chosen cut-off.
[[nodiscard]] inline jt_category categorize(const reliable_change_result& change, double cutoff,
                                            recovery_rule rule = recovery_rule::jacobson_truax) {
    switch (change.classification) {
        case change_class::deteriorated: return jt_category::deteriorated;
        case change_class::none: return jt_category::unchanged;
        case change_class::improved: break;
    }
    const bool functional_post = is_functional(change.post, cutoff, change.better);
    const bool clinical_pre = sign(change.better) * change.pre < sign(change.better) * cutoff;
    const bool recovered =
        functional_post && (rule == recovery_rule::jacobson_truax || clinical_pre);
    return recovered ? jt_category::recovered : jt_category::improved;
}

// ---------------------------------------------------------------------------------------------
// Hageman & Arrindell (1999) CS_indiv: the individual clinical-significance index

// The inputs of CS_indiv. `clinical` and `functional` are the two populations of the cut-offs;
// `post` holds the mean M2 and SD SD2 of the treated sample's post scores; `reliability` is the
// instrument's reliability in the clinical population. The index keeps the numbers it needs, not
// these parameters: a norm's id may view a string that lives only as long as the call.
struct cs_indiv_parameters {
    alliance::norm clinical{};
    alliance::norm functional{};
    double mean_post = 0;
    double sd_post = 0;
    double reliability = 0;
    cutoff_kind kind = cutoff_kind::c;
};

// CS_indiv = (M2 + (x2 - M2) rxx2 - cutoff_true) / (sqrt(rxx2) SE)
// (Hageman & Arrindell 1999; clinicalsignificance R/calc_cutoff.R calc_cutoff_from_data.cs_ha, read
// at pedscience/clinicalsignificance@863dc77):
// the post score's estimated true score (Kelley) minus the true-score cut-off, over the standard
// error of that estimate. SE = SD1 sqrt(1 - rxx) and rxx2 = (SD2^2 - SE^2)/SD2^2 (.calc_reliability_ha).
// A post score is clinically significant (on the functional side) when dir CS_indiv > critical value.
class cs_indiv_index {
public:
    cs_indiv_index(const cs_indiv_parameters& parameters, direction better,
                   critical_value critical = critical_value::from_confidence())
        : mean_post_(parameters.mean_post), kind_(parameters.kind), better_(better), critical_(critical) {
        detail::require_direction(better);
        detail::require_finite("mean_post", parameters.mean_post);
        detail::require_sd("sd_post", parameters.sd_post);
        cutoffs_ = hageman_arrindell_cutoffs(parameters.clinical, parameters.functional, parameters.reliability, better);
        const double sd1 = parameters.clinical.sd;
        standard_error_ = sd1 * std::sqrt(1.0 - parameters.reliability);
        if (!(standard_error_ > 0.0))
            detail::fail("alliance.stats.degenerate_standard_error",
                         "Hageman & Arrindell CS_indiv: the standard error of measurement is 0 (reliability 1)");
        const double sd2 = parameters.sd_post;
        reliability_post_ = (sd2 * sd2 - standard_error_ * standard_error_) / (sd2 * sd2);
        if (!(reliability_post_ > 0.0))
            detail::fail("alliance.stats.degenerate_true_score_reliability",
                         "Hageman & Arrindell CS_indiv: the post scores' SD " + detail::quote(sd2) +
                             " is not larger than the standard error of measurement " + detail::quote(standard_error_) +
                             ", so their true-score reliability is " + detail::quote(reliability_post_) +
                             " (it must be > 0)");
        denominator_ = std::sqrt(reliability_post_) * standard_error_;
    }

    [[nodiscard]] double mean_post() const noexcept { return mean_post_; }  // M2
    [[nodiscard]] cutoff_kind kind() const noexcept { return kind_; }
    [[nodiscard]] direction better() const noexcept { return better_; }
    [[nodiscard]] const stats::critical_value& critical() const noexcept { return critical_; }
    [[nodiscard]] const ha_cutoffs& cutoffs() const noexcept { return cutoffs_; }
    [[nodiscard]] double cutoff() const noexcept { return cutoffs_[kind_]; }
    [[nodiscard]] double standard_error() const noexcept { return standard_error_; }  // SE of measurement
    [[nodiscard]] double reliability_post() const noexcept { return reliability_post_; }

    // CS_indiv of one post score.
    [[nodiscard]] double index(double post) const {
        detail::require_finite("post score", post);
        const double m2 = mean_post_;
        const double value = (m2 + (post - m2) * reliability_post_ - cutoff()) / denominator_;
        detail::require_finite("CS_indiv", value);
        return value;
    }
    // Strict, as the package: dir CS_indiv > critical value.
    [[nodiscard]] bool clinically_significant(double post) const {
        return sign(better_) * index(post) > critical_.z();
    }

private:
    double mean_post_ = 0;
    cutoff_kind kind_ = cutoff_kind::c;
    direction better_;
    stats::critical_value critical_;
    ha_cutoffs cutoffs_{};
    double standard_error_ = 0;
    double reliability_post_ = 0;
    double denominator_ = 1;
};

struct ha_classification {
    double cs_indiv = 0;
    bool clinically_significant = false;  // dir CS_indiv > critical value
    jt_category category = jt_category::unchanged;
};

// The four categories with Hageman & Arrindell's indices in place of J&T's: reliable change from
// RC_indiv (`change`, a result of rc_method::hageman_arrindell) and "functional" from CS_indiv:
//   deteriorated  RC_indiv reliably worse;  unchanged  no reliable change;
//   recovered     RC_indiv reliably better and dir CS_indiv > critical value;
//   improved      RC_indiv reliably better otherwise.
// recovery_rule::clinicalsignificance also requires the pre score on the clinical side of the
// true-score cut-off (dir pre < dir cutoff), as clinicalsignificance's calc_cutoff_from_data.cs_ha
// (clinical_pre) and .calc_recovered_ha do since its commit cb64fc0 ("Include correct HA logic",
// 2023-09-13); before it the package had no such condition, as the default rule here.
[[nodiscard]] inline ha_classification categorize(const reliable_change_result& change, const cs_indiv_index& cs,
                                                  recovery_rule rule = recovery_rule::jacobson_truax) {
    if (change.better != cs.better())
        detail::fail("alliance.stats.direction_mismatch",
                     "the reliable-change result and the CS_indiv index have different directions");
    ha_classification out;
    out.cs_indiv = cs.index(change.post);
    out.clinically_significant = sign(cs.better()) * out.cs_indiv > cs.critical().z();
    switch (change.classification) {
        case change_class::deteriorated: out.category = jt_category::deteriorated; return out;
        case change_class::none: out.category = jt_category::unchanged; return out;
        case change_class::improved: break;
    }
    const bool clinical_pre = sign(cs.better()) * change.pre < sign(cs.better()) * cs.cutoff();
    const bool recovered = out.clinically_significant && (rule == recovery_rule::jacobson_truax || clinical_pre);
    out.category = recovered ? jt_category::recovered : jt_category::improved;
    return out;
}

}  // namespace alliance::stats
