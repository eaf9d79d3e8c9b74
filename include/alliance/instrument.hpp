// Compile-time instrument definitions that read like a published scoring sheet: the key
// first, then where it comes from.
//
//   inline constexpr instrument wai_sr{
//       scoring_key{likert(1, 5), items<12>, reversed{},
//                   scoring{.metric = metric::sum, .missing = missing_rule::all_required()},
//                   subscale{"task", {1, 2, 10, 12}}, subscale{"goal", {4, 6, 8, 11}},
//                   subscale{"bond", {3, 5, 7, 9}}, total{"total"}},
//       about{.id = "wai-sr", ...}};
//
// The constructor runs alliance::find_problem, the same validator a key file loaded at run
// time goes through. In a constexpr definition a problem stops compilation at a call to one
// of the functions in alliance::compile_time_error, whose name says what is wrong (the trick
// of {fmt}'s consteval format strings); outside constant evaluation it throws definition_error.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include "alliance/definition.hpp"
#include "alliance/error.hpp"

namespace alliance {

// The number of items, as a type: items<12>.
template <std::size_t N>
struct item_count {
    static_assert(N > 0, "an instrument needs at least one item");
    static constexpr std::size_t value = N;
};
template <std::size_t N>
inline constexpr item_count<N> items{};

// Reverse-keyed items: reversed{4, 8, 11, 16, 19}; reversed{} for none.
template <std::size_t N>
struct reversed {
    std::array<int, N> numbers;
    template <class... Item>
        requires(sizeof...(Item) == N && (std::same_as<Item, int> && ...))
    constexpr reversed(Item... list) : numbers{list...} {}
};
template <class... Item>
reversed(Item...) -> reversed<sizeof...(Item)>;

// A named subscale and its item numbers, optionally with its own rule and metric.
template <std::size_t N>
struct subscale {
    static constexpr scale_role role = scale_role::subscale;
    std::string_view name;
    std::array<int, N> numbers{};
    std::optional<missing_rule> missing{};
    std::optional<alliance::metric> metric{};

    constexpr subscale(std::string_view scale_name, const int (&list)[N],
                       std::optional<missing_rule> rule = std::nullopt,
                       std::optional<alliance::metric> scale_metric = std::nullopt)
        : name(scale_name), missing(rule), metric(scale_metric) {
        for (std::size_t i = 0; i < N; ++i) numbers[i] = list[i];
    }
    [[nodiscard]] static constexpr std::size_t extent(std::size_t) noexcept { return N; }
};
// subscale{"name", {}}: compiles into a definition whose validation reports the empty scale.
template <>
struct subscale<0> {
    static constexpr scale_role role = scale_role::subscale;
    std::string_view name;
    std::array<int, 0> numbers{};
    std::optional<missing_rule> missing{};
    std::optional<alliance::metric> metric{};

    constexpr subscale(std::string_view scale_name, std::array<int, 0>,
                       std::optional<missing_rule> rule = std::nullopt,
                       std::optional<alliance::metric> scale_metric = std::nullopt)
        : name(scale_name), missing(rule), metric(scale_metric) {}
    [[nodiscard]] static constexpr std::size_t extent(std::size_t) noexcept { return 0; }
};
subscale(std::string_view, std::array<int, 0>)->subscale<0>;

// The total score: over every item (total{"total"}) or over a list (PHQ-9's item 10 is
// recorded but not added: total{"total", {1, ..., 9}}).
template <std::size_t N = 0>
struct total {
    static constexpr scale_role role = scale_role::total;
    std::string_view name;
    std::array<int, N> numbers{};
    std::optional<missing_rule> missing{};
    std::optional<alliance::metric> metric{};

    constexpr total(std::string_view scale_name, const int (&list)[N],
                    std::optional<missing_rule> rule = std::nullopt,
                    std::optional<alliance::metric> scale_metric = std::nullopt)
        : name(scale_name), missing(rule), metric(scale_metric) {
        for (std::size_t i = 0; i < N; ++i) numbers[i] = list[i];
    }
    [[nodiscard]] static constexpr std::size_t extent(std::size_t) noexcept { return N; }
};
// All items: the list is filled in by the instrument, which knows how many there are.
template <>
struct total<0> {
    static constexpr scale_role role = scale_role::total;
    std::string_view name;
    std::array<int, 0> numbers{};
    std::optional<missing_rule> missing{};
    std::optional<alliance::metric> metric{};

