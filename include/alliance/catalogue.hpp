// The built-in instruments as one list, for drivers and tools that pick an instrument by id
// at run time. Each entry is a view of a compile-time definition plus its published cut-offs,
// severity bands and norms (each defined, with its source, beside the key in
// alliance/instruments/<id>.hpp). What is not here was not verified: docs/instruments.md
// lists every instrument considered, shipped or not, and why.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "alliance/catalogue_entry.hpp"
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
#include "alliance/runtime_instrument.hpp"
#include "alliance/severity.hpp"

namespace alliance {

namespace detail {
// Alliance and relationship measures first, then the outcome measures used beside them.
inline constexpr std::array builtin_instruments{
    instruments::wai_sr_entry,  instruments::wai_36_c_entry, instruments::wai_36_t_entry,
    instruments::wai_s_c_entry, instruments::srs_entry,      instruments::csrs_entry,
    instruments::gsrs_entry,    instruments::haq_ii_entry,   instruments::care_entry,
    instruments::ors_entry,     instruments::cors_entry,     instruments::core_om_entry,
    instruments::core10_entry,  instruments::phq9_entry,     instruments::gad7_entry,
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

// The built-in instrument with this id as a run-time instrument that carries its published
// cut-offs, norms and severity bands, or nothing when no built-in has that id.
[[nodiscard]] inline std::optional<runtime_instrument> builtin_instrument(std::string_view id) {
    const catalogue_entry* entry = find_instrument(id);
    if (entry == nullptr) return std::nullopt;
    // The built-ins' records are static: no owner is needed to keep them alive.
    return runtime_instrument(definition_of(entry->definition), {entry->cutoffs, entry->norms, entry->severity, {}});
}

// The built-in norm with this id (any instrument), or nullptr: for a command that has no
// instrument (`alliance change --norm NORM_ID`). With an instrument, look in its own norms().
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
