// Long input on the command line (`score --long`, `track --long`): a CSV file with one row per
// answer, made into one record per key, in the order of each record's first row, in bounded
// memory whatever the file's size and order. What a row means, what makes a record an error and
// every message are the table layer's (alliance/table/long_format.hpp); this file only streams.
//
// How: the first pass takes the file as grouped (each record's rows next to each other, as
// most exports are) and assembles records as the rows come, handing each to the command as soon
// as the next key starts. It keeps a 64-bit hash of every record's key (seen_keys: the last
// few thousand in a table, all of them checked for repeats once the file is read): a key that
// comes back after its record was closed means the file is not grouped. Then the command
// forgets what it was given (its output is held back until the end: io/spool.hpp) and the
// second pass sorts the rows: by key (an external sort, stable, so a record's rows keep their
// order), each record's rows tagged with its first line, and by that line again (a second
// external sort), so the records come out in the order of their first rows, assembled by the
// same code as in the first pass. Two keys with one hash (for a million records, a chance of
// about 1 in 40 million) only send a grouped file the slower way; the records are the same.
//
// A row with an empty key cell, or too damaged to have one (a record longer than the reader
// holds), belongs to no record: it is an error record of its own, in its place. A row with
// the wrong number of fields but a key joins its record and makes it an error.
#pragma once

#include <algorithm>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/table/data_shapes.hpp>
#include <alliance/table/long_format.hpp>

#include "columns.hpp"
#include "command_line.hpp"
#include "io/csv_reader.hpp"
#include "io/external_sort.hpp"
#include "io/progress.hpp"
#include "row_checks.hpp"

namespace alliance::cli::detail {

struct long_settings {
    table::long_layout layout{};
    std::vector<std::string> item_names{};              // --items given: item cells may hold these names
    std::size_t sort_budget = std::size_t{16} << 20;      // bytes of rows each of the two sorts holds
};

struct long_columns {
    std::vector<std::size_t> record;
    std::size_t item = 0;
    std::size_t value = 0;
    std::size_t header_size = 0;
};

// The header positions of the layout's columns: input_error naming every absent one.
[[nodiscard]] inline long_columns locate_long_columns(std::span<const std::string_view> header,
                                                      const table::long_layout& layout) {
    std::vector<std::string> names = layout.record;
    names.push_back(layout.item);
    names.push_back(layout.value);
    const std::vector<std::size_t> at = locate_columns(header, names);
    long_columns columns;
    columns.header_size = header.size();
    columns.record.assign(at.begin(), at.end() - 2);
    columns.item = at[at.size() - 2];
    columns.value = at.back();
    return columns;
}

// A record as the engine hands it to a command: its key (table::append_key_cell of its key
// cells, trimmed; key_cells() gives them back) and what its rows made of it.
struct long_slot {
    std::string key;
    bool no_record = false;  // a row that belongs to no record: an error of its own
    table::long_record record;
};

// What the engine needs of a command (score, track):
//   void restart();      forget every record given so far (the file is read again)
//   long_slot& open();   where the next record goes; the engine fills it
//   void close();        the record in the slot open() gave is complete
template <class Consumer>
concept long_consumer = requires(Consumer& consumer) {
    consumer.restart();
    { consumer.open() } -> std::same_as<long_slot&>;
    consumer.close();
};

// What one input row is to the engine.
struct long_row {
    std::string key;          // its key cells, trimmed (append_key_cell); absent cells empty
    std::string problem;      // what is wrong with the row itself; empty when nothing is
    bool no_record = false;   // an empty key cell (or no fields at all): a record of its own
};

// Reads the engine's view of csv rows: the key, the shape, which record.
class long_row_reader {
public:
    long_row_reader(const long_columns& columns, const table::long_layout& layout, const table::row_naming& naming)
        : columns_(columns), layout_(layout), naming_(naming) {}

