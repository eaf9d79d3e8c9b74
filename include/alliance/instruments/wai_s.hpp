// Working Alliance Inventory - Short form (WAI-S), client form (Tracey & Kokotovic 1989).
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// 12 items taken from the 36-item client form (WAI-S items 1-12 = client items 2 4 8 12 21 22
// 23 24 26 27 32 35), 1 (Never) ... 7 (Always). Items 4 and 10 (= client items 12 and 27, both
// reversed in the 36-item key, wai_36.hpp) are reversed as 8 - x; artlostintime/prism README.md
// @4cc491b0 lists the same two for a 12-item 1-7 "WAI". Bond = items 3 5 7 9 (= client items 8
// 21 23 26, all Bond in the 36-item key; the Blueprint help page "Working Alliance Inventory
// (Short) - WAI", ebchelp.blueprint.ai/en/articles/5208475, gives the same four. That page's
// layout, task 1 2 10 12 / goal 4 6 8 11 / bond 3 5 7 9, is also the WAI-SR's, and it names no
// response scale, so it may describe the WAI-SR: it is not counted as a WAI-S source for task
// and goal.)
//
// Task and Goal are deliberately NOT shipped: items 1 2 12 (Task) and 4 6 11 (Goal) are agreed,
// but the sources disagree on items 8 and 10. The commonly quoted short-form key (Blueprint)
// scores 8 as Goal and 10 as Task; the 36-item key applied to the same items scores 8 (C24) as
// Task and 10 (C27) as Goal. A lab holding Tracey & Kokotovic's own key can add the two
// subscales in a key file. No missing-item rule was published: all items required.
inline constexpr instrument wai_s_c{
    about{
        .id = "wai-s-c",
        .name = "Working Alliance Inventory - Short form (WAI-S), client form",
        .form = form::client,
        .citation = "Tracey, T. J., & Kokotovic, A. M. (1989). Factor structure of the Working "
                    "Alliance Inventory. Psychological Assessment, 1(3), 207-210. "
                    "doi:10.1037/1040-3590.1.3.207",
        .licence = "Items copyright A. O. Horvath (drawn from the 36-item WAI). This library ships "
                   "the scoring key only, no item wording.",
        .verification = "Reversed items 4 and 10: both are reversed items of the two-source "
                        "36-item key (client items 12 and 27; see wai-36-c) and "
                        "artlostintime/prism README.md @4cc491b0 reverses WAI_4 and WAI_10 of a "
                        "12-item 1-7 WAI. Bond 3 5 7 9: the 36-item key through the item mapping "
                        "(client items 8 21 23 26) and the Blueprint help page 'Working Alliance "
                        "Inventory (Short) - WAI' (ebchelp.blueprint.ai/en/articles/5208475). TASK "
                        "AND GOAL ARE NOT SHIPPED: the sources disagree on items 8 and 10 (short-"
                        "form key: 8 Goal, 10 Task; 36-item key: 8 Task, 10 Goal). The short "
                        "forms score client items 24, 25 and 27 differently from the 36-item key, "
                        "so never derive short-form subscales from 36-item answers. Therapist "
                        "WAI-S not shipped (items not found). See docs/instruments.md.",
    },
    likert(1, 7),  // 1 Never ... 7 Always
    items<12>,
    reversed{4, 10},
    scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
    subscale{"bond", {3, 5, 7, 9}},
    total{"total"},
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry wai_s_c_entry{wai_s_c.view()};

}  // namespace alliance::instruments
