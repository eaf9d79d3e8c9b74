// Reading an SPSS (.sav, .zsav, .por) or Stata (.dta) data file into columns, through ReadStat
// (https://github.com/WizardMac/ReadStat; Debian libreadstat-dev, 1.1.8): one column per
// variable, one row per case, each value with its missing flag, and each variable's value labels,
// user-missing definitions, variable label and display format. One reader for every front-end:
// the command line converts the columns to CSV (tools/alliance/io/stat_input.hpp), the packages
// to a data frame. Tier alliance::readstat (core + ReadStat).
//
// What a value is, by ReadStat's account (readstat.h, "Values can be missing in one of three
// ways"):
//   - a number: the code as stored (a labelled 5 is 5, not "Always"); dates and times too, as
//     the file stores them (SPSS: seconds since 1582-10-14; Stata %td: days since 1960-01-01),
//     their column's `format` telling them apart;
//   - system-missing (SPSS sysmis, Stata's '.'; readstat_value_is_system_missing) and Stata's
//     tagged missing .a-.z (readstat_value_is_tagged_missing): missing, the number NaN;
//   - user-missing, the values an SPSS variable declares missing (readstat_value_is_defined_missing
//     against the variable's ranges, e.g. -99 and 999): missing, the number kept as stored;
//   - text (string variables): the text, UTF-8 (ReadStat converts from the file's encoding),
//     missing only where the variable declares it so (SPSS user-missing strings); an empty text
//     is an empty text, which front-ends read as they read an empty CSV field.
// The rows come as the file stores them, case 1 first. Nothing is allocated from the counts a
// file's header claims: columns grow with the values actually read, so a header claiming 2^31
// cases costs nothing, and memory is what the data hold (9 bytes a numeric cell). A file whose
// values run out before the cases its header announces is an error (cut short), not a shorter
// table.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <readstat.h>

#include "alliance/table/interrupt.hpp"
#include "alliance/table/stat_format.hpp"

namespace alliance::table {

// A value label: `label` for the code `code` of a numeric variable, `text_code` of a string
// variable, or Stata's tagged missing .a-.z (`tag` 'a'..'z', `code` NaN).
struct stat_value_label {
    double code = std::numeric_limits<double>::quiet_NaN();
    std::string text_code;
    char tag = '\0';
    std::string label;
};

// One variable of the file: `rows` values in `numbers` (a numeric variable) or `texts` (a string
// variable, `text` true), and their missing flags.
struct stat_column {
    std::string name;
    std::string label;   // the variable label; empty when none
    std::string format;  // the display format as the file has it ("F8.2", "DATE11", "%td"); may be empty
    bool text = false;
    std::vector<double> numbers;         // numeric: the stored value; NaN where system- or tagged-missing
    std::vector<std::string> texts;      // text: the value
    std::vector<unsigned char> missing;  // 1 where system-, tagged or user-missing
    std::vector<stat_value_label> value_labels;  // in the file's order
    // SPSS user-missing of a numeric variable: values from `first` to `second` (equal for one
    // value; at most three values, or a range and one value). Stata and .por files have none.
    std::vector<std::pair<double, double>> missing_ranges;

    [[nodiscard]] bool is_missing(std::size_t row) const noexcept { return missing[row] != 0; }
};

struct stat_table {
    stat_format format = stat_format::sav;
    std::string source;      // the file's name, as the caller gave it (read_stat_bytes: the name given)
    std::string file_label;  // may be empty
    std::size_t rows = 0;    // cases; every column holds this many values
    std::vector<stat_column> columns;

    // The column named `name` (names are as the file spells them), or null.
    [[nodiscard]] const stat_column* find(std::string_view name) const noexcept {
        for (const stat_column& column : columns)
            if (column.name == name) return &column;
        return nullptr;
    }
};

struct stat_read_options {
    // Called on the calling thread every interrupt_interval while values are read (Python's and
    // R's Ctrl-C); what it throws ends the read and goes to the caller.
    interrupt_check interrupted{};
};

namespace stat_file_detail {

// Where ReadStat's reads go: a file opened here (its errno kept for the message), or bytes.
struct source {
    std::string path;
    std::FILE* file = nullptr;
    std::span<const char> bytes{};
    bool in_memory = false;
    std::size_t position = 0;
    int error_number = 0;  // errno of the open, read or seek that failed
    bool ended = false;    // a read asked for more than was left