    // The reader's current row into `row`.
    void read(const csv_reader& reader, long_row& row) const {
        row.key.clear();
        row.problem.clear();
        row.no_record = false;
        if (!row_shape_is_plain(reader, columns_.header_size, no_column))
            check_row_shape(reader, columns_.header_size, no_column, std::string(), row.problem);
        std::optional<std::size_t> empty;
        for (std::size_t k = 0; k < columns_.record.size(); ++k) {
            const std::size_t at = columns_.record[k];
            const std::string_view cell = at < reader.size() && !reader.oversized() ? reader[at] : std::string_view{};
            if (!empty && trim(cell).empty()) empty = k;
            table::append_key_cell(row.key, cell);
        }
        if (empty) {
            row.no_record = true;
            if (!reader.oversized())
                table::append_problem(row.problem,
                                      table::no_record_problem(naming_, reader.line(), layout_.record[*empty]));
        }
    }
    [[nodiscard]] std::string_view item_cell(const csv_reader& reader) const noexcept { return reader[columns_.item]; }
    [[nodiscard]] std::string_view value_cell(const csv_reader& reader) const noexcept {
        return reader[columns_.value];
    }

private:
    const long_columns& columns_;
    const table::long_layout& layout_;
    const table::row_naming& naming_;
};

// ---------------------------------------------------------------------------------------------
// Has a key been seen before? 64-bit hashes of the keys of closed records

// Every closed record's key hash is kept (in memory up to the budget, beyond it through an
// external sort) and the hashes are checked for two equal ones once the file is read: a table of
// every key would be probed at a random place per record, a cache miss each (a quarter of the
// time of a grouped million-record file). The last `recent` keys are also held in a small table
// that stays in cache, so that a file in no order is found out within its first rows.
class seen_keys {
public:
    explicit seen_keys(std::size_t budget)
        : max_held_(std::max<std::size_t>(budget / sizeof(std::uint64_t), 1024)), budget_(budget),
          recent_(2 * recent, 0) {}

    [[nodiscard]] static std::uint64_t hash_of(std::string_view key) noexcept {
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        return h == 0 ? 1 : h;  // 0 marks an empty slot
    }

    // True when `hash` is among the recent keys (a record with that key was closed before).
    [[nodiscard]] bool recently(std::uint64_t hash) const noexcept {
        const std::size_t mask = recent_.size() - 1;
        for (std::size_t at = static_cast<std::size_t>(hash) & mask;; at = (at + 1) & mask) {
            if (recent_[at] == hash) return true;
            if (recent_[at] == 0) return false;
        }
    }
    // Holds `hash` in the table of recent keys only (a worker thread's check within its chunk).
    void recall(std::uint64_t hash) {
        if (++recent_used_ > recent) {  // a new window: the table stays half empty
            std::fill(recent_.begin(), recent_.end(), std::uint64_t{0});
            recent_used_ = 1;
        }
        const std::size_t mask = recent_.size() - 1;
        std::size_t at = static_cast<std::size_t>(hash) & mask;
        while (recent_[at] != 0) at = (at + 1) & mask;
        recent_[at] = hash;
    }
    void add(std::uint64_t hash) {
        if (held_.size() == max_held_) {
            if (!spilled_) spilled_.emplace(budget_);
            for (const std::uint64_t held : held_) spilled_->push(hash_record{held});
            held_.clear();
        }
        held_.push_back(hash);
        recall(hash);
    }
    // False when two of the hashes added are equal (checked once, at the end).
    [[nodiscard]] bool distinct() {
        if (spilled_) {
            for (const std::uint64_t held : held_) spilled_->push(hash_record{held});
            std::vector<std::uint64_t>().swap(held_);
            bool distinct = true, any = false;
            std::uint64_t last = 0;
            spilled_->drain([&](hash_record&& record) {
                if (any && record.hash == last) distinct = false;
                last = record.hash;
                any = true;
            });
            return distinct;
        }
        radix_sort(held_);
        return std::adjacent_find(held_.begin(), held_.end()) == held_.end();
    }

private:
    static constexpr std::size_t recent = std::size_t{1} << 12;  // 4,096 keys: a 64 KiB table
    struct hash_record {
        std::uint64_t hash = 0;
        [[nodiscard]] std::size_t footprint() const noexcept { return sizeof(*this); }
        void write(std::FILE* file) const { spill_write(file, hash); }
        static bool read(std::FILE* file, hash_record& out) { return spill_read(file, out.hash); }
    };
    struct by_hash {
        bool operator()(const hash_record& a, const hash_record& b) const noexcept { return a.hash < b.hash; }
    };

