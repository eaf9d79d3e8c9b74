// Generalized Anxiety Disorder scale (GAD-7).
#pragma once

#include <array>

#include "alliance/cutoff.hpp"
#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"
#include "alliance/norms.hpp"
#include "alliance/severity.hpp"

namespace alliance::instruments {

// No missing-item rule was verified, so the total needs all seven items unless the caller opts
// in.
inline constexpr instrument gad7{
    scoring_key{
        likert(0, 3),  // 0 not at all ... 3 nearly every day, over the last two weeks
        items<7>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total"},
    },
    about{
        .id = "gad-7",
        .name = "Generalized Anxiety Disorder 7-item scale",
        .form = form::client,
        .citation = "Spitzer, R. L., Kroenke, K., Williams, J. B. W., & Löwe, B. (2006). A brief "
                    "measure for assessing generalized anxiety disorder: The GAD-7. Archives of "
                    "Internal Medicine, 166(10), 1092-1097.",
        .licence = "Developed by Spitzer, Williams, Kroenke and colleagues with an educational "
                   "grant from Pfizer; no permission is required to reproduce, translate, display "
                   "or distribute (phqscreeners.com, as quoted in CamCOPS docs/source/tasks/"
                   "gad7.rst @56a303e1).",
        .verification = "Seven items 0-3 summed to 0-21: CamCOPS "
                        "(ucam-department-of-psychiatry/camcops @56a303e1d7837d1e52a59e911c6530b9ec86c559, "
                        "server/camcops_server/tasks/gad7.py: MAX_SCORE = 21) and awell-health/"
                        "awell-score src/calculation_suite/calculations/GAD_7/README.md "
                        "@70bece934711e39eb32dd5e7c121ab7381ede4ae agree. See docs/instruments.md.",
    },
};

// 10 or more: probable generalized anxiety disorder (sensitivity 89%, specificity 82%;
// Spitzer et al. 2006, abstract; the cut point 10 per CamCOPS docs/source/tasks/gad7.rst
// @56a303e1).
inline constexpr cutoff gad7_anxiety_cutoff{
    .id = "gad-7-total-10",
    .instrument = "gad-7",
    .scale = "total",
    .value = 10,
    .when = flag_when::at_or_above,
    .meaning = "probable generalized anxiety disorder",
    .citation = "Spitzer et al. (2006): the cut point optimising sensitivity (89%) and "
                "specificity (82%); value 10 as given in ucam-department-of-psychiatry/camcops "
                "docs/source/tasks/gad7.rst @56a303e1 (Spitzer 2006; Kroenke "
                "2010)",
    .note = "Also screens for panic (sensitivity 74%, specificity 81%), social anxiety (72/80) "
            "and PTSD (66/81) at the same cut point. The figures are from Kroenke et al. (2007), "
            "Annals of Internal Medicine 146(5), 317-325, as awell-score's GAD_7/README.md "
            "@70bece93 credits them; CamCOPS docs/source/tasks/gad7.rst @56a303e1 credits "
            "Kroenke et al. (2010), the review that repeats them.",
};

// 5, 10 and 15 mark mild, moderate and severe anxiety (CamCOPS gad7.py and awell-score's
// GAD_7/README.md, at the commits in gad7's verification, agree).
inline constexpr std::array gad7_bands_table{
    severity_band{"minimal", 0, 4},
    severity_band{"mild", 5, 9},
    severity_band{"moderate", 10, 14},
    severity_band{"severe", 15, 21},
};
inline constexpr severity_bands gad7_severity{
    .id = "gad-7-severity",
    .instrument = "gad-7",
    .scale = "total",
    .bands = gad7_bands_table,
    .citation = "Spitzer et al. (2006); bands as implemented in ucam-department-of-psychiatry/camcops "
                "server/camcops_server/tasks/gad7.py @56a303e1 and awell-health/awell-score "
                "src/calculation_suite/calculations/GAD_7/README.md @70bece93",
    .note = "",
};

// German general population (nationally representative household survey, May-June 2006,
// n = 5030, 53.6% female, mean age 48.4): women 3.2 (SD 3.5), men 2.7 (SD 3.2); alpha = .89,
// "identical across all subgroups" (Löwe et al. 2008, abstract). Group sizes are not in the
// abstract, so they are left out.
inline constexpr std::string_view gad7_german_norm_citation =
    "Löwe, B., Decker, O., Müller, S., Brähler, E., Schellberg, D., Herzog, W., & Herzberg, P. Y. "
    "(2008). Validation and standardization of the Generalized Anxiety Disorder Screener (GAD-7) "
    "in the general population. Medical Care, 46(3), 266-274. doi:10.1097/MLR.0b013e318160d093";
inline constexpr norm gad7_german_women{
    .id = "gad-7-de-general-women-2008",
    .edition = 1,
    .instrument = "gad-7",
    .scale = "total",
    .population = "German general population, women (household survey 2006; total n = 5030, "
                  "53.6% female)",
    .n = std::nullopt,
    .mean = 3.2,
    .sd = 3.5,
    .reliability = {0.89, reliability_kind::alpha},
    .citation = gad7_german_norm_citation,
    .note = "Values from the abstract; the group size is not stated there (about 53.6% of 5030).",
    .confidence = confidence::high,
};
inline constexpr norm gad7_german_men{
    .id = "gad-7-de-general-men-2008",
    .edition = 1,
    .instrument = "gad-7",
    .scale = "total",
    .population = "German general population, men (household survey 2006; total n = 5030, "
                  "46.4% male)",
    .n = std::nullopt,
    .mean = 2.7,
    .sd = 3.2,
    .reliability = {0.89, reliability_kind::alpha},
    .citation = gad7_german_norm_citation,
    .note = "Values from the abstract; the group size is not stated there (about 46.4% of 5030).",
    .confidence = confidence::high,
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr std::array gad7_cutoffs{gad7_anxiety_cutoff};
inline constexpr std::array gad7_norms{gad7_german_women, gad7_german_men};
inline constexpr std::array gad7_severity_bands{gad7_severity};
inline constexpr catalogue_entry gad7_entry{gad7.view(), gad7_cutoffs, gad7_norms, gad7_severity_bands};

}  // namespace alliance::instruments
