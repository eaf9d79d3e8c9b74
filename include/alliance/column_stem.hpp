// The stem of a scale's columns in a table of scores. Core tier: the key-file reader, the
// tracking settings (alliance/tracking/track.hpp) and the tools all name columns by it.
#pragma once

#include <string>
#include <string_view>

namespace alliance {

// The stem of a scale's columns in a table of scores (`alliance score` writes <stem>_sum,
// <stem>_mean, ...): the name in lower case, every character but an ASCII letter or digit as
// '_' ("Emotional Bond" -> "emotional_bond"). A key file whose scales share a stem is refused
// (alliance.key_file.colliding_scale_names), since their columns could not be told apart.
[[nodiscard]] inline std::string column_stem(std::string_view scale_name) {
    std::string stem;
    stem.reserve(scale_name.size());
    for (const char c : scale_name) {
        const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
        stem += lower || digit ? c : upper ? static_cast<char>(c - 'A' + 'a') : '_';
    }
    return stem;
}

}  // namespace alliance
