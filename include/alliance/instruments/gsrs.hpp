// Group Session Rating Scale (GSRS): the Session Rating Scale for group therapy (ages 13+),
// in the Partners for Change Outcome Management System (PCOMS).
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// Four lines (relationship with the leader and the group, goals and topics, approach, overall);
// higher is a better alliance; one factor (Quirk et al.). No published missing-item rule: all
// four lines are required. No published cut-off (the SRS's 36 is not carried over).
inline constexpr instrument gsrs{
    scoring_key{
        visual_analogue(0, 10, 0.1),  // each 10 cm line read 0-10 from its left end
        items<4>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total"},
    },
    about{
        .id = "gsrs",
        .name = "Group Session Rating Scale",
        .form = form::client,
        .citation = "Quirk, K., Miller, S. D., Duncan, B. L., & Owen, J. Group Session Rating "
                    "Scale: Preliminary psychometrics in substance abuse group interventions. "
                    "Counselling and Psychotherapy Research (online first 2012).",
        .licence = "Copyright the PCOMS developers (Duncan & Miller). Licensing as for the SRS: "
                   "free paper-and-pencil use for individual practitioners, organisations need "
                   "a licence (CORC). This library ships no wording and no visual layout.",
        .verification = "Four-item visual-analogue scale: Quirk et al. (abstract and article "
                        "front page) and mentalyc.com agree. Scored like the SRS (each 10 cm line "
                        "0-10, summed to 0-40). Confidence medium: the article's scoring section "
                        "was not read. See docs/instruments.md.",
    },
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry gsrs_entry{gsrs.view()};

}  // namespace alliance::instruments
