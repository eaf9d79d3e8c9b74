// The alliance command-line driver: subcommand dispatch, --help texts, opening files, and the
// mapping of failures to exit statuses (0 all rows ok or partial, 1 some rows are errors,
// 2 usage errors, unreadable input, a header without the needed columns).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/error.hpp>
#include <alliance/explain.hpp>
#include <alliance/key_file.hpp>
#include <alliance/runtime_instrument.hpp>

#include "arguments.hpp"
#include "command_explain.hpp"
#include "command_list.hpp"
#include "command_score.hpp"
#include "command_stats.hpp"
#include "csv_reader.hpp"
#include "json_writer.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "response_codes.hpp"

#ifndef ALLIANCE_DRIVER_VERSION
#define ALLIANCE_DRIVER_VERSION "unknown"
#endif

namespace alliance::cli {

inline constexpr std::string_view main_help = R"(alliance - score therapeutic-alliance questionnaires in batch

Usage: alliance COMMAND [OPTIONS] [FILE]

Commands:
  list       the built-in instruments; 'alliance list ID' shows one in full
  score      score every row of a CSV file with one instrument
  explain    the scoring of one record, step by step, with the sources
  change     reliable change and clinical significance per row (pre and post columns)
  compare    each row's score against a norm: z, T, percentile; single-case tests

'alliance COMMAND --help' describes a command's options.

Input is CSV (RFC 4180) from FILE, or from standard input when FILE is '-' or absent: a
header row, quoted fields (with commas, quotes and line breaks inside), LF or CRLF line
ends, UTF-8 with or without a byte-order mark. Output is CSV on standard output (or -o FILE)
with one row for every input row, in input order; '--format jsonl' writes one JSON object
per row instead. Every output row has a status (ok, partial, error) and a message.

Exit status:
  0  every row is ok or partial
  1  at least one row is an error (the output is still complete)
  2  usage error, unreadable input, or a header without the needed columns
     (then nothing is written to the output)

Options:
  -h, --help     this text
  --version      the driver's version
)";

inline constexpr std::string_view score_help = R"(Usage: alliance score (--instrument ID | --key FILE) [OPTIONS] [FILE | -]

Scores every row of a CSV file with one instrument. The output has one row per input row,
in input order: the --id column, the --keep columns, then for every scale of the instrument
(in catalogue order, the total last) four columns
  <scale>_sum, <scale>_mean, <scale>_answered, <scale>_status
then status and message. Scale names are the catalogue's in lower case ('alliance list ID').

Instrument (exactly one):
  --instrument ID           a built-in instrument, e.g. wai-sr, srs, ors ('alliance list')
  --key FILE                an instrument key file (docs/key-files.md; 'alliance list ID
                            --format json' writes a built-in one to start from)

Input:
  FILE                      the CSV file; standard input when '-' or absent
  --items PATTERN           item column names, {} standing for the item number 1..N
                            (default 'item{}'; --items 'wai_{}' reads wai_1..wai_12)
  --delimiter D             ',' (default), ';' or 'tab'
  --missing CODES           comma-separated codes meaning "not answered"; replaces the
                            default list, which is the empty field and NA. To keep empty
                            fields missing, include an empty code: --missing ',NA,-99'
  --not-applicable CODES    comma-separated codes meaning "does not apply", for
                            instruments that offer that answer (none by default)
  --decimal-comma           read 3,5 as 3.5 (with --delimiter ';' or 'tab')

Scoring:
  --min-answered FRACTION   score a scale when at least this fraction of its items is
                            answered (0 < FRACTION <= 1), prorating the sum to all items;
                            replaces every scale's own rule. Default: the instrument's rule
                            ('alliance list ID' shows it).

Output:
  --id COLUMN               copy this column first; an empty id makes the row an error
  --keep COLUMNS            copy these comma-separated columns after the id
  --format FORMAT           csv (default) or jsonl (one JSON object per row, null where
                            the CSV cell would be empty)
  -o, --output FILE         write to FILE instead of standard output
  -q, --quiet               no progress bar and no summary on standard error
  -h, --help                this text

Columns:
  <scale>_sum       sum over the scale's items after reverse keying; when prorated, the
                    mean of the answered items times the number of items
  <scale>_mean      mean of the answered items
  <scale>_answered  number of the scale's items answered
  <scale>_status    complete, prorated, or insufficient (then sum and mean are empty)
  status            ok; partial when any scale is prorated or insufficient; error when
                    the row cannot be scored (a value out of range, text that is neither
                    a number nor a code, an empty id, a wrong number of fields): then
                    every score is empty
  message           empty when ok; otherwise what happened, naming the input line, the
                    column and the value

Numbers are written in the shortest form that reads back to the same value. Lines with
nothing on them are skipped; line numbers count every physical line (the header is line 1).

Exit status: 0 every row ok or partial; 1 some row is an error (the output is complete);
2 usage error, unreadable input, or a header without the needed columns (nothing written).

Example:
  alliance score --instrument wai-sr --id client examples/data/wai_sr_sample.csv
)";

