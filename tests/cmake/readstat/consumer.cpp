// A program that needs only alliance::readstat: an SPSS file read into columns, and its first
// case scored with the core (no Boost, no nlohmann/json).
#include <alliance/core.hpp>
#include <alliance/table/stat_file.hpp>

#include <array>
#include <string>

int main() {
    using namespace alliance;
    const table::stat_table data = table::read_stat_file(ALLIANCE_STAT_FIXTURE);
    std::array<response, 12> record{};
    for (std::size_t i = 0; i < record.size(); ++i) {
        const table::stat_column* item = data.find("item" + std::to_string(i + 1));
        if (item == nullptr || data.rows == 0) return 1;
        record[i] = item->is_missing(0) ? alliance::missing : response(item->numbers[0]);
    }
    // Case 1 of tests/data/stat_files/wai_sr_wide.csv: 4,3,5,5,4,3,4,5,4,4,5,4, total 50.
    return score(instruments::wai_sr, record)["total"].sum() == 50 ? 0 : 2;
}
