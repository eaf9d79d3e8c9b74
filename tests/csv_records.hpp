// The records a csv_reader returns, as values that the CSV tests and fuzz targets compare:
// one reading against another (cut into pieces, in chunks, with a smaller record limit).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.hpp"

namespace alliance::test {

struct csv_record {
    std::vector<std::string> fields;
    std::uint64_t line = 0;
    bool unterminated = false;
    bool oversized = false;
    friend bool operator==(const csv_record&, const csv_record&) = default;
};

// Appends every record `reader` has left.
inline void read_records(cli::csv_reader& reader, std::vector<csv_record>& records) {
    while (reader.next()) {
        csv_record r{{}, reader.line(), reader.unterminated_quote(), reader.oversized()};
        for (const std::string_view field : reader.fields()) r.fields.emplace_back(field);
        records.push_back(std::move(r));
    }
}

// How many records `text` holds, as the tools read it.
inline std::uint64_t count_records(std::string_view text, char delimiter = ',') {
    cli::memory_source source(text);
    cli::csv_reader reader(source, cli::csv_dialect{delimiter}, cli::csv_limits{4096, 1u << 20});
    std::uint64_t records = 0;
    while (reader.next()) ++records;
    return records;
}

}  // namespace alliance::test
