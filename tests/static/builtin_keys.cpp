// Compile-only checks of the built-in keys against the published scoring sheets: if a key is
// edited by mistake, the build breaks here. Each block names its source.
#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <string_view>

namespace {

using namespace alliance;

template <class Instrument>
constexpr bool scale_is(const Instrument& inst, std::size_t index, std::string_view name,
                        std::span<const int> expected) {
    const auto entry = inst.scales()[index];
    const auto items = inst.items_of(entry);
    return entry.name == name && std::ranges::equal(items, expected);
}

template <class Instrument>
constexpr bool no_item_reversed(const Instrument& inst) {
    for (std::size_t item = 1; item <= Instrument::item_count; ++item)
        if (inst.is_reversed(item)) return false;
    return true;
}

// Every item belongs to exactly one subscale (a partition), as the WAI-SR key has it.
template <class Instrument>
constexpr bool subscales_partition_items(const Instrument& inst) {
    std::array<int, Instrument::item_count + 1> seen{};
    for (const auto& entry : inst.scales())
        if (entry.role == scale_role::subscale)
            for (const int item : inst.items_of(entry)) ++seen[static_cast<std::size_t>(item)];
    for (std::size_t item = 1; item <= Instrument::item_count; ++item)
        if (seen[item] != 1) return false;
    return true;
}

// WAI-SR (Hatcher & Gillaspy 2006): 12 items, 1-5, Task 1 2 10 12, Goal 4 6 8 11,
// Bond 3 5 7 9, no reversed items, total over all 12.
constexpr auto& wai = instruments::wai_sr;
static_assert(wai.id() == "wai-sr");
static_assert(decltype(instruments::wai_sr)::item_count == 12);
static_assert(wai.response_format() == likert(1, 5));
static_assert(wai.scales().size() == 4);
static_assert(scale_is(wai, 0, "task", std::array{1, 2, 10, 12}));
static_assert(scale_is(wai, 1, "goal", std::array{4, 6, 8, 11}));
static_assert(scale_is(wai, 2, "bond", std::array{3, 5, 7, 9}));
static_assert(scale_is(wai, 3, "total", std::array{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
static_assert(wai.scales()[3].role == scale_role::total);
static_assert(no_item_reversed(wai));
static_assert(subscales_partition_items(wai));
static_assert(wai.scales()[0].missing == missing_rule::all_required());

// SRS v3.0 (Duncan et al. 2003) and ORS (Miller et al. 2003): four 0-10 cm lines, total only.
static_assert(instruments::srs.response_format() == visual_analogue(0, 10, 0.1));
static_assert(instruments::ors.response_format() == visual_analogue(0, 10, 0.1));
static_assert(decltype(instruments::srs)::item_count == 4);
static_assert(decltype(instruments::ors)::item_count == 4);
static_assert(scale_is(instruments::srs, 0, "total", std::array{1, 2, 3, 4}));
static_assert(scale_is(instruments::ors, 0, "total", std::array{1, 2, 3, 4}));
static_assert(no_item_reversed(instruments::srs) && no_item_reversed(instruments::ors));

// Cut-offs: SRS total < 36 (OpenFIT KA-01028), ORS adult total < 25 (OpenFIT KA-01031).
static_assert(instruments::srs_total_cutoff.value == 36);
static_assert(flags(instruments::srs_total_cutoff, 35.9) && !flags(instruments::srs_total_cutoff, 36));
static_assert(flags(instruments::srs_total_cutoff.with(flag_when::at_or_below), 36));
static_assert(instruments::ors_adult_cutoff.value == 25);
static_assert(flags(instruments::ors_adult_cutoff, 24.9) && !flags(instruments::ors_adult_cutoff, 25));

// The validator accepts the built-in keys in constant evaluation.
static_assert(!find_problem(wai.view()).has_value());
static_assert(!find_problem(instruments::srs.view()).has_value());

}  // namespace
