// Consultation and Relational Empathy (CARE) measure (Mercer et al. 2004): the patient's
// rating of the clinician's relational empathy in one consultation.
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// The published rule: up to two "does not apply" or missing answers are replaced by the mean
// of the answered items; a questionnaire with more than two is excluded (CARE measure text
// quoted on sites.google.com/site/empathytraininglitreview/measurements/care). Whether to
// round the result is not stated, so the score is left unrounded.
inline constexpr missing_rule care_missing_rule = missing_rule::replace_by_mean(
    2, "Mercer et al. (2004), CARE measure scoring note: up to two 'does not apply' or missing "
       "answers replaced by the mean of the rest; more than two: not scored");

// 10 items rated Poor 1, Fair 2, Good 3, Very good 4, Excellent 5, or "does not apply" (write
// alliance::not_applicable, never a number). Total = sum, 10-50; higher is more empathy. One
// factor; no subscales, no reversed items.
inline constexpr instrument care{
    about{
        .id = "care",
        .name = "Consultation and Relational Empathy (CARE) measure",
        .form = form::client,
        .citation = "Mercer, S. W., Maxwell, M., Heaney, D., & Watt, G. C. M. (2004). The "
                    "consultation and relational empathy (CARE) measure: development and "
                    "preliminary validation and reliability of an empathy-based consultation "
                    "process measure. Family Practice, 21(6), 699-705. doi:10.1093/fampra/cmh621",
        .licence = "Copyright the authors; described as free to use (measuringimpact.org CARE "
                   "page). This library ships no item wording.",
        .verification = "Scale 1-5 plus 'does not apply', sum 10-50 and the rule for up to two "
                        "N/A or missing answers: emerge.ucsd.edu (two entries) and the CARE text "
                        "quoted on sites.google.com/site/empathytraininglitreview agree (high). "
                        "See docs/instruments.md.",
    },
    with_not_applicable(likert(1, 5)),
    items<10>,
    reversed{},
    scoring{.metric = metric::sum, .missing = care_missing_rule},
    total{"total"},
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry care_entry{care.view()};

}  // namespace alliance::instruments
