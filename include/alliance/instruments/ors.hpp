// Outcome Rating Scale (ORS): four 10 cm visual-analogue lines on the client's well-being,
// usually tracked beside the SRS.
#pragma once

#include <array>

#include "alliance/cutoff.hpp"
#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// Items: individually, interpersonally, socially, overall; higher is better functioning. No
// published missing-item rule: all four lines are required.
inline constexpr instrument ors{
    scoring_key{
        visual_analogue(0, 10, 0.1),  // each 10 cm line read 0-10 from its left end
        items<4>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total"},
    },
    about{
        .id = "ors",
        .name = "Outcome Rating Scale",
        .form = form::client,
        .citation = "Miller, S. D., Duncan, B. L., Brown, J., Sparks, J. A., & Claud, D. A. "
                    "(2003). The Outcome Rating Scale: A preliminary study of the reliability, "
                    "validity, and feasibility of a brief visual analog measure. Journal of Brief "
                    "Therapy, 2(2), 91-100.",
        .licence = "Copyright 2000 Scott D. Miller & Barry L. Duncan (ICCE). Free "
                   "paper-and-pencil licence for individual practitioners; organisations need a "
                   "licence. This library ships no wording and no visual layout.",
        .verification = "Four 0-10 cm lines summed to 0-40: CamCOPS "
                        "(ucam-department-of-psychiatry/camcops @56a303e1d7837d1e52a59e911c6530b9ec86c559, "
                        "server/camcops_server/tasks/ors.py), the CORC ORS/CORS page (corc.uk.net) "
                        "and OpenFIT's knowledge base agree. See docs/instruments.md.",
    },
};

// Adults: totals below 25 are in the clinical range (OpenFIT knowledge base KA-01031).
inline constexpr cutoff ors_adult_cutoff{
    .id = "ors-total-25-adult",
    .instrument = "ors",
    .scale = "total",
    .value = 25,
    .when = flag_when::below,
    .meaning = "clinical range (adults)",
    .citation = "Miller et al. (2003); cut-off per OpenFIT knowledge base KA-01031",
    .note = "Adults 18+. Children (CORS) use 32; an adolescent value of 28 is quoted but "
            "unverified.",
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr std::array ors_cutoffs{ors_adult_cutoff};
inline constexpr catalogue_entry ors_entry{ors.view(), ors_cutoffs};

}  // namespace alliance::instruments
