// Published normative values as data: one record per instrument, scale and population, with
// its sample size, mean, SD, reliability and citation. Values never change silently: a norm
// has a stable id that is never reused and an edition that is bumped whenever a value is
// corrected, so a result can say exactly which numbers it was compared against
// (describe(norm) names both). Scoring-only header: no Boost. This is the library's one norm
// type: the statistics (stats/norm.hpp: z, Crawford & Howell, Jacobson & Truax, ...) take a
// `const norm&`, whether it is a catalogue record or one a caller builds for a call from its own
// mean, SD and n. The text fields are views: a norm built for one call views strings the caller
// keeps alive for that call, and no result of the statistics keeps a norm (or a view into one).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "alliance/definition.hpp"
#include "alliance/detail/format_number.hpp"
#include "alliance/names.hpp"

namespace alliance {

// Which reliability a norm reports; none when the source gives none for this sample.
enum class reliability_kind { none, alpha, test_retest };

inline constexpr std::array reliability_kind_names{named{reliability_kind::none, "none"},
                                                   named{reliability_kind::alpha, "alpha"},
                                                   named{reliability_kind::test_retest, "test_retest"}};
[[nodiscard]] constexpr std::string_view to_string(reliability_kind kind) noexcept {
    return name_of(reliability_kind_names, kind);
}

struct reliability_estimate {
    double value = 0;  // meaningful only when kind != none
    reliability_kind kind = reliability_kind::none;

    friend constexpr bool operator==(const reliability_estimate&, const reliability_estimate&) = default;
};

// How sure the library is of a record (docs/instruments.md): high = read in the authors' own
// text or two independent sources agree; medium = one good secondary source. Nothing of low
// confidence is built in; key files may say anything, and default to unstated.
enum class confidence { unstated, low, medium, high };

inline constexpr std::array confidence_names{named{confidence::unstated, "unstated"}, named{confidence::low, "low"},
                                             named{confidence::medium, "medium"}, named{confidence::high, "high"}};
[[nodiscard]] constexpr std::string_view to_string(confidence value) noexcept { return name_of(confidence_names, value); }

struct norm {
    std::string_view id{};          // stable, never reused: "gad7-de-general-women-2008"
    int edition = 1;                // bumped whenever a value is corrected
    std::string_view instrument{};  // instrument id
    std::string_view scale{};       // scale name; the norm is on that scale's canonical metric
    std::string_view population{};  // who was sampled, where, when
    std::optional<int> n{};         // sample size of this group; empty when not reported
    double mean = 0;
    double sd = 0;
    reliability_estimate reliability{};
    std::string_view citation{};
    std::string_view note{};        // derivations, disagreements, where the values were read
    alliance::confidence confidence = alliance::confidence::unstated;
};

// What is wrong with a norm record: a stable id, the field, and what is wrong with it.
struct norm_problem {
    std::string_view id;
    std::string_view field;
    std::string_view what;
};

// The checks of a norm's numbers: what every use of a norm needs, including a norm built for one
// call with no id. The statistics run these (stats::detail::require_norm) and report a problem in
// their own words. Minimum n = 2: every single-case method (Crawford & Howell's t, Crawford &
// Garthwaite's intervals, the Bayesian tests) needs n - 1 >= 1 degrees of freedom, and a sample of
// one has no SD.
[[nodiscard]] constexpr std::optional<norm_problem> find_value_problem(const norm& record) noexcept {
    if (record.n && *record.n < 2)
        return norm_problem{"alliance.norm.bad_n", "n", "the sample size must be at least 2"};
    if (!detail::is_finite(record.mean))
        return norm_problem{"alliance.norm.bad_mean", "mean", "the mean must be a finite number"};
    if (!detail::is_finite(record.sd) || !(record.sd > 0))
        return norm_problem{"alliance.norm.sd_not_positive", "sd", "the SD must be a finite number above 0"};
    if (record.reliability.kind != reliability_kind::none &&
        !(record.reliability.value > 0 && record.reliability.value <= 1))
        return norm_problem{"alliance.norm.bad_reliability", "reliability",
                            "a reliability must lie in (0, 1]"};
    if (record.reliability.kind == reliability_kind::none && record.reliability.value != 0)
        return norm_problem{"alliance.norm.bad_reliability", "reliability",
                            "a reliability value needs its kind (alpha or test_retest)"};
    return std::nullopt;
}

// The same checks for built-in norms (in static_assert) and norms read from key files: a record
// names itself (id, edition, scale) and its numbers pass find_value_problem.
[[nodiscard]] constexpr std::optional<norm_problem> find_problem(const norm& record) noexcept {
    if (record.id.empty()) return norm_problem{"alliance.norm.missing_id", "id", "the norm has no id"};
    if (record.edition < 1)
        return norm_problem{"alliance.norm.bad_edition", "edition", "the edition must be 1 or more"};
    if (record.scale.empty())
        return norm_problem{"alliance.norm.missing_scale", "scale", "the norm names no scale"};
    return find_value_problem(record);
}

// The reliability the source publishes for this sample, if it publishes one.
[[nodiscard]] constexpr std::optional<double> published_reliability(const norm& record) noexcept {
    if (record.reliability.kind == reliability_kind::none) return std::nullopt;
    return record.reliability.value;
}

// Whether `record` belongs to `def`: the same instrument id and a scale it defines.
[[nodiscard]] constexpr bool fits(const norm& record, const instrument_view& def) noexcept {
    if (record.instrument != def.about.id) return false;
    for (const auto& scale : def.scales)
        if (scale.name == record.scale) return true;
    return false;
}

// The norm with this id in `norms`, or nullptr.
[[nodiscard]] constexpr const norm* find_norm(std::span<const norm> norms, std::string_view id) noexcept {
    for (const auto& record : norms)
        if (record.id == id) return &record;
    return nullptr;
}

// One line naming the norm and its edition, for results that were computed against it:
// "gad7-de-general-women-2008 (edition 1): gad7 total, <population>; n = ?, M = 3.2, SD = 3.5,
// alpha = 0.89; <citation>".
[[nodiscard]] inline std::string describe(const norm& record) {
    using detail::format_number;
    std::string text = std::string(record.id) + " (edition " + std::to_string(record.edition) + "): " +
                       std::string(record.instrument) + " " + std::string(record.scale);
    if (!record.population.empty()) text += ", " + std::string(record.population);
    text += "; n = " + (record.n ? std::to_string(*record.n) : std::string("not reported"));
    text += ", M = " + format_number(record.mean) + ", SD = " + format_number(record.sd);
    if (record.reliability.kind != reliability_kind::none)
        text += ", " + std::string(to_string(record.reliability.kind)) + " = " +
                format_number(record.reliability.value);
    if (!record.citation.empty()) text += "; " + std::string(record.citation);
    return text;
}

}  // namespace alliance
