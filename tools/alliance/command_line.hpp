// What the table commands (score, change, compare, and the ones to come) share: resolving
// --instrument ID | --key FILE, the options for CSV input and output, opening the input, and
// running a command over it with the summary line on standard error. The functions are
// compiled once, in command_line.cpp (the key-file reader and Boost.Math behind them are the
// heaviest code the commands share); the templates and small classes stay here.
#pragma once

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <thread>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <system_error>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/error.hpp>
#include <alliance/key_file.hpp>
#include <alliance/norms.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/stats/normal_quantile.hpp>
#include <alliance/table/catalogue_lookup.hpp>
#include <alliance/table/option_checks.hpp>
#include <alliance/table/row_naming.hpp>
#include <alliance/table/stat_format.hpp>

#include "arguments.hpp"
#include "io/csv_reader.hpp"
#include "io/qualtrics_source.hpp"
#include "io/external_sort.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "io/stat_input.hpp"
#include "response_codes.hpp"

namespace alliance::cli {

// The input cannot be processed at all (no header, needed columns absent): exit status 2.
class input_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What every table-writing command reads from its options: the CSV dialect, the codes for
// missing and "does not apply", the id and kept columns, the output format.
struct table_settings {
    csv_dialect dialect{};
    csv_limits limits{};                    // read size and longest record
    response_codes codes{};
    std::string id_column{};                // empty: none
    std::vector<std::string> keep_columns{};
    table_format format = table_format::csv;
    unsigned threads = 1;                          // --threads: 1 reads and scores on this thread
    std::size_t parallel_chunk = 0;  // bytes of input per chunk with threads > 1; 0: parallel_chunk_for(threads)
};

// Bytes of input per chunk on `threads` threads: 512 KiB up to 8 threads, then less, down to
// 128 KiB from 32. Larger chunks mean fewer hand-overs between threads (on 1,000,000 WAI-SR rows
// with 2 threads, 512 KiB chunks cost a third of the context switches of 128 KiB ones, and
// 0.0844 s against 0.0874 s); smaller ones keep memory down with many threads, since threads + 2
// chunks are in flight, each with its output (about 3x its input): peak memory with 16 threads
// on that file is 30 MB at 256 KiB, against 52 MB at 512 KiB, over a 50 MB budget.
[[nodiscard]] constexpr std::size_t parallel_chunk_for(unsigned threads) noexcept {
    constexpr std::size_t smallest = std::size_t{128} << 10;
    constexpr std::size_t largest = std::size_t{512} << 10;
    const std::size_t share = (std::size_t{4} << 20) / (threads == 0 ? 1 : threads);
    return share < smallest ? smallest : share > largest ? largest : share;
}

struct score_summary {
    std::uint64_t rows = 0;
    std::uint64_t ok = 0;
    std::uint64_t partial = 0;
    std::uint64_t errors = 0;
    std::uint64_t skipped = 0;  // rows of other REDCap forms (--redcap), written as such
    // 0 when every row is ok, partial or skipped, 1 when any row is an error.
    [[nodiscard]] int exit_status() const noexcept { return errors > 0 ? 1 : 0; }
};

namespace detail {

// "line 7: the record is longer than 8388608 bytes, ...", for a record csv_reader did not keep.
[[nodiscard]] std::string oversized_record(const csv_reader& reader);

// Copied columns (--id, --client, --session, --keep) keep their input names, so one named like
// a column the command writes, or copied twice, would give two output columns of one name (and
// a JSON object with a key twice). `columns` are the output's, the first `copied` of them copied.
void refuse_repeated_columns(const std::vector<std::string>& columns, std::size_t copied);

// A header too long to hold cannot name the columns: the run cannot start.
void refuse_oversized_header(const csv_reader& reader);

// The instrument named by --instrument ID or --key FILE, resolved in one place for every
// command. It carries its own cut-offs, norms and bands (a built-in's from the catalogue, a key
// file's from the file); `entry` views them and the key in the shape of a catalogue entry. The
// instrument's state is shared, so a copy of this struct views the same, still valid, state.
struct chosen_instrument {
    explicit chosen_instrument(runtime_instrument chosen) : instrument(std::move(chosen)), entry(instrument.entry()) {}
    runtime_instrument instrument;
    catalogue_entry entry;
};

[[nodiscard]] chosen_instrument choose_instrument(const parsed_arguments& args);

[[nodiscard]] response_codes codes_from(const parsed_arguments& args);

[[nodiscard]] std::optional<double> min_answered_from(const parsed_arguments& args);

// The table layer's naming of the input's rows, for messages it writes: "line 4", or "case 3"
// for an SPSS or Stata file (row_numbering).
[[nodiscard]] inline table::row_naming row_naming_for(row_numbering numbering) {
    if (numbering == row_numbering::lines) return {};
    return table::row_naming{"case", "cases", [](std::uint64_t line) { return std::to_string(line - 1); }};
}

// An input file opened for reading, or standard input. An SPSS or Stata file (a name ending in
// .sav, .zsav, .por or .dta) is read as the CSV written from it (io/stat_input.hpp), its rows
// named by case number.
class input_file {
public:
    explicit input_file(const std::string& path) : name_(path == "-" ? "standard input" : "'" + path + "'") {
        if (path == "-") {
            stream_ = stdin;
            return;
        }
        std::error_code error;
        if (std::filesystem::is_directory(path, error)) throw input_error("cannot read " + name_ + ": it is a directory");
        if (const auto format = table::stat_format_of(path)) {
            converted_ = stat_file_as_csv(path, *format, size_);
            stream_ = converted_.get();
            regular_ = true;  // the temporary file can be read again
            numbering_ = row_numbering::cases;
            return;
        }
        stream_ = std::fopen(path.c_str(), "rb");
        if (stream_ == nullptr) throw input_error("cannot open " + name_ + ": " + std::strerror(errno));
        regular_ = std::filesystem::is_regular_file(path, error);
        const auto size = std::filesystem::file_size(path, error);
        if (!error) size_ = size;
    }
    input_file(const input_file&) = delete;
    input_file& operator=(const input_file&) = delete;
    ~input_file() {
        if (stream_ != nullptr && stream_ != stdin && !converted_) std::fclose(stream_);
    }
    [[nodiscard]] std::FILE* stream() const noexcept { return stream_; }
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
    // A regular file can be read twice (by seeking back); standard input and pipes cannot.
    [[nodiscard]] bool rereadable() const noexcept { return regular_; }
    // How messages name its rows: by line, or by case for an SPSS or Stata file.
    [[nodiscard]] row_numbering numbering() const noexcept { return numbering_; }

private:
    std::string name_;
    std::FILE* stream_ = nullptr;
    temporary_file converted_{nullptr, &std::fclose};  // the CSV of an SPSS or Stata file
    std::uint64_t size_ = 0;
    bool regular_ = false;
    row_numbering numbering_ = row_numbering::lines;
};

// Reading the input twice (a first pass for what the rows need from the whole file: estimated
// parameters, a client's other sessions). A regular file is read again from its start;
// standard input or a pipe is copied to a temporary file during the first pass.
class two_pass_input {
public:
    two_pass_input(input_file& file, byte_source& source) : file_(file), source_(source) {
        if (!file_.rereadable() || source_.changes_bytes()) {
            copy_ = make_temporary_file();  // in TMPDIR
            tee_.emplace(source_, copy_.get(), file_.name());
        }
    }
    two_pass_input(const two_pass_input&) = delete;
    two_pass_input& operator=(const two_pass_input&) = delete;

