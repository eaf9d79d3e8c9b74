// Clinical Outcomes in Routine Evaluation - Outcome Measure (CORE-OM): 34 items on
// subjective well-being, problems/symptoms, life functioning and risk over the last week.
#pragma once

#include <array>

#include "alliance/cutoff.hpp"
#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"
#include "alliance/score.hpp"

namespace alliance::instruments {

// The CORE System Trust's proration rule (blog "What's in a name (1): scoring CORE measures",
// coresystemtrust.org.uk): prorate with the mean of the remaining items only when no more than
// 10% of a score's items are missing. For the CORE-OM that allows 3 missing in the total, 2 in
// the non-risk score, 1 in problems and in functioning, and none in well-being or risk.
namespace core_om_rules {
inline constexpr std::string_view source =
    "CORE System Trust, 'What's in a name (1): scoring CORE measures': prorate only when no more "
    "than 10% of the score's items are missing";
inline constexpr missing_rule none_missing = missing_rule::all_required(source);
inline constexpr missing_rule one_missing = missing_rule::prorate_max_missing(1, source);
inline constexpr missing_rule two_missing = missing_rule::prorate_max_missing(2, source);
inline constexpr missing_rule three_missing = missing_rule::prorate_max_missing(3, source);
}  // namespace core_om_rules

// The eight reversed items are the positively worded ones, so that every item scores distress.
// Scores are item means (0-4); the "clinical score" is the mean x 10 (0-40), see
// core_clinical_score(). "non_risk" is the 28 items outside the risk domain.
inline constexpr instrument core_om{
    scoring_key{
        likert(0, 4),  // 0 not at all ... 4 most or all of the time
        items<34>,
        reversed{3, 4, 7, 12, 19, 21, 31, 32},  // as 4 - x
        scoring{.metric = metric::mean, .missing = core_om_rules::none_missing},
        subscale{"wellbeing", {4, 14, 17, 31}, core_om_rules::none_missing},
        subscale{"problems", {2, 5, 8, 11, 13, 15, 18, 20, 23, 27, 28, 30}, core_om_rules::one_missing},
        subscale{"functioning", {1, 3, 7, 10, 12, 19, 21, 25, 26, 29, 32, 33}, core_om_rules::one_missing},
        subscale{"risk", {6, 9, 16, 22, 24, 34}, core_om_rules::none_missing},
        subscale{"non_risk",
                 {1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 25, 26, 27, 28,
                  29, 30, 31, 32, 33},
                 core_om_rules::two_missing},
        total{"total", core_om_rules::three_missing},
    },
    about{
        .id = "core-om",
        .name = "CORE Outcome Measure (CORE-OM)",
        .form = form::client,
        .citation = "Evans, C., Connell, J., Barkham, M., Margison, F., McGrath, G., "
                    "Mellor-Clark, J., & Audin, K. (2002). Towards a standardised brief outcome "
                    "measure: psychometric properties and utility of the CORE-OM. British "
                    "Journal of Psychiatry, 180, 51-60.",
        .licence = "Copyright CORE System Trust. Free to reproduce unchanged in software or on "
                   "paper under CC BY-ND 4.0 (CoreIMS statement quoted in CamCOPS "
                   "docs/source/tasks/core10.rst @56a303e1); another copy says CC BY-NC-ND 4.0: "
                   "check the Trust's current terms. This library ships no item wording.",
        .verification = "Domains from awell-health/awell-score "
                        "src/scores/core_om/definition/core_om_subscales.ts "
                        "@c37843e505763f1767d22d0250ee1920eccddb21; domain sizes 4/12/12/6 also in "
                        "socasresourcehub.com and helpineedsomebody.org. Reverse items: the eight "
                        "positively keyed items (BMC Psychology 2020, 8, "
                        "doi:10.1186/s40359-020-00459-5) marked positive in awell-score's "
                        "core_om_inputs.ts; awell-score's extra reversal of item 30 is a bug and "
                        "is not copied. Proration limits: CORE System Trust blog, 'What's in a "
                        "name (1): scoring CORE measures' (coresystemtrust.org.uk). See "
                        "docs/instruments.md.",
    },
};

// The CORE "clinical score": the item mean x 10, so 0-40 (CORE System Trust blog above; the
// same proration rules apply). Throws lookup_error, like mean(), when the scale has no score.
[[nodiscard]] inline double core_clinical_score(const scale_score& score) { return score.mean() * 10.0; }

// Clinical cut-off: 9.9 on the 0-40 clinical score, rounded to 10 as the authors recommend
// (Connell et al. 2007, effective general-population n = 535 vs clinical n = 10,761). The
// cut-off is stored on the total's canonical metric, the item mean, so 10 / 10 = 1.0. No
// CORE-OM total with 31 or more answered items falls in [0.99, 1.0), so 9.9 and 10 flag the
// same records.
inline constexpr cutoff core_om_clinical_cutoff{
    .id = "core-om-total-clinical-10",
    .instrument = "core-om",
    .scale = "total",
    .value = 1.0,
    .when = flag_when::at_or_above,
    .meaning = "clinical range (clinical score >= 10, i.e. item mean >= 1.0)",
    .citation = "Connell, J., Barkham, M., Stiles, W. B., Twigg, E., Singleton, N., Evans, O., "
                "& Miles, J. N. V. (2007). Distribution of CORE-OM scores in a general "
                "population, clinical cut-off points and comparison with the CIS-R. British "
                "Journal of Psychiatry, 190(1). doi:10.1192/bjp.bp.105.017657",
    .note = "The paper derives 9.9 and recommends rounding to 10 (abstract). Value on the item "
            "mean; multiply by 10 for the clinical score.",
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr std::array core_om_cutoffs{core_om_clinical_cutoff};
inline constexpr catalogue_entry core_om_entry{core_om.view(), core_om_cutoffs};

}  // namespace alliance::instruments
