// Consultation and Relational Empathy (CARE) measure (Mercer et al. 2004): the patient's
// rating of the clinician's relational empathy in one consultation.
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// Whether to round the mean-replaced score is not stated in the published rule, so the score is
// left unrounded.
inline constexpr missing_rule care_missing_rule = missing_rule::replace_by_mean(
    2, "Mercer et al. (2004), CARE measure scoring note: up to two 'does not apply' or missing "
       "answers replaced by the mean of the rest; more than two: not scored");

// Higher is more empathy; one factor. "Does not apply" is written alliance::not_applicable in
// a record, never as a number.
inline constexpr instrument care{
    scoring_key{
        with_not_applicable(likert(1, 5)),  // Poor 1, Fair 2, Good 3, Very good 4, Excellent 5
        items<10>,
        reversed{},
        scoring{.metric = metric::sum, .missing = care_missing_rule},
        total{"total"},
    },
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
                        "quoted on sites.google.com/site/empathytraininglitreview/measurements/care "
                        "agree (high). "
                        "See docs/instruments.md.",
    },
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry care_entry{care.view()};

}  // namespace alliance::instruments