inline constexpr std::string_view list_help = R"(Usage: alliance list [ID | --key FILE] [OPTIONS]

Without ID: the built-in instruments, one row each, with the columns
  id, name, form, items, response_scale, scales, citation
With ID (or --key FILE): that instrument in full - response scale, reversed items, every
scale's items, metric and missing-item rule with its source, licence, how the key was
verified, and its published cut-offs, norms and severity bands.

Options:
  --key FILE          show the instrument a key file defines (docs/key-files.md)
  --format FORMAT     without ID: csv (default), jsonl or text (aligned columns);
                      with ID: text (default) or json - the instrument as a key file,
                      which 'alliance score --key' reads back: a start for your own keys
  -o, --output FILE   write to FILE instead of standard output
  -h, --help          this text
)";

inline constexpr std::string_view explain_help = R"(Usage: alliance explain (--instrument ID | --key FILE) --responses LIST [OPTIONS]

The scoring of one record, step by step: the responses given, which items are reverse-keyed
and what they become, each scale's items and arithmetic, the missing-item rule applied and
why, the sum and the mean, and the citation of the key.

Options:
  --instrument ID         a built-in instrument ('alliance list')
  --key FILE              an instrument key file (docs/key-files.md)
  --responses LIST        the responses in item order, comma-separated, e.g. 4,5,3,NA,2
                          (empty or NA: missing)
  --missing CODES         codes meaning "not answered" (replaces: the empty text and NA)
  --not-applicable CODES  codes meaning "does not apply"
  --min-answered FRACTION prorate a scale with at least this fraction answered (as for score)
  --format FORMAT         text (default) or json
  -o, --output FILE       write to FILE instead of standard output
  -h, --help              this text

Exit status: 0 the record is scored; 1 it has invalid responses (out of range, wrong
count: the trace says which); 2 usage error (e.g. a response that is not a number or code).
)";

inline constexpr std::string_view change_help = R"(Usage: alliance change --pre COL --post COL (--higher-is-better | --lower-is-better)
                       [--method M] [PARAMETERS] [OPTIONS] [FILE | -]

Reliable change for every row, from its pre and post scores. Output columns:
  difference        post - pre
  standard_error    the index's denominator
  rci               the reliable change index
  critical_value    the value |rci| must exceed
  threshold         the smallest reliable |post - pre| in raw score points (methods whose
                    numerator is post - pre: jt, maassen, iverson-unadjusted; else empty)
  reliable_change   improved, deteriorated or none (direction from the flag below)
and with a cut-off, cutoff and category (recovered, improved, unchanged, deteriorated,
Jacobson & Truax 1991). Then status and message.

Method (--method, default jt):
  jt                  Jacobson & Truax (1991)
  gln, hll, en, nk    Gulliksen-Lord-Novick, Hsu-Linn-Lord, Edwards-Nunnally, Nunnally-Kotsch
  ha                  Hageman & Arrindell (1999)
  maassen             Maassen (2004)
  iverson             Iverson, Lovell & Collins (2003), practice-adjusted
  iverson-unadjusted  the same without practice adjustment
  chelune, temkin     Chelune et al. (1993), Temkin et al. (1999)
  mcsweeny            McSweeny et al. (1993), regression-based
Direction (one is required): --higher-is-better, --lower-is-better

Parameters (as the method needs them):
  --sd X                  SD of the pre scores (the clinical sample)
  --mean X                mean of the pre scores
  --post-mean X           mean of the post scores
  --post-sd X             SD of the post scores
  --reliability X         reliability of the measure (always given, never estimated)
  --norm NORM_ID          a published norm for --mean, --sd and (when it reports one)
                          --reliability; id, edition and citation go to stderr
  --post-reliability X    reliability of the post scores (nk)
  --prepost-correlation X the pre-post (test-retest) correlation
