// Test-only instruments shared by the unit tests (unit-score, unit-explain): not real
// questionnaires, built so that reverse keying, proration and "does not apply" show up.
#pragma once

#include <alliance/instrument.hpp>
#include <alliance/missing_rule.hpp>
#include <alliance/response_scale.hpp>

namespace alliance::test {

// 6 items on 1-7, items 2 and 6 reversed (8 - x), scale "a" = items 1 2 3 (mean, prorate from
// 2 answered), "b" = items 4 5 6 (sum, all required), total over all items (mean, at most 1
// missing).
inline constexpr instrument keyed{
    about{.id = "keyed-test", .name = "test instrument with reverse keys",
          .citation = "Test, A. (2024). Not a real instrument."},
    likert(1, 7),
    items<6>,
    reversed{2, 6},
    scoring{.metric = metric::mean, .missing = missing_rule::prorate_min_answered(2)},
    subscale{"a", {1, 2, 3}},
    subscale{"b", {4, 5, 6}, missing_rule::all_required(), metric::sum},
    total{"total", missing_rule::prorate_max_missing(1)},
};

// CARE-like: 1-5 with "does not apply", up to 2 of 4 replaced by the mean of the rest.
inline constexpr instrument with_na{
    about{.id = "na-test"},
    with_not_applicable(likert(1, 5)),
    items<4>,
    reversed{},
    scoring{.missing = missing_rule::replace_by_mean(2)},
    total{"total"},
};

}  // namespace alliance::test
