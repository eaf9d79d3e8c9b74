// What a cell means: how the text of one cell (a CSV field, a text column of a data frame)
// becomes an alliance::response: a missing code, a "does not apply" code, or a number. Anything
// else is not a response, and the caller reports the row, the column and the text with
// unreadable_cell_message. This is the one definition of "a number" for every front-end: the
// command line reads its fields with it, and the Python and R packages read each distinct text
// of a text column through read_texts. Core tier.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "alliance/response.hpp"
#include "alliance/response_labels.hpp"
#include "alliance/table/spelling.hpp"
#include "alliance/trim.hpp"

namespace alliance::table {

using alliance::trim;

struct response_codes {
    // Exact texts (after trimming spaces) that mean "not answered"; --missing replaces the list.
    std::vector<std::string> missing{"", "NA"};
    // Texts that mean "does not apply" (--not-applicable); none by default.
    std::vector<std::string> not_applicable{};
    // Read "3,5" as 3.5 (--decimal-comma, for `;`-delimited files from European spreadsheets).
    bool decimal_comma = false;
    // Answers given as labels ("Seldom": 2; --labels, alliance/response_labels.hpp); none by default.
    // A label is read after the codes and numbers, and check_labels() keeps any label from
    // being a code or a number, so the order never decides.
    response_labels labels{};
};

// Splits "a,b,,c" at commas, keeping empty items ("" is a legitimate missing code).
[[nodiscard]] inline std::vector<std::string> split_list(std::string_view text, char separator = ',') {
    std::vector<std::string> items;
    for (;;) {
        const std::size_t at = text.find(separator);
        items.emplace_back(text.substr(0, at));
        if (at == std::string_view::npos) return items;
        text.remove_prefix(at + 1);
    }
}

namespace detail {

// The whole text as a decimal number ("4", "-99", "3.5", "1e1", "+2"); nothing else.
[[nodiscard]] inline std::optional<double> parse_number(std::string_view text, bool decimal_comma) noexcept {
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '9') return static_cast<double>(text[0] - '0');
    if (!text.empty() && text.front() == '+') {  // from_chars takes no plus sign; people write one
        text.remove_prefix(1);
        if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
    }
    char copy[64];
    if (decimal_comma && text.find(',') != std::string_view::npos) {
        if (text.size() > sizeof copy) return std::nullopt;
        for (std::size_t i = 0; i < text.size(); ++i) copy[i] = text[i] == ',' ? '.' : text[i];
        text = std::string_view(copy, text.size());
    }
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

[[nodiscard]] inline bool is_one_of(std::string_view text, const std::vector<std::string>& codes) noexcept {
    for (const std::string& code : codes)
        if (text == code) return true;
    return false;
}

}  // namespace detail

// Stores the response a field stands for in `out`; false (and `out` missing) when the field
// is neither a code nor a number. Codes are compared before numbers, so a code such as -99 is
// missing, never a value. (An out-parameter, not an optional: this runs for every item of
// every row, and writing the response in place is measurably faster.)
// `item` (1-based; 0: no particular item) chooses the labels that read the field.
[[nodiscard]] inline bool read_response(std::string_view field, const response_codes& codes, response& out,
                                        std::size_t item = 0) {
    const std::string_view text = trim(field);
    if (detail::is_one_of(text, codes.missing)) {
        out = alliance::missing;
    } else if (detail::is_one_of(text, codes.not_applicable)) {
        out = alliance::not_applicable;
    } else if (const auto number = detail::parse_number(text, codes.decimal_comma)) {
        out = response(*number);
    } else if (const auto code = codes.labels.code(item, text)) {
        out = response(*code);
    } else {
        out = alliance::missing;
        return false;
    }
    return true;
}

// The labels that read an instrument's answers: the caller's, else the instrument's own (a key
// file's response_labels).
[[nodiscard]] inline const response_labels& labels_for(const std::optional<response_labels>& given,
                                                       const response_labels& instruments_own) noexcept {
    return given ? *given : instruments_own;
}

// Every item with labels of its own is one of items 1..item_count, and no label is also a
// missing or not-applicable code or reads as a number (it would never be read as a label):
// option_error "alliance.table.labels" naming it.
inline void check_labels(const response_codes& codes, std::size_t item_count, const option_spelling& spell) {
    const auto check = [&](const label_map& map) {
        for (const auto& [label, code] : map.entries()) {
            std::string_view clash;
            if (detail::is_one_of(label, codes.missing)) clash = "a missing code";
            else if (detail::is_one_of(label, codes.not_applicable)) clash = "a not-applicable code";
            else if (detail::parse_number(label, codes.decimal_comma)) clash = "a number";
            if (!clash.empty())
                throw option_error("alliance.table.labels", spell.option("labels") + " label '" + label + "' is " +
                                                                std::string(clash) +
                                                                ", which is read as such before any label");
        }
    };
    check(codes.labels.common());
    for (const auto& [item, own] : codes.labels.items()) {
        if (item < 1 || item > item_count)
            throw option_error("alliance.table.labels", spell.option("labels") + " give labels for item " +
                                                      std::to_string(item) + ", but the items are 1.." +
                                                      std::to_string(item_count));
        check(own);
    }
}

// read_response for every field of a file: the same answers, with a shortcut for the usual
// field, a single digit that is not a code.
class response_reader {
public:
    explicit response_reader(response_codes codes) : codes_(std::move(codes)) {
        for (char digit = '0'; digit <= '9'; ++digit) {
            const std::string_view text(&digit, 1);
            if (detail::is_one_of(text, codes_.missing) || detail::is_one_of(text, codes_.not_applicable))
                digit_is_code_ |= 1u << (digit - '0');
        }
    }