    static int open(const char*, void* context) {
        auto& self = *static_cast<source*>(context);
        self.position = 0;
        if (self.in_memory) return 0;
        if (self.file != nullptr) std::fclose(self.file);
        self.file = std::fopen(self.path.c_str(), "rb");
        if (self.file == nullptr) {
            self.error_number = errno;
            return -1;
        }
        return 0;
    }
    static int close(void* context) {
        auto& self = *static_cast<source*>(context);
        if (self.file != nullptr) std::fclose(self.file);
        self.file = nullptr;
        return 0;
    }
    static readstat_off_t seek(readstat_off_t offset, readstat_io_flags_t whence, void* context) {
        auto& self = *static_cast<source*>(context);
        if (!self.in_memory) {
            const int from = whence == READSTAT_SEEK_SET   ? SEEK_SET
                             : whence == READSTAT_SEEK_CUR ? SEEK_CUR
                                                           : SEEK_END;
            if (self.file == nullptr || ::fseeko(self.file, offset, from) != 0) {
                self.error_number = errno;
                return -1;
            }
            return ::ftello(self.file);
        }
        // Memory: anywhere from the start to the end (a seek past the end is the file's fault).
        const auto size = static_cast<readstat_off_t>(self.bytes.size());
        const readstat_off_t base = whence == READSTAT_SEEK_SET   ? 0
                                    : whence == READSTAT_SEEK_CUR ? static_cast<readstat_off_t>(self.position)
                                                                  : size;
        if (offset < -base || offset > size - base) return -1;
        self.position = static_cast<std::size_t>(base + offset);
        return base + offset;
    }
    static ssize_t read(void* into, std::size_t count, void* context) {
        auto& self = *static_cast<source*>(context);
        if (!self.in_memory) {
            if (self.file == nullptr) return -1;
            const std::size_t got = std::fread(into, 1, count, self.file);
            if (got < count && std::ferror(self.file)) {
                self.error_number = errno;
                return -1;
            }
            self.ended |= got < count;
            return static_cast<ssize_t>(got);
        }
        const std::size_t got = std::min(count, self.bytes.size() - self.position);
        if (got > 0) std::memcpy(into, self.bytes.data() + self.position, got);
        self.position += got;
        self.ended |= got < count;
        return static_cast<ssize_t>(got);
    }
    // ReadStat's progress hook (none is set here): always go on.
    static readstat_error_t update(long, readstat_progress_handler, void*, void*) { return READSTAT_OK; }

    source() = default;
    source(const source&) = delete;
    source& operator=(const source&) = delete;
    ~source() {
        if (file != nullptr) std::fclose(file);
    }
};

// What the handlers build, and what went wrong in them: an exception never crosses ReadStat's C
// frames; it is kept, the handler returns READSTAT_HANDLER_ABORT, and it is thrown afterwards.
class builder {
public:
    builder(stat_table& table, const stat_read_options& options)
        : table_(table), poll_(options.interrupted) {}

    std::exception_ptr failure;
    std::string readstat_messages;  // what ReadStat's error handler said
    std::int64_t announced_rows = -1;

    static int on_metadata(readstat_metadata_t* metadata, void* context) {
        return guarded(context, [&](builder& self) {
            self.announced_rows = readstat_get_row_count(metadata);
            if (const char* label = readstat_get_file_label(metadata); label != nullptr)
                self.table_.file_label = label;
        });
    }

    static int on_variable(int index, readstat_variable_t* variable, const char* label_set, void* context) {
        return guarded(context, [&](builder& self) { self.add_variable(index, variable, label_set); });
    }

    static int on_value(int row, readstat_variable_t* variable, readstat_value_t value, void* context) {
        return guarded(context, [&](builder& self) { self.add_value(row, variable, value); });
    }

