// The built-in instruments as one list, for drivers and tools that pick an instrument by id
// at run time. Each entry is a view of a compile-time definition plus its published cut-offs.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "alliance/cutoff.hpp"
#include "alliance/definition.hpp"
#include "alliance/instruments/ors.hpp"
#include "alliance/instruments/srs.hpp"
#include "alliance/instruments/wai_sr.hpp"

namespace alliance {

struct catalogue_entry {
    instrument_view definition;
    std::span<const cutoff> cutoffs{};
};

namespace detail {
inline constexpr std::array srs_cutoffs{instruments::srs_total_cutoff};
inline constexpr std::array ors_cutoffs{instruments::ors_adult_cutoff};

inline constexpr std::array builtin_instruments{
    catalogue_entry{instruments::wai_sr.view()},
    catalogue_entry{instruments::srs.view(), srs_cutoffs},
    catalogue_entry{instruments::ors.view(), ors_cutoffs},
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

}  // namespace alliance
