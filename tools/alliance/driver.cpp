// The alliance command-line driver: subcommand dispatch and the mapping of failures to exit
// statuses (0 all rows ok or partial, 1 some rows are errors, 2 usage errors, unreadable input,
// a header without the needed columns). The dispatch knows the commands by their entry points
// only (commands.hpp); each command is compiled in its own commands/<name>.cpp.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/version.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "driver.hpp"

namespace alliance::cli {

constexpr std::string_view main_help = R"(alliance - score therapeutic-alliance questionnaires in batch

Usage: alliance COMMAND [OPTIONS] [FILE]

Commands:
  list         the built-in instruments; 'alliance list ID' shows one in full
  score        score every row of a CSV file with one instrument
  explain      the scoring of one record, step by step, with the sources
  change       reliable change and clinical significance per row (pre and post columns)
  compare      each row's score against a norm: z, T, percentile; single-case tests
  reliability  Cronbach's alpha of every scale in a sample, Feldt interval, item statistics
  icc          intraclass correlations between raters (Shrout & Fleiss 1979)
  track        session-by-session scores per client: change, alerts, rupture-repair episodes
  split        split alliances: members of a couple, family or dyad rating the same alliance
  plot         SVG pictures: client trajectories with ruptures; the Jacobson-Truax scatter

'alliance COMMAND --help' describes a command's options.

Input is CSV (RFC 4180) from FILE, or from standard input when FILE is '-' or absent: a
header row, quoted fields (with commas, quotes and line breaks inside), LF or CRLF line
ends, UTF-8 with or without a byte-order mark. A FILE ending in .sav, .zsav, .por (SPSS) or
.dta (Stata) is read as that file: numeric codes are the answers, system- and user-missing
values are missing, rows are named by case number. Output is CSV on standard output (or -o FILE)
with one row for every input row, in input order; '--format jsonl' writes one JSON object
per row instead. Every output row has a status (ok, partial, error) and a message.
Four commands write other rows: reliability and icc analyse the file as a whole (one row
per scale, item or ICC form; an input row they cannot use is named on standard error and
left out), 'track --summary' writes one row per client, split writes one row per unit
(couple, family; a row it cannot use makes its unit an error row), and plot writes SVG files.

Exit status:
  0  every row is ok or partial
  1  at least one row is an error (the output is still complete)
  2  usage error, unreadable input, or a header without the needed columns
     (then nothing is written: -o FILE goes to a temporary file renamed into place
     only when the run completes, so a failed run leaves FILE as it was)

Options:
  -h, --help     this text
  --version      the driver's version
)";

// Runs one command line (without the program name) and returns the exit status.
int run(std::span<const std::string> arguments) {
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
        std::printf("alliance %.*s\n", static_cast<int>(alliance::version.size()), alliance::version.data());
        return 0;
    }
    using command_function = int (*)(std::span<const std::string>);
    static constexpr std::pair<std::string_view, command_function> commands[] = {
        {"list", detail::run_list},     {"score", detail::run_score},   {"explain", detail::run_explain},
        {"change", detail::run_change}, {"compare", detail::run_compare},
        {"reliability", detail::run_reliability},
        {"icc", detail::run_icc},
        {"track", detail::run_track},
        {"split", detail::run_split},
        {"plot", detail::run_plot}};
    const auto* found = std::find_if(std::begin(commands), std::end(commands),
                                     [&](const auto& entry) { return entry.first == command; });
    const bool known = found != std::end(commands);
    const std::string who = known ? "alliance " + command : std::string("alliance");
    try {
        if (!known) throw usage_error("unknown command '" + command + "'");
        return found->second(rest);
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
