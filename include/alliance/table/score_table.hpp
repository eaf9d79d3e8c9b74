// Scoring a table's rows, once for every front-end: the note of a partial row ("task prorated:
// 3 of 4 items answered (rule: ...)"), the message of an error row (each problem of the row in
// item order: a cell that is no answer, then what check() finds, with the column and the value),
// and the scoring of a whole block of rows through score_batch (alliance/batch.hpp) in parts
// on the threads of table/threads.hpp. A front-end only says how its cells are read (a
// Source) and where the result columns go (score_columns): the command line writes its rows
// one at a time and uses the notes and messages; the Python and R packages score their item
// columns with score_table. Core tier.
//
// A Source is read block by block from several threads (its block() must be safe to call at
// once for different rows), and only on the calling thread for an error row's message:
//   std::size_t rows() const;
//   // Rows [first, first + count) as a matrix for score_batch with block_codes(): the source's
//   // own memory, or `buffer` (count x items, column-major) filled. Sets error[r] (cleared by
//   // the caller) for a row that is an error row whatever its answers (a cell that is no answer).
//   response_matrix block(std::size_t first, std::size_t count, std::vector<double>& buffer,
//                         unsigned char* error) const;
//   batch_codes block_codes() const;       // what the blocks' numbers for missing and "does not apply" are
//   response answer(std::size_t row, std::size_t item) const;   // the answer check() is given
//   bool unreadable(std::size_t row, std::size_t item) const;   // a cell that is no answer
//   std::string text(std::size_t row, std::size_t item) const;  // the cell as its front-end shows it
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alliance/batch.hpp"
#include "alliance/definition.hpp"
#include "alliance/missing_rule.hpp"
#include "alliance/score.hpp"
#include "alliance/table/block.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/interrupt.hpp"
#include "alliance/table/output_columns.hpp"
#include "alliance/table/row_naming.hpp"
#include "alliance/table/threads.hpp"

