// Working Alliance Inventory - Short Revised (WAI-SR), client form.
#pragma once

#include <array>

#include "alliance/catalogue_entry.hpp"
#include "alliance/instrument.hpp"

namespace alliance::instruments {

// Hatcher & Gillaspy (2006) re-derived the short form from a 5-point rating of Horvath &
// Greenberg's (1989) 36-item WAI, so an item need not sit in the subscale the 36-item key gives
// it (docs/instruments.md, "Known conflict with the short forms"). The authors give no
// missing-item rule, so every scale needs all its items unless the caller opts in.
inline constexpr instrument wai_sr{
    scoring_key{
        likert(1, 5),  // 1 Seldom ... 5 Always
        items<12>,
        reversed{},
        scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
        subscale{"task", {1, 2, 10, 12}},
        subscale{"goal", {4, 6, 8, 11}},
        subscale{"bond", {3, 5, 7, 9}},
        total{"total"},
    },
    about{
        .id = "wai-sr",
        .name = "Working Alliance Inventory - Short Revised, client form",
        .form = form::client,
        .citation = "Hatcher, R. L., & Gillaspy, J. A. (2006). Development and validation of a "
                    "revised short version of the Working Alliance Inventory. Psychotherapy "
                    "Research, 16(1), 12-25. doi:10.1080/10503300500352500",
        .licence = "Items copyright the authors; free for research use. This library ships the "
                   "scoring key only, no item wording.",
        .verification = "Subscale key: two independent vendors' scoring pages agree item by item, "
                        "Rivet (docs.getrivet.ca, WAI-SR page) and Blueprint ('Working Alliance "
                        "Inventory (Short) - WAI', ebchelp.blueprint.ai/en/articles/5208475). No "
                        "reversed items: all items are positively worded and both vendors sum "
                        "without reversing. The authors' Table 1 was not read. See "
                        "docs/instruments.md.",
    },
};

// Everything published about it, reached from the instrument (alliance::catalogue() lists it).
inline constexpr catalogue_entry wai_sr_entry{wai_sr.view()};

}  // namespace alliance::instruments
