// Child Outcome Rating Scale (CORS): the Outcome Rating Scale for children aged 6-12 (and
// their caretakers), with smiling and frowning faces at the ends of each line.
#pragma once

#include <array>

#include "alliance/cutoff.hpp"
#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// The ORS's four lines (me, family, school, everything) in child-friendly form; higher is better
// functioning. No published missing-item rule: all four lines are required.
inline constexpr instrument cors{
    scoring_key{
        visual_analogue(0, 10, 0.1),  // each 10 cm line read 0-10 from its left end
        items<4>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total"},
    },
    about{
        .id = "cors",
        .name = "Child Outcome Rating Scale",
        .form = form::client,
        .citation = "Duncan, B. L., Sparks, J. A., Miller, S. D., Bohanske, R. T., & Claud, D. A. "
                    "(2006). Giving youth a voice: A preliminary study of the reliability and "
                    "validity of a brief outcome measure for children, adolescents, and "
                    "caretakers. Journal of Brief Therapy, 5(2), 71-88.",
        .licence = "Copyright the authors (PCOMS). Free paper-and-pencil licence for individual "
                   "practitioners; organisations need a licence (CORC). This library ships no "
                   "wording and no visual layout.",
        .verification = "Same format as the ORS, four 10 cm lines (CORC ORS/CORS page, corc.uk.net; "
                        "Lincolnshire Partnership NHS CAMHS page); scored like the ORS (0-10 per "
                        "line, total 0-40). Confidence medium: the paper's scoring section was "
                        "not read. See docs/instruments.md.",
    },
};

// Children: totals below 32 are in the clinical range (OpenFIT knowledge base KA-01031). The
// boundary follows OpenFIT's alert rules (support article 204000069702, "Overview of the home
// page dashboard alerts"): a score equal to the ORS/CORS cut-off counts as "above the cutoff",
// so only scores strictly below it are flagged.
inline constexpr cutoff cors_child_cutoff{
    .id = "cors-total-32-child",
    .instrument = "cors",
    .scale = "total",
    .value = 32,
    .when = flag_when::below,
    .meaning = "clinical range (children 6-12)",
    .citation = "Duncan et al. (2006); value per OpenFIT knowledge base KA-01031, boundary per "
                "OpenFIT support article 204000069702 (score >= cut-off is 'above the cutoff')",
    .note = "Confidence medium-high for 32 (software vendor, not the paper's table). Adults use "
            "the ORS with 25; an adolescent value of 28 is quoted but unverified.",
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr std::array cors_cutoffs{cors_child_cutoff};
inline constexpr catalogue_entry cors_entry{cors.view(), cors_cutoffs};

}  // namespace alliance::instruments
