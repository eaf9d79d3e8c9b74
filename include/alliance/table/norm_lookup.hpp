// A built-in norm named by its id where a request has no instrument of its own (`alliance
// change --norm`, `compare --norm`, the packages' norm=), with the one message for an id the
// catalogue lacks. With an instrument, its own norms() are searched instead (tracking/track.hpp).
#pragma once

#include <string>
#include <string_view>

#include "alliance/catalogue.hpp"
#include "alliance/error.hpp"
#include "alliance/norms.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// The catalogue's norm with this id; table_error "alliance.table.unknown_norm" listing the
// catalogue's norms when there is none. The record is static: the reference never dangles.
[[nodiscard]] inline const norm& catalogue_norm(std::string_view id, const option_spelling& spell) {
    if (const norm* found = find_norm(id)) return *found;
    std::string known;
    for (const catalogue_entry& entry : catalogue())
        for (const norm& record : entry.norms) known += (known.empty() ? "" : ", ") + std::string(record.id);
    throw table_error("alliance.table.unknown_norm",
                      spell.option("norm") + ": no norm '" + std::string(id) + "'; the catalogue has " + known);
}

}  // namespace alliance::table
