// Working Alliance Inventory - Short form (WAI-S), client form (Tracey & Kokotovic 1989).
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// The 12 items are client items 2 4 8 12 21 22 23 24 26 27 32 35 of the 36-item form, in that
// order; the verification below names items by that mapping. Task and goal are left out on
// purpose (the verification says why); a lab holding Tracey & Kokotovic's own key can add them
// in a key file. The Blueprint page cited for bond lays out task 1 2 10 12 / goal 4 6 8 11 /
// bond 3 5 7 9, the WAI-SR's layout, and names no response scale: it may describe the WAI-SR,
// so it is not counted as a WAI-S source for task and goal. No missing-item rule was
// published: all items required.
inline constexpr instrument wai_s_c{
    scoring_key{
        likert(1, 7),  // 1 Never ... 7 Always
        items<12>,
        reversed{4, 10},  // as 8 - x
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        subscale{"bond", {3, 5, 7, 9}},
        total{"total"},
    },
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
                        "artlostintime/prism README.md @4cc491b0164d3d636641d8a1e911fb2d29266e4e "
                        "reverses WAI_4 and WAI_10 of a 12-item 1-7 WAI. Bond 3 5 7 9: the "
                        "36-item key through the item mapping (client items 8 21 23 26) and the "
                        "Blueprint help page 'Working Alliance Inventory (Short) - WAI' "
                        "(ebchelp.blueprint.ai/en/articles/5208475). TASK AND GOAL ARE NOT "
                        "SHIPPED: the sources disagree on items 8 and 10 (short-form key: 8 Goal, "
                        "10 Task; 36-item key: 8 Task, 10 Goal). The short forms score client "
                        "items 24, 25 and 27 differently from the 36-item key, so never derive "
                        "short-form subscales from 36-item answers. Therapist WAI-S not shipped "
                        "(items not found). See docs/instruments.md.",
    },
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry wai_s_c_entry{wai_s_c.view()};

}  // namespace alliance::instruments
