// Scoring: score(instrument, responses) and the non-throwing check(instrument, responses).
//
// For every scale: reverse-key (min + max - x on the nominal scale), count the answered
// items, and apply the scale's missing-item rule. A complete scale reports its sum and mean;
// a scale the rule lets through with items missing reports the prorated sum (mean of the
// answered items x number of items) and the status `prorated`; otherwise the scale is
// `insufficient` and has no sum or mean. An invalid response is an error, never "missing".
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alliance/definition.hpp"
#include "alliance/detail/format_number.hpp"
#include "alliance/error.hpp"
#include "alliance/response.hpp"
#include "alliance/names.hpp"

namespace alliance {

enum class score_status : std::uint8_t { complete, prorated, insufficient };

inline constexpr std::array score_status_names{named{score_status::complete, "complete"},
                                               named{score_status::prorated, "prorated"},
                                               named{score_status::insufficient, "insufficient"}};
[[nodiscard]] constexpr std::string_view to_string(score_status status) noexcept {
    return name_of(score_status_names, status);
}

// Policies for one call; the defaults are the published rules and throwing on bad input.
struct scoring_options {
    // Named in error messages ("line 17", "client 4, session 2"); may be empty.
    std::string_view record{};
    // Replaces every scale's missing-item rule (users opt into proration explicitly).
    std::optional<missing_rule> missing_override{};
};

// Anything that looks like a definition: alliance::instrument<...> and runtime_instrument.
template <class T>
concept instrument_definition_like = requires(const T& def, const scale_entry& entry, std::size_t i) {
    { def.view() } -> std::convertible_to<instrument_view>;
    { def.id() } -> std::convertible_to<std::string_view>;
    { def.response_format() } -> std::convertible_to<response_scale>;
    { def.is_reversed(i) } -> std::convertible_to<bool>;
    { def.items_of(entry) } -> std::convertible_to<std::span<const int>>;
    def.scales();
};

class scale_score;
template <class Storage>
class basic_score_set;
using dynamic_score_set = basic_score_set<std::vector<scale_score>>;

namespace detail {
template <class Definition, class Keyed, class Set>
void score_scales(const Definition& def, const Keyed& keyed, const scoring_options& options, Set& out);
}  // namespace detail

template <instrument_definition_like Definition>
[[nodiscard]] bool try_score(const Definition& def, std::span<const response> responses,
                             const scoring_options& options, dynamic_score_set& out);

// Who keeps a definition's data alive. A run-time instrument (key file, to_runtime) shares its
// immutable state, so every score, set and trace taken from it holds a reference and stays valid
// after the instrument object is gone. A compile-time instrument lives in static storage and
// needs no owner; a temporary one cannot be scored (the rvalue overloads below are deleted).
template <class T>
concept owning_definition = requires(const T& def) {
    { def.shared_state() } -> std::convertible_to<std::shared_ptr<const void>>;
};

namespace detail {
template <class Definition>
[[nodiscard]] std::shared_ptr<const void> owner_of(const Definition& def) noexcept {
    if constexpr (owning_definition<Definition>) return def.shared_state();
    else return nullptr;
}
}  // namespace detail

// The score of one scale. It owns what it shows: its name and rule stay valid for as long as the
// score object lives, whatever happens to the instrument it came from.
class scale_score {
public:
    scale_score() = default;
    // `answered_sum` is in units of 1/`units_per_point` (the response grid's: 10 for tenths), a
    // whole number, so the sum and mean come out as the doubles nearest to the exact decimals.
    scale_score(const scale_entry& entry, int answered, double answered_sum, score_status status,
                const missing_rule& rule, bool rule_overridden, std::string_view instrument_id,
                std::shared_ptr<const void> owner = nullptr, double units_per_point = 1) noexcept
        : owner_(std::move(owner)), entry_(&entry), instrument_(instrument_id) {
        set_result(answered, answered_sum, units_per_point, status, rule, rule_overridden);
    }