    constexpr explicit total(std::string_view scale_name,
                             std::optional<missing_rule> rule = std::nullopt,
                             std::optional<alliance::metric> scale_metric = std::nullopt)
        : name(scale_name), missing(rule), metric(scale_metric) {}
    [[nodiscard]] static constexpr std::size_t extent(std::size_t item_count) noexcept {
        return item_count;
    }
};
total(std::string_view)->total<0>;
total(std::string_view, std::optional<missing_rule>)->total<0>;
total(std::string_view, std::optional<missing_rule>, std::optional<metric>)->total<0>;
template <std::size_t N>
total(std::string_view, const int (&)[N]) -> total<N>;
template <std::size_t N>
total(std::string_view, const int (&)[N], std::optional<missing_rule>) -> total<N>;
template <std::size_t N>
total(std::string_view, const int (&)[N], std::optional<missing_rule>, std::optional<metric>)
    -> total<N>;

// Reached only during constant evaluation of a broken definition: the compiler reports a call
// to a non-constexpr function, and the function's name is the diagnosis.
namespace compile_time_error {
inline void instrument_id_is_empty() {}
inline void instrument_has_no_items() {}
inline void instrument_has_more_than_max_items() {}
inline void response_scale_is_malformed() {}
inline void instrument_has_no_scales() {}
inline void a_scale_has_no_name() {}
inline void two_scales_share_a_name() {}
inline void a_scale_lists_no_items() {}
inline void a_scale_lists_an_item_outside_1_to_item_count() {}
inline void a_scale_lists_an_item_twice() {}
inline void a_reversed_item_is_outside_1_to_item_count() {}
inline void a_reversed_item_is_listed_twice() {}
inline void a_missing_item_rule_does_not_fit_its_scale() {}
}  // namespace compile_time_error

namespace detail {

constexpr void stop_compilation(definition_errc code) {
    using errc = definition_errc;
    namespace cte = compile_time_error;
    switch (code) {
        case errc::missing_id: cte::instrument_id_is_empty(); break;
        case errc::no_items: cte::instrument_has_no_items(); break;
        case errc::too_many_items: cte::instrument_has_more_than_max_items(); break;
        case errc::bad_response_scale: cte::response_scale_is_malformed(); break;
        case errc::no_scales: cte::instrument_has_no_scales(); break;
        case errc::unnamed_scale: cte::a_scale_has_no_name(); break;
        case errc::duplicate_scale_name: cte::two_scales_share_a_name(); break;
        case errc::empty_scale: cte::a_scale_lists_no_items(); break;
        case errc::item_out_of_range: cte::a_scale_lists_an_item_outside_1_to_item_count(); break;
        case errc::duplicate_item: cte::a_scale_lists_an_item_twice(); break;
        case errc::reversed_out_of_range: cte::a_reversed_item_is_outside_1_to_item_count(); break;
        case errc::duplicate_reversed: cte::a_reversed_item_is_listed_twice(); break;
        case errc::bad_missing_rule: cte::a_missing_item_rule_does_not_fit_its_scale(); break;
    }
}

// Throws (run time) or stops compilation (constant evaluation) when the view is broken.
constexpr void require_valid(const instrument_view& view) {
    if (const auto problem = find_problem(view)) {
        if (std::is_constant_evaluated()) stop_compilation(problem->code);
        throw invalid_definition(*problem, view);
    }
}

}  // namespace detail

template <std::size_t NItems, std::size_t NReversed, class... Scales>
class instrument;

// The key of an instrument in the order of a scoring sheet: response format, number of items,
// reversed items, the default metric and missing-item rule, then the scales. A key is checked
// when an instrument is built from it (the id it is checked under is in the about block), so
// one key can serve several forms (wai_36.hpp).
template <std::size_t NItems, std::size_t NReversed, class... Scales>
class scoring_key {
    static constexpr std::size_t flat_size = (std::size_t{0} + ... + Scales::extent(NItems));

public:
    constexpr scoring_key(response_scale format, alliance::item_count<NItems>,
                          alliance::reversed<NReversed> reversed_items, scoring defaults, Scales... scales)
        : response_format_(format), reversed_(reversed_items.numbers) {
        std::uint32_t offset = 0;
        std::size_t index = 0;
        (add_scale(scales, defaults, offset, index), ...);
    }

private:
    template <std::size_t, std::size_t, class...>
    friend class instrument;

