// Pairing two inputs by key: pre scores with post scores, a task's scores with a second task's.
// pandas aligns `post - pre` on the index, and R users pair by names; a library that paired by
// position would silently report one client's change as another's after a sort or a merge. So
// two keyed inputs are paired by their keys, and inputs whose keys cannot be paired one to one
// are refused with a message naming the first key that differs.
//
// The front-end turns its labels into integer codes (equal labels, equal codes: pandas'
// factorize, R's match), so this rule never depends on how a language prints a label, and
// names a label only for the message, through `label_of`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "alliance/error.hpp"

namespace alliance::table {

// The two inputs as the caller names them ("pre", "post"; "scores", "scores_b"), and how a row
// is labelled in its language ("row 'c003'", "index label 'c003'").
struct paired_inputs {
    std::string_view first;
    std::string_view second;
};

// For each row of `first`, the row of `second` with the same key. Throws table_error:
//   alliance.table.repeated_key   a key stands twice in one input (which row would pair?)
//   alliance.table.unpaired_key   a key of one input is not in the other (the first such,
//                                 in the order of `first`, then of `second`)
// label_of(in_second, row) is the label as the caller writes it, for the message.
[[nodiscard]] inline std::vector<std::size_t> pair_by_key(
    std::span<const std::int64_t> first, std::span<const std::int64_t> second, const paired_inputs& names,
    const std::function<std::string(bool in_second, std::size_t row)>& label_of) {
    std::unordered_map<std::int64_t, std::size_t> row_of_key;
    row_of_key.reserve(second.size());
    for (std::size_t row = 0; row < second.size(); ++row)
        if (!row_of_key.emplace(second[row], row).second)
            throw table_error("alliance.table.repeated_key",
                              std::string(names.second) + " has the label " + label_of(true, row) +
                                  " twice, so it cannot be paired with " + std::string(names.first) +
                                  " by label; make the labels unique");
    std::vector<std::size_t> paired(first.size());
    std::vector<bool> used(second.size(), false);
    for (std::size_t row = 0; row < first.size(); ++row) {
        const auto found = row_of_key.find(first[row]);
        if (found == row_of_key.end())
            throw table_error("alliance.table.unpaired_key",
                              std::string(names.first) + " and " + std::string(names.second) +
                                  " are paired by label, and " + std::string(names.second) + " has no " +
                                  label_of(false, row) + " (" + std::string(names.first) + "'s row " +
                                  std::to_string(row + 1) + "); give both the same labels");
        if (used[found->second])
            throw table_error("alliance.table.repeated_key",
                              std::string(names.first) + " has the label " + label_of(false, row) +
                                  " twice, so it cannot be paired with " + std::string(names.second) +
                                  " by label; make the labels unique");
        used[found->second] = true;
        paired[row] = found->second;
    }
    for (std::size_t row = 0; row < second.size(); ++row)
        if (!used[row])
            throw table_error("alliance.table.unpaired_key",
                              std::string(names.first) + " and " + std::string(names.second) +
                                  " are paired by label, and " + std::string(names.first) + " has no " +
                                  label_of(true, row) + " (" + std::string(names.second) + "'s row " +
                                  std::to_string(row + 1) + "); give both the same labels");
    return paired;
}

// Two inputs without keys pair by position, and must then be equally long.
inline void require_same_length(std::size_t first_size, std::size_t second_size, const paired_inputs& names) {
    if (first_size != second_size)
        throw table_error("alliance.table.lengths_differ",
                          std::string(names.first) + " has " + std::to_string(first_size) + " values and " +
                              std::string(names.second) + " " + std::to_string(second_size) +
                              "; without labels they pair by position and must be equally long");
}

}  // namespace alliance::table
