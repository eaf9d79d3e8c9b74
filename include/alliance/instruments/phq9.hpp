// Patient Health Questionnaire depression module (PHQ-9).
#pragma once

#include <array>

#include "alliance/cutoff.hpp"
#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"
#include "alliance/norms.hpp"
#include "alliance/severity.hpp"

namespace alliance::instruments {

// Item 10 (how difficult the problems made life, also 0-3) is recorded but never added to the
// total, so a record has 10 responses; mark item 10 alliance::missing when it was not asked. No
// missing-item rule was verified, so the total needs all nine items unless the caller opts in.
inline constexpr instrument phq9{
    scoring_key{
        likert(0, 3),  // 0 not at all ... 3 nearly every day, over the last two weeks
        items<10>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        total{"total", {1, 2, 3, 4, 5, 6, 7, 8, 9}},
    },
    about{
        .id = "phq-9",
        .name = "Patient Health Questionnaire-9",
        .form = form::client,
        .citation = "Kroenke, K., Spitzer, R. L., & Williams, J. B. W. (2001). The PHQ-9: "
                    "Validity of a brief depression severity measure. Journal of General Internal "
                    "Medicine, 16(9), 606-613.",
        .licence = "Developed by Spitzer, Williams, Kroenke and colleagues with an educational "
                   "grant from Pfizer; no permission is required to reproduce, translate, display "
                   "or distribute (phqscreeners.com, as quoted in CamCOPS docs/source/tasks/"
                   "phq9.rst @56a303e1).",
        .verification = "Items 1-9 scored 0-3 and summed, item 10 not added: CamCOPS "
                        "(ucam-department-of-psychiatry/camcops @56a303e1d7837d1e52a59e911c6530b9ec86c559, "
                        "server/camcops_server/tasks/phq9.py: N_MAIN_QUESTIONS = 9) and the "
                        "authors' abstract (9 DSM-IV criteria scored 0-3) agree. See "
                        "docs/instruments.md.",
    },
};

// 10 or more: probable major depression (sensitivity and specificity 88% against a mental
// health professional's interview; Kroenke et al. 2001, abstract).
inline constexpr cutoff phq9_depression_cutoff{
    .id = "phq-9-total-10",
    .instrument = "phq-9",
    .scale = "total",
    .value = 10,
    .when = flag_when::at_or_above,
    .meaning = "probable major depression (moderate or worse)",
    .citation = "Kroenke, Spitzer & Williams (2001), abstract: a score >= 10 had sensitivity 88% "
                "and specificity 88% for major depression",
    .note = "Kroenke et al. (2010) report sensitivity 77-88% and specificity 88-94% across "
            "studies (as quoted in ucam-department-of-psychiatry/camcops "
            "docs/source/tasks/phq9.rst @56a303e1).",
};

// "PHQ-9 scores of 5, 10, 15, and 20 represented mild, moderate, moderately severe, and severe
// depression" (Kroenke et al. 2001, abstract); CamCOPS Phq9.severity() agrees.
inline constexpr std::array phq9_bands_table{
    severity_band{"minimal", 0, 4},
    severity_band{"mild", 5, 9},
    severity_band{"moderate", 10, 14},
    severity_band{"moderately severe", 15, 19},
    severity_band{"severe", 20, 27},
};
inline constexpr severity_bands phq9_severity{
    .id = "phq-9-severity",
    .instrument = "phq-9",
    .scale = "total",
    .bands = phq9_bands_table,
    .citation = "Kroenke, Spitzer & Williams (2001), abstract",
    .note = "ucam-department-of-psychiatry/camcops server/camcops_server/tasks/phq9.py "
            "@56a303e1, Phq9.severity(), gives the same bands.",
};

// German general population (nationally representative household surveys 2003-2008, n = 5018,
// 53.6% female, mean age 48.9): women 3.1 (SD 3.5), men 2.7 (SD 3.5) (Kocalevent et al. 2013,
// abstract). The group sizes and a reliability are not in the abstract, so they are left out.
inline constexpr std::string_view phq9_german_norm_citation =
    "Kocalevent, R.-D., Hinz, A., & Brähler, E. (2013). Standardization of the depression screener "
    "Patient Health Questionnaire (PHQ-9) in the general population. General Hospital "
    "Psychiatry, 35(5), 551-555. doi:10.1016/j.genhosppsych.2013.04.006";
inline constexpr norm phq9_german_women{
    .id = "phq-9-de-general-women-2013",
    .edition = 1,
    .instrument = "phq-9",
    .scale = "total",
    .population = "German general population, women (surveys 2003-2008; total n = 5018, 53.6% "
                  "female)",
    .n = std::nullopt,
    .mean = 3.1,
    .sd = 3.5,
    .reliability = {},
    .citation = phq9_german_norm_citation,
    .note = "Values from the abstract; the group size is not stated there (about 53.6% of 5018).",
    .confidence = confidence::high,
};
inline constexpr norm phq9_german_men{
    .id = "phq-9-de-general-men-2013",
    .edition = 1,
    .instrument = "phq-9",
    .scale = "total",
    .population = "German general population, men (surveys 2003-2008; total n = 5018, 46.4% "
                  "male)",
    .n = std::nullopt,
    .mean = 2.7,
    .sd = 3.5,
    .reliability = {},
    .citation = phq9_german_norm_citation,
    .note = "Values from the abstract; the group size is not stated there (about 46.4% of 5018).",
    .confidence = confidence::high,
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr std::array phq9_cutoffs{phq9_depression_cutoff};
inline constexpr std::array phq9_norms{phq9_german_women, phq9_german_men};
inline constexpr std::array phq9_severity_bands{phq9_severity};
inline constexpr catalogue_entry phq9_entry{phq9.view(), phq9_cutoffs, phq9_norms, phq9_severity_bands};

}  // namespace alliance::instruments