    [[nodiscard]] std::string_view name() const noexcept { return entry_ ? entry_->name : std::string_view{}; }
    [[nodiscard]] scale_role role() const noexcept { return entry_ ? entry_->role : scale_role::subscale; }
    [[nodiscard]] score_status status() const noexcept { return status_; }
    [[nodiscard]] bool has_score() const noexcept { return status_ != score_status::insufficient; }
    [[nodiscard]] int items() const noexcept { return entry_ ? static_cast<int>(entry_->count) : 0; }
    [[nodiscard]] int answered() const noexcept { return answered_; }
    // The rule that decided the status: the scale's own (with its source), or the caller's override.
    [[nodiscard]] missing_rule rule() const noexcept {
        if (entry_ && !rule_overridden_) return entry_->missing;
        return {rule_kind_, rule_count_, rule_fraction_, {}};
    }
    [[nodiscard]] bool rule_overridden() const noexcept { return rule_overridden_; }
    // The metric the instrument's authors report.
    [[nodiscard]] alliance::metric canonical_metric() const noexcept {
        return entry_ ? entry_->metric : alliance::metric::sum;
    }

    // Sum over all items of the scale (prorated when status() is prorated). Throws
    // lookup_error when the scale could not be scored.
    [[nodiscard]] double sum() const { return require_score(), sum_; }
    // Mean of the answered items.
    [[nodiscard]] double mean() const { return require_score(), mean_; }
    // The canonical metric's value.
    [[nodiscard]] double reported_value() const {
        return canonical_metric() == alliance::metric::sum ? sum() : mean();
    }

private:
    template <class Definition, class Keyed, class Set>
    friend void detail::score_scales(const Definition&, const Keyed&, const scoring_options&, Set&);

    // The numbers of one record; the entry, instrument and owner stay (batch loops reuse slots).
    void set_result(int answered, double answered_units, double units_per_point, score_status status,
                    const missing_rule& rule, bool rule_overridden) noexcept {
        rule_fraction_ = rule.fraction;
        rule_count_ = rule.count;
        answered_ = answered;
        rule_kind_ = rule.kind;
        status_ = status;
        rule_overridden_ = rule_overridden;
        sum_ = 0;
        mean_ = 0;
        if (status == score_status::insufficient) return;
        // Each is one division of exact whole numbers, so it is the double nearest to the exact
        // decimal: a complete scale's sum, the mean of the answered items, and a prorated sum
        // (mean x items, taken as answered_units x items / (units x answered), not from the
        // rounded mean).
        const double per_answered = units_per_point * answered;
        mean_ = answered_units / per_answered;
        sum_ = status == score_status::complete
                   ? answered_units / units_per_point
                   : answered_units * static_cast<double>(entry_->count) / per_answered;
    }

    // The check inline, the message out of line: sum() and mean() run for every scored record.
    void require_score() const {
        if (!has_score()) throw_insufficient();
    }
    [[noreturn]] void throw_insufficient() const {
        throw lookup_error("alliance.score.insufficient",
                           std::string(instrument_) + ", scale '" + std::string(name()) + "': " +
                               std::to_string(answered_) + " of " + std::to_string(items()) +
                               " items answered, too few for rule '" + describe(rule(), items()) +
                               "'; the scale has no score");
    }

    // Kept small (80 bytes): scoring writes one per scale per record. The entry (name, role,
    // metric, item count, published rule) lives in the instrument: in static storage, or in the
    // run-time instrument's shared state that owner_ keeps alive (null for static storage).
    std::shared_ptr<const void> owner_{};
    const scale_entry* entry_ = nullptr;
    std::string_view instrument_{};
    double sum_ = 0;
    double mean_ = 0;
    double rule_fraction_ = 1.0;
    int rule_count_ = 0;
    int answered_ = 0;
    missing_rule_kind rule_kind_ = missing_rule_kind::all_required;
    score_status status_ = score_status::insufficient;
    bool rule_overridden_ = false;
};

// All scale scores of one record, in the instrument's order; by index or by name. Like each
// scale_score, the set keeps a run-time instrument's data alive, so it may outlive the instrument.
template <class Storage>
class basic_score_set {
public:
    basic_score_set(std::string_view instrument_id, Storage scores, std::shared_ptr<const void> owner = nullptr)
        : owner_(std::move(owner)), instrument_(instrument_id), scores_(std::move(scores)) {}
    // Empty slots, filled in place by the scorer (no copy of the scores on the hot path).
    explicit basic_score_set(std::string_view instrument_id, std::shared_ptr<const void> owner = nullptr)
        : owner_(std::move(owner)), instrument_(instrument_id) {}
    basic_score_set(std::string_view instrument_id, std::size_t count, std::shared_ptr<const void> owner = nullptr)
        : owner_(std::move(owner)), instrument_(instrument_id), scores_(count) {}

