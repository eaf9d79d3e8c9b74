// `alliance track --long`: long input (one row per answer) tracked as `track` tracks a wide file,
// the record being (--client, --session): each record (long_input.hpp, in the order of its first
// row) is scored and becomes one administration, which goes through track's own sort by client
// and session and its analysis (commands/track_passes.hpp); per-record output comes out in the
// order of the records' first rows, with the columns `track` writes (no --keep columns).
//
// How: pass 1 scores every record as it comes and sends track's small record (client, session,
// score, record number) to track's external sort, and keeps what its output row needs (its
// cells, status and message) in a temporary file in record order; pass 2 is track's (each
// client's series, results stored at the record's number); pass 3 reads the two files side by
// side. The input is read once (twice when it is not grouped); memory holds a client's sessions
// and the sorts' buffers.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/table/long_format.hpp>
#include <alliance/table/track.hpp>

#include "commands/track.hpp"
#include "commands/track_passes.hpp"
#include "io/external_sort.hpp"
#include "io/output.hpp"
#include "long_input.hpp"
#include "scale_cells.hpp"

namespace alliance::cli::detail {

// What pass 3 writes for one record, kept in record order between the passes.
struct long_administration {
    std::string client;
    std::string session;
    std::string message;
    std::uint64_t line = 0;
    bool error = false;
    bool partial = false;
    std::optional<double> score{};
    std::vector<scale_numbers> scales;

    void write(std::FILE* file) const {
        spill_write(file, client);
        spill_write(file, session);
        spill_write(file, message);
        spill_write(file, line);
        spill_write(file, static_cast<std::uint8_t>((error ? 1 : 0) | (partial ? 2 : 0) | (score ? 4 : 0)));
        spill_write(file, score.value_or(0));
        spill_write(file, static_cast<std::uint64_t>(scales.size()));  // none on an error row
        for (const scale_numbers& scale : scales) spill_write(file, scale);
    }
    // Reads the next one; false at the end of the file.
    bool read(std::FILE* file) {
        if (!spill_read(file, client)) return false;
        spill_read_required(file, session);
        spill_read_required(file, message);
        std::uint8_t bits = 0;
        double value = 0;
        std::uint64_t scale_count = 0;
        if (!spill_read(file, line) || !spill_read(file, bits) || !spill_read(file, value) ||
            !spill_read(file, scale_count) || scale_count > 4096)
            throw spill_error("cannot read a temporary file back");
        error = (bits & 1) != 0;
        partial = (bits & 2) != 0;
        score = (bits & 4) != 0 ? std::optional<double>(value) : std::nullopt;
        scales.resize(static_cast<std::size_t>(scale_count));
        for (scale_numbers& scale : scales)
            if (!spill_read(file, scale)) throw spill_error("cannot read a temporary file back");
        return true;
    }
};

// Pass 1 over the records (long_consumer): each one scored, an administration for track's sort,
// and its output row's makings for pass 3.
class track_long_records {
public:
    track_long_records(const runtime_instrument& instrument, const track_settings& settings,
                       const table::long_layout& layout, const table::row_naming& naming)
        : instrument_(instrument),
          settings_(settings),
          layout_(layout),
          naming_(naming),
          scores_(instrument.id(), instrument.scales().size()),
          partial_notes_(instrument.scales()) {
        slot_.record.resize(instrument.item_count());
        if (settings.min_answered)
            options_.missing_override = missing_rule::prorate_min_fraction(*settings.min_answered, "--min-answered");
        restart();
    }

    // long_consumer
    void restart() {
        sorter_.reset();
        sorter_.emplace(settings_.sort_budget);
        records_ = make_temporary_file();
        no_client_ = {};
        count_ = 0;
    }
    long_slot& open() { return slot_; }
    void close() {
        long_administration row = administration(slot_);
        if (row.client.empty()) {
            no_client_.add(row.line);
        } else {
            administration_record record;
            record.client = row.client;
            record.session_text = row.session;
            if (row.error) record.problem = row.message;
            record.session = session_;
            record.row = count_;
            record.line = row.line;
            record.has_score = row.score.has_value();
            record.score = row.score.value_or(0);
            record.partial = row.partial;
            sorter_->push(std::move(record));
        }
        row.write(records_.get());
        ++count_;
    }

    [[nodiscard]] administration_sorter& sorter() noexcept { return *sorter_; }
    [[nodiscard]] const unattributed_rows& no_client() const noexcept { return no_client_; }
    // The records' output makings, from the first.
    [[nodiscard]] std::FILE* records() {
        if (std::fflush(records_.get()) != 0 || std::fseek(records_.get(), 0, SEEK_SET) != 0)
            throw spill_error("cannot read a temporary file back");
        return records_.get();
    }

private:
    // A record scored: its session read, its scales, its status and message.
    long_administration administration(const long_slot& slot) {
        long_administration row;
        const std::vector<std::string_view> cells = table::key_cells(slot.key);
        row.client = cells.size() > 0 ? cells[0] : std::string_view{};
        row.session = cells.size() > 1 ? cells[1] : std::string_view{};
        row.line = slot.record.first_row();
        session_ = 0;
        const auto session = read_session(row.session, settings_.session_dates);
        if (session) session_ = *session;
        else if (!slot.no_record)
            table::append_problem(row.message, table::session_problem(naming_.name(row.line), settings_.session_column,
                                                                      row.session, settings_.session_dates));
        const bool scored = !slot.no_record && slot.record.well_formed() &&
                            try_score(instrument_, slot.record.answers(), options_, scores_);
        if (!scored) {
            table::append_problem(row.message, table::long_record_message(instrument_, slot.record, layout_, naming_,
                                                                          settings_.codes));
        }
        row.error = !row.message.empty();
        if (row.error) return row;
        row.scales.reserve(scores_.size());
        std::size_t s = 0;
        for (const scale_score& scale : scores_) {
            row.scales.push_back(numbers_of(scale));
            if (scale.status() != score_status::complete) {
                row.partial = true;
                table::append_problem(row.message, partial_notes_.note(s, scale).text);
            }
            ++s;
        }
        const scale_score& tracked = scores_[settings_.scale];
        if (tracked.has_score()) row.score = settings_.metric == alliance::metric::sum ? tracked.sum() : tracked.mean();
        return row;
    }