    static int on_value_label(const char* label_set, readstat_value_t value, const char* label,
                              void* context) {
        return guarded(context, [&](builder& self) { self.add_value_label(label_set, value, label); });
    }

    static void on_error(const char* message, void* context) {
        auto& self = *static_cast<builder*>(context);
        if (message == nullptr || self.readstat_messages.size() > 1000) return;
        try {
            std::string_view text(message);
            while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
            if (text.empty()) return;
            if (!self.readstat_messages.empty()) self.readstat_messages += "; ";
            self.readstat_messages.append(text.substr(0, 300));
        } catch (...) {  // a message lost is no reason to fail
        }
    }

    // After the parse: the value labels of each column, the columns made equally long.
    void finish() {
        for (std::size_t c = 0; c < table_.columns.size(); ++c) {
            const auto set = label_sets_.find(label_set_of_[c]);
            if (!label_set_of_[c].empty() && set != label_sets_.end())
                table_.columns[c].value_labels = set->second;
        }
        std::size_t rows = 0;
        for (const stat_column& column : table_.columns) rows = std::max(rows, column.missing.size());
        for (stat_column& column : table_.columns) {
            if (column.text)
                column.texts.resize(rows);
            else
                column.numbers.resize(rows, std::numeric_limits<double>::quiet_NaN());
            column.missing.resize(rows, 1);
        }
        table_.rows = rows;
    }

private:
    template <class Step>
    static int guarded(void* context, Step step) noexcept {
        auto& self = *static_cast<builder*>(context);
        try {
            step(self);
            return READSTAT_HANDLER_OK;
        } catch (...) {
            self.failure = std::current_exception();
            return READSTAT_HANDLER_ABORT;
        }
    }

    [[noreturn]] void malformed(const std::string& what) const {
        throw stat_file_error(stat_file_problem::malformed, table_.source, what);
    }

    [[nodiscard]] static double number_of(readstat_value_t value) {
        switch (readstat_value_type(value)) {
            case READSTAT_TYPE_INT8:
                return readstat_int8_value(value);
            case READSTAT_TYPE_INT16:
                return readstat_int16_value(value);
            case READSTAT_TYPE_INT32:
                return readstat_int32_value(value);
            case READSTAT_TYPE_FLOAT:
                return static_cast<double>(readstat_float_value(value));
            case READSTAT_TYPE_DOUBLE:
                return readstat_double_value(value);
            case READSTAT_TYPE_STRING:
            case READSTAT_TYPE_STRING_REF:
                break;
        }
        return std::numeric_limits<double>::quiet_NaN();
    }

    [[nodiscard]] static std::string text_of(const char* text) {
        return text != nullptr ? std::string(text) : std::string();
    }

    void add_variable(int index, readstat_variable_t* variable, const char* label_set) {
        // ReadStat numbers the variables 0, 1, 2, ... in the file's order.
        if (index < 0 || static_cast<std::size_t>(index) != table_.columns.size())
            malformed("variable " + std::to_string(index + 1) + " comes out of order");
        stat_column column;
        column.name = text_of(readstat_variable_get_name(variable));
        column.label = text_of(readstat_variable_get_label(variable));
        column.format = text_of(readstat_variable_get_format(variable));
        column.text = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING;
        if (!column.text) {
            const int ranges = readstat_variable_get_missing_ranges_count(variable);
            for (int i = 0; i < ranges; ++i)
                column.missing_ranges.emplace_back(
                    number_of(readstat_variable_get_missing_range_lo(variable, i)),
                    number_of(readstat_variable_get_missing_range_hi(variable, i)));
        }
        table_.columns.push_back(std::move(column));
        label_set_of_.push_back(text_of(label_set));
    }

