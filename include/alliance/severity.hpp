// Published severity bands as data ("PHQ-9: 0-4 minimal, 5-9 mild, ..."). Like cut-offs, a
// band set names its instrument, scale and source, and is checked by one validator that
// built-in tables (at compile time) and key files (at run time) share.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "alliance/definition.hpp"

namespace alliance {

// One band as published: scores from `from` to `to`, both inclusive.
struct severity_band {
    std::string_view label{};
    double from = 0;
    double to = 0;
};

struct severity_bands {
    std::string_view id{};          // stable: "phq9-severity"
    std::string_view instrument{};  // instrument id
    std::string_view scale{};       // scale name; bands apply to its canonical metric
    std::span<const severity_band> bands{};  // ascending
    std::string_view citation{};
    std::string_view note{};
};

// The band a score falls in, or nullptr when the score lies outside every band.
//
// Published bands are integer ranges ("0-4, 5-9"), but a prorated score can fall between
// them (4.5). Such a score belongs to the lower band: a band is entered only when a score
// reaches its published lower bound, so band i covers [from_i, from_{i+1}) and the last band
// [from_last, to_last]. This never moves an integer score out of its published band.
[[nodiscard]] constexpr const severity_band* classify(const severity_bands& table, double score) noexcept {
    const auto bands = table.bands;
    if (bands.empty() || !(score >= bands.front().from) || !(score <= bands.back().to)) return nullptr;
    for (std::size_t i = bands.size(); i-- > 0;)
        if (score >= bands[i].from) return &bands[i];
    return nullptr;
}

// What is wrong with a band table, for compile-time checks and key files alike.
struct severity_problem {
    std::string_view id;     // stable error id
    std::size_t band = 0;    // index of the offending band
    std::string_view what;
};

[[nodiscard]] constexpr std::optional<severity_problem> find_problem(const severity_bands& table) noexcept {
    if (table.id.empty())
        return severity_problem{"alliance.severity.missing_id", 0, "the band table has no id"};
    if (table.scale.empty())
        return severity_problem{"alliance.severity.missing_scale", 0, "the band table names no scale"};
    if (table.bands.empty())
        return severity_problem{"alliance.severity.no_bands", 0, "the band table lists no bands"};
    for (std::size_t i = 0; i < table.bands.size(); ++i) {
        const severity_band& band = table.bands[i];
        if (band.label.empty())
            return severity_problem{"alliance.severity.unnamed_band", i, "a band has no label"};
        if (!detail::is_finite(band.from) || !detail::is_finite(band.to) || !(band.from <= band.to))
            return severity_problem{"alliance.severity.bad_range", i,
                                    "a band's range must be finite with from <= to"};
        if (i > 0 && !(band.from > table.bands[i - 1].to))
            return severity_problem{"alliance.severity.overlap", i,
                                    "bands must ascend without overlapping (from > previous band's to)"};
    }
    return std::nullopt;
}

// "phq9-severity, band 2 ('moderate'): ..." for error messages.
[[nodiscard]] inline std::string describe(const severity_problem& problem, const severity_bands& table) {
    std::string text = table.id.empty() ? std::string("severity bands") : std::string(table.id);
    if (problem.band < table.bands.size() && !table.bands.empty())
        text += ", band " + std::to_string(problem.band + 1) + " ('" +
                std::string(table.bands[problem.band].label) + "')";
    return text + ": " + std::string(problem.what);
}

// The band table with this id in `tables`, or nullptr.
[[nodiscard]] constexpr const severity_bands* find_severity_bands(std::span<const severity_bands> tables,
                                                                  std::string_view id) noexcept {
    for (const auto& table : tables)
        if (table.id == id) return &table;
    return nullptr;
}

}  // namespace alliance
