// The one message for a column whose type holds no numbers or keys (a logical column of a data
// frame, a date where answers are read, a list), for the front-ends that take typed columns (the
// Python and R packages): such a column is refused as a whole, naming it, before any row is read.
// TRUE read as 1 would be a silent coercion: a questionnaire has no TRUE/FALSE answer. Core tier.
#pragma once

#include <string>
#include <string_view>

#include "alliance/error.hpp"

namespace alliance::table {

// What a column holds for the request that reads it.
enum class column_role { answers, ratings, scores, keys };

// "column 'item1' is of type logical; answers must be numbers (or text holding numbers and
// codes)"; `type` is the type as the caller's language names it.
[[nodiscard]] inline std::string column_type_message(std::string_view column, std::string_view type, column_role role) {
    std::string text = "column '" + std::string(column) + "' is of type " + std::string(type) + "; ";
    switch (role) {
        case column_role::answers: return text + "answers must be numbers (or text holding numbers and codes)";
        case column_role::ratings: return text + "ratings must be numbers (or text holding numbers)";
        case column_role::scores: return text + "scores must be numbers (or text holding numbers)";
        case column_role::keys: return text + "a key column must hold texts or numbers";
    }
    return text;
}

// argument_error "alliance.table.column_type" with column_type_message.
[[noreturn]] inline void wrong_column_type(std::string_view column, std::string_view type, column_role role) {
    throw argument_error("alliance.table.column_type", column_type_message(column, type, role));
}

}  // namespace alliance::table