    // Eight passes of a byte each (least significant first): several times std::sort's speed on
    // a million hashes.
    static void radix_sort(std::vector<std::uint64_t>& values) {
        const std::size_t n = values.size();
        const auto other = std::make_unique_for_overwrite<std::uint64_t[]>(n);
        std::uint64_t* from = values.data();
        std::uint64_t* to = other.get();
        for (int shift = 0; shift < 64; shift += 8) {  // an even number of passes: back in `values`
            std::size_t count[257] = {};
            for (std::size_t i = 0; i < n; ++i) ++count[((from[i] >> shift) & 0xFF) + 1];
            for (std::size_t b = 1; b < 257; ++b) count[b] += count[b - 1];
            for (std::size_t i = 0; i < n; ++i) to[count[(from[i] >> shift) & 0xFF]++] = from[i];
            std::swap(from, to);
        }
    }

    std::vector<std::uint64_t> held_;
    std::size_t max_held_;
    std::size_t budget_;
    std::optional<external_sorter<hash_record, by_hash>> spilled_;
    std::vector<std::uint64_t> recent_;
    std::size_t recent_used_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Pass 1: the file as grouped

// a == b, without a call for the short texts keys are made of.
[[nodiscard, gnu::always_inline]] inline bool same_bytes(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    if (n >= 8 && n <= 16) {
        std::uint64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
        std::memcpy(&a0, a.data(), 8);
        std::memcpy(&b0, b.data(), 8);
        std::memcpy(&a1, a.data() + n - 8, 8);
        std::memcpy(&b1, b.data() + n - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n < 8) {
        for (std::size_t i = 0; i < n; ++i)
            if (a[i] != b[i]) return false;
        return true;
    }
    return std::memcmp(a.data(), b.data(), n) == 0;
}

// Gives `consumer` every record of a grouped file; false (and records given so far, which the
// consumer must forget) when a key comes back after its record, i.e. the file is not grouped.
template <long_consumer Consumer>
[[nodiscard]] bool long_records_grouped(csv_reader& reader, const long_columns& columns, const long_settings& settings,
                                        const table::long_rules& rules, Consumer& consumer,
                                        progress_meter* progress) {
    const long_row_reader rows(columns, settings.layout, rules.naming);
    seen_keys seen(settings.sort_budget);
    long_row row;
    long_slot* open = nullptr;
    std::uint64_t hash = 0, count = 0;
    // The open record's key cells as its first row wrote them: a row of the usual shape with
    // the same bytes there is in the record, found without trimming or building its key.
    std::vector<std::string> written(columns.record.size());
    const auto same_as_open = [&] {
        if (open == nullptr || !row_shape_is_plain(reader, columns.header_size, no_column)) return false;
        for (std::size_t k = 0; k < written.size(); ++k)
            if (!same_bytes(reader[columns.record[k]], written[k])) return false;
        return true;
    };
    const auto close = [&] {
        if (open == nullptr) return;
        consumer.close();
        seen.add(hash);
        open = nullptr;
    };
    while (reader.next()) {
        if (progress != nullptr) progress->update(reader.bytes_consumed(), ++count);
        if (same_as_open()) {
            open->record.add(reader.line(), rows.item_cell(reader), rows.value_cell(reader), rules);
            continue;
        }
        rows.read(reader, row);
        if (row.no_record) {
            close();
            long_slot& own = consumer.open();
            own.key = row.key;
            own.no_record = true;
            own.record.start(reader.line());
            own.record.add_problem(row.problem);
            consumer.close();
            continue;
        }
        if (open == nullptr || row.key != open->key) {
            close();
            hash = seen_keys::hash_of(row.key);
            if (seen.recently(hash)) return false;
            open = &consumer.open();
            open->key.swap(row.key);
            open->no_record = false;
            open->record.start(reader.line());
            for (std::size_t k = 0; k < written.size(); ++k) {
                const std::size_t at = columns.record[k];
                if (at < reader.size()) written[k] = reader[at];
                else written[k].clear();
            }
        }
        if (!row.problem.empty()) open->record.add_problem(std::move(row.problem));
        else open->record.add(reader.line(), rows.item_cell(reader), rows.value_cell(reader), rules);
    }
    close();
    return seen.distinct();
}

// ---------------------------------------------------------------------------------------------
// Pass 2: any order, through two external sorts

// A row on its way through the sorts: what assembling it needs, and where it goes.
struct long_sorted_row {
    std::string key;
    std::string item;     // the item cell (when the row has no problem)
    std::string value;    // the value cell
    std::string problem;  // the row's own problem
    std::uint64_t line = 0;
    std::uint64_t group = 0;  // the second sort: its record's first line
    bool no_record = false;

    [[nodiscard]] std::size_t footprint() const noexcept {
        return sizeof(*this) + key.capacity() + item.capacity() + value.capacity() + problem.capacity();
    }
    void write(std::FILE* file) const {
        spill_write(file, key);
        spill_write(file, item);
        spill_write(file, value);
        spill_write(file, problem);
        spill_write(file, line);
        spill_write(file, group);
        spill_write(file, static_cast<std::uint8_t>(no_record ? 1 : 0));
    }
    static bool read(std::FILE* file, long_sorted_row& out) {
        if (!spill_read(file, out.key)) return false;
        spill_read_required(file, out.item);
        spill_read_required(file, out.value);
        spill_read_required(file, out.problem);
        std::uint8_t bits = 0;
        if (!spill_read(file, out.line) || !spill_read(file, out.group) || !spill_read(file, bits))
            throw spill_error("cannot read a temporary file back");
        out.no_record = bits != 0;
        return true;
    }
};

struct by_long_key {
    bool operator()(const long_sorted_row& a, const long_sorted_row& b) const noexcept { return a.key < b.key; }
};
struct by_first_line {
    bool operator()(const long_sorted_row& a, const long_sorted_row& b) const noexcept { return a.group < b.group; }
};

// Gives `consumer` every record of a file in any order, in the order of their first rows.
template <long_consumer Consumer>
void long_records_sorted(csv_reader& reader, const long_columns& columns, const long_settings& settings,
                         const table::long_rules& rules, Consumer& consumer, progress_meter* progress) {
    const long_row_reader rows(columns, settings.layout, rules.naming);
    external_sorter<long_sorted_row, by_first_line> by_record(settings.sort_budget);
    {
        external_sorter<long_sorted_row, by_long_key> by_key(settings.sort_budget);
        long_row row;
        std::uint64_t count = 0;
        while (reader.next()) {
            rows.read(reader, row);
            long_sorted_row entry;
            entry.key = row.key;
            entry.problem = std::move(row.problem);
            entry.line = reader.line();
            entry.no_record = row.no_record;
            if (entry.problem.empty()) {
                entry.item = rows.item_cell(reader);
                entry.value = rows.value_cell(reader);
            }
            if (entry.no_record) {
                entry.group = entry.line;
                by_record.push(std::move(entry));
            } else {
                by_key.push(std::move(entry));
            }
            if (progress != nullptr) progress->update(reader.bytes_consumed(), ++count);
        }
        // A record's rows come together, in line order: its first line is its first row's.
        std::string key;
        std::uint64_t first = 0;
        bool any = false;
        by_key.drain([&](long_sorted_row&& entry) {
            if (!any || entry.key != key) {
                key = entry.key;
                first = entry.line;
                any = true;
            }
            entry.group = first;
            by_record.push(std::move(entry));
        });
    }
    long_slot* open = nullptr;
    std::uint64_t group = 0;
    by_record.drain([&](long_sorted_row&& entry) {
        if (open == nullptr || entry.group != group) {
            if (open != nullptr) consumer.close();
            group = entry.group;
            open = &consumer.open();
            open->key = std::move(entry.key);
            open->no_record = entry.no_record;
            open->record.start(entry.group);
        }
        if (!entry.problem.empty()) open->record.add_problem(std::move(entry.problem));
        else open->record.add(entry.line, entry.item, std::string_view(entry.value), rules);
    });
    if (open != nullptr) consumer.close();
}

// ---------------------------------------------------------------------------------------------
// Options

// --long's settings: the record's key columns (`record`: score's --record, track's --client and
// --session), --item and --value (default item and value), --sort-memory MB (default 16), and
// the item names item cells may hold (table::long_item_names: those of --items, else of a key
// file's item_columns; plain numbers always work). --id and --keep are refused: the record's key
// columns are the ones kept. Option problems are usage errors.
[[nodiscard]] inline long_settings long_settings_from(const parsed_arguments& args, std::vector<std::string> record,
                                                      const runtime_instrument& instrument,
                                                      const table::item_spec& items) {
    if (args.has("keep")) throw usage_error("--keep is not available with --long: the record's key columns are kept");
    if (args.has("id")) throw usage_error("--id is not available with --long: the record's key columns come first");
    long_settings settings;
    settings.layout.record = std::move(record);
    settings.layout.item = args.get_or("item", "item");
    settings.layout.value = args.get_or("value", "value");
    check_request([&] { table::check_long_layout(settings.layout, table::command_line_spelling); });
    const table::item_spec* given = args.has("items") ? &items : nullptr;
    settings.item_names = check_request([&] {
        return table::long_item_names(given, instrument.item_columns(), instrument.item_count(),
                                      table::command_line_spelling);
    });
    if (const auto megabytes = number_option(args, "sort-memory")) {
        if (!(*megabytes >= 0.001 && *megabytes <= 65536))
            throw usage_error("--sort-memory expects megabytes between 0.001 and 65536, not '" +
                              *args.get("sort-memory") + "'");
        settings.sort_budget = static_cast<std::size_t>(*megabytes * 1048576.0);
    }
    return settings;
}

// The options that only --long reads, refused without it.
inline void refuse_long_options_without_long(const parsed_arguments& args, std::span<const std::string_view> names) {
    if (args.has("long")) return;
    for (const std::string_view name : names)
        if (args.has(name)) throw usage_error("--" + std::string(name) + " reads long input: give --long too");
}

// ---------------------------------------------------------------------------------------------
// Both passes

// The header of a long file: its columns (input_error: no header, or absent columns).
[[nodiscard]] inline long_columns read_long_header(csv_reader& reader, const table::long_layout& layout) {
    if (!reader.next_header()) {
        std::string expected;
        for (const std::string& column : layout.record) expected += column + ", ";
        throw input_error("the input is empty: no header row (expected columns " + expected + layout.item + ", " +
                          layout.value + ")");
    }
    refuse_oversized_header(reader);
    return locate_long_columns(reader.fields(), layout);
}

// The input again, from its header, through the sorted pass (the first pass found it not grouped).
template <long_consumer Consumer>
void long_records_sorted_again(byte_source& again, const table_settings& table, const long_settings& settings,
                               const table::long_rules& rules, const long_columns& columns, Consumer& consumer,
                               progress_meter* progress) {
    csv_reader reader(again, table.dialect, table.limits);
    (void)read_long_header(reader, settings.layout);
    long_records_sorted(reader, columns, settings, rules, consumer, progress);
}

// Gives `consumer` every record of the long input, in the order of their first rows: `first` is
// read once; second() gives the same input again, read only when `first` is not grouped.
// `items` and `codes` say which item a cell names and how values read.
template <long_consumer Consumer, class SecondPass>
void for_each_long_record(byte_source& first, SecondPass second, const table_settings& table,
                          const long_settings& settings, const table::long_items& items, Consumer& consumer,
                          progress_meter* progress) {
    const response_reader read(table.codes);
    csv_reader reader(first, table.dialect, table.limits);
    const long_columns columns = read_long_header(reader, settings.layout);
    const table::row_naming naming = row_naming_for(reader.numbering());
    const table::long_rules rules{items, read, naming, settings.layout.item};
    if (long_records_grouped(reader, columns, settings, rules, consumer, progress)) return;
    consumer.restart();
    long_records_sorted_again(second(), table, settings, rules, columns, consumer, progress);
}

}  // namespace alliance::cli::detail
