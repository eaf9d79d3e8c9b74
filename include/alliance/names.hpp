// One name table per enum. Each enum the library shows to people (in output columns, key files,
// JSON, command-line options) has a single table of its values and their words, declared beside
// the enum; to_string, parsing, the key-file reader and writer and the tool's JSON all read that
// table, so the same value is always the same word.
//
//   inline constexpr std::array metric_names{named{metric::sum, "sum"}, named{metric::mean, "mean"}};
//   name_of(metric_names, metric::mean)   // "mean"
//   parse_name(metric_names, "sum")       // metric::sum
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alliance {

template <class Enum>
struct named {
    Enum value;
    std::string_view name;
};
template <class Enum>
named(Enum, const char*) -> named<Enum>;

// The word for `value`; "unknown" for a value outside the table (a cast from a bad integer).
template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const std::array<named<Enum>, N>& table, Enum value) noexcept {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return "unknown";
}

// The value named `text`, exactly (case-sensitive); empty when no entry has that word.
template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum> parse_name(const std::array<named<Enum>, N>& table,
                                                      std::string_view text) noexcept {
    for (const auto& entry : table)
        if (entry.name == text) return entry.value;
    return std::nullopt;
}

// "'a', 'b' or 'c'": the words of a table, for messages that list the choices.
template <class Enum, std::size_t N>
[[nodiscard]] std::string quoted_names(const std::array<named<Enum>, N>& table) {
    std::string text;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) text += i + 1 == N ? " or " : ", ";
        text += "'" + std::string(table[i].name) + "'";
    }
    return text;
}

// The words indexed by the enum's value (0, 1, ...): how a table column shows a category that
// it holds as the value's number (alliance/table/block.hpp, column_kind::category). The enum's
// values must be 0..N-1.
template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::array<std::string_view, N> labels_by_value(const std::array<named<Enum>, N>& table) noexcept {
    std::array<std::string_view, N> labels{};
    for (const auto& entry : table) labels[static_cast<std::size_t>(entry.value)] = entry.name;
    return labels;
}

}  // namespace alliance
