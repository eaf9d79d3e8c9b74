// Child Session Rating Scale (CSRS): the Session Rating Scale for children aged 6-12, in the
// Partners for Change Outcome Management System (PCOMS).
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// The SRS's four lines (relationship, goals and topics, approach, overall) in child-friendly
// wording; higher is a better alliance. Parents and others in the child's treatment may fill it
// in too (help.greenspacehealth.com, CSRS page). No published missing-item rule: all four
// lines are required. No cut-off is shipped: none was found for the CSRS, and the SRS's 36 is
// an adult value.
inline constexpr instrument csrs{
    scoring_key{
        visual_analogue(0, 10, 0.1),  // each 10 cm line read 0-10 from its left end
        items<4>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total"},
    },
    about{
        .id = "csrs",
        .name = "Child Session Rating Scale",
        .form = form::client,
        .citation = "Duncan, B. L., Miller, S. D., & Sparks, J. A. Child Session Rating Scale "
                    "(CSRS), the PCOMS alliance measure for ages 6-12; form distributed by the "
                    "authors (Better Outcomes Now / ICCE). No psychometric paper was found.",
        .licence = "Copyright the authors (PCOMS). Free paper-and-pencil licence for individual "
                   "practitioners; organisations need a licence (CORC terms for the PCOMS "
                   "measures). This library ships no wording and no visual layout.",
        .verification = "Four visual-analogue items mirroring the adult SRS: help.greenspacehealth.com "
                        "(CSRS page) and myoutcomes.com (CSRS page) agree. Scored like the SRS "
                        "(each 10 cm line 0-10, summed to 0-40), as the PCOMS measures share one "
                        "format (CORC). Confidence medium: no author scoring sheet was read. "
                        "See docs/instruments.md.",
    },
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry csrs_entry{csrs.view()};

}  // namespace alliance::instruments
