// An instrument with everything published about it: its key (a view of the definition), its
// cut-offs, its norms and its severity bands. Each built-in instrument's header defines its entry
// beside its key (instruments::core10_entry, ...), so what belongs to an instrument is reached
// from it; alliance::catalogue() lists the entries.
#pragma once

#include <span>

#include "alliance/cutoff.hpp"
#include "alliance/definition.hpp"
#include "alliance/norms.hpp"
#include "alliance/severity.hpp"

namespace alliance {

struct catalogue_entry {
    instrument_view definition;
    std::span<const cutoff> cutoffs{};
    std::span<const norm> norms{};
    std::span<const severity_bands> severity{};
};

}  // namespace alliance