A mean, SD or correlation the method needs and you do not give is estimated from the
complete pre/post pairs of the input (sample statistics, SD with n - 1) and reported on
standard error. Estimating keeps the pairs in memory (16 bytes each) and reads the input
twice (standard input is copied to a temporary file).

Critical value: --confidence C (default 0.95, two-sided) or --critical-value X (e.g. 1.96
to reproduce a paper).

Clinical significance (adds cutoff and category):
  --cutoff a|b|c          Jacobson & Truax's cut-off: a needs --clinical-mean and
                          --clinical-sd; b and c also --functional-mean and --functional-sd
  --cutoff-value X        a cut-off of your own

Input and output: FILE or '-' for standard input; --id COLUMN, --keep COLUMNS,
--delimiter D, --missing CODES, --decimal-comma, --format csv|jsonl, -o FILE, -q, as for
'alliance score'. A row with a missing pre or post score is partial with nothing
computed; a value that is not a number makes the row an error.

Exit status: 0 every row ok or partial; 1 some row is an error; 2 usage error (including a
parameter out of its domain, e.g. --reliability 1.2), unreadable input, or a header without
the needed columns.

Example:
  alliance change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 \
    --cutoff-value 25 --id client examples/data/ors_pre_post.csv
)";

inline constexpr std::string_view compare_help = R"(Usage: alliance compare --score COL (--mean M --sd S [--n N] | --norm NORM_ID) [OPTIONS] [FILE | -]

Compares every row's score with a norm (mean M, SD S). Output columns:
  z            (score - M) / S
  t_score      50 + 10 z
  percentile   100 x the standard normal CDF of z
With --n N (the size of the normative sample), Crawford & Howell's (1998) test of a single
case against a small sample, and Crawford & Garthwaite's (2002) interval estimates:
  t, df                 (score - M) / (S sqrt((N + 1) / N)), N - 1
  p_one_tailed          in the direction in which the score lies from the mean
  p_two_tailed
  percent_below         estimated percentage of the population below the score
  percent_below_lower, percent_below_upper   its interval at --confidence
  z_cc, z_cc_lower, z_cc_upper               the standardised score and its interval
Then status and message.

Options:
  --score COL             the column with the score
  --mean M, --sd S        the norm
  --norm NORM_ID          a published norm instead (mean, SD and n when reported; the ids are
                          in 'alliance list ID'); its id, edition and citation go to stderr
  --n N                   size of the normative sample (at least 2)
  --confidence C          of the intervals (default 0.95)
Input and output: FILE or '-' for standard input; --id COLUMN, --keep COLUMNS,
--delimiter D, --missing CODES, --decimal-comma, --format csv|jsonl, -o FILE, -q, as for
'alliance score'. A row with a missing score is partial with nothing computed.

Exit status: 0 every row ok or partial; 1 some row is an error; 2 usage error (e.g. --sd 0),
unreadable input, or a header without the score column.

Example:
  alliance compare --score ors_post --mean 28 --sd 6.8 --n 100 --id client examples/data/ors_pre_post.csv
)";

