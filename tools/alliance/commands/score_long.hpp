// `alliance score --long`: long input (one row per answer: the record's key columns, an item
// column, a value column) scored one output row per record, in the order of each record's first
// row, the record's key columns first, then exactly the columns `alliance score` writes (four
// per scale, the --classify columns, status and message). Records come from long_input.hpp
// (grouping in bounded memory, rules and messages from alliance/table/long_format.hpp); they are
// scored in blocks of 256 by score_batch, score()'s rules, as the wide rows are, so a data set
// gives the same scores in either shape. A record that cannot be scored (a problem of grouping,
// a value that is no answer, one score() refuses) is an error row with every problem named.
// Output is held back (io/spool.hpp) until the input is known to be grouped or has been sorted.
// With --threads N > 1 the grouped pass runs on N threads: the input is cut into chunks of whole
// rows (csv_splitter, as wide scoring cuts it), each chunk's records are assembled and scored
// on a worker, and this thread puts the chunks together in order, assembling the records that
// cross a chunk's edge from their rows; the output is byte for byte that of one thread.
#pragma once

#include <bit>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/batch.hpp>
#include <alliance/catalogue.hpp>
#include <alliance/missing_rule.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/table/long_format.hpp>

#include "columns.hpp"
#include "command_line.hpp"
#include "commands/score.hpp"
#include "io/output.hpp"
#include "io/progress.hpp"
#include "io/csv_splitter.hpp"
#include "io/spool.hpp"
#include "long_input.hpp"
#include "parallel_rows.hpp"
#include "scale_cells.hpp"

namespace alliance::cli::detail {

// The output's columns: the record's key columns, four per scale, the --classify columns,
// status and message. Throws usage_error when two would share a name.
[[nodiscard]] inline std::vector<std::string> score_long_columns(std::span<const scale_entry> scales,
                                                                 const table::long_layout& layout,
                                                                 const classification_columns& classified) {
    return scored_columns(layout.record, scales, classified);
}

// Records scored a block at a time into a table: the output's, or a worker thread's table in
// memory (one chunk's rows). open() gives the slot the next record is assembled in, close()
// counts it, and a full block is scored by score_batch and written.
class long_block_scorer {
public:
    static constexpr std::size_t capacity = 256;
    static constexpr double not_applicable = -std::numeric_limits<double>::infinity();

    long_block_scorer(const runtime_instrument& instrument, const score_settings& settings,
                      const table::long_layout& layout, const classification_columns& classified,
                      const scoring_options& options, const table::row_naming& naming)
        : instrument_(instrument),
          settings_(settings),
          layout_(layout),
          classified_(classified),
          naming_(naming),
          plan_(instrument),
          scales_(instrument.scales()),
          items_(instrument.item_count()),
          slots_(capacity),
          matrix_(items_ * capacity),
          batchable_(capacity),
          partial_notes_(scales_, options.missing_override),
          row_(scales_.size()) {
        for (long_slot& slot : slots_) slot.record.resize(items_);
        if (!settings.codes.not_applicable.empty()) batch_options_.codes.not_applicable = not_applicable;
        batch_options_.missing_override = options.missing_override;
    }

    // Where the rows go from now on; the records held are dropped and the counts start again.
    void write_to(table_writer& table) {
        table_ = &table;
        word_ok_ = table.prepare("ok");
        word_partial_ = table.prepare("partial");
        word_error_ = table.prepare("error");
        used_ = 0;
        summary_ = {};
    }

    long_slot& open() {
        long_slot& slot = slots_[used_];
        if (slot.record.item_count() != items_) slot.record.resize(items_);  // after take_open()
        return slot;
    }
    void close() {
        if (++used_ == capacity) flush();
    }
    // The record open() gave, not closed: taken away whole (a chunk's last record, which the
    // next chunk may continue).
    [[nodiscard]] long_slot take_open() { return std::move(slots_[used_]); }