    [[nodiscard]] byte_source& first() { return tee_ ? static_cast<byte_source&>(*tee_) : source_; }

    // Call once the first pass has read everything it needs.
    [[nodiscard]] byte_source& second() {
        if (copy_) {
            // What the first pass left unread goes to the copy too.
            char buffer[1 << 16];
            while (tee_->read(buffer, sizeof buffer) > 0) {
            }
            if (std::fseek(copy_.get(), 0, SEEK_SET) != 0)
                throw input_error("cannot read the temporary copy of " + file_.name());
            again_.emplace(copy_.get(), "the temporary copy of " + file_.name(), file_.numbering());
        } else {
            if (std::fseek(file_.stream(), 0, SEEK_SET) != 0)
                throw input_error("cannot read " + file_.name() + " a second time");
            again_.emplace(file_.stream(), file_.name(), file_.numbering());
        }
        return *again_;
    }

private:
    // Copies what it reads to a file.
    class tee_source final : public byte_source {
    public:
        tee_source(byte_source& input, std::FILE* copy, std::string name)
            : input_(input), copy_(copy), name_(std::move(name)) {}
        std::size_t read(char* into, std::size_t capacity) override {
            const std::size_t n = input_.read(into, capacity);
            if (n > 0 && std::fwrite(into, 1, n, copy_) != n)
                throw csv_error("cannot write a temporary copy of " + name_);
            return n;
        }
        [[nodiscard]] row_numbering numbering() const noexcept override { return input_.numbering(); }