namespace detail {

// The instrument named by --instrument ID or --key FILE, resolved in one place for every
// command: its catalogue entry (cut-offs, norms, severity bands) and the run-time instrument
// that scores it, so built-in and key-file instruments take the same scoring route.
struct chosen_instrument {
    std::optional<key_file> key;  // owns what `entry` views when the instrument is a key file
    catalogue_entry entry;
    runtime_instrument instrument;
};

[[nodiscard]] inline chosen_instrument choose_instrument(const parsed_arguments& args) {
    const auto id = args.get("instrument");
    const auto key = args.get("key");
    if (id && key) throw usage_error("give --instrument or --key, not both");
    if (key) {
        key_file file = read_key_file(*key);  // key_file_error names the file and the field
        catalogue_entry entry = file.entry();
        runtime_instrument instrument = file.instrument();
        return {std::move(file), entry, std::move(instrument)};
    }
    if (!id) throw usage_error("which instrument? give --instrument ID (see 'alliance list') or --key FILE");
    if (const catalogue_entry* entry = find_instrument(*id))
        return {std::nullopt, *entry, runtime_instrument(definition_of(entry->definition))};
    std::string known;
    for (const catalogue_entry& entry : catalogue())
        known += (known.empty() ? "" : ", ") + std::string(entry.definition.about.id);
    throw usage_error("unknown instrument '" + *id + "'; the built-in instruments are " + known);
}

[[nodiscard]] inline response_codes codes_from(const parsed_arguments& args) {
    response_codes codes;
    if (const auto missing = args.get("missing")) codes.missing = split_list(*missing);
    if (const auto na = args.get("not-applicable")) codes.not_applicable = split_list(*na);
    for (const std::string& code : codes.not_applicable)
        for (const std::string& other : codes.missing)
            if (code == other)
                throw usage_error("code '" + code + "' is both a missing code and a not-applicable code");
    return codes;
}

[[nodiscard]] inline std::optional<double> min_answered_from(const parsed_arguments& args) {
    const auto text = args.get("min-answered");
    if (!text) return std::nullopt;
    const double fraction = parse_number_option("min-answered", *text);
    if (!(fraction > 0.0 && fraction <= 1.0))
        throw usage_error("--min-answered expects a fraction above 0 and at most 1, not '" + *text + "'");
    return fraction;
}

// An input file opened for reading, or standard input.
class input_file {
public:
    explicit input_file(const std::string& path) : name_(path == "-" ? "standard input" : "'" + path + "'") {
        if (path == "-") {
            stream_ = stdin;
            return;
        }
        std::error_code error;
        if (std::filesystem::is_directory(path, error)) throw input_error("cannot read " + name_ + ": it is a directory");
        stream_ = std::fopen(path.c_str(), "rb");
        if (stream_ == nullptr) throw input_error("cannot open " + name_ + ": " + std::strerror(errno));
        regular_ = std::filesystem::is_regular_file(path, error);
        const auto size = std::filesystem::file_size(path, error);
        if (!error) size_ = size;
    }
    input_file(const input_file&) = delete;
    input_file& operator=(const input_file&) = delete;
    ~input_file() {
        if (stream_ != nullptr && stream_ != stdin) std::fclose(stream_);
    }
    [[nodiscard]] std::FILE* stream() const noexcept { return stream_; }
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
    // A regular file can be read twice (by seeking back); standard input and pipes cannot.
    [[nodiscard]] bool rereadable() const noexcept { return regular_; }

private:
    std::string name_;
    std::FILE* stream_ = nullptr;
    std::uint64_t size_ = 0;
    bool regular_ = false;
};

// The one positional argument (FILE or '-'), '-' when absent.
[[nodiscard]] inline std::string input_path(const parsed_arguments& args) {
    const auto& positional = args.positional();
    if (positional.size() > 1) throw usage_error("one input file at a time; got '" + positional[1] + "' as well");
    return positional.empty() ? "-" : positional[0];
}

// Writing over the file being read would destroy it before it is read.
inline void refuse_same_file(const std::string& input, const std::string& output) {
    if (input == "-" || output == "-") return;
    std::error_code error;
    if (std::filesystem::equivalent(input, output, error))
        throw usage_error("-o '" + output + "' is the input file; choose another output file");
}

inline const std::vector<option_spec> score_options{
    {"instrument"}, {"key"},          {"items"},         {"delimiter"},    {"missing"},
    {"not-applicable"}, {"decimal-comma", false}, {"min-answered"}, {"id"}, {"keep"},
    {"format"},     {"output", true, 'o'}, {"quiet", false, 'q'}, {"help", false, 'h'}};

inline const std::vector<option_spec> list_options{{"key"}, {"format"}, {"output", true, 'o'}, {"help", false, 'h'}};

inline const std::vector<option_spec> explain_options{
    {"instrument"}, {"key"},    {"responses"}, {"missing"}, {"not-applicable"}, {"min-answered"},
    {"format"},     {"output", true, 'o'}, {"help", false, 'h'}};

inline int print_help(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

// Input and output options of change and compare, shared with score.
inline const std::vector<option_spec> table_options{
    {"id"}, {"keep"}, {"delimiter"}, {"missing"}, {"decimal-comma", false}, {"format"},
    {"output", true, 'o'}, {"quiet", false, 'q'}, {"help", false, 'h'}};

[[nodiscard]] inline std::vector<option_spec> with_table_options(std::vector<option_spec> specs) {
    specs.insert(specs.end(), table_options.begin(), table_options.end());
    return specs;
}

inline const std::vector<option_spec> compare_options =
    with_table_options({{"score"}, {"mean"}, {"sd"}, {"n"}, {"confidence"}, {"norm"}});

// --norm NORM_ID: a published norm from the catalogue (alliance list ID shows them). Its use is
// announced on standard error with id, edition and citation, so a log names the values used.
[[nodiscard]] inline const alliance::norm* norm_option(const parsed_arguments& args, std::string_view command) {
    const auto id = args.get("norm");
    if (!id) return nullptr;
    const alliance::norm* found = alliance::find_norm(*id);
    if (found == nullptr) {
        std::string known;
        for (const auto& entry : alliance::catalogue())
            for (const auto& record : entry.norms) known += (known.empty() ? "" : ", ") + std::string(record.id);
        throw usage_error("--norm: no norm '" + *id + "'; the catalogue has " + known);
    }
    std::fprintf(stderr, "alliance %s: using norm %s\n", std::string(command).c_str(), describe(*found).c_str());
    return found;
}

inline const std::vector<option_spec> change_options = with_table_options(
    {{"pre"}, {"post"}, {"method"}, {"sd"}, {"mean"}, {"post-mean"}, {"post-sd"}, {"reliability"},
     {"post-reliability"}, {"prepost-correlation"}, {"confidence"}, {"critical-value"},
     {"higher-is-better", false}, {"lower-is-better", false}, {"cutoff"}, {"cutoff-value"},
     {"clinical-mean"}, {"clinical-sd"}, {"functional-mean"}, {"functional-sd"}, {"norm"}});

[[nodiscard]] inline table_settings table_settings_from(const parsed_arguments& args) {
    table_settings settings;
    settings.codes = codes_from(args);
    if (const auto delimiter = args.get("delimiter")) settings.dialect.delimiter = parse_delimiter(*delimiter);
    settings.codes.decimal_comma = args.has("decimal-comma");
    if (settings.codes.decimal_comma && settings.dialect.delimiter == ',')
        throw usage_error("--decimal-comma needs --delimiter ';' or 'tab' (',' separates the fields)");
    settings.id_column = args.get_or("id", "");
    if (args.has("id") && settings.id_column.empty()) throw usage_error("--id needs a column name");
    if (const auto keep = args.get("keep")) settings.keep_columns = split_list(*keep);
    const std::string format = args.get_or("format", "csv");
    if (format == "csv") settings.format = table_format::csv;
    else if (format == "jsonl") settings.format = table_format::jsonl;
    else throw usage_error("--format expects csv or jsonl, not '" + format + "'");
    return settings;
}

[[nodiscard]] inline std::string required_option(const parsed_arguments& args, std::string_view name) {
    const auto value = args.get(name);
    if (!value || value->empty()) throw usage_error("--" + std::string(name) + " is required");
    return *value;
}

[[nodiscard]] inline std::optional<double> number_option(const parsed_arguments& args, std::string_view name) {
    const auto text = args.get(name);
    if (!text) return std::nullopt;
    return parse_number_option(name, *text);
}

// A statistics input out of its domain (an SD of 0, a reliability of 1.2) is a usage error.
template <class Check>
void check_option(Check check) {
    try {
        check();
    } catch (const alliance::error& e) {
        throw usage_error(e.what());
    }
}

// Runs `run(source, sink, progress)` over the input and output of a table command, then
// reports the summary as score does.
template <class Run>
int run_table(std::string_view command, const parsed_arguments& args, Run run) {
    const std::string input = input_path(args);
    const std::string output = args.get_or("output", "-");
    refuse_same_file(input, output);
    input_file file(input);
    stdio_source source(file.stream(), file.name());
    stdio_sink sink(output);
    const bool quiet = args.has("quiet");
    progress_meter progress(quiet ? nullptr : stderr, file.size());
    score_summary summary;
    try {
        summary = run(file, source, sink, progress);
    } catch (...) {
        progress.finish();
        throw;
    }
    progress.finish();
    sink.close();
    if (!quiet && (summary.errors > 0 || is_terminal(stderr)))
        std::fprintf(stderr, "alliance %s: %llu rows: %llu ok, %llu partial, %llu error%s\n",
                     std::string(command).c_str(), static_cast<unsigned long long>(summary.rows),
                     static_cast<unsigned long long>(summary.ok), static_cast<unsigned long long>(summary.partial),
                     static_cast<unsigned long long>(summary.errors),
                     summary.errors > 0 ? " (see the status and message columns)" : "");
    return summary.exit_status();
}

inline int run_compare(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, compare_options);
    if (args.has("help")) return print_help(compare_help);
    const table_settings table = table_settings_from(args);
    compare_settings settings;
    settings.score_column = required_option(args, "score");
    if (const alliance::norm* published = norm_option(args, "compare")) {
        for (const char* flag : {"mean", "sd"})
            if (args.has(flag)) throw usage_error(std::string("give --norm or --") + flag + ", not both");
        if (published->n && args.has("n")) throw usage_error("--norm " + std::string(published->id) + " has its n; give --norm or --n, not both");
        settings.norm.mean = published->mean;
        settings.norm.sd = published->sd;
        settings.norm.n = published->n;
        settings.norm.id = std::string(published->id) + " (edition " + std::to_string(published->edition) + ")";
        settings.norm.citation = std::string(published->citation);
    } else {
        settings.norm.mean = parse_number_option("mean", required_option(args, "mean"));
        settings.norm.sd = parse_number_option("sd", required_option(args, "sd"));
    }
    if (const auto n = number_option(args, "n")) {
        if (!(*n >= 2 && *n <= 1e9 && *n == std::floor(*n)))
            throw usage_error("--n expects a whole number of at least 2, not '" + *args.get("n") + "'");
        settings.norm.n = static_cast<int>(*n);
    }
    if (const auto confidence = number_option(args, "confidence")) settings.confidence = *confidence;
    else if (args.has("confidence")) throw usage_error("--confidence needs a value");
    // The norm and the confidence go through the library's checks once, before any row.
    check_option([&] {
        (void)stats::compare(settings.norm, settings.norm.mean);
        if (settings.norm.n) (void)stats::crawford_garthwaite(settings.norm, settings.norm.mean, settings.confidence);
        else if (args.has("confidence"))
            throw usage_error("--confidence is for the intervals of --n; give --n too");
    });
    return run_table("compare", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        return map_rows(table, {settings.score_column}, compare_columns(settings), source, sink, &progress,
                        [&](std::span<const double> x) { return compare_cells(settings, x[0]); });
    });
}

