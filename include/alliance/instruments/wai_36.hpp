// Working Alliance Inventory, 36-item form (Horvath & Greenberg 1989): client form (WAI-C)
// and therapist form (WAI-T), one key for both.
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

namespace detail {

// One key for both perspectives: the therapist form words the same 36 items from the
// therapist's side. Subscales of 12 items summed (12-84), total 36-252.
inline constexpr scoring_key wai_36_key{
    likert(1, 7),  // 1 Never ... 7 Always
    items<36>,
    reversed{1, 3, 7, 9, 10, 11, 12, 15, 20, 27, 29, 31, 33, 34},  // the negatively worded items, as 8 - x
    scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
    subscale{"task", {2, 4, 7, 11, 13, 15, 16, 18, 24, 31, 33, 35}},
    subscale{"goal", {3, 6, 9, 10, 12, 14, 22, 25, 27, 30, 32, 34}},
    subscale{"bond", {1, 5, 8, 17, 19, 20, 21, 23, 26, 28, 29, 36}},
    total{"total"},
};

inline constexpr std::string_view wai_36_citation =
    "Horvath, A. O., & Greenberg, L. S. (1989). Development and validation of the Working "
    "Alliance Inventory. Journal of Counseling Psychology, 36(2), 223-233. "
    "doi:10.1037/0022-0167.36.2.223";

inline constexpr std::string_view wai_36_licence =
    "Items copyright A. O. Horvath; the official WAI package is distributed by the author "
    "(wai.profhorvath.com). This library ships the scoring key only, no item wording.";

// Why the key is trusted, and what it must not be used for (the short-form conflict).
inline constexpr std::string_view wai_36_verification =
    "Item-to-subscale key and the 14 reversed items from two independent public codes that agree "
    "item by item: doerlbh/PsychiatryNLP inference/wai_utils.py @628d78b366f8ad8e0cfe29154cf80718acf1324e "
    "(TASK/GOAL/BOND_SCALE_POS and _NEG; inference/main_alliance.py applies the same key to the "
    "client and the therapist form) and IanSteenstra/ai-psychotherapy-eval aipsycheval/scoring.py "
    "@37dc21267466c4b38de890b96ec9a59355999f6b (36-item client form, 1-7, reversed as 8 - x; its "
    "tests/test_scoring.py pins bond reversals 1, 20 and 29; an older dataset in that repository "
    "reversed 28 instead of 29, which the code notes and no longer does). The negatively worded "
    "items 1-29 of a third-party copy of the client form (ravansanji.ir) agree. The official WAI "
    "package key was not seen. No "
    "missing-item rule, cut-off or norm was found: all items required. Known conflict: the short "
    "forms score client items 24, 25 and 27 differently from this key (WAI-SR: C24 Goal, C25 Task; "
    "WAI-S as commonly quoted: C24 Goal, C27 Task; here C24 Task, C25 Goal, C27 Goal), so never "
    "derive WAI-S or WAI-SR subscales from 36-item answers. See docs/instruments.md.";

}  // namespace detail

inline constexpr instrument wai_36_c{
    detail::wai_36_key,
    about{
        .id = "wai-36-c",
        .name = "Working Alliance Inventory (36 items), client form",
        .form = form::client,
        .citation = detail::wai_36_citation,
        .licence = detail::wai_36_licence,
        .verification = detail::wai_36_verification,
    },
};

inline constexpr instrument wai_36_t{
    detail::wai_36_key,
    about{
        .id = "wai-36-t",
        .name = "Working Alliance Inventory (36 items), therapist form",
        .form = form::therapist,
        .citation = detail::wai_36_citation,
        .licence = detail::wai_36_licence,
        .verification = detail::wai_36_verification,
    },
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry wai_36_c_entry{wai_36_c.view()};
inline constexpr catalogue_entry wai_36_t_entry{wai_36_t.view()};

}  // namespace alliance::instruments