    // Scores and writes the records held.
    void flush() {
        if (used_ == 0) return;
        for (std::size_t r = 0; r < used_; ++r) batchable_[r] = fill_matrix(r) ? 1 : 0;
        score_batch(plan_, response_matrix::column_major(matrix_.data(), used_, items_, capacity), batch_,
                    batch_options_);
        for (std::size_t r = 0; r < used_; ++r) {
            const long_slot& slot = slots_[r];
            for (const std::string_view cell : table::key_cells(slot.key, cells_)) table_->text(cell);
            if (batchable_[r] != 0 && batch_.valid(r)) {
                message_.clear();
                take_batch_numbers(r);
                put_score_cells();
            } else {
                message_ = table::long_record_message(instrument_, slot.record, layout_, naming_, settings_.codes);
                put_error_cells();
            }
            table_->end_row();
            ++summary_.rows;
        }
        used_ = 0;
    }

    [[nodiscard]] const score_summary& summary() const noexcept { return summary_; }

private:
    // Record r's answers into column r of the matrix; false when the batch cannot take them (a
    // problem of grouping, a value that is no answer, a number that is not finite): the
    // record is then an error row, explained from the record.
    bool fill_matrix(std::size_t r) {
        const long_slot& slot = slots_[r];
        if (slot.no_record || !slot.record.well_formed()) return false;
        const std::span<const response> answers = slot.record.answers();
        for (std::size_t i = 0; i < items_; ++i) {
            const response answer = answers[i];
            double& cell = matrix_[i * capacity + r];
            if (answer.has_value()) {
                if (!std::isfinite(answer.value())) return false;
                cell = answer.value();
            } else {
                cell = answer.is_missing() ? std::numeric_limits<double>::quiet_NaN() : not_applicable;
            }
        }
        return true;
    }

    void take_batch_numbers(std::size_t r) {
        for (std::size_t s = 0; s < row_.size(); ++s) {
            const score_status status = batch_.statuses(s)[r];
            const bool has_score = status != score_status::insufficient;
            row_[s] = {has_score ? batch_.sums(s)[r] : 0.0, has_score ? batch_.means(s)[r] : 0.0,
                       batch_.answered(s)[r], status};
        }
    }

    void put_error_cells() {
        ++summary_.errors;
        for (std::size_t s = 0; s < scales_.size() * 4 + classified_.size(); ++s) table_->empty();
        table_->word(word_error_);
        table_->text(message_);
    }

    void put_score_cells() {
        for (std::size_t s = 0; s < row_.size(); ++s) {
            put_scale_cells(*table_, row_[s]);
            if (row_[s].status != score_status::complete) append_problem(message_, partial_notes_.note(s, row_[s]).text);
        }
        classified_.put(*table_, row_);
        if (message_.empty()) {
            ++summary_.ok;
            table_->word(word_ok_);
            table_->empty_text();
        } else {
            ++summary_.partial;
            table_->word(word_partial_);
            table_->text(message_);
        }
    }

    const runtime_instrument& instrument_;
    const score_settings& settings_;
    const table::long_layout& layout_;
    const classification_columns& classified_;
    const table::row_naming& naming_;
    batch_plan plan_;
    std::span<const scale_entry> scales_;
    std::size_t items_;
    std::vector<long_slot> slots_;
    std::size_t used_ = 0;
    std::vector<double> matrix_;  // [item][record], column-major
    std::vector<unsigned char> batchable_;
    batch_options batch_options_;
    batch_scores batch_;
    partial_note_cache partial_notes_;
    std::vector<scale_numbers> row_;
    std::string message_;
    std::vector<std::string_view> cells_;  // a record's key cells
    table_writer* table_ = nullptr;
    table_word word_ok_, word_partial_, word_error_;
    score_summary summary_;
};

// The output of `score --long`, held back until the input is known to be grouped or has been
// sorted (io/spool.hpp), and the scorer writing into it: the long_consumer of the records in
// order (long_input.hpp).
class score_long_rows {
public:
    // `hold`: hold the rows back even when `output` could take them back itself.
    score_long_rows(const runtime_instrument& instrument, const score_settings& settings,
                    const table::long_layout& layout, const classification_columns& classified,
                    const scoring_options& options, const table::row_naming& naming, output_sink& output,
                    bool hold = false)
        : format_(settings.format),
          columns_(score_long_columns(instrument.scales(), layout, classified)),
          scorer_(instrument, settings, layout, classified, options, naming),
          held_(output, hold) {
        restart();
    }

