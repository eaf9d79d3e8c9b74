// libFuzzer target over the key-file loader: arbitrary bytes must either load or throw an
// alliance::error (any other exception, a crash or a sanitizer report is a bug). What loads
// must survive the exporter - writing it out (item columns and answer labels too) and reading
// it back writes the same text - and
// must score a record of all-missing and one of all-minimum responses.
#include <alliance/key_file.hpp>
#include <alliance/score.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<alliance::key_file> file;
    try {
        file = alliance::parse_key_file(text, "fuzz.json");
    } catch (const alliance::error&) {
        return 0;
    }

    // The instrument with everything it carries (records, item columns, answer labels).
    const std::string exported = alliance::to_key_file_json(file->instrument());
    const alliance::key_file again = alliance::parse_key_file(exported, "export.json");
    if (alliance::to_key_file_json(again.instrument()) != exported) __builtin_trap();

    const alliance::runtime_instrument& inst = file->instrument();
    std::vector<alliance::response> record(inst.item_count(), alliance::missing);
    (void)alliance::score(inst, std::span<const alliance::response>(record));
    record.assign(inst.item_count(), alliance::response(inst.response_format().min));
    for (const auto& s : alliance::score(inst, std::span<const alliance::response>(record)))
        if (!s.has_score()) __builtin_trap();  // a complete record has every score
    return 0;
}
