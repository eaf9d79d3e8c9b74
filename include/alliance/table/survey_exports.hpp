// What survey platforms put in an export besides the answers, told apart once for every
// front-end that reads their files (the command line's --qualtrics and --redcap):
//
// Qualtrics' CSV export has three header rows: the column names, each question's text, and a
// JSON object naming each column's question ({"ImportId":"QID12_1"}). Rows 2 and 3 are not
// answers (Qualtrics support, "Understanding your dataset", the legacy and new export formats).
//
// A REDCap raw export of a project with repeating instruments has a row per record and event
// for the non-repeating forms, and a row per repeating form instance, whose
// redcap_repeat_instrument cell names the form (REDCap, "Repeating instruments and events",
// export columns redcap_event_name, redcap_repeat_instrument, redcap_repeat_instance). A
// measure is either on the non-repeating rows (that cell empty) or a repeating form of its own,
// named by --redcap-form; every other row belongs to another form and is not the measure's.
// Core tier.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "alliance/trim.hpp"

namespace alliance::table {

// A Qualtrics ImportId cell: {"ImportId":"QID1"} (spaces allowed after '{' and around ':').
[[nodiscard]] inline bool is_qualtrics_import_id(std::string_view cell) noexcept {
    cell = trim(cell);
    if (!cell.starts_with('{')) return false;
    cell.remove_prefix(1);
    cell = trim(cell);
    return cell.starts_with("\"ImportId\"");
}

// A row of ImportId metadata: most of its non-empty cells are ImportId objects (a data row has
// none; Qualtrics writes one for every column, though a lab may have edited some out).
template <class Cell>
[[nodiscard]] bool is_qualtrics_metadata_row(std::span<const Cell> row) noexcept {
    std::size_t filled = 0, import_ids = 0;
    for (const Cell& cell : row) {
        const std::string_view text = trim(std::string_view(cell));
        if (text.empty()) continue;
        ++filled;
        if (is_qualtrics_import_id(text)) ++import_ids;
    }
    return import_ids > 0 && 2 * import_ids >= filled;
}

// The message for an export read without --qualtrics whose row 3 is ImportId metadata.
[[nodiscard]] inline std::string qualtrics_hint(std::string_view option) {
    return "rows 2 and 3 look like a Qualtrics export's question text and ImportId metadata, not answers; give " +
           std::string(option) + " to skip them";
}

inline constexpr std::string_view redcap_form_column = "redcap_repeat_instrument";

// Why a REDCap row is not the measure's, or nullopt when it is: `form_cell` is the row's
// redcap_repeat_instrument cell, `measure_form` the repeating form that holds the measure (empty:
// the measure is on the non-repeating rows).
[[nodiscard]] inline std::optional<std::string> redcap_other_form(std::string_view form_cell,
                                                                   std::string_view measure_form) {
    const std::string_view form = trim(form_cell);
    if (form == measure_form) return std::nullopt;
    if (form.empty())
        return "a REDCap row of the record's non-repeating forms (redcap_repeat_instrument is empty), not of form '" +
               std::string(measure_form) + "'";
    return "a REDCap row of form '" + std::string(form) + "' (redcap_repeat_instrument), not of " +
           (measure_form.empty() ? std::string("the non-repeating forms that hold the measure")
                                 : "form '" + std::string(measure_form) + "'");
}

}  // namespace alliance::table
