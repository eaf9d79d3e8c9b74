// CORE-10: the ten-item short form of the CORE-OM for routine session-by-session use.
#pragma once

#include <array>

#include "alliance/cutoff.hpp"
#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"
#include "alliance/norms.hpp"
#include "alliance/severity.hpp"

namespace alliance::instruments {

// Six problems items, three functioning, one risk (item 6), but no domain scores. The clinical
// score is the sum (0-40); with one item missing it is 10 x the mean of the other nine (the
// prorated sum), with more missing there is no score. CamCOPS prorates from any number of
// items, which is looser than the CORE System Trust's rule and not followed here.
inline constexpr instrument core10{
    scoring_key{
        likert(0, 4),  // 0 not at all ... 4 most or all of the time
        items<10>,
        reversed{2, 3},  // positively worded, reversed as 4 - x
        scoring{.metric = metric::sum,
                .missing = missing_rule::prorate_max_missing(
                    1, "CORE System Trust, 'What's in a name (1): scoring CORE measures': the CORE-10 "
                       "clinical score may be prorated when one item is missing")},
        total{"total"},
    },
    about{
        .id = "core-10",
        .name = "CORE-10",
        .form = form::client,
        .citation = "Barkham, M., Bewick, B., Mullin, T., Gilbody, S., Connell, J., Cahill, J., "
                    "... & Evans, C. (2013). The "
                    "CORE-10: A short measure of psychological distress for routine use in the "
                    "psychological therapies. Counselling and Psychotherapy Research, 13(1), "
                    "3-13.",
        .licence = "Copyright CORE System Trust. Free to reproduce unchanged in software or on "
                   "paper under CC BY-ND 4.0 (CoreIMS statement quoted in CamCOPS "
                   "docs/source/tasks/core10.rst @56a303e1); another copy says CC BY-NC-ND 4.0: "
                   "check the Trust's current terms. This library ships no item wording.",
        .verification = "Reverse items 2 and 3: CamCOPS (ucam-department-of-psychiatry/camcops "
                        "@56a303e1d7837d1e52a59e911c6530b9ec86c559, "
                        "server/camcops_server/tasks/core10.py: q2, q3 stored reversed) and "
                        "novopsych.com.au, CORE-10 page ('questions 2 and 3 are reverse-scored') "
                        "agree; the item order on helpineedsomebody.org shows items 2 and 3 "
                        "positively worded (socasresourcehub.com's 'items 3 and 4' is an outlier). "
                        "Proration of one missing item: CORE System Trust blog, 'What's in a name "
                        "(1): scoring CORE measures' (coresystemtrust.org.uk). See "
                        "docs/instruments.md.",
    },
};

// Clinical range: 11 or above; 10 or less is "healthy / low level" (socasresourcehub.com:
// "clinical cut-off for CORE-10 is 11, a score below 11 is sub-clinical"; novopsych.com.au
// citing the CORE-10 manual: "11 or above is within the clinically significant range"; Valant
// help centre citing Barkham et al. 2013: "10 and less - non-clinical range").
inline constexpr cutoff core10_clinical_cutoff{
    .id = "core-10-total-clinical-11",
    .instrument = "core-10",
    .scale = "total",
    .value = 11,
    .when = flag_when::at_or_above,
    .meaning = "clinical range",
    .citation = "Connell, J., & Barkham, M. (2007). CORE-10 User Manual, Version 1.0. CORE "
                "System Trust; Barkham et al. (2013)",
    .note = "Three secondary sources agree on '>= 11'; the manual's own page was not read. "
            "Barkham et al. (2013) also report > 13 for probable depression (sensitivity .92, "
            "specificity .72; novopsych), not shipped as a cut-off.",
};

// Severity bands of the clinical score. Sources agree from 11 upwards: socasresourcehub.com
// and the Valant help centre (citing Barkham et al. 2013) both give 11-14 mild, 15-19
// moderate, 20-24 moderate-to-severe, 25+ severe, and 10 or less healthy / low level.
// helpineedsomebody.org gives a different table (0-5 healthy, 6-10 low, 11-15 mild, 16-20
// moderate, 21-25 moderately severe, 26-40 severe); it is the outlier and is not followed.
inline constexpr std::array core10_bands_table{
    severity_band{"healthy / low level", 0, 10},
    severity_band{"mild", 11, 14},
    severity_band{"moderate", 15, 19},
    severity_band{"moderate-to-severe", 20, 24},
    severity_band{"severe", 25, 40},
};
inline constexpr severity_bands core10_severity{
    .id = "core-10-severity",
    .instrument = "core-10",
    .scale = "total",
    .bands = core10_bands_table,
    .citation = "CORE-OM/CORE-10 bandings as given by socasresourcehub.com (5b-2, scoring the "
                "CORE-10) and the Valant help centre (citing Barkham et al. 2013)",
    .note = "Confidence medium (two secondary sources agree; the manual's practice-guide figure "
            "was not read). One source splits 0-5 healthy / 6-10 low level and shifts the upper "
            "bands by one point. A prorated score between two bands stays in the lower band.",
};

// Normative samples of the CORE-10 manual, as reported by novopsych.com.au (CORE-10 page).
// The manual's Table 3 itself was not read (confidence medium). Reliability is not attached:
// the alpha of .90 (Barkham et al. 2013) comes from a different sample.
inline constexpr norm core10_general_population{
    .id = "core-10-uk-general-population-2007",
    .edition = 1,
    .instrument = "core-10",
    .scale = "total",
    .population = "UK general population (CORE-10 manual sample 1; same survey as Connell et al. "
                  "2007)",
    .n = 535,
    .mean = 4.7,
    .sd = 4.8,
    .reliability = {},
    .citation = "Connell, J., & Barkham, M. (2007). CORE-10 User Manual, Version 1.0, Table 3; "
                "values as quoted by novopsych.com.au",
    .note = "Jacobson-Truax c with the primary-care norm: (4.8 x 19.7 + 7.7 x 4.7) / (4.8 + 7.7) "
            "= 10.5, consistent with the published cut-off of 11.",
    .confidence = confidence::medium,
};
inline constexpr norm core10_primary_care{
    .id = "core-10-uk-primary-care-counselling-2007",
    .edition = 1,
    .instrument = "core-10",
    .scale = "total",
    .population = "UK primary-care counselling clients (CORE-10 manual sample 2)",
    .n = 1835,
    .mean = 19.7,
    .sd = 7.7,
    .reliability = {},
    .citation = "Connell, J., & Barkham, M. (2007). CORE-10 User Manual, Version 1.0, Table 3; "
                "values as quoted by novopsych.com.au",
    .note = "Barkham et al. (2013) report alpha = .90 in their validation samples (novopsych); "
            "pass it explicitly if you want to use it.",
    .confidence = confidence::medium,
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr std::array core10_cutoffs{core10_clinical_cutoff};
inline constexpr std::array core10_norms{core10_general_population, core10_primary_care};
inline constexpr std::array core10_severity_bands{core10_severity};
inline constexpr catalogue_entry core10_entry{core10.view(), core10_cutoffs, core10_norms, core10_severity_bands};

}  // namespace alliance::instruments
