// The built-in instruments as one list, for drivers and tools that pick an instrument by id
// at run time. Each entry is a view of a compile-time definition plus its published cut-offs,
// severity bands and norms (each defined, with its source, beside the key in
// alliance/instruments/<id>.hpp). What is not here was not verified: docs/instruments.md
// lists every instrument considered, shipped or not, and why.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "alliance/cutoff.hpp"
#include "alliance/definition.hpp"
#include "alliance/instruments/care.hpp"
#include "alliance/instruments/core10.hpp"
#include "alliance/instruments/core_om.hpp"
#include "alliance/instruments/cors.hpp"
#include "alliance/instruments/csrs.hpp"
#include "alliance/instruments/gad7.hpp"
#include "alliance/instruments/gsrs.hpp"
#include "alliance/instruments/haq_ii.hpp"
#include "alliance/instruments/ors.hpp"
#include "alliance/instruments/phq9.hpp"
#include "alliance/instruments/srs.hpp"
#include "alliance/instruments/wai_36.hpp"
#include "alliance/instruments/wai_s.hpp"
#include "alliance/instruments/wai_sr.hpp"
#include "alliance/norms.hpp"
#include "alliance/severity.hpp"

namespace alliance {

struct catalogue_entry {
    instrument_view definition;
    std::span<const cutoff> cutoffs{};
    std::span<const norm> norms{};
    std::span<const severity_bands> severity{};
};

namespace detail {
inline constexpr std::array srs_cutoffs{instruments::srs_total_cutoff};
inline constexpr std::array ors_cutoffs{instruments::ors_adult_cutoff};
inline constexpr std::array cors_cutoffs{instruments::cors_child_cutoff};
inline constexpr std::array core_om_cutoffs{instruments::core_om_clinical_cutoff};
inline constexpr std::array core10_cutoffs{instruments::core10_clinical_cutoff};
inline constexpr std::array core10_norms{instruments::core10_general_population,
                                         instruments::core10_primary_care};
inline constexpr std::array core10_severity{instruments::core10_severity};
inline constexpr std::array phq9_cutoffs{instruments::phq9_depression_cutoff};
inline constexpr std::array phq9_norms{instruments::phq9_german_women, instruments::phq9_german_men};
inline constexpr std::array phq9_severity{instruments::phq9_severity};
inline constexpr std::array gad7_cutoffs{instruments::gad7_anxiety_cutoff};
inline constexpr std::array gad7_norms{instruments::gad7_german_women, instruments::gad7_german_men};
inline constexpr std::array gad7_severity{instruments::gad7_severity};

// Alliance and relationship measures first, then the outcome measures used beside them.
inline constexpr std::array builtin_instruments{
    catalogue_entry{instruments::wai_sr.view()},
    catalogue_entry{instruments::wai_36_c.view()},
    catalogue_entry{instruments::wai_36_t.view()},
    catalogue_entry{instruments::wai_s_c.view()},
    catalogue_entry{instruments::srs.view(), srs_cutoffs},
    catalogue_entry{instruments::csrs.view()},
    catalogue_entry{instruments::gsrs.view()},
    catalogue_entry{instruments::haq_ii.view()},
    catalogue_entry{instruments::care.view()},
    catalogue_entry{instruments::ors.view(), ors_cutoffs},
    catalogue_entry{instruments::cors.view(), cors_cutoffs},
    catalogue_entry{instruments::core_om.view(), core_om_cutoffs},
    catalogue_entry{instruments::core10.view(), core10_cutoffs, core10_norms, core10_severity},
    catalogue_entry{instruments::phq9.view(), phq9_cutoffs, phq9_norms, phq9_severity},
    catalogue_entry{instruments::gad7.view(), gad7_cutoffs, gad7_norms, gad7_severity},
};
}  // namespace detail

// Every built-in instrument, in a stable order.
[[nodiscard]] constexpr std::span<const catalogue_entry> catalogue() noexcept {
    return detail::builtin_instruments;
}

// The entry with this id, or nullptr.
[[nodiscard]] constexpr const catalogue_entry* find_instrument(std::string_view id) noexcept {
    for (const auto& entry : catalogue())
        if (entry.definition.about.id == id) return &entry;
    return nullptr;
}

// The built-in norm with this id (any instrument), or nullptr: `--norm NORM_ID`.
[[nodiscard]] constexpr const norm* find_norm(std::string_view id) noexcept {
    for (const auto& entry : catalogue())
        if (const norm* found = find_norm(entry.norms, id)) return found;
    return nullptr;
}

// The built-in cut-off with this id, or nullptr.
[[nodiscard]] constexpr const cutoff* find_cutoff(std::string_view id) noexcept {
    for (const auto& entry : catalogue())
        for (const auto& rule : entry.cutoffs)
            if (rule.id == id) return &rule;
    return nullptr;
}

// The built-in severity band table with this id, or nullptr.
[[nodiscard]] constexpr const severity_bands* find_severity_bands(std::string_view id) noexcept {
    for (const auto& entry : catalogue())
        if (const severity_bands* found = find_severity_bands(entry.severity, id)) return found;
    return nullptr;
}

}  // namespace alliance