    [[nodiscard]] std::size_t size() const noexcept { return scores_.size(); }
    [[nodiscard]] auto begin() const noexcept { return scores_.begin(); }
    [[nodiscard]] auto end() const noexcept { return scores_.end(); }
    [[nodiscard]] std::string_view instrument() const noexcept { return instrument_; }

    [[nodiscard]] const scale_score& operator[](std::size_t index) const {
        if (index >= scores_.size())
            throw lookup_error("alliance.score.unknown_scale",
                               std::string(instrument_) + ": scale index " + std::to_string(index) +
                                   " is out of range; the instrument has " +
                                   std::to_string(scores_.size()) + " scales");
        return scores_[index];
    }
    [[nodiscard]] const scale_score& operator[](std::string_view name) const {
        if (const scale_score* found = find(name)) return *found;
        std::string known;
        for (const auto& score : scores_) known += (known.empty() ? "" : ", ") + std::string(score.name());
        throw lookup_error("alliance.score.unknown_scale",
                           std::string(instrument_) + " has no scale '" + std::string(name) +
                               "'; its scales are " + known);
    }
    [[nodiscard]] const scale_score* find(std::string_view name) const noexcept {
        for (const auto& score : scores_)
            if (score.name() == name) return &score;
        return nullptr;
    }
    // complete when every scale is complete; otherwise the worst status of any scale.
    [[nodiscard]] score_status status() const noexcept {
        score_status worst = score_status::complete;
        for (const auto& score : scores_) worst = std::max(worst, score.status());
        return worst;
    }

private:
    template <class Definition, class Keyed, class Set>
    friend void detail::score_scales(const Definition&, const Keyed&, const scoring_options&, Set&);
    template <instrument_definition_like Definition>
    friend bool try_score(const Definition&, std::span<const response>, const scoring_options&,
                          dynamic_score_set&);

