// Session Rating Scale (SRS v3.0): four 10 cm visual-analogue lines rated after a session.
#pragma once

#include <array>

#include "alliance/cutoff.hpp"
#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// Higher is a better alliance. No published missing-item rule: all four lines are required.
inline constexpr instrument srs{
    scoring_key{
        // Each line is read 0-10 from its left end, to the millimetre on paper (CamCOPS'
        // electronic slider resolves 0.01).
        visual_analogue(0, 10, 0.1),
        items<4>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total"},
    },
    about{
        .id = "srs",
        .name = "Session Rating Scale v3.0",
        .form = form::client,
        .citation = "Duncan, B. L., Miller, S. D., Sparks, J. A., Claud, D. A., Reynolds, L. R., "
                    "Brown, J., & Johnson, L. D. (2003). The Session Rating Scale: Preliminary "
                    "psychometric properties of a \"working\" alliance measure. Journal of Brief "
                    "Therapy, 3(1), 3-12.",
        .licence = "Copyright 2002 Scott D. Miller, Barry L. Duncan & Lynn Johnson (ICCE). Free "
                   "paper-and-pencil licence for individual practitioners; organisations need a "
                   "licence. This library ships no wording and no visual layout.",
        .verification = "Four 0-10 cm lines summed to 0-40: CamCOPS "
                        "(ucam-department-of-psychiatry/camcops @56a303e1d7837d1e52a59e911c6530b9ec86c559, "
                        "server/camcops_server/tasks/srs.py and tablet_qt/tasks/srs.cpp), the CORC "
                        "ORS/SRS page (corc.uk.net), hiboop.com and cauceos.com agree. See "
                        "docs/instruments.md.",
    },
};

// Sources agree on 36 but not on the boundary: "below 36" signals a possible alliance
// problem (OpenFIT knowledge base KA-01028; cauceos: ">= 36 positive, < 36 friction") while
// hiboop says "at or below 36". We follow the software vendor (OpenFIT) and make the other
// reading one call away: srs_total_cutoff.with(flag_when::at_or_below).
inline constexpr cutoff srs_total_cutoff{
    .id = "srs-total-36",
    .instrument = "srs",
    .scale = "total",
    .value = 36,
    .when = flag_when::below,
    .meaning = "possible problem in the alliance; discuss with the client",
    .citation = "Duncan et al. (2003); boundary per OpenFIT knowledge base KA-01028",
    .note = "Sources differ: '< 36' (OpenFIT, cauceos) vs '<= 36' (hiboop). A Chinese "
            "validation derived 34.",
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr std::array srs_cutoffs{srs_total_cutoff};
inline constexpr catalogue_entry srs_entry{srs.view(), srs_cutoffs};

}  // namespace alliance::instruments
