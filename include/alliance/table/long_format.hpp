// Long data, once for every front-end: one row per answer (the record's key columns, an item
// column, a value column) instead of one row per record. What a row means and how rows make a
// record is defined here, and only here: which item an item cell names (its number 1..N, or a
// name that `--items` / `items=` gives), the key that says which record a row belongs to (its
// key cells trimmed of spaces; a row with an empty key cell belongs to no record and is an error
// row of its own), what makes a record an error (an item it does not have, an item given twice,
// a value that is no answer, what check() finds) and how each problem is worded. The command
// line streams its rows through long_record (and sorts them when they are not grouped: how a
// file of any size is grouped in bounded memory is its business); the Python and R packages
// group columns held in memory with group_long and score the records with score_long. Records
// come in the order of their first row, an item not given is a missing answer. Core tier.
//
//   long_layout                  the column names (record key columns, item, value)
//   check_long_layout            a layout whose columns could not be told apart: option_error
//   long_items                   which item an item cell names
//   append_key_cell, key_cells   a record's key as one string, and its cells again
//   long_record                  one record assembled from its rows (the command line's unit)
//   long_record_message          the message of a record that cannot be scored
//   group_long, score_long       the packages' entry points: columns in, one row per record out
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "alliance/batch.hpp"
#include "alliance/error.hpp"
#include "alliance/response.hpp"
#include "alliance/score.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/output_columns.hpp"
#include "alliance/table/row_naming.hpp"
#include "alliance/table/score_table.hpp"
#include "alliance/table/spelling.hpp"