    std::shared_ptr<const void> owner_;
    std::string_view instrument_;
    Storage scores_;
};

template <std::size_t N>
using score_set = basic_score_set<std::array<scale_score, N>>;

// What is wrong with one response, for batch validation without exceptions.
enum class response_errc { wrong_count, not_finite, out_of_range, not_integer, not_applicable_not_offered, off_resolution };

[[nodiscard]] constexpr std::string_view error_id(response_errc code) noexcept {
    switch (code) {
        case response_errc::wrong_count: return "alliance.response.wrong_count";
        case response_errc::not_finite: return "alliance.response.not_finite";
        case response_errc::out_of_range: return "alliance.response.out_of_range";
        case response_errc::not_integer: return "alliance.response.not_integer";
        case response_errc::not_applicable_not_offered:
            return "alliance.response.not_applicable_not_offered";
        case response_errc::off_resolution: return "alliance.response.off_resolution";
    }
    return "alliance.response.unknown";
}

struct response_problem {
    response_errc code;
    std::size_t item = 0;      // 1-based; 0 for wrong_count
    double value = 0;          // the number given (wrong_count: how many responses)
};

// "wai-sr, record 'line 4', item 3: response 6 is outside the response scale 1..5"
[[nodiscard]] inline std::string describe(const response_problem& problem, const instrument_view& def,
                                          std::string_view record = {}) {
    std::string text(def.about.id);
    if (!record.empty()) text += ", record '" + std::string(record) + "'";
    if (problem.code == response_errc::wrong_count)
        return text + ": " + detail::format_number(problem.value) + " responses given, the instrument has " +
               std::to_string(def.item_count) + " items";
    text += ", item " + std::to_string(problem.item) + ": ";
    const std::string given = detail::format_number(problem.value);
    const std::string range = detail::format_number(def.response_format.min) + ".." + detail::format_number(def.response_format.max);
    switch (problem.code) {
        case response_errc::not_finite:
            return text + "response " + given +
                   " is not a finite number (mark an unanswered item as missing)";
        case response_errc::out_of_range:
            return text + "response " + given + " is outside the response scale " + range;
        case response_errc::not_integer:
            return text + "response " + given + " is not one of the integer anchors " + range +
                   " of the Likert scale";
        case response_errc::not_applicable_not_offered:
            return text + "'does not apply' is not an option of this instrument's response scale";
        case response_errc::off_resolution:
            return text + "response " + given + " is not a multiple of the resolution " +
                   detail::format_number(def.response_format.resolution) + " of the scale " + range;
        case response_errc::wrong_count: break;
    }
    return text + "invalid response";
}

namespace detail {

// The one rule for a single answer, asked by everything that validates answers (score,
// try_score, check, explain, the batch engine's problem list): nothing when it may be scored
// (a number on the scale's grid, a blank, "does not apply" where offered), else what is wrong.
// A number's units on the response grid are left in `units` (0 for anything else).
[[nodiscard]] constexpr std::optional<response_errc> answer_problem(const response_scale& scale,
                                                                    const response_grid& grid,
                                                                    const response& answer, double& units) noexcept {
    units = 0;
    if (answer.is_missing()) return std::nullopt;
    if (answer.is_not_applicable())
        return scale.allows_not_applicable ? std::nullopt
                                           : std::optional{response_errc::not_applicable_not_offered};
    const double x = answer.value();
    // NaN and +-inf fail the range test, so one comparison pair covers "finite" too; inside the
    // range the units are far below 2^51, so the grid's rounding is exact.
    if (!(x >= scale.min && x <= scale.max))
        return is_finite(x) ? response_errc::out_of_range : response_errc::not_finite;
    if (!grid.units_of(x, units))
        return scale.type == scale_type::likert ? response_errc::not_integer : response_errc::off_resolution;
    return std::nullopt;
}

[[nodiscard]] inline std::optional<response_problem> check_response(const response_scale& scale,
                                                                    const response& answer,
                                                                    std::size_t item) noexcept {
    double units = 0;
    const auto code = answer_problem(scale, grid_of(scale), answer, units);
    if (!code) return std::nullopt;
    return response_problem{*code, item, answer.has_value() ? answer.value() : 0.0};
}

[[noreturn]] inline void throw_response_error(const response_problem& problem, const instrument_view& def,
                                              std::string_view record, std::size_t more) {
    std::string text = describe(problem, def, record);
    if (more > 0) text += " (and " + std::to_string(more) + " more problems in this record)";
    throw response_error(error_id(problem.code), text);
}

// Throws for the first invalid response, counting the others.
[[noreturn]] inline void report_invalid(const instrument_view& def, std::span<const response> responses,
                                        std::string_view record) {
    std::optional<response_problem> first;
    std::size_t more = 0;
    for (std::size_t i = 0; i < responses.size(); ++i) {
        if (auto problem = check_response(def.response_format, responses[i], i + 1)) {
            if (first) ++more;
            else first = problem;
        }
    }
    if (!first) first = response_problem{response_errc::not_finite, 0, 0.0};  // unreachable in practice
    throw_response_error(*first, def, record, more);
}

// Per item, once: the keyed value in units of the response grid (reversed where the key says
// so; 0 when unanswered) and whether it was answered. Units are whole numbers, so every sum of
// them is exact: four marks of 8.6, 9.7, 9.9 and 7.8 cm add up to 360 tenths, not 35.99999999999999. Fixed-size instruments keep it on the stack; run-time ones use a
// small stack buffer and fall back to the heap only for very long instruments.
struct keyed_item {
    double value;     // in grid units; 0 when unanswered
    double answered;  // 1 or 0, a double so a scale adds it in the same lane as the value
};

template <std::size_t Static>
struct keyed_items {
    std::array<keyed_item, Static> item;
    double units_per_point = 1;  // the response grid's units per scale point
    explicit keyed_items(std::size_t) noexcept {}
};
inline constexpr std::size_t dynamic_items = 0;
template <>
struct keyed_items<dynamic_items> {
    static constexpr std::size_t inline_capacity = 128;
    std::array<keyed_item, inline_capacity> inline_items;
    std::vector<keyed_item> heap_items;
    keyed_item* item;
    double units_per_point = 1;
    explicit keyed_items(std::size_t n) {
        if (n <= inline_capacity) {
            item = inline_items.data();
        } else {
            heap_items.resize(n);
            item = heap_items.data();
        }
    }
};

template <class Definition>
[[nodiscard]] std::size_t item_count_of(const Definition& def) noexcept {
    if constexpr (requires { Definition::item_count; }) return Definition::item_count;
    else return def.view().item_count;
}

template <class Definition>
constexpr std::size_t static_item_count() noexcept {
    if constexpr (requires { Definition::item_count; }) return Definition::item_count;
    else return dynamic_items;
}

// Keys every response and validates it in the same pass; returns false if any is invalid.
template <class Definition, class Keyed>
[[nodiscard]] bool key_responses(const Definition& def, std::span<const response> responses, Keyed& keyed) {
    const response_scale& scale = def.response_format();
    const response_grid grid = grid_of(scale);
    keyed.units_per_point = grid.factor;
    bool valid = true;
    for (std::size_t i = 0; i < responses.size(); ++i) {
        const response& answer = responses[i];
        double units = 0;
        valid &= !answer_problem(scale, grid, answer, units);
        keyed.item[i] = {units, answer.has_value() ? 1.0 : 0.0};
    }
    // Reverse keying in a second pass over the reversed items only (none on many instruments),
    // rather than asking is_reversed() for every item. The list is validated: in range, no repeats.
    for (const int item : def.view().reversed) {
        keyed_item& keyed_value = keyed.item[static_cast<std::size_t>(item - 1)];
        if (keyed_value.answered != 0.0) keyed_value.value = grid.reversed_units(keyed_value.value);
    }
    return valid;
}

// Scores every scale into the set's slots from the keyed items.
template <class Definition, class Keyed, class Set>
void score_scales(const Definition& def, const Keyed& keyed, const scoring_options& options, Set& out) {
    const auto scales = def.scales();
    const std::string_view id = out.instrument();
    const double units_per_point = keyed.units_per_point;
    for (std::size_t s = 0; s < scales.size(); ++s) {
        const scale_entry& entry = scales[s];
        double total = 0.0;
        double answered_items = 0.0;
        for (const int item : def.items_of(entry)) {
            const keyed_item& keyed_value = keyed.item[static_cast<std::size_t>(item - 1)];
            total += keyed_value.value;
            answered_items += keyed_value.answered;
        }
        const int answered = static_cast<int>(answered_items);
        const missing_rule& rule = options.missing_override ? *options.missing_override : entry.missing;
        const int items = static_cast<int>(entry.count);
        const score_status status = answered == items             ? score_status::complete
                                    : rule.allows(answered, items) ? score_status::prorated
                                                                   : score_status::insufficient;
        scale_score& slot = out.scores_[s];
        // A reused slot of the same instrument keeps its entry and owner: no reference counting
        // per record in batch loops.
        if (slot.entry_ == &entry)
            slot.set_result(answered, total, units_per_point, status, rule, options.missing_override.has_value());
        else
            slot = scale_score(entry, answered, total, status, rule, options.missing_override.has_value(), id,
                               out.owner_, units_per_point);
    }
}

}  // namespace detail

// Every problem in a record, in item order; empty when the record can be scored.
template <instrument_definition_like Definition>
[[nodiscard]] std::vector<response_problem> check(const Definition& def, std::span<const response> responses) {
    std::vector<response_problem> problems;
    const std::size_t n = detail::item_count_of(def);
    if (responses.size() != n) {
        problems.push_back({response_errc::wrong_count, 0, static_cast<double>(responses.size())});
        return problems;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (auto problem = detail::check_response(def.response_format(), responses[i], i + 1)) problems.push_back(*problem);
    return problems;
}

// Scores one record given in item order. Throws response_error for the first invalid
// response (naming the instrument, options.record, the item and the value).
template <instrument_definition_like Definition>
[[nodiscard]] auto score(const Definition& def, std::span<const response> responses,
                         const scoring_options& options = {}) {
    const std::size_t n = detail::item_count_of(def);
    if (responses.size() != n)
        detail::throw_response_error({response_errc::wrong_count, 0, static_cast<double>(responses.size())},
                                     def.view(), options.record, 0);
    detail::keyed_items<detail::static_item_count<Definition>()> keyed(n);
    if (!detail::key_responses(def, responses, keyed)) detail::report_invalid(def.view(), responses, options.record);
    if constexpr (requires { Definition::scale_count; }) {
        score_set<Definition::scale_count> scores(def.id(), detail::owner_of(def));
        detail::score_scales(def, keyed, options, scores);
        return scores;
    } else {
        dynamic_score_set scores(def.id(), def.scales().size(), detail::owner_of(def));
        detail::score_scales(def, keyed, options, scores);
        return scores;
    }
}

// For batch loops: scores into `out`, reusing its storage (no allocation per record once it
// has the instrument's size), and returns true; returns false, without throwing, when the
// record has the wrong length or an invalid response (call check() for the list). Validates
// each response once.
template <instrument_definition_like Definition>
[[nodiscard]] bool try_score(const Definition& def, std::span<const response> responses,
                             const scoring_options& options, dynamic_score_set& out) {
    const std::size_t n = detail::item_count_of(def);
    if (responses.size() != n) return false;
    detail::keyed_items<detail::static_item_count<Definition>()> keyed(n);
    if (!detail::key_responses(def, responses, keyed)) return false;
    // A set last filled from this very instrument (the usual case in a loop) is reused as it is,
    // with no reference counting: while the set holds the owner, no other instrument can have
    // its id at the same address, so the address identifies the instrument.
    const std::string_view id = def.id();
    const bool same_instrument = out.instrument().data() == id.data() && out.instrument().size() == id.size() &&
                                 (!owning_definition<Definition> || out.owner_ != nullptr);
    if (out.size() != def.scales().size() || !same_instrument)
        out = dynamic_score_set(id, def.scales().size(), detail::owner_of(def));
    detail::score_scales(def, keyed, options, out);
    return true;
}

template <instrument_definition_like Definition>
[[nodiscard]] auto score(const Definition& def, std::initializer_list<response> responses,
                         const scoring_options& options = {}) {
    return score(def, std::span<const response>(responses.begin(), responses.size()), options);
}

template <instrument_definition_like Definition, std::size_t M>
[[nodiscard]] auto score(const Definition& def, const std::array<response, M>& responses,
                         const scoring_options& options = {}) {
    if constexpr (requires { Definition::item_count; })
        static_assert(M == Definition::item_count, "the record's length differs from the instrument's item count");
    return score(def, std::span<const response>(responses), options);
}

// A temporary compile-time instrument would leave every score pointing into a dead object, so
// scoring one does not compile. (A temporary run-time instrument is fine: the result shares it.)
template <instrument_definition_like Definition>
    requires(!owning_definition<Definition>)
void score(const Definition&& def, std::span<const response> responses, const scoring_options& options = {}) = delete;
template <instrument_definition_like Definition>
    requires(!owning_definition<Definition>)
void score(const Definition&& def, std::initializer_list<response> responses,
           const scoring_options& options = {}) = delete;
template <instrument_definition_like Definition, std::size_t M>
    requires(!owning_definition<Definition>)
void score(const Definition&& def, const std::array<response, M>& responses, const scoring_options& options = {}) = delete;
template <instrument_definition_like Definition>
    requires(!owning_definition<Definition>)
bool try_score(const Definition&& def, std::span<const response> responses, const scoring_options& options,
               dynamic_score_set& out) = delete;

}  // namespace alliance
