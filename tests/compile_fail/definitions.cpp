// Negative compile tests. Built plainly (target compile_fail_control) this file compiles; each
// ALLIANCE_BREAK_* macro breaks one rule of a definition, and tests/CMakeLists.txt checks that
// compilation then fails with the diagnostic naming that rule.
#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include <array>

namespace {

using namespace alliance;

#if defined(ALLIANCE_BREAK_DUPLICATE_ITEM)
#define TASK_ITEMS {1, 2, 2}
#elif defined(ALLIANCE_BREAK_ITEM_OUT_OF_RANGE)
#define TASK_ITEMS {1, 2, 7}
#else
#define TASK_ITEMS {1, 2, 3}
#endif

#if defined(ALLIANCE_BREAK_REVERSED_OUT_OF_RANGE)
#define REVERSED reversed{2, 7}
#elif defined(ALLIANCE_BREAK_DUPLICATE_REVERSED)
#define REVERSED reversed{2, 2}
#else
#define REVERSED reversed{2, 6}
#endif

#if defined(ALLIANCE_BREAK_EMPTY_SUBSCALE)
#define BOND subscale{"bond", {}}
#elif defined(ALLIANCE_BREAK_UNNAMED_SCALE)
#define BOND subscale{"", {4, 5, 6}}
#else
#define BOND subscale{"bond", {4, 5, 6}}
#endif

#if defined(ALLIANCE_BREAK_RULE_TOO_STRICT)
#define TASK_RULE missing_rule::prorate_min_answered(4)  // the scale has only 3 items
#else
#define TASK_RULE missing_rule::prorate_min_answered(2)
#endif

#if defined(ALLIANCE_BREAK_DUPLICATE_SCALE_NAME)
#define TOTAL_NAME "task"
#else
#define TOTAL_NAME "total"
#endif

#if defined(ALLIANCE_BREAK_BAD_RESPONSE_SCALE)
#define SCALE likert(5, 1)
#else
#define SCALE likert(1, 5)
#endif

#if defined(ALLIANCE_BREAK_MISSING_ID)
#define ID ""
#else
#define ID "compile-fail-test"
#endif

#if defined(ALLIANCE_BREAK_NO_ITEMS)
#define ITEM_COUNT 0  // stopped by item_count's static_assert before the validator runs
#elif defined(ALLIANCE_BREAK_TOO_MANY_ITEMS)
#define ITEM_COUNT 10001  // alliance::max_items is 10000
#else
#define ITEM_COUNT 6
#endif

// With a leading comma, so that no scales at all leaves no trailing comma behind.
#if defined(ALLIANCE_BREAK_NO_SCALES)
#define SCALES
#else
#define SCALES , subscale{"task", TASK_ITEMS, TASK_RULE}, BOND, total{TOTAL_NAME}
#endif

constexpr instrument test_instrument{
    scoring_key{SCALE, items<ITEM_COUNT>, REVERSED, scoring{} SCALES},
    about{.id = ID, .name = "negative compile test"},
};

#if defined(ALLIANCE_BREAK_WRONG_RECORD_LENGTH)
constexpr std::size_t record_length = 5;
#else
constexpr std::size_t record_length = 6;
#endif

}  // namespace

double use_the_definition() {
    const std::array<response, record_length> record{1, 2, 3, 4, 5, 1};
    return score(test_instrument, record)["total"].sum();
}