    void add_value(int row, readstat_variable_t* variable, readstat_value_t value) {
        poll_();
        const int index = readstat_variable_get_index(variable);
        if (index < 0 || static_cast<std::size_t>(index) >= table_.columns.size())
            malformed("a value of variable " + std::to_string(index + 1) +
                      ", which the file does not declare");
        stat_column& column = table_.columns[static_cast<std::size_t>(index)];
        // Cases come in order, each variable once: case `row` + 1 of this column is the next.
        if (row < 0 || static_cast<std::size_t>(row) != column.missing.size())
            malformed("case " + std::to_string(static_cast<long long>(row) + 1) + " of variable '" +
                      column.name + "' comes out of order");
        const bool is_text = readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING;
        if (is_text != column.text)
            malformed("case " + std::to_string(row + 1) + " of variable '" + column.name + "' holds " +
                      (is_text ? "text in a numeric" : "a number in a string") + " variable");
        const bool absent =
            readstat_value_is_system_missing(value) != 0 || readstat_value_is_tagged_missing(value) != 0;
        const bool missing = absent || readstat_value_is_defined_missing(value, variable) != 0;
        if (column.text) {
            column.texts.emplace_back(absent ? std::string() : text_of(readstat_string_value(value)));
        } else {
            column.numbers.push_back(absent ? std::numeric_limits<double>::quiet_NaN() : number_of(value));
        }
        column.missing.push_back(missing ? 1 : 0);
    }

    void add_value_label(const char* label_set, readstat_value_t value, const char* label) {
        stat_value_label entry;
        entry.label = text_of(label);
        if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
            entry.text_code = text_of(readstat_string_value(value));
        } else if (readstat_value_is_tagged_missing(value) != 0) {
            entry.tag = readstat_value_tag(value);
        } else if (readstat_value_is_system_missing(value) == 0) {
            entry.code = number_of(value);
        }
        label_sets_[text_of(label_set)].push_back(std::move(entry));
    }

    stat_table& table_;
    interrupt_poll poll_;
    std::vector<std::string> label_set_of_;  // [column]: the name of its label set; empty: none
    std::map<std::string, std::vector<stat_value_label>, std::less<>> label_sets_;
};

// "an SPSS system file", ...: what the file was read as, for messages.
[[nodiscard]] inline std::string_view described(stat_format format) noexcept {
    switch (format) {
        case stat_format::sav:
            return "an SPSS system file (.sav)";
        case stat_format::zsav:
            return "a compressed SPSS system file (.zsav)";
        case stat_format::por:
            return "an SPSS portable file (.por)";
        case stat_format::dta:
            return "a Stata file (.dta)";
    }
    return "a statistics file";
}

[[nodiscard]] inline stat_table parse(source& input, stat_format format, std::string name,
                                      const stat_read_options& options) {
    stat_table table;
    table.format = format;
    table.source = std::move(name);
    const std::string quoted = "'" + table.source + "'";
    builder build(table, options);

    readstat_parser_t* parser = readstat_parser_init();
    if (parser == nullptr) throw std::bad_alloc();
    struct free_parser {
        readstat_parser_t* parser;
        ~free_parser() { readstat_parser_free(parser); }
    } const owner{parser};
    readstat_set_open_handler(parser, &source::open);
    readstat_set_close_handler(parser, &source::close);
    readstat_set_seek_handler(parser, &source::seek);
    readstat_set_read_handler(parser, &source::read);
    readstat_set_update_handler(parser, &source::update);
    readstat_set_io_ctx(parser, &input);
    readstat_set_metadata_handler(parser, &builder::on_metadata);
    readstat_set_variable_handler(parser, &builder::on_variable);
    readstat_set_value_handler(parser, &builder::on_value);
    readstat_set_value_label_handler(parser, &builder::on_value_label);
    readstat_set_error_handler(parser, &builder::on_error);

    std::error_code unknown;  // a size that cannot be read: the reads will say why
    if (input.in_memory ? input.bytes.empty() : std::filesystem::is_empty(input.path, unknown))
        throw stat_file_error(
            stat_file_problem::malformed, table.source,
            "cannot read " + quoted + " as " + std::string(described(format)) + ": the file is empty");
    const char* const path = input.path.c_str();
    readstat_error_t status = READSTAT_OK;
    switch (format) {
        case stat_format::sav:
        case stat_format::zsav:
            status = readstat_parse_sav(parser, path, &build);
            break;
        case stat_format::por:
            status = readstat_parse_por(parser, path, &build);
            break;
        case stat_format::dta:
            status = readstat_parse_dta(parser, path, &build);
            break;
    }
    if (build.failure) std::rethrow_exception(build.failure);
    if (status == READSTAT_ERROR_OPEN || (status != READSTAT_OK && input.error_number != 0)) {
        const int number = input.error_number;
        throw stat_file_error(stat_file_problem::unreadable, table.source,
                              "cannot read " + quoted + ": " +
                                  (number != 0 ? std::generic_category().message(number)
                                               : std::string(readstat_error_message(status))));
    }
    if (status != READSTAT_OK) {
        std::string what = "cannot read " + quoted + " as " + std::string(described(format)) + ": " +
                           readstat_error_message(status);
        if (!build.readstat_messages.empty()) what += " (" + build.readstat_messages + ")";
        // ReadStat says "Unable to read from file" both for a read that failed and for one
        // that found the end: the second is a file cut short, or not a file of this format.
        if (status == READSTAT_ERROR_READ && input.ended) what += ": the file ends early (is it cut short?)";
        throw stat_file_error(stat_file_problem::malformed, table.source, what);
    }
    build.finish();
    // ReadStat stops quietly at the end of some files whose cases run out early; the header's
    // count (-1: none, as in .por files) says so.
    if (build.announced_rows >= 0 && static_cast<std::uint64_t>(build.announced_rows) != table.rows &&
        !table.columns.empty())
        throw stat_file_error(stat_file_problem::malformed, table.source,
                              "cannot read " + quoted + " as " + std::string(described(format)) +
                                  ": its header announces " + std::to_string(build.announced_rows) +
                                  " cases, and it holds " + std::to_string(table.rows) +
                                  " (is the file cut short?)");
    return table;
}

}  // namespace stat_file_detail

