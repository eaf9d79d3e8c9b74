// libFuzzer target over answer labels: a labels file (alliance::parse_labels_file, the JSON of
// --labels and of a key file's response_labels) and the cells read with it. Checks, beyond "no
// crash": the file loads or throws an alliance::error; labels that pass check_labels read back as
// their codes for every item they serve; and a text that reads as nothing gets a message that
// names its item and column.
//
// Input: the labels JSON up to the first 0 byte; the rest is one cell's text.
#include <alliance/key_file.hpp>
#include <alliance/table/cells.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

using namespace alliance;
using namespace alliance::table;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t zero = bytes.find('\0');
    const std::string_view json = bytes.substr(0, zero);
    const std::string_view cell = zero == std::string_view::npos ? std::string_view{} : bytes.substr(zero + 1);

    response_codes codes;
    try {
        codes.labels = parse_labels_file(json, "fuzz.json");
        check_labels(codes, max_items, command_line_spelling);
    } catch (const alliance::error&) {
        return 0;
    }
    const auto reads_back = [&](const label_map& map, std::size_t item) {
        for (const auto& [label, code] : map.entries()) {
            response answer;
            if (!read_response(label, codes, answer, item) || !answer.has_value() || answer.value() != code)
                __builtin_trap();
        }
    };
    for (const auto& [item, own] : codes.labels.items()) reads_back(own, item);
    if (codes.labels.for_item(0) == &codes.labels.common()) reads_back(codes.labels.common(), 0);

    for (const std::size_t item : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
        response answer;
        if (read_response(cell, codes, answer, item)) continue;
        const std::string message = unreadable_cell_message("line 2", "q", trim(cell), codes, item);
        if (message.find("column 'q'") == std::string::npos) __builtin_trap();
        if (item > 0 && codes.labels.for_item(item) != nullptr &&
            message.find("item " + std::to_string(item)) == std::string::npos)
            __builtin_trap();
    }
    return 0;
}