namespace alliance::table {

// ---------------------------------------------------------------------------------------------
// The note of a partial row

// "task prorated: 3 of 4 items answered (rule: all 4 items required)": what a row says of each
// scale that is not complete, naming the rule that decided it.
[[nodiscard]] inline std::string partial_note(const scale_entry& scale, score_status status, int answered,
                                              const missing_rule& rule) {
    const int items = static_cast<int>(scale.count);
    return std::string(scale.name) + " " + std::string(to_string(status)) + ": " + std::to_string(answered) +
           " of " + std::to_string(items) + " items answered (rule: " + describe(rule, items) + ")";
}

// partial_note for the scales of one instrument, each text built once: it depends only on the
// scale, its status and the number answered (the rule being the same for a scale all along).
class partial_notes {
public:
    // `rule_override` (min_answered, --min-answered) is every scale's rule; else its own.
    explicit partial_notes(std::span<const scale_entry> scales, std::optional<missing_rule> rule_override = {})
        : scales_(scales), rule_override_(std::move(rule_override)), notes_(scales.size()) {
        for (std::size_t s = 0; s < scales.size(); ++s) notes_[s].resize(2 * (std::size_t{scales[s].count} + 1));
    }
    [[nodiscard]] const std::string& note(std::size_t scale, score_status status, int answered) {
        return note(scale, status, answered, rule_override_ ? *rule_override_ : scales_[scale].missing);
    }
    // With the rule the score names (scale_score::rule()).
    [[nodiscard]] const std::string& note(std::size_t scale, score_status status, int answered,
                                          const missing_rule& rule) {
        std::string& cached = notes_[scale][2 * static_cast<std::size_t>(answered) +
                                            (status == score_status::prorated ? 1 : 0)];
        if (cached.empty()) cached = partial_note(scales_[scale], status, answered, rule);
        return cached;
    }

private:
    std::span<const scale_entry> scales_;
    std::optional<missing_rule> rule_override_;
    std::vector<std::vector<std::string>> notes_;  // [scale][2 * answered + prorated]
};

// ---------------------------------------------------------------------------------------------
// The message of an error row

// A row's problems are joined by "; " (append_problem, table/output_columns.hpp).

// Every problem of a row that cannot be scored, in item order, each given to add(text): a cell
// that is no answer (unreadable_cell_message, the row named as naming.cell_name does), then what
// check() finds for the item, worded by describe() with the record label naming.name(row) and
// followed by " (column 'item3', value '6')". `answers` are the row's answers as check() takes
// them (a cell that is no answer as missing); cell(i) gives item i's text as the front-end shows
// it and whether it is no answer: std::pair<string-like, bool>.
// With the row's names given: `record` ("row c003", "line 3") and `where` ("row 'c003'").
template <class Definition, class Cell, class Add>
void row_problems(const Definition& instrument, std::span<const response> answers,
                  std::span<const std::string> item_names, std::string_view record, std::string_view where,
                  const response_codes& codes, Cell&& cell, Add&& add) {
    const std::vector<response_problem> problems = check(instrument, answers);
    auto next = problems.begin();
    for (; next != problems.end() && next->item == 0; ++next) add(describe(*next, instrument.view(), record));
    for (std::size_t i = 0; i < item_names.size(); ++i) {
        const auto [text, unreadable] = cell(i);
        if (unreadable) add(unreadable_cell_message(where, item_names[i], text, codes, i + 1));
        for (; next != problems.end() && next->item == i + 1; ++next)
            add(describe(*next, instrument.view(), record) + " (column '" + item_names[i] + "', value '" +
                std::string(text) + "')");
    }
}
template <class Definition, class Cell, class Add>
void row_problems(const Definition& instrument, std::span<const response> answers,
                  std::span<const std::string> item_names, const row_naming& naming, std::uint64_t row,
                  const response_codes& codes, Cell&& cell, Add&& add) {
    row_problems(instrument, answers, item_names, naming.name(row), naming.cell_name(row), codes, cell, add);
}

// row_problems joined by "; " onto `message` (which may hold the row's other problems).
template <class Definition, class Cell>
void append_row_problems(std::string& message, const Definition& instrument, std::span<const response> answers,
                         std::span<const std::string> item_names, const row_naming& naming, std::uint64_t row,
                         const response_codes& codes, Cell&& cell) {
    row_problems(instrument, answers, item_names, naming, row, codes, cell,
                 [&](const std::string& text) { append_problem(message, text); });
}
// The same, the row named `line` ("line 3") everywhere, as the command line names it.
template <class Definition, class Cell>
void append_row_problems(std::string& message, const Definition& instrument, std::span<const response> answers,
                         std::span<const std::string> item_names, std::string_view line,
                         const response_codes& codes, Cell&& cell) {
    row_problems(instrument, answers, item_names, line, line, codes, cell,
                 [&](const std::string& text) { append_problem(message, text); });
}

// What a front-end that stops at an error row reports: the first error row's message, and how
// many more rows have one.
[[nodiscard]] inline std::string error_rows_message(std::string_view first, std::size_t error_rows) {
    std::string text(first);
    if (error_rows > 1) text += " (and " + std::to_string(error_rows - 1) + " more rows with errors)";
    return text;
}

// ---------------------------------------------------------------------------------------------
// Scoring a block of rows

// Where the results go, in the front-end's own memory: per scale a column of `rows` sums,
// means, counts answered and statuses (0 complete, 1 prorated, 2 insufficient), and per row its
// status (row_status: 0 ok, 1 partial, 2 error). A sum or mean that is not computed is
// no_value (NaN for numpy, R's NA_real_); an error row's counts and statuses are no_count and
// no_status.
template <class Count, class Status>
struct score_columns {
    std::vector<double*> sums, means;
    std::vector<Count*> answered;
    std::vector<Status*> statuses;
    Status* rows = nullptr;
    double no_value = 0;
    Count no_count{};
    Status no_status{};
};

// The first problem of the first error row (empty when none is) and how many error rows there are.
struct score_outcome {
    std::string first_problem;
    std::size_t errors = 0;
};

// score_outcome with the rows that carry a message (partial and error rows), in row order, and
// their messages.
struct score_messages : score_outcome {
    std::vector<std::size_t> rows;
    std::vector<std::string> texts;
};

// How the messages name rows, items and codes, and how many threads may score.
struct score_request {
    std::optional<missing_rule> missing_override{};  // min_answered
    row_naming naming{};
    std::vector<std::string> item_names{};
    response_codes codes{};
    unsigned threads = 0;          // allowed (threads_for)
    interrupt_check interrupt{};   // an interpreter's (interrupt.hpp)
};

// Rows scored at a time (one score_batch call), and a part (what one thread takes at a time).
inline constexpr std::size_t score_block_rows = 1024;
inline constexpr std::size_t score_part_rows = 64 * score_block_rows;

namespace detail {

// What one part found: its partial rows with their notes, and its error rows.
struct part_found {
    std::vector<std::pair<std::size_t, std::string>> notes;
    std::vector<std::size_t> errors;
};

struct part_scratch {
    std::vector<double> buffer;
    std::vector<unsigned char> error;
    batch_scores scored;
    std::optional<partial_notes> notes;
};

template <class Count, class Status>
void write_block(const batch_scores& scored, const unsigned char* error, std::size_t first, std::size_t count,
                 const score_columns<Count, Status>& out) {
    Status* state = out.rows + first;
    for (std::size_t r = 0; r < count; ++r)
        state[r] = static_cast<Status>(error[r] != 0 || !scored.valid(r) ? row_status::error : row_status::ok);
    for (std::size_t s = 0; s < out.sums.size(); ++s) {
        const auto sum = scored.sums(s), mean = scored.means(s);
        const auto given = scored.answered(s);
        const auto status = scored.statuses(s);
        double* sum_out = out.sums[s] + first;
        double* mean_out = out.means[s] + first;
        Count* answered_out = out.answered[s] + first;
        Status* status_out = out.statuses[s] + first;
        for (std::size_t r = 0; r < count; ++r) {
            sum_out[r] = std::isnan(sum[r]) ? out.no_value : sum[r];
            mean_out[r] = std::isnan(mean[r]) ? out.no_value : mean[r];
            answered_out[r] = static_cast<Count>(given[r]);
            status_out[r] = static_cast<Status>(status[r]);
            if (status[r] != score_status::complete && state[r] == static_cast<Status>(row_status::ok))
                state[r] = static_cast<Status>(row_status::partial);
        }
    }
    // Error rows (rare) have no scores, counts or statuses.
    for (std::size_t r = 0; r < count; ++r) {
        if (state[r] != static_cast<Status>(row_status::error)) continue;
        for (std::size_t s = 0; s < out.sums.size(); ++s) {
            out.sums[s][first + r] = out.means[s][first + r] = out.no_value;
            out.answered[s][first + r] = out.no_count;
            out.statuses[s][first + r] = out.no_status;
        }
    }
}

// The notes of the block's partial rows and the block's error rows.
template <class Status>
void note_block(const batch_scores& scored, const Status* state, std::size_t first, std::size_t count,
                partial_notes& notes, part_found& found) {
    for (std::size_t r = 0; r < count; ++r) {
        if (state[r] == static_cast<Status>(row_status::error)) {
            found.errors.push_back(first + r);
            continue;
        }
        if (state[r] != static_cast<Status>(row_status::partial)) continue;
        std::string text;
        for (std::size_t s = 0; s < scored.scales(); ++s) {
            const score_status status = scored.statuses(s)[r];
            if (status != score_status::complete) append_problem(text, notes.note(s, status, scored.answered(s)[r]));
        }
        found.notes.emplace_back(first + r, std::move(text));
    }
}

// An error row's message, and its first problem.
template <class Definition, class Source>
std::string error_message(const Definition& instrument, const Source& source, std::size_t row,
                          const score_request& request, std::vector<response>& answers, std::string* first) {
    for (std::size_t i = 0; i < answers.size(); ++i) answers[i] = source.answer(row, i);
    std::string message;
    row_problems(
        instrument, answers, request.item_names, request.naming, row, request.codes,
        [&](std::size_t i) { return std::pair<std::string, bool>(source.text(row, i), source.unreadable(row, i)); },
        [&](const std::string& text) {
            if (first != nullptr && first->empty()) *first = text;
            append_problem(message, text);
        });
    return message;
}

struct no_unlock {};

}  // namespace detail

// Scores every row of `source` with `instrument` into `out`: blocks of score_block_rows rows
// through score_batch, in parts of score_part_rows rows on threads_for(rows, request.threads)
// threads. An `Unlock` object (Python's gil_scoped_release) is alive while the threads run;
// the source is asked for an error row's answers and texts, and the naming for its label, only
// after, on this thread. Each message goes to message(row, std::string&&) as it is made, in row
// order (a row is named by its 0-based position), so a front-end can keep it in its own form at
// once: a million error rows then cost their messages once, not twice.
template <class Unlock = detail::no_unlock, class Definition, class Source, class Count, class Status, class Message>
score_outcome score_table(const Definition& instrument, const Source& source, const score_request& request,
                          const score_columns<Count, Status>& out, Message&& message) {
    const batch_plan plan(instrument);
    batch_options options;
    options.codes = source.block_codes();
    options.missing_override = request.missing_override;
    const std::size_t rows = source.rows();
    const std::size_t parts = (rows + score_part_rows - 1) / score_part_rows;
    const unsigned threads = threads_for(rows, request.threads);
    std::vector<detail::part_found> found(parts);
    {
        [[maybe_unused]] const Unlock unlocked;
        std::vector<detail::part_scratch> scratch(threads);
        run_parts(parts, threads, [&](std::size_t p, unsigned worker) {
            detail::part_scratch& own = scratch[worker];
            if (!own.notes) own.notes.emplace(instrument.scales(), request.missing_override);
            own.error.resize(score_block_rows);
            const std::size_t end = std::min(rows, (p + 1) * score_part_rows);
            for (std::size_t first = p * score_part_rows; first < end; first += score_block_rows) {
                const std::size_t count = std::min(score_block_rows, end - first);
                std::fill_n(own.error.begin(), count, static_cast<unsigned char>(0));
                score_batch(plan, source.block(first, count, own.buffer, own.error.data()), own.scored, options);
                detail::write_block(own.scored, own.error.data(), first, count, out);
                detail::note_block(own.scored, out.rows + first, first, count, *own.notes, found[p]);
            }
        }, request.interrupt);
    }
    score_outcome outcome;
    interrupt_poll poll(request.interrupt);
    std::vector<response> answers(instrument.item_count());
    for (detail::part_found& part : found) {
        auto note = part.notes.begin();
        for (const std::size_t row : part.errors) {
            poll();
            for (; note != part.notes.end() && note->first < row; ++note) message(note->first, std::move(note->second));
            message(row, detail::error_message(instrument, source, row, request, answers,
                                               outcome.errors == 0 ? &outcome.first_problem : nullptr));
            ++outcome.errors;
        }
        for (; note != part.notes.end(); ++note) message(note->first, std::move(note->second));
        part = {};  // its notes are delivered
    }
    return outcome;
}

// The same, keeping the messages.
template <class Unlock = detail::no_unlock, class Definition, class Source, class Count, class Status>
score_messages score_table(const Definition& instrument, const Source& source, const score_request& request,
                           const score_columns<Count, Status>& out) {
    score_messages messages;
    static_cast<score_outcome&>(messages) =
        score_table<Unlock>(instrument, source, request, out, [&](std::size_t row, std::string&& text) {
            messages.rows.push_back(row);
            messages.texts.push_back(std::move(text));
        });
    return messages;
}

}  // namespace alliance::table
