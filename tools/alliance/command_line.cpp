// The shared pieces of the table commands (command_line.hpp), compiled once for all commands:
// resolving --instrument ID | --key FILE (the key-file reader, nlohmann/json), the input and
// output options, and the statistics options (Boost.Math).
#include "command_line.hpp"

#include <alliance/table/threads.hpp>

namespace alliance::cli::detail {

std::string oversized_record(const csv_reader& reader) {
    return reader.row_name() + ": the record is longer than " +
           std::to_string(reader.max_record()) + " bytes, the most one record may hold (is a quote left open?)";
}

void refuse_repeated_columns(const std::vector<std::string>& columns, std::size_t copied) {
    for (std::size_t j = 1; j < columns.size(); ++j)
        for (std::size_t i = 0; i < j; ++i) {
            if (columns[i] != columns[j]) continue;
            const std::string name = "'" + columns[j] + "'";
            if (j < copied)
                throw usage_error("the column " + name + " is copied twice (options --id, --client, --session and "
                                  "--keep name it more than once); name it once");
            if (i < copied)
                throw usage_error("the copied column " + name + " (--id, --client, --session or --keep) has the name "
                                  "of the output column " + name + " this command writes (output columns " +
                                  std::to_string(i + 1) + " and " + std::to_string(j + 1) +
                                  "); rename the input column, or leave it out");
            throw usage_error("the output would have two columns named " + name + " (columns " + std::to_string(i + 1) +
                              " and " + std::to_string(j + 1) + ")");
        }
}

void refuse_oversized_header(const csv_reader& reader) {
    if (reader.oversized()) throw input_error(oversized_record(reader) + "; it is the header row");
}

chosen_instrument choose_instrument(const parsed_arguments& args) {
    const auto id = args.get("instrument");
    const auto key = args.get("key");
    if (id && key) throw usage_error("give --instrument or --key, not both");
    // key_file_error names the file and the field.
    if (key) return chosen_instrument(read_key_file(*key).instrument());
    if (!id) throw usage_error("which instrument? give --instrument ID (see 'alliance list') or --key FILE");
    if (auto builtin = builtin_instrument(*id)) return chosen_instrument(std::move(*builtin));
    throw usage_error(table::unknown_instrument_message(*id));
}

response_codes codes_from(const parsed_arguments& args) {
    response_codes codes;
    if (const auto missing = args.get("missing")) codes.missing = split_list(*missing);
    if (const auto na = args.get("not-applicable")) codes.not_applicable = split_list(*na);
    for (const std::string& code : codes.not_applicable)
        for (const std::string& other : codes.missing)
            if (code == other)
                throw usage_error("code '" + code + "' is both a missing code and a not-applicable code");
    return codes;
}

std::optional<double> min_answered_from(const parsed_arguments& args) {
    const auto text = args.get("min-answered");
    if (!text) return std::nullopt;
    const double fraction = parse_number_option("min-answered", *text);
    check_request([&] { (void)table::checked_min_answered(fraction, "'" + *text + "'", table::command_line_spelling); });
    return fraction;
}

std::string input_path(const parsed_arguments& args) {
    const auto& positional = args.positional();
    if (positional.size() > 1) throw usage_error("one input file at a time; got '" + positional[1] + "' as well");
    return positional.empty() ? "-" : positional[0];
}

void refuse_same_file(const std::string& input, const std::string& output) {
    if (input == "-" || output == "-") return;
    std::error_code error;
    if (std::filesystem::equivalent(input, output, error))
        throw usage_error("-o '" + output + "' is the input file; choose another output file");
}

std::vector<option_spec> with_table_options(std::vector<option_spec> specs) {
    specs.insert(specs.end(), table_options.begin(), table_options.end());
    return specs;
}

const alliance::norm* norm_option(const parsed_arguments& args, std::string_view command) {
    const auto id = args.get("norm");
    if (!id) return nullptr;
    const alliance::norm* found = nullptr;
    try {
        found = &table::catalogue_norm(*id, table::command_line_spelling);
    } catch (const alliance::error& e) {
        throw usage_error(e.message());
    }
    std::fprintf(stderr, "alliance %s: using norm %s\n", std::string(command).c_str(), describe(*found).c_str());
    return found;
}

unsigned threads_option(const parsed_arguments& args) {
    const auto given = args.get("threads");
    if (!given) return table::threads_for(std::nullopt);  // the table layer's policy: the machine's threads
    unsigned value = 0;
    const char* const last = given->data() + given->size();
    const auto [end, error] = std::from_chars(given->data(), last, value);
    if (given->empty() || error != std::errc{} || end != last || value < 1 || value > 256)
        throw usage_error("--threads expects a whole number from 1 to 256, not '" + *given + "'");
    return value;
}

table_settings table_settings_from(const parsed_arguments& args) {
    table_settings settings;
    settings.codes = codes_from(args);
    if (const auto delimiter = args.get("delimiter")) settings.dialect.delimiter = parse_delimiter(*delimiter);
    settings.codes.decimal_comma = args.has("decimal-comma");
    if (settings.codes.decimal_comma && settings.dialect.delimiter == ',')
        throw usage_error("--decimal-comma needs --delimiter ';' or 'tab' (',' separates the fields)");
    // An SPSS or Stata file is read as the CSV written from it (io/stat_input.hpp): ',' between
    // fields, '.' in numbers, and a missing value (system- or user-missing) an empty field, which
    // stays a missing code whatever --missing lists.
    if (!args.positional().empty() && table::stat_format_of(args.positional()[0])) {
        const std::string& file = args.positional()[0];
        if (args.has("delimiter") || args.has("decimal-comma"))
            throw usage_error("--delimiter and --decimal-comma are for CSV input; '" + file +
                              "' is an SPSS or Stata file, whose numbers are read as numbers");
        const auto empty_code = [](const std::vector<std::string>& codes) {
            return std::find(codes.begin(), codes.end(), std::string()) != codes.end();
        };
        if (empty_code(settings.codes.not_applicable))
            throw usage_error("an empty code cannot mean \"does not apply\" in '" + file +
                              "': its missing values (system- and user-missing) are read as empty fields");
        if (!empty_code(settings.codes.missing)) settings.codes.missing.emplace_back();
    }
    settings.id_column = args.get_or("id", "");
    if (args.has("id") && settings.id_column.empty()) throw usage_error("--id needs a column name");
    if (const auto keep = args.get("keep")) settings.keep_columns = split_list(*keep);
    settings.threads = threads_option(args);
    if (const char* chunk = std::getenv("ALLIANCE_CHUNK_BYTES"))  // tests: tiny chunks, boundaries everywhere
        settings.parallel_chunk = std::max<std::size_t>(1, std::strtoull(chunk, nullptr, 10));
    const std::string format = args.get_or("format", "csv");
    if (format == "csv") settings.format = table_format::csv;
    else if (format == "jsonl") settings.format = table_format::jsonl;
    else throw usage_error("--format expects csv or jsonl, not '" + format + "'");
    return settings;
}

std::string required_option(const parsed_arguments& args, std::string_view name) {
    const auto value = args.get(name);
    if (!value || value->empty()) throw usage_error("--" + std::string(name) + " is required");
    return *value;
}

std::optional<double> number_option(const parsed_arguments& args, std::string_view name) {
    const auto text = args.get(name);
    if (!text) return std::nullopt;
    return parse_number_option(name, *text);
}

stats::critical_value critical_value_option(const parsed_arguments& args) {
    if (args.has("confidence") && args.has("critical-value"))
        throw usage_error("give --confidence or --critical-value, not both");
    std::optional<stats::critical_value> critical;
    check_option([&] {
        if (const auto z = number_option(args, "critical-value")) critical = stats::critical_value::literal(*z);
        else critical = stats::critical_value::from_confidence(number_option(args, "confidence").value_or(0.95));
    });
    return *critical;
}

double confidence_option(const parsed_arguments& args) {
    const double confidence = number_option(args, "confidence").value_or(0.95);
    check_request([&] {
        (void)table::checked_confidence(confidence, "'" + args.get_or("confidence", "") + "'", table::command_line_spelling);
    });
    return confidence;
}

}  // namespace alliance::cli::detail