inline int run_change(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, change_options);
    if (args.has("help")) return print_help(change_help);
    const table_settings table = table_settings_from(args);
    const std::string pre = required_option(args, "pre");
    const std::string post = required_option(args, "post");
    const std::string method_name = args.get_or("method", "jt");
    std::optional<stats::rc_method> method;
    check_option([&] { method = stats::rc_method_from_string(method_name); });

    if (args.has("higher-is-better") == args.has("lower-is-better"))
        throw usage_error("give the direction: --higher-is-better or --lower-is-better");
    const stats::direction better =
        args.has("higher-is-better") ? stats::direction::higher_is_better : stats::direction::lower_is_better;

    using stats::change_parameter;
    const std::pair<const char*, change_parameter> parameter_flags[] = {
        {"mean", change_parameter::mean_pre},
        {"sd", change_parameter::sd_pre},
        {"post-mean", change_parameter::mean_post},
        {"post-sd", change_parameter::sd_post},
        {"reliability", change_parameter::reliability},
        {"post-reliability", change_parameter::reliability_post},
        {"prepost-correlation", change_parameter::retest_correlation}};
    stats::change_parameters given;
    const stats::parameter_set required = stats::required_parameters(*method);
    // --norm fills the pre mean, SD and (when the norm reports one) reliability.
    if (const alliance::norm* published = norm_option(args, "change")) {
        for (const char* flag : {"mean", "sd"})
            if (args.has(flag)) throw usage_error(std::string("give --norm or --") + flag + ", not both");
        given.mean_pre = published->mean;
        given.sd_pre = published->sd;
        const bool has_reliability = published->reliability.kind != alliance::reliability_kind::none;
        if (has_reliability && args.has("reliability"))
            throw usage_error("--norm " + std::string(published->id) + " has a reliability; give --norm or --reliability, not both");
        if (has_reliability) given.reliability = published->reliability.value;
        else if (required.contains(change_parameter::reliability) && !args.has("reliability"))
            throw usage_error("--norm " + std::string(published->id) +
                              " reports no reliability; give the one you use with --reliability");
    }
    for (const auto& [flag, parameter] : parameter_flags) {
        const auto value = number_option(args, flag);
        if (!value) continue;
        if (!required.contains(parameter))
            std::fprintf(stderr, "alliance change: --%s is not used by method %s\n", flag, method_name.c_str());
        given.set(parameter, *value);
    }

    if (args.has("confidence") && args.has("critical-value"))
        throw usage_error("give --confidence or --critical-value, not both");
    std::optional<stats::critical_value> critical;
    check_option([&] {
        if (const auto z = number_option(args, "critical-value")) critical = stats::critical_value::literal(*z);
        else critical = stats::critical_value::from_confidence(number_option(args, "confidence").value_or(0.95));
    });

    clinical_cutoff_settings cutoff_settings;
    if (const auto kind = args.get("cutoff")) {
        cutoff_settings.kind = stats::parse_cutoff_kind(*kind);
        if (!cutoff_settings.kind) throw usage_error("--cutoff expects a, b or c, not '" + *kind + "'");
        if (args.has("cutoff-value")) throw usage_error("give --cutoff or --cutoff-value, not both");
        const auto clinical_mean = number_option(args, "clinical-mean");
        const auto clinical_sd = number_option(args, "clinical-sd");
        if (!clinical_mean || !clinical_sd)
            throw usage_error("--cutoff " + *kind + " needs --clinical-mean and --clinical-sd");
        cutoff_settings.clinical = stats::norm{*clinical_mean, *clinical_sd, {}, {}, "clinical", {}};
        const auto functional_mean = number_option(args, "functional-mean");
        const auto functional_sd = number_option(args, "functional-sd");
        if (*cutoff_settings.kind != stats::cutoff_kind::a && (!functional_mean || !functional_sd))
            throw usage_error("--cutoff " + *kind + " needs --functional-mean and --functional-sd as well");
        if (functional_mean && functional_sd)
            cutoff_settings.functional = stats::norm{*functional_mean, *functional_sd, {}, {}, "functional", {}};
    } else if (const auto value = number_option(args, "cutoff-value")) {
        cutoff_settings.value = *value;
    }
    for (const char* flag : {"clinical-mean", "clinical-sd", "functional-mean", "functional-sd"})
        if (args.has(flag) && !cutoff_settings.kind)
            throw usage_error(std::string("--") + flag + " is for --cutoff a|b|c; give --cutoff too");
    std::optional<double> cutoff;
    check_option([&] { cutoff = cutoff_value(cutoff_settings, better); });

    return run_table("change", args, [&](input_file& file, byte_source& source, output_sink& sink,
                                         progress_meter& progress) {
        stats::change_parameters parameters = given;
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> spool(nullptr, &std::fclose);
        std::optional<stdio_source> second_pass;
        byte_source* rows = &source;
        bool estimate = false;
        for (const change_parameter parameter : stats::missing_parameters(*method, given).members())
            estimate |= stats::estimable_from_sample(parameter);
        if (estimate) {
            // First pass: the complete pairs, for the parameters to estimate. A regular file is
            // read again from its start; standard input or a pipe is copied to a temporary file
            // on the way.
            std::vector<stats::score_pair> pairs;
            if (file.rereadable()) {
                pairs = read_pairs(table, pre, post, source);
                if (std::fseek(file.stream(), 0, SEEK_SET) != 0)
                    throw input_error("cannot read " + file.name() + " a second time");
                second_pass.emplace(file.stream(), file.name());
            } else {
                spool.reset(std::tmpfile());
                if (!spool) throw input_error("cannot create a temporary copy of " + file.name());
                tee_source copy(source, spool.get());
                pairs = read_pairs(table, pre, post, copy);
                if (std::fseek(spool.get(), 0, SEEK_SET) != 0)
                    throw input_error("cannot read the temporary copy of " + file.name());
                second_pass.emplace(spool.get(), "the temporary copy of " + file.name());
            }
            rows = &*second_pass;
            stats::completed_parameters completed;
            check_option([&] { completed = stats::complete_from_sample(*method, given, pairs); });
            parameters = completed.parameters;
            std::string report;
            for (const change_parameter parameter : completed.estimated.members())
                report += (report.empty() ? "" : ", ") + std::string(stats::to_string(parameter)) + " = " +
                          alliance::detail::format_number(*parameters.get(parameter));
            std::fprintf(stderr,
                         "alliance change: estimated from the %zu complete pre/post pairs of the input (sample "
                         "statistics, SD with n - 1): %s\n",
                         completed.n, report.c_str());
        }
        std::optional<stats::reliable_change_index> index;
        check_option([&] { index.emplace(*method, parameters, better, *critical); });
        return map_rows(table, {pre, post}, change_columns(cutoff.has_value()), *rows, sink, &progress,
                        [&](std::span<const double> x) { return change_cells(*index, cutoff, x[0], x[1]); });
    });
}