    const runtime_instrument& instrument_;
    const track_settings& settings_;
    const table::long_layout& layout_;
    const table::row_naming& naming_;
    scoring_options options_;
    dynamic_score_set scores_;
    partial_note_cache partial_notes_;
    long_slot slot_;
    double session_ = 0;
    std::optional<administration_sorter> sorter_;
    temporary_file records_{nullptr, &std::fclose};
    unattributed_rows no_client_;
    std::uint64_t count_ = 0;
};

// Pass 3: a row per record, in record order, with its track results.
inline score_summary write_long_tracked_rows(const runtime_instrument& instrument, const track_settings& settings,
                                             std::FILE* records, row_results& results, output_sink& output,
                                             const table::row_naming& naming) {
    std::vector<std::string> names{settings.client_column, settings.session_column};
    for (const scale_entry& scale : instrument.scales())
        for (const char* suffix : {"_sum", "_mean", "_answered", "_status"})
            names.push_back(column_prefix(scale.name) + suffix);
    for (const table::output_column& column : table::track_result_columns) names.emplace_back(column.name);
    names.emplace_back("status");
    names.emplace_back("message");
    refuse_repeated_columns(names, 2);
    buffered_writer out(output);
    table_writer table(out, settings.format, std::move(names));

    results.start_reading();
    score_summary summary;
    long_administration row;
    const std::size_t scales = instrument.scales().size();
    while (row.read(records)) {
        ++summary.rows;
        const row_track_result result = results.next();
        table.text(row.client);
        table.text(row.session);
        const bool duplicate = result.duplicate_of != 0;
        if (duplicate && !row.error)
            row.message = table::duplicate_session_problem(naming.name(row.line), row.client, row.session,
                                                           naming.name(result.duplicate_of));
        if (row.error || duplicate) {
            table::put_empty_cells(table, scales * 4 + std::size(table::track_result_columns));
            ++summary.errors;
            table.text("error");
        } else {
            for (const scale_numbers& scale : row.scales) put_scale_cells(table, scale);
            table::put_track_cells(table, row.score, result_of(result));
            if (row.partial) ++summary.partial;
            else ++summary.ok;
            table.text(row.partial ? "partial" : "ok");
        }
        table.text(row.message);
        table.end_row();
    }
    out.flush();
    return summary;
}

// The whole of `track --long` over one input: `first` is read for pass 1; second() gives the
// same input again, asked for only when `first` is not grouped. Nothing is written before the
// input has been read to its end.
template <class SecondPass>
score_summary track_long_table(const runtime_instrument& instrument, const track_settings& settings,
                               const long_settings& long_input, byte_source& first, SecondPass second,
                               output_sink& sink, progress_meter* progress, bool quiet) {
    const table::long_items items(std::string(instrument.id()), instrument.item_count(), long_input.item_names);
    const table::row_naming naming = row_naming_for(first.numbering());
    track_long_records records(instrument, settings, long_input.layout, naming);
    for_each_long_record(first, second, settings, long_input, items, records, progress);
    if (settings.summary) {
        summary_writer summary(settings, sink);
        for_each_client(records.sorter(), settings, [&](const client_track& track) { summary.client(track); });
        summary.unattributed(records.no_client());
        summary.flush();
        return summary.summary();
    }
    row_results results;
    not_evaluated_note not_evaluated;
    for_each_client(records.sorter(), settings, [&](const client_track& track) {
        store_results(track, results);
        not_evaluated.add(track);
    });
    not_evaluated.report(quiet);
    return write_long_tracked_rows(instrument, settings, records.records(), results, sink, naming);
}

// The options of `track --long` beyond track's (plot trajectory has no --long).
inline const std::vector<option_spec> track_long_options{{"long", false}, {"item"}, {"value"}};
inline constexpr std::string_view track_long_only_options[] = {"item", "value"};

// `alliance track --long ...` once track's own options are read: the record is (--client,
// --session); --item, --value; --keep is refused.
inline int run_track_long(const parsed_arguments& args, const chosen_instrument& chosen,
                          const track_settings& settings) {
    const long_settings long_input = long_settings_from(args, {settings.client_column, settings.session_column},
                                                        chosen.instrument, settings.items);
    return run_table("track", args, [&](input_file& file, byte_source& source, output_sink& sink,
                                        progress_meter& progress) {
        two_pass_input passes(file, source);
        return track_long_table(chosen.instrument, settings, long_input, passes.first(),
                                [&]() -> byte_source& { return passes.second(); }, sink, &progress,
                                args.has("quiet"));
    });
}

}  // namespace alliance::cli::detail