namespace alliance::table {

// ---------------------------------------------------------------------------------------------
// The columns

// The long table's columns by name: the record's key columns (one or more, e.g. client and
// session), the column naming the item and the column holding the answer.
struct long_layout {
    std::vector<std::string> record{};
    std::string item = "item";
    std::string value = "value";
};

// Every column named, and none twice (a column that were both the item and a key column could
// not be both): option_error "alliance.table.option" otherwise, naming the options by `spell`
// (--record, --item, --value on the command line; record=, item=, value= in the packages).
inline void check_long_layout(const long_layout& layout, const option_spelling& spell) {
    const auto refuse = [](const std::string& text) { throw option_error("alliance.table.option", text); };
    if (layout.record.empty()) refuse(spell.option("record") + " names no column: give the record's key columns");
    for (const std::string& column : layout.record)
        if (trim(column).empty()) refuse(spell.option("record") + " names an empty column");
    if (trim(layout.item).empty()) refuse(spell.option("item") + " names no column");
    if (trim(layout.value).empty()) refuse(spell.option("value") + " names no column");
    for (std::size_t i = 0; i < layout.record.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (layout.record[i] == layout.record[j])
                refuse(spell.option("record") + " names column '" + layout.record[i] + "' twice");
    for (const std::string& column : layout.record) {
        if (column == layout.item)
            refuse(spell.option("item") + " '" + column + "' is also a " + spell.option("record") + " column");
        if (column == layout.value)
            refuse(spell.option("value") + " '" + column + "' is also a " + spell.option("record") + " column");
    }
    if (layout.item == layout.value)
        refuse(spell.option("item") + " and " + spell.option("value") + " name the same column '" + layout.item + "'");
}

// ---------------------------------------------------------------------------------------------
// Items

// Which item an item cell names: one of `names` (the item names `--items` / `items=` give, in
// item order: a cell holding the k-th name is item k), else a whole number 1..count written in
// decimal digits ("4", "04"). A name is compared trimmed, as every cell is.
class long_items {
public:
    long_items() = default;
    long_items(std::string instrument_id, std::size_t count, std::vector<std::string> names = {})
        : id_(std::move(instrument_id)), count_(count), names_(std::move(names)) {
        for (std::size_t i = 0; i < names_.size(); ++i) sorted_.emplace_back(trim(names_[i]), i + 1);
        std::sort(sorted_.begin(), sorted_.end());
    }

    [[nodiscard]] std::size_t count() const noexcept { return count_; }
    [[nodiscard]] const std::string& instrument_id() const noexcept { return id_; }
    [[nodiscard]] std::span<const std::string> names() const noexcept { return names_; }

    // The item (1..count) `cell` names, or 0 when it names none.
    [[nodiscard]] std::size_t item_of(std::string_view cell) const noexcept {
        const std::string_view text = trim(cell);
        if (!sorted_.empty()) {
            const auto at = std::lower_bound(sorted_.begin(), sorted_.end(), text,
                                             [](const auto& entry, std::string_view key) { return entry.first < key; });
            if (at != sorted_.end() && at->first == text) return at->second;
        }
        if (text.empty() || text.size() > 9) return 0;
        std::size_t number = 0;
        for (const char c : text) {
            if (c < '0' || c > '9') return 0;
            number = number * 10 + static_cast<std::size_t>(c - '0');
        }
        return number >= 1 && number <= count_ ? number : 0;
    }

    // What an item cell may hold: "1..12", "1..12 or wai_1..wai_12", "1..2 or a, b".
    [[nodiscard]] std::string accepted() const {
        std::string text = count_ == 1 ? std::string("1") : "1.." + std::to_string(count_);
        if (names_.empty()) return text;
        text += " or ";
        if (names_.size() <= 3) {
            for (std::size_t i = 0; i < names_.size(); ++i) text += (i > 0 ? ", " : "") + names_[i];
            return text;
        }
        return text + names_.front() + ".." + names_.back();
    }

private:
    std::string id_;
    std::size_t count_ = 0;
    std::vector<std::string> names_;
    std::vector<std::pair<std::string_view, std::size_t>> sorted_;  // views into names_
};

// ---------------------------------------------------------------------------------------------
// Keys

// A record's key is its key cells, each trimmed of spaces (as every cell is compared), held as
// one string: each cell's length (a varint) and then its bytes, so that two keys are equal
// exactly when their cells are, whatever bytes the cells hold.
inline void append_key_cell(std::string& key, std::string_view cell) {
    const std::string_view text = trim(cell);
    std::size_t size = text.size();
    while (size >= 0x80) {
        key += static_cast<char>(static_cast<unsigned char>(0x80 | (size & 0x7F)));
        size >>= 7;
    }
    key += static_cast<char>(static_cast<unsigned char>(size));
    key.append(text);
}

// The cells of a key made by append_key_cell (views into `key`), into `cells`.
inline const std::vector<std::string_view>& key_cells(std::string_view key, std::vector<std::string_view>& cells) {
    cells.clear();
    std::size_t at = 0;
    while (at < key.size()) {
        std::size_t size = 0;
        for (int shift = 0; at < key.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(key[at++]);
            size |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) break;
        }
        size = std::min(size, key.size() - at);
        cells.push_back(key.substr(at, size));
        at += size;
    }
    return cells;
}
[[nodiscard]] inline std::vector<std::string_view> key_cells(std::string_view key) {
    std::vector<std::string_view> cells;
    key_cells(key, cells);
    return cells;
}

// ---------------------------------------------------------------------------------------------
// Messages

// "lines 3 and 7: item 4 given twice (column 'item')"; three or more rows: "given 3 times".
// `rows` are the rows that give it (a list names the first few), `count` how many there are.
[[nodiscard]] inline std::string duplicate_item_problem(const row_naming& naming, std::span<const std::uint64_t> rows,
                                                        std::size_t item, std::string_view item_column,
                                                        std::uint64_t count = 0) {
    if (count == 0) count = rows.size();
    const std::string times = count == 2 ? std::string("twice") : std::to_string(count) + " times";
    return naming.list(rows) + ": item " + std::to_string(item) + " given " + times + " (column '" +
           std::string(item_column) + "')";
}

// "line 5, column 'item': item '13' is not an item of wai-sr (1..12)".
[[nodiscard]] inline std::string unknown_item_problem(const row_naming& naming, std::uint64_t row,
                                                      std::string_view item_column, std::string_view cell,
                                                      const long_items& items) {
    return naming.cell_name(row) + ", column '" + std::string(item_column) + "': item '" + std::string(trim(cell)) +
           "' is not an item of " + items.instrument_id() + " (" + items.accepted() + ")";
}

// "line 5, column 'session': empty, so the row belongs to no record".
[[nodiscard]] inline std::string no_record_problem(const row_naming& naming, std::uint64_t row,
                                                   std::string_view key_column) {
    return naming.cell_name(row) + ", column '" + std::string(key_column) + "': empty, so the row belongs to no record";
}

// The first key column whose cell is empty (`cell(k)` gives key cell k; nullopt: missing), or
// nullopt when every one has text: a row with such a cell belongs to no record.
template <class Cell>
[[nodiscard]] std::optional<std::size_t> empty_key_cell(std::size_t key_columns, Cell&& cell) {
    for (std::size_t k = 0; k < key_columns; ++k) {
        const std::optional<std::string_view> text = cell(k);
        if (!text || trim(*text).empty()) return k;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The problems of grouping one record

// What went wrong in putting a record's rows together, in the order the rows came: an item cell
// that names no item, an item given again, and problems the front-end found in a row (the
// command line: a row with the wrong number of fields). Worded when the message is made. So
// that a record of a million bad rows takes no more memory than one of a few, each kind keeps
// the first max_rows_named problems (a repeated item the first max_rows_named + 1 rows) and
// counts the rest.
class long_problems {
public:
    void clear() noexcept {
        events_.clear();
        repeats_.clear();
        unknown_ = other_ = unknown_more_ = other_more_ = 0;
    }
    [[nodiscard]] bool empty() const noexcept { return events_.empty(); }

    void unknown_item(const row_naming& naming, std::uint64_t row, std::string_view item_column,
                      std::string_view cell, const long_items& items) {
        if (unknown_++ < max_rows_named) events_.push_back({0, unknown_item_problem(naming, row, item_column, cell, items)});
        else ++unknown_more_;
    }
    // Item `item` (1-based), first given on row `first`, again on row `again`.
    void repeated_item(std::size_t item, std::uint64_t first, std::uint64_t again) {
        for (repeat& r : repeats_)
            if (r.item == item) {
                if (r.rows.size() <= max_rows_named) r.rows.push_back(again);
                ++r.count;
                return;
            }
        repeats_.push_back({item, {first, again}, 2});
        events_.push_back({item, {}});
    }
    void other(std::string text) {
        if (other_++ < max_rows_named) events_.push_back({0, std::move(text)});
        else ++other_more_;
    }

    // Each problem's text, in order, to add(std::string).
    template <class Add>
    void describe(const row_naming& naming, std::string_view item_column, Add&& add) const {
        for (const event& e : events_) {
            if (e.item == 0) {
                add(e.text);
                continue;
            }
            for (const repeat& r : repeats_)
                if (r.item == e.item) add(duplicate_item_problem(naming, r.rows, e.item, item_column, r.count));
        }
        if (unknown_more_ > 0)
            add(std::to_string(unknown_more_) + " more " + (unknown_more_ == 1 ? "row names" : "rows name") +
                " no item (column '" + std::string(item_column) + "')");
        if (other_more_ > 0)
            add(std::to_string(other_more_) + " more " + (other_more_ == 1 ? "row has a problem" : "rows have problems") +
                " of " + (other_more_ == 1 ? "its" : "their") + " own");
    }

private:
    struct event {
        std::size_t item;  // a repeated item; 0: `text`
        std::string text;
    };
    struct repeat {
        std::size_t item;
        std::vector<std::uint64_t> rows;  // the first max_rows_named + 1 rows that give it
        std::uint64_t count;              // rows that give it
    };
    std::vector<event> events_;
    std::vector<repeat> repeats_;
    std::uint64_t unknown_ = 0, other_ = 0, unknown_more_ = 0, other_more_ = 0;
};

// ---------------------------------------------------------------------------------------------
// One row of a record

inline constexpr std::uint64_t no_row = std::numeric_limits<std::uint64_t>::max();

// What adding a row needs, made once per table.
struct long_rules {
    const long_items& items;
    const response_reader& read;   // the item's labels apply
    const row_naming& naming;
    std::string_view item_column;
};

// The one rule for a row of a record, whoever holds the record: the item its item cell names
// (none: a problem), which must not have been given yet (else a problem: the first row's answer
// stays), and its value cell read as an answer (nullopt: a front-end's missing value, NA or None,
// is a missing answer). A Record offers
//   std::uint64_t row_of(std::size_t i) const;  // the row that gave item i (0-based), or no_row
//   response& answer(std::size_t i);            // where item i's answer is read to (missing before)
//   void given(std::size_t i, std::uint64_t row, std::string_view text, bool readable);
//   long_problems& problems();
template <class Record>
void add_long_row(Record& record, std::uint64_t row, std::string_view item_cell,
                  std::optional<std::string_view> value_cell, const long_rules& rules) {
    const std::size_t item = rules.items.item_of(item_cell);
    if (item == 0) {
        record.problems().unknown_item(rules.naming, row, rules.item_column, item_cell, rules.items);
        return;
    }
    const std::size_t i = item - 1;
    if (const std::uint64_t first = record.row_of(i); first != no_row) {
        record.problems().repeated_item(item, first, row);
        return;
    }
    if (!value_cell) {
        record.given(i, row, std::string_view{}, true);
        return;
    }
    const std::string_view text = trim(*value_cell);
    const bool readable = rules.read.read(text, record.answer(i), item);
    record.given(i, row, text, readable);
}

// ---------------------------------------------------------------------------------------------
// One record

// A record put together from its rows (add_long_row): each item's answer (missing until a row
// gives it), the row that gave it and the value's text as written (trimmed), and the problems of
// grouping. Made once and reused record after record (start() keeps its memory).
class long_record {
public:
    long_record() = default;
    explicit long_record(std::size_t item_count) { resize(item_count); }

    void resize(std::size_t item_count) {
        answers_.assign(item_count, alliance::missing);
        rows_.assign(item_count, no_row);
        texts_.assign(item_count, {});
        unreadable_.assign(item_count, 0);
    }

    // A new record, whose first row is `first_row`.
    void start(std::uint64_t first_row) {
        first_row_ = first_row;
        std::fill(answers_.begin(), answers_.end(), response(alliance::missing));
        std::fill(rows_.begin(), rows_.end(), no_row);
        std::fill(texts_.begin(), texts_.end(), text_span{});
        std::fill(unreadable_.begin(), unreadable_.end(), static_cast<unsigned char>(0));
        text_.clear();
        problems_.clear();
        unreadable_count_ = 0;
    }

    // One row of the record (add_long_row).
    void add(std::uint64_t row, std::string_view item_cell, std::optional<std::string_view> value_cell,
             const long_rules& rules) {
        add_long_row(*this, row, item_cell, value_cell, rules);
    }
    // A problem the front-end found in one of the record's rows.
    void add_problem(std::string text) { problems_.other(std::move(text)); }

    // What add_long_row needs.
    [[nodiscard]] std::uint64_t row_of(std::size_t i) const noexcept { return rows_[i]; }
    [[nodiscard]] response& answer(std::size_t i) noexcept { return answers_[i]; }
    void given(std::size_t i, std::uint64_t row, std::string_view text, bool readable) {
        rows_[i] = row;
        if (text.size() == 1) {  // the usual answer, one digit: kept in the span, not appended
            texts_[i] = {inline_text, 1, text[0]};
        } else {
            texts_[i] = {static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(text.size()), 0};
            text_.append(text);
        }
        if (!readable) {
            unreadable_[i] = 1;
            ++unreadable_count_;
        }
    }
    [[nodiscard]] long_problems& problems() noexcept { return problems_; }

    [[nodiscard]] std::uint64_t first_row() const noexcept { return first_row_; }
    [[nodiscard]] std::size_t item_count() const noexcept { return answers_.size(); }
    // The answers as check() and score() take them (a value that is no answer as missing).
    [[nodiscard]] std::span<const response> answers() const noexcept { return answers_; }
    [[nodiscard]] std::string_view text(std::size_t i) const noexcept {
        const text_span& span = texts_[i];
        if (span.begin == inline_text) return std::string_view(&span.single, 1);
        return std::string_view(text_).substr(span.begin, span.size);
    }
    [[nodiscard]] bool unreadable(std::size_t i) const noexcept { return unreadable_[i] != 0; }
    [[nodiscard]] const long_problems& problems() const noexcept { return problems_; }
    // No problem of grouping and every value an answer: what only scoring can still refuse.
    [[nodiscard]] bool well_formed() const noexcept { return problems_.empty() && unreadable_count_ == 0; }

private:
    struct text_span {
        std::uint32_t begin = 0;
        std::uint32_t size = 0;
        char single = 0;  // the text, when begin is inline_text
    };
    static constexpr std::uint32_t inline_text = std::numeric_limits<std::uint32_t>::max();
    std::uint64_t first_row_ = 0;
    std::vector<response> answers_;
    std::vector<std::uint64_t> rows_;
    std::vector<text_span> texts_;
    std::vector<unsigned char> unreadable_;
    std::size_t unreadable_count_ = 0;
    std::string text_;
    long_problems problems_;
};

// ---------------------------------------------------------------------------------------------
// The message of a record that cannot be scored

// Every problem of a record, each given to add(std::string): the problems of grouping first, in
// the order of its rows, then item by item a value that is no answer (unreadable_cell_message,
// naming the value's row and column) and what check() finds, worded by describe() with the
// record named by its first row and followed by " (line 9, column 'value', value '6')".
// `answers` are the record's answers as check() takes them; cell(i) gives item i's
// std::tuple-like {text, unreadable, row} (row no_row: not given).
template <class Definition, class Cell, class Add>
void long_record_problems(const Definition& instrument, std::span<const response> answers,
                          const long_problems& grouping, std::uint64_t first_row, const long_layout& layout,
                          const row_naming& naming, const response_codes& codes, Cell&& cell, Add&& add) {
    grouping.describe(naming, layout.item, add);
    const std::string record = naming.name(first_row);
    const std::vector<response_problem> problems = check(instrument, answers);
    auto next = problems.begin();
    for (; next != problems.end() && next->item == 0; ++next) add(describe(*next, instrument.view(), record));
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const auto [text, unreadable, row] = cell(i);
        if (unreadable) add(unreadable_cell_message(naming.cell_name(row), layout.value, text, codes, i + 1));
        for (; next != problems.end() && next->item == i + 1; ++next) {
            std::string where = row == no_row ? std::string() : naming.cell_name(row) + ", ";
            add(describe(*next, instrument.view(), record) + " (" + where + "column '" + layout.value +
                "', value '" + std::string(text) + "')");
        }
    }
}

// long_record_problems of a long_record, joined by "; ".
template <class Definition>
[[nodiscard]] std::string long_record_message(const Definition& instrument, const long_record& record,
                                              const long_layout& layout, const row_naming& naming,
                                              const response_codes& codes) {
    std::string message;
    long_record_problems(
        instrument, record.answers(), record.problems(), record.first_row(), layout, naming, codes,
        [&](std::size_t i) {
            return std::tuple<std::string_view, bool, std::uint64_t>(record.text(i), record.unreadable(i),
                                                                     record.row_of(i));
        },
        [&](const std::string& text) { append_problem(message, text); });
    return message;
}

// ---------------------------------------------------------------------------------------------
// The packages: columns in memory

// How a long table is read: its columns' names (for messages), which item a cell names, how
// values read and how rows are named.
struct long_request {
    long_layout layout{};
    long_items items{};
    response_codes codes{};
    row_naming naming{};
};

// The records of a long table, in the order of their first rows. A row with an empty key cell
// is a record of its own (no_record), an error.
struct long_groups {
    std::size_t items = 0;
    std::vector<std::uint64_t> first_row;   // per record: its first row (its key cells are that row's, trimmed)
    std::vector<unsigned char> no_record;   // per record: 1 for a row that belongs to no record
    std::vector<double> values;             // [record * items + item]: the number; NaN when missing or no answer,
                                            // not_applicable_value when "does not apply"
    std::vector<cell_kind> kinds;           // [record * items + item]: what the value is (missing when not given)
    std::vector<std::uint64_t> cell_row;    // [record * items + item]: the row that gave it, or no_row
    std::vector<unsigned char> forced;      // per record: an error whatever its answers (grouping, unreadable)
    std::vector<std::pair<std::size_t, long_problems>> problems;  // records with problems of grouping, in order

    // "Does not apply" in `values`: a number no finite answer equals.
    static constexpr double not_applicable_value = -std::numeric_limits<double>::infinity();

    [[nodiscard]] std::size_t records() const noexcept { return first_row.size(); }
    [[nodiscard]] const long_problems* problems_of(std::size_t record) const {
        const auto at = std::lower_bound(problems.begin(), problems.end(), record,
                                         [](const auto& entry, std::size_t r) { return entry.first < r; });
        return at != problems.end() && at->first == record ? &at->second : nullptr;
    }
};

namespace detail {

// One record of long_groups as add_long_row's Record.
struct long_groups_record {
    long_groups& groups;
    std::size_t record;
    std::vector<std::pair<std::size_t, long_problems>>& found;  // in order of first problem
    std::unordered_map<std::size_t, std::size_t>& found_at;      // record -> its place in `found`

    response read{};  // the answer being read

    [[nodiscard]] std::uint64_t row_of(std::size_t i) const noexcept {
        return groups.cell_row[record * groups.items + i];
    }
    [[nodiscard]] response& answer(std::size_t) noexcept {
        read = alliance::missing;
        return read;
    }
    void given(std::size_t i, std::uint64_t row, std::string_view, bool readable) {
        const response answer = read;
        read = alliance::missing;
        const std::size_t at = record * groups.items + i;
        groups.cell_row[at] = row;
        if (!readable) {
            groups.kinds[at] = cell_kind::unreadable;
            groups.forced[record] = 1;
        } else if (answer.has_value()) {
            groups.kinds[at] = cell_kind::number;
            groups.values[at] = answer.value();
            if (!std::isfinite(answer.value())) groups.forced[record] = 1;  // score() refuses it: an error row
        } else if (answer.is_not_applicable()) {
            groups.kinds[at] = cell_kind::not_applicable;
            groups.values[at] = long_groups::not_applicable_value;
        }
    }
    [[nodiscard]] long_problems& problems() {
        groups.forced[record] = 1;
        const auto [at, added] = found_at.try_emplace(record, found.size());
        if (added) found.emplace_back(record, long_problems());
        return found[at->second].second;
    }
};

}  // namespace detail

// Groups `rows` long rows into records: record_cell(row, k) is key cell k of a row, item_cell(row)
// its item cell and value_cell(row) its value cell, each std::optional<std::string_view> (nullopt:
// a missing cell). A value that is not finite or not an answer makes its record an error.
template <class RecordCell, class ItemCell, class ValueCell>
[[nodiscard]] long_groups group_long(std::size_t rows, RecordCell&& record_cell, ItemCell&& item_cell,
                                     ValueCell&& value_cell, const long_request& request) {
    const std::size_t k = request.items.count();
    const std::size_t key_columns = request.layout.record.size();
    const response_reader read(request.codes);
    const long_rules rules{request.items, read, request.naming, request.layout.item};
    long_groups out;
    out.items = k;
    std::unordered_map<std::string, std::size_t> record_of;
    // Records with problems of grouping, in the order of their first problem (sorted by record
    // at the end).
    std::vector<std::pair<std::size_t, long_problems>> problems;
    std::unordered_map<std::size_t, std::size_t> problems_at;
    const auto new_record = [&](std::uint64_t row, unsigned char no_record) {
        out.first_row.push_back(row);
        out.no_record.push_back(no_record);
        out.forced.push_back(no_record);
        out.values.resize(out.values.size() + k, std::numeric_limits<double>::quiet_NaN());
        out.cell_row.resize(out.cell_row.size() + k, no_row);
        out.kinds.resize(out.kinds.size() + k, cell_kind::missing);
        return out.first_row.size() - 1;
    };
    std::string key;
    for (std::size_t row = 0; row < rows; ++row) {
        const auto cell = [&](std::size_t c) -> std::optional<std::string_view> { return record_cell(row, c); };
        if (const auto empty = empty_key_cell(key_columns, cell)) {
            const std::size_t record = new_record(row, 1);
            detail::long_groups_record slot{out, record, problems, problems_at};
            slot.problems().other(no_record_problem(request.naming, row, request.layout.record[*empty]));
            continue;
        }
        key.clear();
        for (std::size_t c = 0; c < key_columns; ++c) append_key_cell(key, *cell(c));
        const auto found = record_of.find(key);
        const std::size_t record = found != record_of.end() ? found->second : new_record(row, 0);
        if (found == record_of.end()) record_of.emplace(key, record);
        detail::long_groups_record slot{out, record, problems, problems_at};
        add_long_row(slot, row, item_cell(row).value_or(std::string_view{}), value_cell(row), rules);
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    out.problems = std::move(problems);
    return out;
}

namespace detail {

// long_groups as score_table's Source (score_table.hpp).
class long_groups_source {
public:
    explicit long_groups_source(const long_groups& groups) : groups_(groups) {}
    [[nodiscard]] std::size_t rows() const noexcept { return groups_.records(); }
    [[nodiscard]] batch_codes block_codes() const noexcept {
        return {true, std::nullopt, long_groups::not_applicable_value};
    }
    response_matrix block(std::size_t first, std::size_t count, std::vector<double>&, unsigned char* error) const {
        for (std::size_t r = 0; r < count; ++r) error[r] = groups_.forced[first + r];
        const std::size_t k = groups_.items;
        return {groups_.values.data() + first * k, count, k, k, 1};
    }
    [[nodiscard]] response answer(std::size_t record, std::size_t item) const {
        const std::size_t at = record * groups_.items + item;
        switch (groups_.kinds[at]) {
        case cell_kind::number: return response(groups_.values[at]);
        case cell_kind::not_applicable: return alliance::not_applicable;
        default: return alliance::missing;
        }
    }
    [[nodiscard]] bool unreadable(std::size_t record, std::size_t item) const {
        return groups_.kinds[record * groups_.items + item] == cell_kind::unreadable;
    }
    [[nodiscard]] std::string text(std::size_t, std::size_t) const { return {}; }

private:
    const long_groups& groups_;
};

}  // namespace detail

// Scores the records of `groups` into `out` (one row per record, as score_table does for a
// wide table: `request`'s missing_override and threads apply; its naming, item names and codes
// are not used, `long_request`'s are). Each partial and error record's message goes to
// message(record, std::string&&), in record order; an error record's message is
// long_record_problems', for which value_text(row) gives the value cell of a row as the
// front-end shows it.
template <class Unlock = detail::no_unlock, class Definition, class Count, class Status, class ValueText,
          class Message>
score_outcome score_long(const Definition& instrument, const long_groups& groups, const long_request& long_req,
                         const score_request& request, const score_columns<Count, Status>& out,
                         ValueText&& value_text, Message&& message) {
    score_request wide = request;
    wide.item_names.assign(groups.items, std::string());
    const detail::long_groups_source source(groups);
    score_outcome outcome;
    std::vector<response> answers(groups.items);
    const long_problems none;
    const score_outcome scored = score_table<Unlock>(instrument, source, wide, out, [&](std::size_t r, std::string&& text) {
        if (out.rows[r] != static_cast<Status>(row_status::error)) {
            message(r, std::move(text));
            return;
        }
        for (std::size_t i = 0; i < answers.size(); ++i) answers[i] = source.answer(r, i);
        const long_problems* grouping = groups.problems_of(r);
        std::string own;
        long_record_problems(
            instrument, answers, grouping != nullptr ? *grouping : none, groups.first_row[r], long_req.layout,
            long_req.naming, long_req.codes,
            [&](std::size_t i) {
                const std::uint64_t row = groups.cell_row[r * groups.items + i];
                return std::tuple<std::string, bool, std::uint64_t>(row == no_row ? std::string() : value_text(row),
                                                                    source.unreadable(r, i), row);
            },
            [&](const std::string& problem) {
                if (outcome.first_problem.empty()) outcome.first_problem = problem;
                append_problem(own, problem);
            });
        message(r, std::move(own));
    });
    outcome.errors = scored.errors;
    return outcome;
}

}  // namespace alliance::table