inline int run_score(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, score_options);
    if (args.has("help")) return print_help(score_help);

    score_settings settings;
    settings.items_pattern = args.get_or("items", "item{}");
    if (settings.items_pattern.find("{}") == std::string::npos)
        throw usage_error("--items '" + settings.items_pattern + "' has no {} where the item number goes");
    settings.min_answered = min_answered_from(args);
    static_cast<table_settings&>(settings) = table_settings_from(args);

    const chosen_instrument chosen = choose_instrument(args);
    return run_table("score", args, [&](input_file&, byte_source& source, output_sink& sink, progress_meter& progress) {
        return score_csv(chosen.instrument, settings, source, sink, &progress);
    });
}

inline int run_list(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, list_options);
    if (args.has("help")) return print_help(list_help);
    const auto& positional = args.positional();
    if (positional.size() > 1) throw usage_error("list takes at most one instrument id");
    if (!positional.empty() && args.has("key")) throw usage_error("give an instrument id or --key, not both");
    const bool one = !positional.empty() || args.has("key");
    const std::string format = args.get_or("format", one ? "text" : "csv");
    if (!one && format != "csv" && format != "jsonl" && format != "text")
        throw usage_error("--format expects csv, jsonl or text, not '" + format + "'");
    if (one && format != "text" && format != "json")
        throw usage_error("--format expects text or json for one instrument, not '" + format + "'");

    std::optional<chosen_instrument> chosen;
    if (one) {
        parsed_arguments lookup;
        if (args.has("key")) lookup.add("key", *args.get("key"));
        else lookup.add("instrument", positional[0]);
        chosen = choose_instrument(lookup);
    }
    stdio_sink sink(args.get_or("output", "-"));
    buffered_writer out(sink);
    if (!one) write_catalogue(out, format == "csv" ? list_format::csv : format == "jsonl" ? list_format::jsonl : list_format::text);
    else if (format == "text") write_instrument_text(out, chosen->entry);
    else out.put(to_key_file_json(chosen->entry));  // a key file that --key reads back
    out.flush();
    sink.close();
    return 0;
}