    // long_consumer
    void restart() {
        table_.reset();
        out_.reset();
        (void)held_.rewind();
        out_.emplace(held_, std::size_t{1} << 20);
        table_.emplace(*out_, format_, columns_);
        scorer_.write_to(*table_);
        extra_ = {};
    }
    long_slot& open() { return scorer_.open(); }
    void close() { scorer_.close(); }

    // Rows written elsewhere (a worker thread's chunk), after the records closed so far.
    void put_rows(std::string_view rows, const score_summary& counts) {
        scorer_.flush();
        out_->put(rows);
        extra_.rows += counts.rows;
        extra_.ok += counts.ok;
        extra_.partial += counts.partial;
        extra_.errors += counts.errors;
    }

    // Writes what is left; the rows are final.
    score_summary finish() {
        scorer_.flush();
        out_->flush();
        held_.finish();
        score_summary total = scorer_.summary();
        total.rows += extra_.rows;
        total.ok += extra_.ok;
        total.partial += extra_.partial;
        total.errors += extra_.errors;
        return total;
    }

private:
    table_format format_;
    std::vector<std::string> columns_;
    long_block_scorer scorer_;
    held_output held_;
    std::optional<buffered_writer> out_;
    std::optional<table_writer> table_;
    score_summary extra_;
};

// ---------------------------------------------------------------------------------------------
// The grouped pass on several threads

// What a worker makes of one chunk of a long file taken as grouped: the chunk's first run of
// rows with one key, as rows (it may continue the record the chunk before ended with), the
// records after it scored into rows, and its last record unclosed (the next chunk may continue
// it). The thread that splits the input puts the chunks together in order; the records that
// cross a chunk's edge are assembled there, from their rows, as one thread would.
struct long_chunk_result {
    std::string head_key;
    std::vector<long_sorted_row> head;  // the first record's rows, when the chunk starts with a keyed row
    bool head_closed = false;           // another record follows the head in the chunk
    bool has_body = false;              // records after the head (rows, or a tail)
    memory_block rows;                  // the rows of the records after the head, but the tail
    score_summary summary;
    std::vector<std::uint64_t> hashes;  // their keys' hashes
    std::optional<long_slot> tail;      // the last record, when it is keyed and not the head
    bool repeated = false;              // a key came back within the chunk: not grouped
    std::uint64_t input_end = 0;
    std::string input;                  // the chunk's bytes, for the splitter again
    std::exception_ptr error;
};

// A worker thread's reader, table and scorer, kept from chunk to chunk.
struct long_chunk_worker {
    long_chunk_worker(const runtime_instrument& instrument, const score_settings& settings,
                      const table::long_layout& layout, const classification_columns& classified,
                      const scoring_options& options, const table::row_naming& naming,
                      const std::vector<std::string>& columns)
        : reader(settings.dialect, settings.limits),
          table(out, settings.format, columns, false),
          scorer(instrument, settings, layout, classified, options, naming),
          recent(std::size_t{1} << 12) {}
    chunk_reader reader;
    buffered_writer out;  // memory mode: a chunk's rows
    table_writer table;
    long_block_scorer scorer;
    seen_keys recent;     // only its table of recent keys is used
};

// One chunk (`reader` over it) taken as grouped, on a worker thread.
inline void group_long_chunk(csv_reader& reader, const long_columns& columns, const long_settings& settings,
                             const table::long_rules& rules, long_chunk_worker& worker, long_chunk_result& result) {
    const long_row_reader rows(columns, settings.layout, rules.naming);
    worker.scorer.write_to(worker.table);
    long_row row;
    long_slot* open = nullptr;
    std::uint64_t hash = 0;
    bool in_head = true;
    std::vector<std::string> written(columns.record.size());  // the open record's key cells, as written
    const auto remember_written = [&] {
        for (std::size_t k = 0; k < written.size(); ++k) {
            const std::size_t at = columns.record[k];
            if (at < reader.size()) written[k] = reader[at];
            else written[k].clear();
        }
    };
    const auto same_as_written = [&] {
        if (!row_shape_is_plain(reader, columns.header_size, no_column)) return false;
        for (std::size_t k = 0; k < written.size(); ++k)
            if (!same_bytes(reader[columns.record[k]], written[k])) return false;
        return true;
    };
    const auto head_row = [&](std::string problem) {
        long_sorted_row entry;
        entry.line = reader.line();
        entry.problem = std::move(problem);
        if (entry.problem.empty()) {
            entry.item = rows.item_cell(reader);
            entry.value = rows.value_cell(reader);
        }
        result.head.push_back(std::move(entry));
    };
    const auto end_head = [&] {
        in_head = false;
        if (!result.head.empty()) {
            result.head_closed = true;
            worker.recent.recall(seen_keys::hash_of(result.head_key));  // the combiner adds the head's hash
        }
    };
    const auto close = [&] {
        if (open == nullptr) return;
        worker.scorer.close();
        result.hashes.push_back(hash);
        worker.recent.recall(hash);
        open = nullptr;
    };
    while (reader.next()) {
        if (open != nullptr && same_as_written()) {
            open->record.add(reader.line(), rows.item_cell(reader), rows.value_cell(reader), rules);
            continue;
        }
        if (in_head && !result.head.empty() && same_as_written()) {
            head_row({});
            continue;
        }
        rows.read(reader, row);
        if (row.no_record) {
            if (in_head) end_head();
            close();
            long_slot& own = worker.scorer.open();
            own.key = row.key;
            own.no_record = true;
            own.record.start(reader.line());
            own.record.add_problem(row.problem);
            worker.scorer.close();
            result.has_body = true;
            continue;
        }
        if (in_head) {
            if (result.head.empty()) {
                result.head_key = row.key;
                remember_written();
                head_row(std::move(row.problem));
                continue;
            }
            if (row.key == result.head_key) {
                head_row(std::move(row.problem));
                continue;
            }
            end_head();
        }
        if (open == nullptr || row.key != open->key) {
            close();
            hash = seen_keys::hash_of(row.key);
            if (worker.recent.recently(hash)) {
                result.repeated = true;
                return;
            }
            open = &worker.scorer.open();
            open->key.swap(row.key);
            open->no_record = false;
            open->record.start(reader.line());
            remember_written();
            result.has_body = true;
        }
        if (!row.problem.empty()) open->record.add_problem(std::move(row.problem));
        else open->record.add(reader.line(), rows.item_cell(reader), rows.value_cell(reader), rules);
    }
    if (open != nullptr) result.tail.emplace(worker.scorer.take_open());
    worker.scorer.flush();
    result.summary = worker.scorer.summary();
}

// score --long's first pass on `threads` threads: chunks of the input grouped on worker threads
// and put together in order on this one, into `rows`. False (the rows written so far are to be
// taken back) when the input is not grouped. The header was read from `first_chunk` by `head`.
inline bool score_long_grouped_parallel(csv_splitter& splitter, csv_chunk first_chunk, chunk_reader& head,
                                        unsigned threads, const long_columns& columns,
                                        const long_settings& settings, const table::long_rules& rules,
                                        const runtime_instrument& instrument, const score_settings& score,
                                        const classification_columns& classified, const scoring_options& options,
                                        const std::vector<std::string>& output_columns, score_long_rows& rows,
                                        progress_meter* progress) {
    std::vector<std::unique_ptr<long_chunk_worker>> workers(threads);
    std::mutex mutex;
    std::condition_variable done;
    std::map<std::size_t, long_chunk_result> results;  // finished, not yet combined, by chunk
    std::vector<memory_block> spare_blocks;
    const std::size_t chunk_bytes = score.parallel_chunk != 0 ? score.parallel_chunk : parallel_chunk_for(threads);

    // One chunk on worker `w`: never throws (what its rows throw is kept for the combiner).
    const auto run_chunk = [&](unsigned w, std::size_t index, csv_chunk& chunk, chunk_reader* given,
                               memory_block buffer) noexcept {
        long_chunk_result result;
        result.input_end = chunk.input_end;
        chunk_reader* reader = given;
        try {
            std::unique_ptr<long_chunk_worker>& worker = workers[w];
            if (!worker)
                worker = std::make_unique<long_chunk_worker>(instrument, score, settings.layout, classified, options,
                                                             rules.naming, output_columns);
            worker->out.restart(std::move(buffer), 4 * chunk_bytes + 4096);
            if (reader == nullptr) {
                reader = &worker->reader;
                reader->start(chunk);
            }
            group_long_chunk(reader->reader(), columns, settings, rules, *worker, result);
            result.rows = worker->out.take();
        } catch (...) {
            result.error = std::current_exception();
        }
        try {
            result.input = reader != nullptr ? reader->finish() : std::move(chunk.bytes);
            const std::lock_guard lock(mutex);
            results.emplace(index, std::move(result));
        } catch (...) {  // no memory for the result: the combiner waits in vain, so stop here
            std::terminate();
        }
        done.notify_all();
    };

    seen_keys seen(settings.sort_budget);
    std::optional<long_slot> pending;  // the record a chunk ended with
    bool grouped = true;
    // The pending record is complete: scored in order.
    const auto close_pending = [&] {
        if (!pending) return;
        const std::uint64_t hash = seen_keys::hash_of(pending->key);
        if (seen.recently(hash)) grouped = false;
        seen.add(hash);
        rows.open() = std::move(*pending);
        rows.close();
        pending.reset();
    };
    const auto combine = [&](long_chunk_result& chunk) {
        if (chunk.error) std::rethrow_exception(chunk.error);
        if (chunk.repeated) {
            grouped = false;
            return;
        }
        if (!chunk.head.empty()) {
            if (!pending || pending->key != chunk.head_key) {
                close_pending();
                pending.emplace();
                pending->key = std::move(chunk.head_key);
                pending->record.resize(instrument.item_count());
                pending->record.start(chunk.head.front().line);
            }
            for (long_sorted_row& entry : chunk.head) {
                if (!entry.problem.empty()) pending->record.add_problem(std::move(entry.problem));
                else pending->record.add(entry.line, entry.item, std::string_view(entry.value), rules);
            }
            if (chunk.head_closed) close_pending();
        }
        if (chunk.has_body) {
            close_pending();
            rows.put_rows(chunk.rows.bytes(), chunk.summary);
            for (const std::uint64_t hash : chunk.hashes) seen.add(hash);
            if (chunk.tail) pending.emplace(std::move(*chunk.tail));
        }
        if (progress != nullptr) progress->update(chunk.input_end, 0);
    };

    std::size_t submitted = 0, combined = 0;
    {
        worker_pool pool(threads);  // its destructor drops the tasks not started and waits for the others
        const std::size_t depth = threads + 2;
        const auto submit = [&](csv_chunk chunk, chunk_reader* given) {
            memory_block buffer;
            {
                const std::lock_guard lock(mutex);
                if (!spare_blocks.empty()) {
                    buffer = std::move(spare_blocks.back());
                    spare_blocks.pop_back();
                }
            }
            // In shared_ptrs: a std::function task must be copyable.
            pool.submit([&run_chunk, index = submitted, chunk = std::make_shared<csv_chunk>(std::move(chunk)), given,
                         block = std::make_shared<memory_block>(std::move(buffer))](unsigned w) {
                run_chunk(w, index, *chunk, given, std::move(*block));
            });
            ++submitted;
        };
        // Combines the chunks that are done, in order: with `all`, every one submitted; else
        // until fewer than `depth` are in flight.
        const auto combine_ready = [&](bool all) {
            while (grouped && combined < submitted) {
                long_chunk_result chunk;
                {
                    std::unique_lock lock(mutex);
                    if (all || submitted - combined >= depth)
                        done.wait(lock, [&] { return results.count(combined) != 0; });
                    const auto due = results.find(combined);
                    if (due == results.end()) return;
                    chunk = std::move(due->second);
                    results.erase(due);
                }
                ++combined;
                combine(chunk);
                splitter.recycle(std::move(chunk.input));
                const std::lock_guard lock(mutex);
                spare_blocks.push_back(std::move(chunk.rows));
            }
        };
        submit(std::move(first_chunk), &head);
        for (;;) {
            combine_ready(false);
            if (!grouped) break;
            csv_chunk chunk;
            if (!splitter.next(chunk)) break;
            submit(std::move(chunk), nullptr);
        }
        combine_ready(true);
        if (!grouped) {
            // Wait for the chunks still being grouped: they refer to what this function holds.
            std::unique_lock lock(mutex);
            done.wait(lock, [&] { return combined + results.size() == submitted; });
        }
    }
    if (!grouped) return false;
    close_pending();
    return grouped && seen.distinct();
}

// `score --long`: reads long CSV from `first` (and, when it is not grouped, again from
// second()), writes one scored row per record to `output`. Throws input_error (no header,
// absent columns: nothing written), csv_error, spill_error or output_error. With
// settings.threads > 1 the grouped pass runs on that many threads; the output is the same.
template <class SecondPass>
score_summary score_long_csv(const runtime_instrument& instrument, const score_settings& settings,
                             const long_settings& long_input, byte_source& first, SecondPass second,
                             output_sink& output, progress_meter* progress = nullptr,
                             const catalogue_entry* entry = nullptr, bool hold = false) {
    const classification_columns classified = settings.classify && entry != nullptr
                                                  ? classification_columns(*entry, instrument.scales())
                                                  : classification_columns();
    scoring_options options;
    if (settings.min_answered)
        options.missing_override = missing_rule::prorate_min_fraction(*settings.min_answered, "--min-answered");
    const table::long_items items(std::string(instrument.id()), instrument.item_count(), long_input.item_names);
    const table::row_naming naming = row_naming_for(first.numbering());
    const std::vector<std::string> columns = score_long_columns(instrument.scales(), long_input.layout, classified);
    score_long_rows rows(instrument, settings, long_input.layout, classified, options, naming, output, hold);
    const unsigned threads = table::threads_for(std::nullopt, settings.threads);
    if (threads <= 1) {
        for_each_long_record(first, second, settings, long_input, items, rows, progress);
        return rows.finish();
    }
    const response_reader read(settings.codes);
    const table::long_rules rules{items, read, naming, long_input.layout.item};
    const std::size_t chunk_bytes =
        settings.parallel_chunk != 0 ? settings.parallel_chunk : parallel_chunk_for(threads);
    csv_splitter splitter(first, settings.dialect, settings.limits, chunk_bytes);
    splitter.stop_at_oversized_header();
    csv_chunk first_chunk;
    if (!splitter.next(first_chunk)) first_chunk.bytes.clear();  // empty input: read_long_header says so
    chunk_reader head(settings.dialect, settings.limits);
    const long_columns where = read_long_header(head.start(first_chunk), long_input.layout);
    if (score_long_grouped_parallel(splitter, std::move(first_chunk), head, threads, where, long_input, rules,
                                    instrument, settings, classified, options, columns, rows, progress))
        return rows.finish();
    rows.restart();
    long_records_sorted_again(second(), settings, long_input, rules, where, rows, progress);
    return rows.finish();
}

// The options only `score --long` reads.
inline constexpr std::string_view score_long_only_options[] = {"record", "item", "value", "sort-memory"};

// `alliance score --long ...` once the options every score reads are read: --record COLUMNS
// (required), --item, --value, --sort-memory; --id and --keep are refused.
inline int run_score_long(const parsed_arguments& args, const chosen_instrument& chosen,
                          const score_settings& settings) {
    for (const std::string_view wide_only : {"qualtrics", "redcap", "redcap-form"})
        if (args.has(wide_only))
            throw usage_error("--" + std::string(wide_only) + " reads a wide export, not --long input");
    const auto record = args.get("record");
    if (!record || record->empty()) throw usage_error("--long needs --record COLUMNS: the record's key columns");
    std::vector<std::string> columns;
    for (const std::string& name : split_list(*record)) columns.emplace_back(trim(name));
    const long_settings long_input = long_settings_from(args, std::move(columns), chosen.instrument, settings.items);
    return run_table("score", args, [&](input_file& file, byte_source& source, output_sink& sink,
                                        progress_meter& progress) {
        two_pass_input passes(file, source);
        return score_long_csv(chosen.instrument, settings, long_input, passes.first(),
                              [&]() -> byte_source& { return passes.second(); }, sink, &progress, &chosen.entry);
    });
}

}  // namespace alliance::cli::detail
