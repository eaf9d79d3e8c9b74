// Revised Helping Alliance Questionnaire (HAq-II), patient form (Luborsky et al. 1996).
// Not to be confused with the Health Assessment Questionnaire II (rheumatology), hence the id.
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// The revision kept 5 HAq-I items and added 14. One total score: the two-factor solutions
// reported by later authors are not part of the authors' key. No missing-item rule was published, so the total needs all 19 items unless
// the caller opts in.
//
// Sum or mean: which one Luborsky et al. report was not verified. Both are always computed;
// the canonical metric is the sum (19-114) by this library's choice, not by the authors'.
inline constexpr instrument haq_ii{
    scoring_key{
        likert(1, 6),  // 1 strongly disagree ... 6 strongly agree
        items<19>,
        reversed{4, 8, 11, 16, 19},  // as 7 - x
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total"},
    },
    about{
        .id = "haq-ii-p",
        .name = "Revised Helping Alliance Questionnaire (HAq-II), patient form",
        .form = form::client,
        .citation = "Luborsky, L., Barber, J. P., Siqueland, L., Johnson, S., Najavits, L. M., "
                    "Frank, A., & Daley, D. (1996). The Revised Helping Alliance Questionnaire "
                    "(HAq-II): Psychometric properties. Journal of Psychotherapy Practice and "
                    "Research, 5(3), 260-271.",
        .licence = "Published in the journal (a PubMed Central copy exists); no fee statement "
                   "found. This library ships the key only, no item wording.",
        .verification = "Reverse items 4, 8, 11, 16, 19: two independent sources agree - the "
                        "wording of a third-party copy of the patient form "
                        "(scales.arabpsychology.com: exactly these five items are negatively "
                        "worded) and wangjs9/ClientCAST "
                        "client_questionnaires/questionnaires/HAQ-II.json "
                        "@bb43dd52668281bc909b3cf714c62ebc4a167698 (exactly these five marked "
                        "lower-is-better); the published count of five negatively worded items "
                        "(Le Bloc'h et al. 2006) agrees. Scale 1-6 from ClientCAST (one source, "
                        "medium). Sum vs mean: UNVERIFIED, see the comment in haq_ii.hpp. "
                        "Therapist form not shipped (reverse positions unverified).",
    },
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry haq_ii_entry{haq_ii.view()};

}  // namespace alliance::instruments
