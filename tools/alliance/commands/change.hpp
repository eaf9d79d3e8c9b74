// `alliance change`: reliable change and clinical significance per row, on a pre and a post
// score column of a CSV file. Its options and help text, and the first pass that reads the
// complete pairs for the parameters estimated from the sample; the row loop is map_rows
// (row_results.hpp, shared with compare), and every statistic comes from alliance/stats and
// the table layer (alliance/table/change.hpp), none is computed here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <alliance/stats.hpp>
#include <alliance/table/change.hpp>

#include "arguments.hpp"
#include "columns.hpp"
#include "command_line.hpp"
#include "io/csv_reader.hpp"
#include "number_fields.hpp"
#include "row_results.hpp"

namespace alliance::cli {

// The complete pre/post pairs of a file (rows whose pre and post are both numbers), for the
// parameters a method needs and the user did not give. Holds 16 bytes per pair.
[[nodiscard]] inline std::vector<stats::score_pair> read_pairs(const table_settings& settings, const std::string& pre,
                                                               const std::string& post, byte_source& input) {
    csv_reader reader(input, settings.dialect, settings.limits);
    if (!reader.next_header()) throw input_error("the input is empty: no header row");
    detail::refuse_oversized_header(reader);
    const std::vector<std::size_t> at = detail::locate_columns(reader.fields(), {pre, post});
    const std::size_t header_size = reader.size();
    std::vector<stats::score_pair> pairs;
    while (reader.next()) {
        if (reader.size() != header_size || reader.unterminated_quote()) continue;
        const auto x = detail::read_value(reader[at[0]], settings.codes);
        const auto y = detail::read_value(reader[at[1]], settings.codes);
        if (x.state == detail::value_state::number && y.state == detail::value_state::number)
            pairs.push_back({x.number, y.number});
    }
    return pairs;
}

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
  --recovery-rule R       jacobson-truax (default): recovered = reliably improved and
                          beyond the cut-off; clinicalsignificance: the pre score must also
                          be on the clinical side (the R package's rule)
With --method ha, --cutoff a|b|c is Hageman & Arrindell's (1999) true-score cut-off and
adds cs_indiv, their individual clinical-significance index; the category is then
recovered when rci and cs_indiv both pass the critical value (for HA's one-sided 5%
give --critical-value 1.65). CS_indiv takes its standard error of measurement from
--clinical-sd and --reliability, and the post mean and SD from --post-mean and --post-sd
(or the input).

Input and output: FILE or '-' for standard input; --id COLUMN, --keep COLUMNS,
--delimiter D, --missing CODES, --decimal-comma, --format csv|jsonl, -o FILE, -q,
--threads N (default: every core; the output is the same whatever N), as for
'alliance score'. A row with a missing pre or post score is partial with nothing
computed; a value that is not a number makes the row an error.

Exit status: 0 every row ok or partial; 1 some row is an error; 2 usage error (including a
parameter out of its domain, e.g. --reliability 1.2), unreadable input, or a header without
the needed columns.

Example:
  alliance change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 \
    --cutoff-value 25 --id client examples/data/ors_pre_post.csv
)";

namespace detail {

inline const std::vector<option_spec> change_options = with_table_options(
    {{"pre"}, {"post"}, {"method"}, {"sd"}, {"mean"}, {"post-mean"}, {"post-sd"}, {"reliability"},
     {"post-reliability"}, {"prepost-correlation"}, {"confidence"}, {"critical-value"},
     {"higher-is-better", false}, {"lower-is-better", false}, {"cutoff"}, {"cutoff-value"},
     {"clinical-mean"}, {"clinical-sd"}, {"functional-mean"}, {"functional-sd"}, {"norm"}, {"recovery-rule"}, {"threads"}});

// run_change, the command's entry point: commands/change.cpp.

}  // namespace detail

}  // namespace alliance::cli