// Reads the file at `path` as `format`. Throws stat_file_error: unreadable (absent, not a regular
// file, a failed read: the system's reason) or malformed (not a file of that format, cut short:
// ReadStat's reason, readstat_error_message, and what its error handler said).
[[nodiscard]] inline stat_table read_stat_file(const std::string& path, stat_format format,
                                               const stat_read_options& options = {}) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status))
        throw stat_file_error(
            stat_file_problem::unreadable, path,
            "cannot read '" + path + "': " + (error ? error.message() : std::string("no such file")));
    // Opening a FIFO would wait for a writer, and ReadStat seeks: only a regular file will do.
    if (!std::filesystem::is_regular_file(status))
        throw stat_file_error(
            stat_file_problem::unreadable, path,
            "cannot read '" + path + "': " +
                (std::filesystem::is_directory(status) ? "it is a directory" : "it is not a regular file"));
    stat_file_detail::source input;
    input.path = path;
    return stat_file_detail::parse(input, format, path, options);
}

// Reads the file at `path` as its name says (stat_format_of); a name that ends in no known format
// is a stat_file_error (unknown_format).
[[nodiscard]] inline stat_table read_stat_file(const std::string& path,
                                               const stat_read_options& options = {}) {
    const auto format = stat_format_of(path);
    if (!format)
        throw stat_file_error(stat_file_problem::unknown_format, path,
                              "cannot tell the format of '" + path +
                                  "': the name of an SPSS or Stata file ends in .sav, .zsav, .por or .dta");
    return read_stat_file(path, *format, options);
}

// Reads `bytes`, the whole content of a file in `format` (standard input, a file already in
// memory, a fuzzer's input); `name` names it in messages. The bytes are not copied and must stay
// valid during the call.
[[nodiscard]] inline stat_table read_stat_bytes(std::span<const char> bytes, stat_format format,
                                                std::string name, const stat_read_options& options = {}) {
    stat_file_detail::source input;
    input.bytes = bytes;
    input.in_memory = true;
    return stat_file_detail::parse(input, format, std::move(name), options);
}

}  // namespace alliance::table