    template <class Scale>
    constexpr void add_scale(const Scale& scale, const scoring& defaults, std::uint32_t& offset,
                             std::size_t& index) {
        const std::size_t extent = Scale::extent(NItems);
        for (std::size_t i = 0; i < extent; ++i)
            scale_item_pool_[offset + i] = scale.numbers.size() == 0 ? static_cast<int>(i + 1)
                                                                 : scale.numbers[i];
        scales_[index] = scale_entry{scale.name,
                                     offset,
                                     static_cast<std::uint32_t>(extent),
                                     Scale::role,
                                     scale.missing.value_or(defaults.missing),
                                     scale.metric.value_or(defaults.metric)};
        offset += static_cast<std::uint32_t>(extent);
        ++index;
    }

    response_scale response_format_;
    std::array<int, NReversed> reversed_;
    std::array<int, flat_size> scale_item_pool_{};
    std::array<scale_entry, sizeof...(Scales)> scales_{};
};

template <std::size_t NItems, std::size_t NReversed, class... Scales>
scoring_key(response_scale, item_count<NItems>, reversed<NReversed>, scoring, Scales...)
    -> scoring_key<NItems, NReversed, Scales...>;

// An instrument: its scoring key and its provenance.
template <std::size_t NItems, std::size_t NReversed, class... Scales>
class instrument {
public:
    static constexpr std::size_t item_count = NItems;
    static constexpr std::size_t scale_count = sizeof...(Scales);

    constexpr instrument(scoring_key<NItems, NReversed, Scales...> key, alliance::about info)
        : key_(key), about_(info) {
        detail::require_valid(view());
        for (const int item : key_.reversed_) is_reversed_[static_cast<std::size_t>(item - 1)] = true;
    }

    // The same definition with the about block first, as written before scoring_key existed.
    constexpr instrument(alliance::about info, response_scale format, alliance::item_count<NItems> count,
                         alliance::reversed<NReversed> reversed_items, scoring defaults, Scales... scales)
        : instrument(scoring_key<NItems, NReversed, Scales...>(format, count, reversed_items, defaults,
                                                               scales...),
                     info) {}

    // Views into this object: on a temporary they would dangle at once, so they do not compile.
    [[nodiscard]] constexpr const alliance::about& about() const& noexcept { return about_; }
    [[nodiscard]] constexpr std::string_view id() const noexcept { return about_.id; }
    [[nodiscard]] constexpr const response_scale& response_format() const& noexcept {
        return key_.response_format_;
    }
    [[nodiscard]] constexpr response_scale response_format() const&& noexcept {
        return key_.response_format_;
    }
    [[nodiscard]] constexpr std::span<const scale_entry, scale_count> scales() const& noexcept {
        return key_.scales_;
    }
    [[nodiscard]] constexpr std::span<const int> items_of(const scale_entry& entry) const& {
        return std::span<const int>(key_.scale_item_pool_).subspan(entry.first, entry.count);
    }
    // Whether item `number` (1-based) is reverse-keyed.
    [[nodiscard]] constexpr bool is_reversed(std::size_t number) const noexcept {
        return number >= 1 && number <= NItems && is_reversed_[number - 1];
    }
    [[nodiscard]] constexpr std::span<const int, NReversed> reversed_items() const& noexcept {
        return key_.reversed_;
    }

    [[nodiscard]] constexpr instrument_view view() const& noexcept {
        return {about_, key_.response_format_, NItems, key_.reversed_, key_.scale_item_pool_, key_.scales_};
    }
    void about() const&& = delete;
    void scales() const&& = delete;
    void items_of(const scale_entry&) const&& = delete;
    void reversed_items() const&& = delete;
    void view() const&& = delete;

private:
    scoring_key<NItems, NReversed, Scales...> key_;
    alliance::about about_;
    std::array<bool, NItems> is_reversed_{};
};

template <std::size_t NItems, std::size_t NReversed, class... Scales>
instrument(scoring_key<NItems, NReversed, Scales...>, about) -> instrument<NItems, NReversed, Scales...>;
template <std::size_t NItems, std::size_t NReversed, class... Scales>
instrument(about, response_scale, item_count<NItems>, reversed<NReversed>, scoring, Scales...)
    -> instrument<NItems, NReversed, Scales...>;

}  // namespace alliance