inline int run_explain(std::span<const std::string> arguments) {
    const parsed_arguments args = parse_arguments(arguments, explain_options);
    if (args.has("help")) return print_help(explain_help);
    if (!args.positional().empty()) throw usage_error("explain reads no file; give the record with --responses");
    const std::string format = args.get_or("format", "text");
    if (format != "text" && format != "json") throw usage_error("--format expects text or json, not '" + format + "'");
    const auto list = args.get("responses");
    if (!list) throw usage_error("give the record with --responses, e.g. --responses 4,5,3,NA,2");
    const chosen_instrument chosen = choose_instrument(args);
    const std::vector<response> responses = parse_response_list(*list, codes_from(args));
    scoring_options options;
    if (const auto fraction = min_answered_from(args))
        options.missing_override = missing_rule::prorate_min_fraction(*fraction, "--min-answered");

    const explanation trace = explain(chosen.instrument, responses, options);
    stdio_sink sink(args.get_or("output", "-"));
    buffered_writer out(sink);
    if (format == "json") {
        json_writer json(out);
        write_explanation_json(json, trace);
    } else {
        out.put(describe(trace));
    }
    out.flush();
    sink.close();
    return trace.scored() ? 0 : 1;
}

}  // namespace detail

// Runs one command line (without the program name) and returns the exit status.
inline int run(std::span<const std::string> arguments) {
    if (arguments.empty()) {
        std::fputs(main_help.data(), stderr);
        return 2;
    }
    const std::string& command = arguments[0];
    const auto rest = arguments.subspan(1);
    if (command == "-h" || command == "--help") return detail::print_help(main_help);
    if (command == "help") {  // "alliance help score" is "alliance score --help"
        if (rest.empty()) return detail::print_help(main_help);
        const std::vector<std::string> again{rest[0], "--help"};
        return run(again);
    }
    if (command == "--version") {
        std::printf("alliance %s\n", ALLIANCE_DRIVER_VERSION);
        return 0;
    }
    const bool known = command == "score" || command == "list" || command == "explain" || command == "change" ||
                       command == "compare";
    const std::string who = known ? "alliance " + command : std::string("alliance");
    try {
        if (command == "score") return detail::run_score(rest);
        if (command == "list") return detail::run_list(rest);
        if (command == "explain") return detail::run_explain(rest);
        if (command == "change") return detail::run_change(rest);
        if (command == "compare") return detail::run_compare(rest);
        throw usage_error("unknown command '" + command + "'");
    } catch (const usage_error& e) {
        std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", who.c_str(), e.what(), who.c_str());
    } catch (const std::exception& e) {
        // Unreadable input, a header without the needed columns, a key that fails validation,
        // a full disk: the run cannot go on.
        std::fprintf(stderr, "%s: %s\n", who.c_str(), e.what());
    }
    return 2;
}

}  // namespace alliance::cli