    private:
        byte_source& input_;
        std::FILE* copy_;
        std::string name_;
    };

    input_file& file_;
    byte_source& source_;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> copy_{nullptr, &std::fclose};
    std::optional<tee_source> tee_;
    std::optional<stdio_source> again_;
};

// The one positional argument (FILE or '-'), '-' when absent.
[[nodiscard]] std::string input_path(const parsed_arguments& args);

// Writing over the file being read would destroy it before it is read.
void refuse_same_file(const std::string& input, const std::string& output);

// Input and output options of change and compare, shared with score.
inline const std::vector<option_spec> table_options{
    {"id"}, {"keep"}, {"delimiter"}, {"missing"}, {"decimal-comma", false}, {"format"}, {"qualtrics", false},
    {"output", true, 'o'}, {"quiet", false, 'q'}, {"help", false, 'h'}};

[[nodiscard]] std::vector<option_spec> with_table_options(std::vector<option_spec> specs);

// --norm NORM_ID: a published norm from the catalogue (alliance list ID shows them). Its use is
// announced on standard error with id, edition and citation, so a log names the values used.
[[nodiscard]] const alliance::norm* norm_option(const parsed_arguments& args, std::string_view command);

// --threads N (1..256) of score, change and compare; default every core the system reports.
[[nodiscard]] unsigned threads_option(const parsed_arguments& args);

[[nodiscard]] table_settings table_settings_from(const parsed_arguments& args);

[[nodiscard]] std::string required_option(const parsed_arguments& args, std::string_view name);

[[nodiscard]] std::optional<double> number_option(const parsed_arguments& args, std::string_view name);

// A statistics input out of its domain (an SD of 0, a reliability of 1.2) is a usage error.
template <class Check>
void check_option(Check check) {
    try {
        check();
    } catch (const alliance::error& e) {
        throw usage_error(e.what());
    }
}

// A request the table layer checks: its option problems (option_error) are usage errors in the
// layer's words, a value out of a statistic's domain as check_option says it.
template <class Check>
auto check_request(Check check) {
    try {
        return check();
    } catch (const alliance::error& e) {  // the request's own problems without their id
        throw usage_error(e.from_request() ? e.message() : e.what());
    }
}

// A table-layer request's options from the command line, by the names its for_each_option
// gives: numbers and texts are read here, their combinations are the table layer's rules; a
// flag is whether it was given; a text with a default keeps it when the option is absent.
template <class Request>
void read_options(const parsed_arguments& args, Request& request) {
    for_each_option(request, [&](std::string_view name, auto& field) {  // found by ADL in alliance::table
        using type = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<type, std::optional<double>>) field = number_option(args, name);
        else if constexpr (std::is_same_v<type, std::optional<std::string>>) field = args.get(name);
        else if constexpr (std::is_same_v<type, bool>) field = args.has(name);
        else field = args.get_or(name, field);
    });
}

// --critical-value Z (a literal, e.g. 1.96) or --confidence C (two-sided normal quantile,
// default 0.95), for change and track.
[[nodiscard]] stats::critical_value critical_value_option(const parsed_arguments& args);

// Opens the input (FILE or standard input) and the output (-o FILE or standard output),
// refusing to write over the input, and runs `run(file, source, sink, progress)` between them.
template <class Run>
auto with_input_and_output(const parsed_arguments& args, Run run) {
    const std::string input = input_path(args);
    const std::string output = args.get_or("output", "-");
    refuse_same_file(input, output);
    input_file file(input);
    stdio_source file_bytes(file.stream(), file.name(), file.numbering());
    // A Qualtrics export's metadata rows: skipped with --qualtrics, refused without it.
    csv_dialect dialect;
    if (const auto delimiter = args.get("delimiter")) dialect.delimiter = parse_delimiter(*delimiter);
    qualtrics_source source(file_bytes, args.has("qualtrics"), dialect, args.has("quiet") ? nullptr : stderr);
    stdio_sink sink(output);
    progress_meter progress(args.has("quiet") ? nullptr : stderr, file.size());
    try {
        auto result = run(file, source, sink, progress);
        progress.finish();
        sink.close();
        return result;
    } catch (...) {
        progress.finish();
        throw;
    }
}

// Runs `run(file, source, sink, progress)` over the input and output of a table command, then
// reports the summary as score does.
template <class Run>
int run_table(std::string_view command, const parsed_arguments& args, Run run) {
    const bool quiet = args.has("quiet");
    const score_summary summary = with_input_and_output(args, run);
    if (!quiet && (summary.errors > 0 || is_terminal(stderr)))
        std::fprintf(stderr, "alliance %s: %llu rows: %llu ok, %llu partial, %llu error%s\n",
                     std::string(command).c_str(), static_cast<unsigned long long>(summary.rows),
                     static_cast<unsigned long long>(summary.ok), static_cast<unsigned long long>(summary.partial),
                     static_cast<unsigned long long>(summary.errors),
                     summary.errors > 0 ? " (see the status and message columns)" : "");
    if (!quiet && summary.skipped > 0)
        std::fprintf(stderr, "alliance %s: %llu rows of other REDCap forms written with status skipped\n",
                     std::string(command).c_str(), static_cast<unsigned long long>(summary.skipped));
    return summary.exit_status();
}

// ---------------------------------------------------------------------------------------------
// Commands that analyse the input as a whole (reliability, icc) read every row before they
// write a few result rows, so an input row they cannot use has no output row of its own: it is
// named on standard error (line, column, value), left out of the analysis and counted, the
// result rows say so in their message, and the exit status is 1.

// --confidence C of an interval: 0 < C < 1, default 0.95.
[[nodiscard]] double confidence_option(const parsed_arguments& args);

// The input rows left out of an analysis for invalid values.
class left_out_rows {
public:
    explicit left_out_rows(std::string_view command) : command_(command) {}

