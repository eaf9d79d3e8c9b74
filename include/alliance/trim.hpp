// What a cell's text is without the spaces around it, for every rule that compares cells: a
// number, a code, a label, a column name (alliance::table uses it as table::trim).
#pragma once

#include <string_view>

namespace alliance {

// Leading and trailing spaces and tabs are not part of a number, a code, a label or a name.
[[nodiscard]] constexpr std::string_view trim(std::string_view text) noexcept {
    if (text.empty() || (text.front() > ' ' && text.back() > ' ')) return text;  // the usual field
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace alliance
