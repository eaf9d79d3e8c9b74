// What the catalogue has, looked up by id for every front-end with one message for an id it
// lacks: a built-in instrument (`--instrument ID`, the packages' instrument("id")), and a built-in
// norm where a request has no instrument of its own (`alliance change --norm`, `compare --norm`,
// the packages' norm=). With an instrument, its own norms() are searched instead
// (tracking/track.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
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

// What one text given as an instrument names, where a front-end takes a built-in id or a key
// file's path in the same argument (the packages' instrument="..."): a built-in id names that
// instrument (before any file of the same name); else a text that names anything on disk (a
// file, a directory, a FIFO, a dangling link), ends in ".json" or holds a path separator is a
// key file's path, which read_key_file reads or refuses with a message naming the path (a
// directory is called a directory, never an unknown id); anything else is an unknown id
// (catalogue_instrument's message). Looks at the path without opening it.
enum class instrument_text { builtin, key_file, unknown };

[[nodiscard]] inline instrument_text classify_instrument_text(std::string_view text) {
    if (find_instrument(text) != nullptr) return instrument_text::builtin;
    if (text.empty()) return instrument_text::unknown;
    if (text.find_first_of("/\\") != std::string_view::npos) return instrument_text::key_file;
    if (text.size() >= 5) {
        std::string tail(text.substr(text.size() - 5));
        for (char& c : tail) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (tail == ".json") return instrument_text::key_file;
    }
    std::error_code error;
    const auto status = std::filesystem::symlink_status(std::filesystem::path(std::string(text)), error);
    return !error && std::filesystem::exists(status) ? instrument_text::key_file : instrument_text::unknown;
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