    // As read_response; `text` is already trimmed.
    [[nodiscard]] bool read(std::string_view text, response& out, std::size_t item = 0) const {
        if (read_digit(text, out)) return true;
        return read_response(text, codes_, out, item);
    }
    // As read_response, which trims `field`: a lone digit has nothing to trim, so the shortcut
    // comes first.
    [[nodiscard]] bool read_field(std::string_view field, response& out, std::size_t item = 0) const {
        if (read_digit(field, out)) return true;
        return read_response(field, codes_, out, item);
    }
    [[nodiscard]] const response_codes& codes() const noexcept { return codes_; }

private:
    // The shortcut: one digit that is no code is that number.
    [[nodiscard]] bool read_digit(std::string_view text, response& out) const noexcept {
        if (text.size() != 1) return false;
        const unsigned digit = static_cast<unsigned char>(text[0]) - unsigned{'0'};
        if (digit >= 10 || ((digit_is_code_ >> digit) & 1u) != 0) return false;
        out = response(static_cast<double>(digit));
        return true;
    }

    response_codes codes_;
    unsigned digit_is_code_ = 0;
};

// The response a field stands for, or nullopt when it is neither a code nor a number.
[[nodiscard]] inline std::optional<response> to_response(std::string_view field, const response_codes& codes) {
    response answer;
    if (!read_response(field, codes, answer)) return std::nullopt;
    return answer;
}

// "'', 'NA'" for messages.
[[nodiscard]] inline std::string quote_list(const std::vector<std::string>& codes) {
    std::string text;
    for (const std::string& code : codes) text += (text.empty() ? "'" : ", '") + code + "'";
    return text.empty() ? "none" : text;
}

// The message for a cell that is neither a number nor a code: "line 3, column 'item2': value
// 'x' is not a number, a missing code ('', 'NA') or a not-applicable code (none)". `where` names
// the row as its front-end does ("line 3", "row 'c003'"). With labels, the item (1-based) and
// its labels are named too: "line 3, item 2, column 'q2': label 'Sometimez' is not one of the
// labels ('Never', ...), a number, a missing code ('', 'NA') or a not-applicable code (none)".
[[nodiscard]] inline std::string unreadable_cell_message(std::string_view where, std::string_view column,
                                                         std::string_view text, const response_codes& codes,
                                                         std::size_t item = 0) {
    const std::string codes_text = "a missing code (" + quote_list(codes.missing) + ") or a not-applicable code (" +
                                   quote_list(codes.not_applicable) + ")";
    if (const label_map* labels = codes.labels.for_item(item))
        return std::string(where) + (item > 0 ? ", item " + std::to_string(item) : std::string()) + ", column '" +
               std::string(column) + "': label '" + std::string(text) + "' is not one of the labels (" +
               labels->listing() + "), a number, " + codes_text;
    return std::string(where) + ", column '" + std::string(column) + "': value '" + std::string(text) +
           "' is not a number, " + codes_text;
}

// What each text of a column means, for a front-end that holds text cells: texts are read once
// each (a front-end passes the distinct texts of a column and maps the results back), so a
// text column costs little more than the same answers as numbers.
enum class cell_kind : std::int8_t { number = 0, missing = 1, not_applicable = 2, unreadable = 3 };

struct read_cells {
    std::vector<double> values;     // the number (NaN unless kind is number)
    std::vector<cell_kind> kinds;
};

// `item` (1-based; 0: none) chooses the labels that read the texts.
[[nodiscard]] inline read_cells read_texts(std::span<const std::string_view> texts, const response_codes& codes,
                                           std::size_t item = 0) {
    const response_reader reader(codes);
    read_cells out;
    out.values.assign(texts.size(), std::numeric_limits<double>::quiet_NaN());
    out.kinds.assign(texts.size(), cell_kind::unreadable);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        response answer;
        if (!reader.read_field(texts[i], answer, item)) continue;
        if (answer.is_missing()) out.kinds[i] = cell_kind::missing;
        else if (answer.is_not_applicable()) out.kinds[i] = cell_kind::not_applicable;
        else {
            out.kinds[i] = cell_kind::number;
            out.values[i] = answer.value();
        }
    }
    return out;
}

// The codes that read as numbers ("-9", "99"), for a front-end whose cells are numbers already
// (a numeric column of a data frame): a number equal to one of them is that code, as its text
// would be, so the code "-9" and the number -9 mean the same. Missing codes are compared first,
// as in read_response.
class number_codes {
public:
    explicit number_codes(const response_codes& codes) {
        const auto numbers = [&](const std::vector<std::string>& texts, std::vector<double>& out) {
            for (const std::string& text : texts)
                if (const auto number = detail::parse_number(trim(text), codes.decimal_comma); number && *number == *number)
                    out.push_back(*number);
        };
        numbers(codes.missing, missing_);
        numbers(codes.not_applicable, not_applicable_);
    }
    [[nodiscard]] bool empty() const noexcept { return missing_.empty() && not_applicable_.empty(); }
    // cell_kind::missing or not_applicable for a code, cell_kind::number otherwise (NaN included).
    [[nodiscard]] cell_kind kind_of(double value) const noexcept {
        for (const double code : missing_)
            if (value == code) return cell_kind::missing;
        for (const double code : not_applicable_)
            if (value == code) return cell_kind::not_applicable;
        return cell_kind::number;
    }

private:
    std::vector<double> missing_, not_applicable_;
};

}  // namespace alliance::table