    // Names the row's problems on standard error (after clearing the progress line) and counts it.
    // `numbering`: the input's (csv_reader::numbering), which names the rows in note().
    void add(std::uint64_t line, const std::string& problems, progress_meter* progress,
             row_numbering numbering = row_numbering::lines) {
        if (progress != nullptr) progress->finish();
        std::fprintf(stderr, "alliance %s: %s; the row is left out\n", command_.c_str(), problems.c_str());
        if (lines_.size() < shown_lines) lines_.push_back(line);
        numbering_ = numbering;
        ++count_;
    }
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

    // "2 rows with invalid values left out (lines 13, 21; see standard error)"; empty for none.
    // An SPSS or Stata file's rows are cases: "(cases 12, 20; ...)".
    [[nodiscard]] std::string note() const {
        if (count_ == 0) return {};
        const bool cases = numbering_ == row_numbering::cases;
        std::string text = std::to_string(count_) + (count_ == 1 ? " row" : " rows") +
                           " with invalid values left out (" + (cases ? "case" : "line") + (count_ == 1 ? " " : "s ");
        for (std::size_t i = 0; i < lines_.size(); ++i)
            text += (i > 0 ? ", " : "") + std::to_string(cases ? lines_[i] - 1 : lines_[i]);
        if (count_ > lines_.size()) text += ", ...";
        return text + "; see standard error)";
    }

private:
    static constexpr std::size_t shown_lines = 5;
    std::string command_;
    std::vector<std::uint64_t> lines_;
    std::uint64_t count_ = 0;
    row_numbering numbering_ = row_numbering::lines;
};

// Runs `run(source, sink, progress)`, which reads the whole input, writes the results and
// returns the exit status, over the input and output of an analysing command.
template <class Run>
int run_analysis(const parsed_arguments& args, Run run) {
    return with_input_and_output(args, [&](input_file&, byte_source& source, output_sink& sink,
                                           progress_meter& progress) { return run(source, sink, progress); });
}

}  // namespace detail
}  // namespace alliance::cli
