// libFuzzer target over the item-column specification (alliance/table/item_spec.hpp): any
// --items text and any header. Checks, beyond "no crash": a specification either names `count`
// columns, all different and none empty, or throws the table layer's option_error; a pattern's
// columns are item_column's; and the pattern suggest_items proposes (items_pattern_for) is
// valid and names every item's column in the header.
//
// Input: byte 0 is the item count (1..64); then the specification up to the first newline; the
// rest is the header, comma-separated.
#include <alliance/table/columns.hpp>
#include <alliance/table/item_spec.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace alliance::table;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t count = data[0] % 64 + 1;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::size_t newline = text.find('\n');
    const std::string_view spec_text = text.substr(0, newline);
    const std::vector<std::string> header =
        newline == std::string_view::npos ? std::vector<std::string>{} : split_list(text.substr(newline + 1));

    const item_spec spec = item_spec::parse(spec_text);
    try {
        const std::vector<std::string> names = spec.columns(count, command_line_spelling);
        if (names.size() != count) __builtin_trap();
        std::set<std::string_view> distinct;
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (trim(names[i]).empty() || !distinct.insert(trim(names[i])).second) __builtin_trap();
            if (spec.is_pattern() && names[i] != item_column(spec_text, i + 1)) __builtin_trap();
        }
        (void)item_columns_hint(spec, std::span<const std::string>(header), std::span<const std::string>(names),
                                binding_spelling);
    } catch (const alliance::option_error&) {
    }

    // A proposed pattern is a valid one and reads every item from the header; the suggestion
    // says it.
    (void)suggest_items(std::span<const std::string>(header), count, command_line_spelling);
    if (const auto pattern = items_pattern_for(std::span<const std::string>(header), count)) {
        try {
            check_items_pattern(*pattern, command_line_spelling);
        } catch (const alliance::option_error&) {
            __builtin_trap();
        }
        for (std::size_t item = 1; item <= count; ++item) {
            const std::string column = item_column(*pattern, item);
            if (std::none_of(header.begin(), header.end(), [&](const std::string& h) { return trim(h) == column; }))
                __builtin_trap();
        }
        const std::string suggestion = suggest_items(std::span<const std::string>(header), count, command_line_spelling);
        if (!suggestion.ends_with("; try --items '" + *pattern + "'")) __builtin_trap();
    }
    return 0;
}
