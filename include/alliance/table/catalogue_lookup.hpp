// What the catalogue has, looked up by id for every front-end with one message for an id it
// lacks: a built-in instrument (`--instrument ID`, the packages' instrument("id")), and a built-in
// norm where a request has no instrument of its own (`alliance change --norm`, `compare --norm`,
// the packages' norm=). With an instrument, its own norms() are searched instead
// (tracking/track.hpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "alliance/catalogue.hpp"
#include "alliance/error.hpp"
#include "alliance/norms.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// "unknown instrument 'x'; the built-in instruments are wai-sr, ...".
[[nodiscard]] inline std::string unknown_instrument_message(std::string_view id) {
    std::string known;
    for (const catalogue_entry& entry : catalogue())
        known += (known.empty() ? "" : ", ") + std::string(entry.definition.about.id);
    return "unknown instrument '" + std::string(id) + "'; the built-in instruments are " + known;
}

// The built-in instrument with this id, with the catalogue's published data; option_error
// "alliance.table.unknown_instrument" when the catalogue has none.
[[nodiscard]] inline runtime_instrument catalogue_instrument(std::string_view id) {
    if (auto found = builtin_instrument(id)) return std::move(*found);
    throw option_error("alliance.table.unknown_instrument", unknown_instrument_message(id));
}

// The catalogue's norm with this id; option_error "alliance.table.unknown_norm" listing the
// catalogue's norms when there is none. The record is static: the reference never dangles.
[[nodiscard]] inline const norm& catalogue_norm(std::string_view id, const option_spelling& spell) {
    if (const norm* found = find_norm(id)) return *found;
    std::string known;
    for (const catalogue_entry& entry : catalogue())
        for (const norm& record : entry.norms) known += (known.empty() ? "" : ", ") + std::string(record.id);
    throw option_error("alliance.table.unknown_norm",
                      spell.option("norm") + ": no norm '" + std::string(id) + "'; the catalogue has " + known);
}

}  // namespace alliance::table
